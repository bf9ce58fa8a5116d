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
	/*
	 * Request virtualization on (ENABLE) or release a request (DISABLE),
	 * on the CPUs in CPULAB_A_CPUS, or on every possible CPU without it.
	 * Requests are counted per CPU: VMXON never stacks, and a CPU turns
	 * off when its last request is released. enable_at_load is one
	 * request. An offline CPU keeps the count and acts on it when it comes
	 * online. All or nothing: a failure on one CPU undoes the others.
	 * GENL_ADMIN_PERM (CAP_SYS_ADMIN).
	 */
	CPULAB_CMD_VIRT_ENABLE,
	CPULAB_CMD_VIRT_DISABLE,
	/*
	 * Arm a one-shot real failure (CPULAB_A_INJECT_CLASS) for the next
	 * enable on the online CPU CPULAB_A_CPU. GENL_ADMIN_PERM.
	 */
	CPULAB_CMD_INJECT,

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
	/*
	 * Virtualization lifecycle, present for every possible CPU: the state
	 * survives offline, where the CPU keeps what its offline callback left.
	 */
	CPULAB_A_VIRT_STATE,	/* u8: enum cpulab_virt_state */
	CPULAB_A_VIRT_ERROR,	/* u8: enum cpulab_virt_error, the last failure */
	CPULAB_A_VIRT_ERROR_NAME,	/* string: its name, e.g. "vmfail-invalid" */
	CPULAB_A_VIRT_ERRNO,	/* u32: positive errno of the last failure, 0 if none */
	CPULAB_A_VIRT_ENABLES,	/* u64: successful enables on this CPU */
	CPULAB_A_VIRT_DISABLES,	/* u64: successful disables on this CPU */
	CPULAB_A_VIRT_ENABLE_NS,	/* u64: ns in the last VMXON or EFER.SVME write */
	CPULAB_A_VIRT_DISABLE_NS,	/* u64: ns in the last VMXOFF or EFER.SVME clear */
	CPULAB_A_VIRT_REQUESTS,	/* u32: outstanding enable requests */
	/* binary: CPU bitmap, bit N of byte N/8 is CPU N (requests only) */
	CPULAB_A_CPUS,
	CPULAB_A_INJECT_CLASS,	/* u8: enum cpulab_inject_class (INJECT) */
	CPULAB_A_VIRT_INJECTION,	/* u8: the armed class, NONE if none (CPU_GET) */

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

/* Who owns hardware virtualization on a CPU, as cpulab last saw it. */
enum cpulab_virt_state {
	CPULAB_VIRT_STATE_OFF,		/* not in VMX operation / EFER.SVME clear */
	CPULAB_VIRT_STATE_ON,		/* cpulab executed VMXON / set EFER.SVME */
	CPULAB_VIRT_STATE_FAILED,	/* the last enable failed and was unwound */
	CPULAB_VIRT_STATE_FOREIGN,	/* CR4.VMXE or EFER.SVME was already set: not ours */
	CPULAB_VIRT_STATE_UNSUPPORTED,	/* no VMX or SVM on this CPU */

	__CPULAB_VIRT_STATE_MAX,
	CPULAB_VIRT_STATE_MAX = __CPULAB_VIRT_STATE_MAX - 1
};

/* Why the last enable or disable failed; CPULAB_A_VIRT_ERROR_NAME spells it. */
enum cpulab_virt_error {
	CPULAB_VIRT_ERROR_NONE,
	CPULAB_VIRT_ERROR_FAULT_UD,		/* VMXON/VMXOFF raised #UD */
	CPULAB_VIRT_ERROR_FAULT_GP,		/* VMXON/VMXOFF raised #GP */
	CPULAB_VIRT_ERROR_FAULT_OTHER,		/* any other exception */
	CPULAB_VIRT_ERROR_VMFAIL_INVALID,	/* CF=1 */
	CPULAB_VIRT_ERROR_VMFAIL_VALID,		/* ZF=1 */
	CPULAB_VIRT_ERROR_FEATURE_CONTROL_UNLOCKED,
	CPULAB_VIRT_ERROR_FEATURE_CONTROL_VMX_DISABLED,
	CPULAB_VIRT_ERROR_VMX_BASIC_REGION_SIZE,
	CPULAB_VIRT_ERROR_VMX_BASIC_MEMORY_TYPE,
	CPULAB_VIRT_ERROR_VMX_BASIC_32BIT_ADDRESSES,
	CPULAB_VIRT_ERROR_CR0_FIXED_BITS,
	CPULAB_VIRT_ERROR_CR4_FIXED_BITS,
	CPULAB_VIRT_ERROR_SVM_DISABLED,		/* VM_CR.SVMDIS */
	CPULAB_VIRT_ERROR_MSR_FAULT,		/* an MSR access faulted */

	__CPULAB_VIRT_ERROR_MAX,
	CPULAB_VIRT_ERROR_MAX = __CPULAB_VIRT_ERROR_MAX - 1
};

/*
 * Failures INJECT can arm. Each runs the real instruction with one
 * precondition broken, as kvm-unit-tests' test_vmxon does.
 */
enum cpulab_inject_class {
	CPULAB_INJECT_NONE,
	CPULAB_INJECT_VMX_BAD_REVISION,		/* wrong revision id: VMfailInvalid */
	CPULAB_INJECT_VMX_MISALIGNED_REGION,	/* pointer not 4 KiB aligned: VMfailInvalid */
	CPULAB_INJECT_VMX_VMXE_CLEAR,		/* VMXON with CR4.VMXE clear: #UD */
	CPULAB_INJECT_PRECHECK,			/* the gate reads closed: FEATURE_CONTROL
						 * unlocked (VMX), VM_CR.SVMDIS (SVM) */

	__CPULAB_INJECT_MAX,
	CPULAB_INJECT_MAX = __CPULAB_INJECT_MAX - 1
};

#endif /* _UAPI_CPULAB_H */
