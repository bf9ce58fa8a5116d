/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * cpulab generic netlink protocol, version 1.
 *
 * This header is the protocol: the module glue, the freestanding C++ core,
 * the CLI and the selftests all include it, so it includes nothing and
 * defines only constants. Changing it means changing the README's protocol
 * table and the selftests in the same commit.
 */
#ifndef _UAPI_CPULAB_H
#define _UAPI_CPULAB_H

#define CPULAB_FAMILY_NAME	"cpulab"
#define CPULAB_FAMILY_VERSION	1

enum cpulab_cmd {
	CPULAB_CMD_UNSPEC,
	/*
	 * do:   CPULAB_A_CPU required; replies with one CPU.
	 * dump: one message per possible CPU, in CPU order.
	 * Unprivileged: it reveals what /proc/cpuinfo already does.
	 */
	CPULAB_CMD_CPU_GET,

	__CPULAB_CMD_MAX,
	CPULAB_CMD_MAX = __CPULAB_CMD_MAX - 1
};

enum cpulab_attr {
	CPULAB_A_UNSPEC,
	CPULAB_A_PAD,		/* alignment padding for the u64 attributes */
	CPULAB_A_CPU,		/* u32: CPU id, < nr_cpu_ids */
	CPULAB_A_ONLINE,	/* u8: 1 if the CPU was online when read */
	/*
	 * The next three are present only for CPUs that were online: they
	 * are read on the CPU itself, in IPI context, in one snapshot.
	 */
	CPULAB_A_CR4,		/* u64: hardware CR4 (mov from %cr4) */
	CPULAB_A_CR4_SHADOW,	/* u64: the kernel's shadow, cr4_read_shadow() */
	CPULAB_A_VIRT_CAP,	/* u8: enum cpulab_virt_cap, from CPUID */

	__CPULAB_A_MAX,
	CPULAB_A_MAX = __CPULAB_A_MAX - 1
};

/* Which hardware virtualization extension the CPU's CPUID advertises. */
enum cpulab_virt_cap {
	CPULAB_VIRT_CAP_NONE,
	CPULAB_VIRT_CAP_VMX,	/* Intel VT-x: CPUID.1:ECX[5] */
	CPULAB_VIRT_CAP_SVM,	/* AMD-V: CPUID.80000001h:ECX[2] */

	__CPULAB_VIRT_CAP_MAX,
	CPULAB_VIRT_CAP_MAX = __CPULAB_VIRT_CAP_MAX - 1
};

#endif /* _UAPI_CPULAB_H */
