// SPDX-License-Identifier: GPL-2.0
/*
 * Every privileged instruction cpulab executes lives here, each wrapped once.
 *
 * These are the hardware half of core/platform.h. They use their own asm
 * rather than the kernel's accessors on purpose: __read_cr4() may go through
 * paravirt, and cpulab exists to compare the real register with the shadow.
 */
#include <linux/types.h>
#include <asm/asm.h>
#include <asm/msr.h>
#include <asm/trapnr.h>

#include "../core/platform.h"

/*
 * MOV from CR4 cannot fault at CPL 0 ([intel/vol2b] MOV—Move to/from
 * Control Registers, "Protected Mode Exceptions": #GP only if CPL > 0).
 * The "memory" clobber keeps it from being cached across CR4 writes.
 */
uint64_t cpulab_platform_read_cr4(void)
{
	unsigned long cr4;

	asm volatile("mov %%cr4, %0" : "=r"(cr4) : : "memory");
	return cr4;
}

/*
 * MOV to CR4 faults only on reserved or unsupported bits; the core writes
 * back the value it just read with one allowed bit changed.
 */
void cpulab_platform_write_cr4_raw(uint64_t value)
{
	unsigned long cr4 = value;

	asm volatile("mov %0, %%cr4" : : "r"(cr4) : "memory");
}

/* CPUID cannot fault; ECX selects the sub-leaf for the leaves that have one. */
void cpulab_platform_cpuid(uint32_t leaf, uint32_t subleaf,
			   struct cpulab_cpuid_regs *regs)
{
	asm volatile("cpuid"
		     : "=a"(regs->eax), "=b"(regs->ebx), "=c"(regs->ecx),
		       "=d"(regs->edx)
		     : "a"(leaf), "c"(subleaf)
		     : "memory");
}

uint64_t cpulab_platform_read_cr0(void)
{
	unsigned long cr0;

	asm volatile("mov %%cr0, %0" : "=r"(cr0) : : "memory");
	return cr0;
}

/*
 * The kernel's *_safe accessors carry the exception-table fixup for #GP.
 * 6.17 renamed rdmsrl/wrmsrl to rdmsrq/wrmsrq (Kbuild's feature test).
 */
#ifndef CPULAB_HAVE_RDMSRQ
#define rdmsrq_safe rdmsrl_safe
#define wrmsrq_safe wrmsrl_safe
#endif

int cpulab_platform_rdmsr_safe(uint32_t msr, uint64_t *value)
{
	u64 read;
	int ret = rdmsrq_safe(msr, &read);

	*value = ret ? 0 : read;
	return ret;
}

int cpulab_platform_wrmsr_safe(uint32_t msr, uint64_t value)
{
	return wrmsrq_safe(msr, value);
}

/*
 * [intel/vol3] 31.2 "Conventions": VMfailInvalid sets CF, VMfailValid sets
 * ZF. A fault is caught by an EX_TYPE_FAULT fixup, which resumes after the
 * instruction with the trap number in %eax (ex_handler_fault()); %eax is 0
 * otherwise, as #DE cannot come from these instructions. KVM's VMXON path
 * looks only at the fault; cpulab reports the flags too.
 */
static enum cpulab_vmx_insn_result cpulab_vmx_insn_result(int trapnr, bool cf,
							   bool zf)
{
	switch (trapnr) {
	case 0:
		break;
	case X86_TRAP_UD:
		return CPULAB_VMX_INSN_FAULT_UD;
	case X86_TRAP_GP:
		return CPULAB_VMX_INSN_FAULT_GP;
	default:
		return CPULAB_VMX_INSN_FAULT_OTHER;
	}
	if (cf)
		return CPULAB_VMX_INSN_VMFAIL_INVALID;
	if (zf)
		return CPULAB_VMX_INSN_VMFAIL_VALID;
	return CPULAB_VMX_INSN_OK;
}

enum cpulab_vmx_insn_result cpulab_platform_vmxon(uint64_t region_pa)
{
	int trapnr = 0;
	bool cf, zf;

	asm volatile("1: vmxon %[region_pa]\n\t"
		     "2:\n\t"
		     _ASM_EXTABLE_FAULT(1b, 2b)
		     : "+a"(trapnr), "=@ccc"(cf), "=@ccz"(zf)
		     : [region_pa] "m"(region_pa)
		     : "memory");
	return cpulab_vmx_insn_result(trapnr, cf, zf);
}

enum cpulab_vmx_insn_result cpulab_platform_vmxoff(void)
{
	int trapnr = 0;
	bool cf, zf;

	asm volatile("1: vmxoff\n\t"
		     "2:\n\t"
		     _ASM_EXTABLE_FAULT(1b, 2b)
		     : "+a"(trapnr), "=@ccc"(cf), "=@ccz"(zf)
		     :
		     : "memory");
	return cpulab_vmx_insn_result(trapnr, cf, zf);
}

/*
 * [intel/vol2b] WBINVD: writes back and invalidates every cache level of
 * this CPU; privileged, never faults in ring 0. The kernel's own
 * native_wbinvd() is the same single instruction.
 */
void cpulab_platform_wbinvd(void)
{
	asm volatile("wbinvd" ::: "memory");
}

/* PAUSE: a spin-wait hint, and a compiler barrier. */
void cpulab_platform_cpu_relax(void)
{
	asm volatile("pause" ::: "memory");
}
