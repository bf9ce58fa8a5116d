// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel-services half of core/platform.h (instructions are in
 * arch_x86.c). Each function is a thin adapter; no policy lives here.
 */
#include <linux/bug.h>
#include <linux/cpumask.h>
#include <linux/smp.h>
#include <linux/ktime.h>
#include <linux/types.h>
#include <asm/perf_event.h>
#include <asm/tlbflush.h>

#include "../core/platform.h"

/*
 * 7.x exports cr4_read_shadow() and cr4_update_irqsoff() (behind
 * cr4_set_bits()/cr4_clear_bits()) to KVM only: Kbuild's feature test on
 * Module.symvers defines CPULAB_CR4_ACCESSORS_FOR_KVM_ONLY. Such kernels
 * also own VMX/SVM (CPULAB_KERNEL_OWNS_VIRT), so the CR4 writes and
 * intel_pt_handle_vmx() below, which only cpulab's own VMXON needs, are
 * never reached there; reaching one is a bug worth a warning.
 */
#ifdef CPULAB_CR4_ACCESSORS_FOR_KVM_ONLY
bool cpulab_platform_read_cr4_shadow(uint64_t *shadow)
{
	return false;
}

void cpulab_platform_cr4_set_bits(uint64_t mask)
{
	WARN_ONCE(1, "cpulab: CR4 accessors are not exported to modules here");
}

void cpulab_platform_cr4_clear_bits(uint64_t mask)
{
	WARN_ONCE(1, "cpulab: CR4 accessors are not exported to modules here");
}
#else
/* Context: the calling CPU, with preemption or interrupts disabled. */
bool cpulab_platform_read_cr4_shadow(uint64_t *shadow)
{
	*shadow = cr4_read_shadow();
	return true;
}

/* cr4_set_bits() keeps the shadow coherent and refuses to drop pinned bits. */
void cpulab_platform_cr4_set_bits(uint64_t mask)
{
	cr4_set_bits(mask);
}

void cpulab_platform_cr4_clear_bits(uint64_t mask)
{
	cr4_clear_bits(mask);
}
#endif

#ifdef CPULAB_KERNEL_OWNS_VIRT
/* intel_pt_handle_vmx() is not exported once the kernel owns VMX (7.1+). */
void cpulab_platform_intel_pt_handle_vmx(bool on)
{
	WARN_ONCE(1, "cpulab: VMX operation is the kernel's here");
}
#else
void cpulab_platform_intel_pt_handle_vmx(bool on)
{
	intel_pt_handle_vmx(on);
}
#endif

/* Kbuild's feature test: asm/virt.h declares x86_virt_get_ref() (7.1+). */
bool cpulab_platform_kernel_owns_virt(void)
{
	return IS_ENABLED(CPULAB_KERNEL_OWNS_VIRT);
}

/* NMI-safe and lock-free, so usable with interrupts off. */
uint64_t cpulab_platform_time_ns(void)
{
	return ktime_get_mono_fast_ns();
}

unsigned int cpulab_platform_nr_cpu_ids(void)
{
	return nr_cpu_ids;
}

bool cpulab_platform_cpu_possible(unsigned int cpu)
{
	return cpu < nr_cpu_ids && cpu_possible(cpu);
}

bool cpulab_platform_cpu_online(unsigned int cpu)
{
	return cpu < nr_cpu_ids && cpu_online(cpu);
}

/*
 * Context: process, interrupts enabled (smp_call_function_single() with
 * wait=1 would deadlock otherwise). On the calling CPU itself it runs fn
 * directly with interrupts disabled, so fn always sees interrupts off.
 */
int cpulab_platform_run_on_cpu(unsigned int cpu, void (*fn)(void *arg),
			       void *arg)
{
	return smp_call_function_single(cpu, fn, arg, 1);
}
