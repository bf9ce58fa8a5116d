/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * cpulab generic netlink protocol, version 1.
 *
 * This header is the protocol: the module glue, the freestanding C++ core,
 * the CLI and the selftests all include it, so it includes nothing and
 * defines only constants. Changing it means changing docs/protocol.md's
 * table and the selftests in the same commit.
 */
#ifndef _UAPI_CPULAB_H
#define _UAPI_CPULAB_H

#define CPULAB_FAMILY_NAME	"cpulab"
#define CPULAB_FAMILY_VERSION	1

/*
 * Multicast group carrying CPULAB_CMD_EVENT messages. Any user may join:
 * events carry only what the unprivileged CPU_GET already shows.
 */
#define CPULAB_MCGRP_EVENTS	"events"
/* 8192 CPUs: x86's largest NR_CPUS (MAXSMP), so one client fits every kernel. */
#define CPULAB_CPUS_MAX_BYTES	1024

/*
 * A refusal or failure cpulab decides carries its stable name ("offline",
 * "virt-vmfail": docs/protocol.md) in the extended ack's
 * NLMSGERR_ATTR_COOKIE, as ASCII without a NUL, beside the errno and the
 * message. At most this long: the kernel's NETLINK_MAX_COOKIE_LEN.
 */
#define CPULAB_STATUS_NAME_MAX	20

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
	/*
	 * Sent by the module on the "events" group, never accepted: one state
	 * transition, numbered by CPULAB_A_EVENT_SEQ (a gap means events were
	 * lost in the module; CPULAB_EVENT_LOST says how many).
	 */
	CPULAB_CMD_EVENT,
	/*
	 * Cache incoherence, on the CPUs in CPULAB_A_CPUS (all online CPUs
	 * without it; every one must be online). MARK sets the transient
	 * "marked" reason on each CPU itself, as a SEAMCALL-like operation
	 * would, before the operation; FLUSH runs WBINVD on each CPU itself
	 * and clears the transient reasons. GENL_ADMIN_PERM.
	 */
	CPULAB_CMD_CACHE_MARK,
	CPULAB_CMD_CACHE_FLUSH,
	/*
	 * Run a kexec-like stop from the calling CPU: every other online CPU
	 * is stopped (virtualization off, WBINVD if incoherent), parked with
	 * interrupts off under a hard time bound, then released and restored.
	 * Knobs: CPULAB_A_STOP_*. Replies with one message: the overall
	 * verdict and a CPULAB_A_STOP_CPUS nest of per-CPU results. A STOP
	 * while one runs gets EBUSY. GENL_ADMIN_PERM.
	 */
	CPULAB_CMD_STOP,
	/*
	 * CPU hotplug driven by cpulab, with remove_cpu()/add_cpu() from
	 * process context. OFFLINE and ONLINE take CPULAB_A_CPU, which must be
	 * hotpluggable and in the other state, and reply with CPULAB_A_CPU and
	 * CPULAB_A_HOTPLUG_NS. CYCLE takes CPULAB_A_CPUS (every online
	 * hotpluggable CPU without it; each must be online and hotpluggable)
	 * and CPULAB_A_CYCLE_COUNT; it takes each CPU offline and online again,
	 * one CPU at a time, COUNT rounds, and replies with a CPULAB_A_CYCLE_CPUS
	 * nest of per-CPU statistics. A signal ends a cycle between CPUs, never
	 * with a CPU left offline (CPULAB_A_CYCLE_INTERRUPTED). GENL_ADMIN_PERM.
	 */
	CPULAB_CMD_CPU_OFFLINE,
	CPULAB_CMD_CPU_ONLINE,
	CPULAB_CMD_CPU_CYCLE,
	/*
	 * Audit CR4 on the CPUs in CPULAB_A_CPUS (every online CPU without it;
	 * each must be online): hardware against the shadow, pinned bits
	 * against the boot CPU, CR4.VMXE against cpulab's VMX ownership, and
	 * reserved bits. Each finding is an event; the results land in each
	 * CPU's CPU_GET record. Replies with CPULAB_A_CR4_AUDITED,
	 * CPULAB_A_CR4_FINDINGS and the pinned mask. GENL_ADMIN_PERM.
	 */
	CPULAB_CMD_CR4_AUDIT,
	/*
	 * Flip CR4 bit CPULAB_A_CR4_BIT (default and only allowed: PCE) in the
	 * hardware register of the online CPU CPULAB_A_CPU, bypassing the
	 * shadow, so the audit has a real divergence to find. With
	 * CPULAB_A_CR4_RESTORE the bit is put back to the shadow's value.
	 * Replies with CPULAB_A_CPU, CPULAB_A_CR4_BIT and CPULAB_A_CR4.
	 * GENL_ADMIN_PERM.
	 */
	CPULAB_CMD_CR4_PERTURB,

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
	/*
	 * binary: CPU bitmap, bit N of byte N/8 is CPU N (requests only), at
	 * most CPULAB_CPUS_MAX_BYTES long whatever the kernel's NR_CPUS; a set
	 * bit beyond nr_cpu_ids is refused with EINVAL.
	 */
	CPULAB_A_CPUS,
	CPULAB_A_INJECT_CLASS,	/* u8: enum cpulab_inject_class (INJECT) */
	CPULAB_A_VIRT_INJECTION,	/* u8: the armed class, NONE if none (CPU_GET) */
	/* u8: enum cpulab_emergency_owner, module-wide, in every CPU_GET reply */
	CPULAB_A_EMERGENCY_CALLBACK,
	/* Events (CPULAB_CMD_EVENT); CPULAB_A_CPU names the CPU if any. */
	CPULAB_A_EVENT_TYPE,	/* u8: enum cpulab_event_type */
	CPULAB_A_EVENT_CAUSE,	/* u8: enum cpulab_event_cause */
	CPULAB_A_EVENT_SEQ,	/* u64: 1, 2, 3... per module load */
	CPULAB_A_EVENT_TIME_NS,	/* u64: CLOCK_MONOTONIC when it happened */
	CPULAB_A_EVENT_LOST,	/* u64: events dropped before this one (EVENT_LOST) */
	CPULAB_A_VIRT_STATE_OLD,	/* u8: enum cpulab_virt_state before (EVENT_VIRT) */
	/* Cache incoherence, every possible CPU in CPU_GET; timestamps CLOCK_MONOTONIC, 0 never. */
	CPULAB_A_CACHE_INCOHERENT,	/* u8: 1 if WBINVD is owed before kexec */
	CPULAB_A_CACHE_REASONS,		/* u32: CPULAB_CACHE_REASON_* bits */
	CPULAB_A_CACHE_WBINVDS,		/* u64: WBINVDs cpulab ran on this CPU */
	CPULAB_A_CACHE_WBINVD_NS,	/* u64: duration of the last one */
	CPULAB_A_CACHE_SET_NS,		/* u64: when it last became incoherent */
	CPULAB_A_CACHE_CLEAR_NS,	/* u64: when it last became coherent */
	CPULAB_A_CACHE_REASONS_OLD,	/* u32: reasons before (EVENT_CACHE) */
	/* STOP request knobs */
	CPULAB_A_STOP_MODE,		/* u8: enum cpulab_stop_mode, default IPI_NMI */
	CPULAB_A_STOP_ORDERING,		/* u8: enum cpulab_stop_ordering, default UPSTREAM */
	CPULAB_A_STOP_WBINVD_DELAY_US,	/* u32: busy-wait next to each WBINVD, 0..100000 */
	CPULAB_A_STOP_IPI_TIMEOUT_MS,	/* u32: 1..250, default 10 */
	CPULAB_A_STOP_NMI_TIMEOUT_MS,	/* u32: 1..250, default 10 */
	/* STOP reply, overall */
	CPULAB_A_STOP_TARGETS,		/* u32: CPUs asked to stop */
	CPULAB_A_STOP_ALL_STOPPED,	/* u8: every target cleared its bit before proceeding */
	CPULAB_A_STOP_TIME_NS,		/* u64: trigger to the last bit cleared */
	CPULAB_A_STOP_PROCEED_NS,	/* u64: trigger to the instant it would kexec */
	CPULAB_A_STOP_RACE,		/* u8: verdict is RACE (kept for v1 readers) */
	CPULAB_A_STOP_CPUS,		/* nest of CPULAB_A_STOP_CPU */
	CPULAB_A_STOP_CPU,		/* nest: one target's result */
	/* STOP reply, per CPU (with CPULAB_A_CPU) */
	CPULAB_A_STOP_STAGE,		/* u8: enum cpulab_stop_stage that cleared its bit */
	CPULAB_A_STOP_CLEAR_NS,		/* u64: trigger to its bit cleared, 0 if never */
	CPULAB_A_STOP_ENTRIES,		/* u32: stop handler entries (IPI and NMI) */
	CPULAB_A_STOP_NMI_SENT,		/* u8: the NMI stage targeted it */
	CPULAB_A_STOP_WBINVDS,		/* u32: WBINVDs it ran during the stop */
	CPULAB_A_STOP_WBINVD_NS,	/* u64: time in them, delay included */
	CPULAB_A_STOP_VIRT_DISABLED,	/* u8: it left VMX/SVM operation (and went back) */
	CPULAB_A_STOP_LATE,		/* u8: a handler ran on it at or after proceeding */
	/* Hotplug (CPU_OFFLINE, CPU_ONLINE, CPU_CYCLE) */
	CPULAB_A_HOTPLUG_NS,		/* u64: remove_cpu()/add_cpu() wall time */
	CPULAB_A_CYCLE_COUNT,		/* u32: rounds, 1..1000, default 1 */
	CPULAB_A_CYCLE_INTERRUPTED,	/* u8: a signal ended the cycle early */
	CPULAB_A_CYCLE_CPUS,		/* nest of CPULAB_A_CYCLE_CPU */
	CPULAB_A_CYCLE_CPU,		/* nest: one CPU's statistics (with CPULAB_A_CPU) */
	CPULAB_A_CYCLE_ATTEMPTS,	/* u32: offline+online rounds started */
	CPULAB_A_CYCLE_SUCCESSES,	/* u32: rounds that went offline and back online */
	CPULAB_A_CYCLE_FAILURES,	/* u32: rounds with a failed transition */
	CPULAB_A_CYCLE_ERRNO,		/* u32: positive errno of the last failure, 0 if none */
	CPULAB_A_CYCLE_OFFLINE_MIN_NS,	/* u64 each: over the successful transitions */
	CPULAB_A_CYCLE_OFFLINE_MEDIAN_NS,
	CPULAB_A_CYCLE_OFFLINE_MAX_NS,
	CPULAB_A_CYCLE_ONLINE_MIN_NS,
	CPULAB_A_CYCLE_ONLINE_MEDIAN_NS,
	CPULAB_A_CYCLE_ONLINE_MAX_NS,
	/* CR4 audit: per CPU in CPU_GET; in CR4 events; in the CR4_AUDIT reply */
	CPULAB_A_CR4_AUDITS,		/* u64: audits run on this CPU */
	CPULAB_A_CR4_FINDINGS,		/* u64: findings, ever (CR4_AUDIT reply: u64, this audit) */
	CPULAB_A_CR4_LAST_AUDIT,	/* u32: CPULAB_CR4_FINDING_* bits found by the last audit */
	CPULAB_A_CR4_LAST_AUDIT_NS,	/* u64: when the last audit ran, CLOCK_MONOTONIC */
	CPULAB_A_CR4_AUDIT_COST_NS,	/* u64: how long the last audit took on the CPU */
	CPULAB_A_CR4_FINDING,		/* u8: enum cpulab_cr4_finding (last finding; EVENT_CR4) */
	CPULAB_A_CR4_FINDING_BITS,	/* u64: the CR4 bits it concerns */
	CPULAB_A_CR4_FINDING_NS,	/* u64: when it was found, 0 never */
	CPULAB_A_CR4_PINNED_MASK,	/* u64: the running kernel's pinned-bit mask */
	CPULAB_A_CR4_PINNED_REFERENCE,	/* u64: the boot CPU's pinned bits */
	CPULAB_A_CR4_AUDITED,		/* u32: CPUs audited (CR4_AUDIT reply) */
	CPULAB_A_CR4_BIT,		/* u8: CR4 bit number (CR4_PERTURB, CPU_GET when perturbed) */
	CPULAB_A_CR4_RESTORE,		/* flag: CR4_PERTURB restores instead */
	CPULAB_A_CR4_PERTURBED,		/* u8: cpulab's perturbation is in place on this CPU */
	/* STOP reply, overall; added last so no attribute above is renumbered */
	CPULAB_A_STOP_VERDICT,		/* u8: enum cpulab_stop_verdict */
	/*
	 * STOP request knob, appended for the same reason. u32 ms, 0..500,
	 * default 0: after proceeding, keep the targets parked this long
	 * before releasing them, as a real kexec never releases them. The
	 * controller sleeps meanwhile (on its CPU), so other tasks run there;
	 * the park bound grows by as much and stays capped at 600 ms.
	 */
	CPULAB_A_STOP_HOLD_MS,

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

/*
 * The kernel's emergency virtualization callback has one slot
 * (cpu_emergency_register_virt_callback()); crash and emergency reboot call
 * it on every CPU to leave VMX/SVM operation. cpulab takes it only when it
 * is free, and yields it to KVM.
 */
enum cpulab_emergency_owner {
	CPULAB_EMERGENCY_OURS,		/* cpulab's callback is registered */
	CPULAB_EMERGENCY_KVM,		/* kvm was loaded at cpulab load: its slot */
	CPULAB_EMERGENCY_FOREIGN,	/* a CPU was in another hypervisor's VMX/SVM at load */
	CPULAB_EMERGENCY_YIELDED,	/* a KVM vendor module loaded later; cpulab stepped aside */

	__CPULAB_EMERGENCY_MAX,
	CPULAB_EMERGENCY_MAX = __CPULAB_EMERGENCY_MAX - 1
};

enum cpulab_event_type {
	CPULAB_EVENT_UNSPEC,
	CPULAB_EVENT_CPU_ONLINE,	/* cpulab's online callback ran on CPULAB_A_CPU */
	CPULAB_EVENT_CPU_OFFLINE,	/* cpulab's offline callback ran on CPULAB_A_CPU */
	/*
	 * A virtualization state change, or a failed attempt: VIRT_STATE_OLD,
	 * VIRT_STATE, VIRT_ERROR, VIRT_ERROR_NAME, VIRT_ERRNO.
	 */
	CPULAB_EVENT_VIRT,
	CPULAB_EVENT_LOST,		/* the module's queue overflowed: EVENT_LOST */
	CPULAB_EVENT_CACHE,		/* CACHE_REASONS_OLD -> CACHE_REASONS, CACHE_INCOHERENT */
	CPULAB_EVENT_STOP,		/* one STOP target's result: STOP_STAGE, STOP_CLEAR_NS */
	/*
	 * One CR4 audit result: a finding (CR4_FINDING, CR4_FINDING_BITS), one
	 * event each, or a clean audit (CR4_FINDING NONE); with CR4 and
	 * CR4_SHADOW as read.
	 */
	CPULAB_EVENT_CR4,

	__CPULAB_EVENT_MAX,
	CPULAB_EVENT_MAX = __CPULAB_EVENT_MAX - 1
};

/* What made it happen. */
enum cpulab_event_cause {
	CPULAB_CAUSE_NONE,
	CPULAB_CAUSE_HOTPLUG,	/* a CPU online/offline, module load and unload included */
	CPULAB_CAUSE_REQUEST,	/* VIRT_ENABLE / VIRT_DISABLE */
	CPULAB_CAUSE_SUSPEND,	/* syscore suspend, on the last CPU standing */
	CPULAB_CAUSE_RESUME,	/* syscore resume */
	CPULAB_CAUSE_SHUTDOWN,	/* reboot notifier or syscore shutdown */
	CPULAB_CAUSE_MARK,	/* CACHE_MARK */
	CPULAB_CAUSE_FLUSH,	/* CACHE_FLUSH */
	CPULAB_CAUSE_STOP,	/* STOP */
	CPULAB_CAUSE_AUDIT,	/* CR4_AUDIT */
	CPULAB_CAUSE_PERTURB,	/* CR4_PERTURB (and its restore) */

	__CPULAB_CAUSE_MAX,
	CPULAB_CAUSE_MAX = __CPULAB_CAUSE_MAX - 1
};

/* Why a CPU's caches may be incoherent (CPULAB_A_CACHE_REASONS). */
enum cpulab_cache_reason {
	/* CPUID 0x8000001f EAX[0]: SME. Platform-wide; a flush keeps it. */
	CPULAB_CACHE_REASON_SME = 1 << 0,
	/* CACHE_MARK: a SEAMCALL-like operation ran. A flush clears it. */
	CPULAB_CACHE_REASON_MARKED = 1 << 1,
};

enum cpulab_stop_mode {
	CPULAB_STOP_MODE_IPI,		/* the REBOOT-vector analogue only */
	CPULAB_STOP_MODE_IPI_NMI,	/* native_stop_other_cpus(): IPI, then NMI */
	CPULAB_STOP_MODE_NMI,		/* crash/kdump: NMI only */

	__CPULAB_STOP_MODE_MAX,
	CPULAB_STOP_MODE_MAX = __CPULAB_STOP_MODE_MAX - 1
};

enum cpulab_stop_ordering {
	/* A target clears its bit after WBINVD and may be re-entered by a late NMI. */
	CPULAB_STOP_ORDERING_UPSTREAM,
	/*
	 * Re-entry is ignored, and the controller proceeds before its timeouts
	 * only once no handler is in flight: never a race.
	 */
	CPULAB_STOP_ORDERING_HARDENED,

	__CPULAB_STOP_ORDERING_MAX,
	CPULAB_STOP_ORDERING_MAX = __CPULAB_STOP_ORDERING_MAX - 1
};

enum cpulab_stop_stage {
	CPULAB_STOP_STAGE_NONE,		/* never cleared its bit in time */
	CPULAB_STOP_STAGE_IPI,
	CPULAB_STOP_STAGE_NMI,

	__CPULAB_STOP_STAGE_MAX,
	CPULAB_STOP_STAGE_MAX = __CPULAB_STOP_STAGE_MAX - 1
};

/*
 * How a STOP ended. Hardened ordering never reports RACE: it proceeds
 * early only once no handler is in flight, so a handler slower than the
 * timeouts makes the run TIMED_OUT instead.
 */
enum cpulab_stop_verdict {
	/* It proceeded with every target stopped, and none entered later. */
	CPULAB_STOP_VERDICT_STOPPED,
	/* It proceeded because its last timeout ran out: a target had not stopped. */
	CPULAB_STOP_VERDICT_TIMED_OUT,
	/* It proceeded believing all stopped, but a handler was in flight or entered later. */
	CPULAB_STOP_VERDICT_RACE,

	__CPULAB_STOP_VERDICT_MAX,
	CPULAB_STOP_VERDICT_MAX = __CPULAB_STOP_VERDICT_MAX - 1
};

/* What a CR4 audit can find (CPULAB_A_CR4_FINDING; bit 1 << kind in CR4_LAST_AUDIT). */
enum cpulab_cr4_finding {
	CPULAB_CR4_FINDING_NONE,		/* a clean audit */
	CPULAB_CR4_FINDING_SHADOW_MISMATCH,	/* hardware and cr4_read_shadow() differ */
	CPULAB_CR4_FINDING_PINNED_MISSING,	/* pinned on the boot CPU, clear here */
	CPULAB_CR4_FINDING_PINNED_EXTRA,	/* a pinned-mask bit set here, clear on the boot CPU */
	CPULAB_CR4_FINDING_VMXE_OWNER,		/* VMXE set without an owner, or clear while cpulab owns VMX */
	CPULAB_CR4_FINDING_UNKNOWN_BIT,		/* a reserved bit is set */

	__CPULAB_CR4_FINDING_MAX,
	CPULAB_CR4_FINDING_MAX = __CPULAB_CR4_FINDING_MAX - 1
};

#endif /* _UAPI_CPULAB_H */
