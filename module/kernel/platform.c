// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel-services half of core/platform.h (instructions are in
 * arch_x86.c). Each function is a thin adapter; no policy lives here.
 */
#include <linux/cpumask.h>
#include <linux/smp.h>
#include <linux/ktime.h>
#include <linux/types.h>
#include <asm/perf_event.h>
#include <asm/tlbflush.h>

#include "../core/platform.h"

/* Context: the calling CPU, with preemption or interrupts disabled. */
uint64_t cpulab_platform_read_cr4_shadow(void)
{
	return cr4_read_shadow();
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

void cpulab_platform_intel_pt_handle_vmx(bool on)
{
	intel_pt_handle_vmx(on);
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
