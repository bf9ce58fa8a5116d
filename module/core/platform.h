/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The only door from the core to the kernel and the hardware.
 *
 * The core never includes a kernel header. Everything it needs from the
 * machine is declared here as a small C ABI. module/kernel/ implements it
 * for real (platform.c for kernel services, arch_x86.c for instructions);
 * user/tests/fake_platform.cpp implements it for the unit tests.
 */
#ifndef CPULAB_CORE_PLATFORM_H
#define CPULAB_CORE_PLATFORM_H

#include "abi_types.h"

#ifdef __cplusplus
extern "C" {
#endif

struct cpulab_cpuid_regs {
	uint32_t eax;
	uint32_t ebx;
	uint32_t ecx;
	uint32_t edx;
};

/* Hardware, always of the calling CPU. Never faults in ring 0. */
uint64_t cpulab_platform_read_cr4(void);
void cpulab_platform_cpuid(uint32_t leaf, uint32_t subleaf,
			   struct cpulab_cpuid_regs *regs);

/*
 * The kernel's per-CPU CR4 shadow of the calling CPU, in @shadow; false
 * where the kernel does not let a module read it (7.x exports
 * cr4_read_shadow() to KVM only).
 */
bool cpulab_platform_read_cr4_shadow(uint64_t *shadow);

/*
 * Whether the kernel owns VMX/SVM itself (7.1+, arch/x86/virt/hw.c:
 * x86_virt_get_ref()): then cpulab never enables or disables it, and only
 * observes what the kernel's owner did.
 */
bool cpulab_platform_kernel_owns_virt(void);

uint64_t cpulab_platform_read_cr0(void);

/*
 * CR4 writes go through the kernel's cr4_set_bits()/cr4_clear_bits(), so
 * the shadow stays coherent and pinned bits stay pinned.
 */
void cpulab_platform_cr4_set_bits(uint64_t mask);
void cpulab_platform_cr4_clear_bits(uint64_t mask);

/*
 * The one raw CR4 write: CR4_PERTURB's, which must bypass the shadow (and
 * native_write_cr4()'s pinning) to create a divergence the audit can find.
 * Calling CPU, interrupts off. Nothing else writes CR4 this way.
 */
void cpulab_platform_write_cr4_raw(uint64_t value);

/* 0, or non-zero if the access faulted (#GP). */
int cpulab_platform_rdmsr_safe(uint32_t msr, uint64_t *value);
int cpulab_platform_wrmsr_safe(uint32_t msr, uint64_t value);

/*
 * How a VMX instruction ended: [intel/vol3] 31.2 "Conventions" (VMfail
 * sets CF or ZF), or the exception it raised, caught by a fixup.
 */
enum cpulab_vmx_insn_result {
	CPULAB_VMX_INSN_OK,
	CPULAB_VMX_INSN_VMFAIL_INVALID,
	CPULAB_VMX_INSN_VMFAIL_VALID,
	CPULAB_VMX_INSN_FAULT_UD,
	CPULAB_VMX_INSN_FAULT_GP,
	CPULAB_VMX_INSN_FAULT_OTHER,
};

enum cpulab_vmx_insn_result cpulab_platform_vmxon(uint64_t region_pa);
enum cpulab_vmx_insn_result cpulab_platform_vmxoff(void);

/* WBINVD: write back and invalidate this CPU's caches. */
void cpulab_platform_wbinvd(void);

/* PAUSE, in busy-wait loops. */
void cpulab_platform_cpu_relax(void);

/* intel_pt_handle_vmx(): PT must stop tracing across VMX operation on some parts. */
void cpulab_platform_intel_pt_handle_vmx(bool on);

/* Monotonic nanoseconds, callable with interrupts off. */
uint64_t cpulab_platform_time_ns(void);

/* CPU masks; the caller keeps them stable (cpus_read_lock in the glue). */
unsigned int cpulab_platform_nr_cpu_ids(void);
bool cpulab_platform_cpu_possible(unsigned int cpu);
bool cpulab_platform_cpu_online(unsigned int cpu);

/*
 * Run fn(arg) on @cpu and wait for it. fn runs with interrupts off (IPI
 * context, or the caller's CPU with interrupts disabled), so it must not
 * sleep and must be bounded. Returns 0, or non-zero if @cpu could not run it.
 */
int cpulab_platform_run_on_cpu(unsigned int cpu, void (*fn)(void *arg),
			       void *arg);

#ifdef __cplusplus
}
#endif

#endif /* CPULAB_CORE_PLATFORM_H */
