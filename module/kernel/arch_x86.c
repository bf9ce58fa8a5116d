// SPDX-License-Identifier: GPL-2.0
/*
 * Every privileged instruction cpulab executes lives here, each wrapped once.
 *
 * These are the hardware half of core/platform.h. They use their own asm
 * rather than the kernel's accessors on purpose: __read_cr4() may go through
 * paravirt, and cpulab exists to compare the real register with the shadow.
 */
#include <linux/types.h>

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
