/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	spec/cpulab.yaml */
/* YNL-GEN uapi header */

#ifndef _UAPI_LINUX_CPULAB_H
#define _UAPI_LINUX_CPULAB_H

#define CPULAB_FAMILY_NAME	"cpulab"
#define CPULAB_FAMILY_VERSION	4

#define CPULAB_CPUS_MAX_BYTES		1024
#define CPULAB_STOP_TIMEOUT_MS_DEFAULT	10
#define CPULAB_STOP_TIMEOUT_MS_MAX	250
#define CPULAB_STOP_WBINVD_DELAY_US_MAX	100000
#define CPULAB_STOP_HOLD_MS_MAX		500
#define CPULAB_CYCLE_COUNT_DEFAULT	1
#define CPULAB_CYCLE_COUNT_MAX		1000
#define CPULAB_CR4_PERTURBABLE_BIT	8

/**
 * enum cpulab_status - Every outcome of a request: success and each refusal or
 *   failure cpulab decides. A refusal carries its status in the extended ack's
 *   NLMSGERR_ATTR_COOKIE as a u32 in host order; docs/protocol.md gives each
 *   one's errno and message.
 * @CPULAB_STATUS_OK: success
 * @CPULAB_STATUS_CPU_OUT_OF_RANGE: the CPU id is at least nr_cpu_ids
 * @CPULAB_STATUS_CPU_NOT_POSSIBLE: the CPU is not in cpu_possible_mask
 * @CPULAB_STATUS_CPU_UNREACHABLE: the CPU is online, yet did not run the
 *   request
 * @CPULAB_STATUS_OFFLINE: the request needs the CPU online
 * @CPULAB_STATUS_FOREIGN: another hypervisor owns the CPU's VMX/SVM
 * @CPULAB_STATUS_UNSUPPORTED: the CPU has no VMX or SVM
 * @CPULAB_STATUS_NOTHING_TO_RELEASE: a DISABLE without an enable request
 * @CPULAB_STATUS_CLASS_NOT_APPLICABLE: an injection class the CPU's extension
 *   does not have
 * @CPULAB_STATUS_SHUTTING_DOWN: the system is past the reboot notifier
 * @CPULAB_STATUS_VIRT_FAULT: VMXON/VMXOFF raised an exception
 * @CPULAB_STATUS_VIRT_VMFAIL: VMXON/VMXOFF reported VMfail
 * @CPULAB_STATUS_VIRT_PRECHECK: the CPU's configuration forbids VMXON/SVME
 * @CPULAB_STATUS_VIRT_MSR_FAULT: a virtualization MSR access faulted
 * @CPULAB_STATUS_NOT_PERTURBABLE: not a CR4 bit cpulab may flip
 * @CPULAB_STATUS_ALREADY_PERTURBED: the CPU's CR4 is already perturbed
 * @CPULAB_STATUS_NOT_PERTURBED: a RESTORE with nothing to restore
 * @CPULAB_STATUS_BIT_IN_USE: the CR4 shadow has the bit: a task relies on it
 * @CPULAB_STATUS_NOT_PRESENT: the CPU is not present
 * @CPULAB_STATUS_NOT_HOTPLUGGABLE: cpu_is_hotpluggable() says no
 * @CPULAB_STATUS_ALREADY_OFFLINE: the CPU is already offline
 * @CPULAB_STATUS_ALREADY_ONLINE: the CPU is already online
 * @CPULAB_STATUS_KERNEL_OWNS_VIRT: the kernel owns VMX/SVM (7.1+,
 *   x86_virt_get_ref()): cpulab only observes
 * @CPULAB_STATUS_SHADOW_NOT_EXPORTED: the kernel does not export its CR4
 *   shadow to modules (7.x)
 */
enum cpulab_status {
	CPULAB_STATUS_OK,
	CPULAB_STATUS_CPU_OUT_OF_RANGE,
	CPULAB_STATUS_CPU_NOT_POSSIBLE,
	CPULAB_STATUS_CPU_UNREACHABLE,
	CPULAB_STATUS_OFFLINE,
	CPULAB_STATUS_FOREIGN,
	CPULAB_STATUS_UNSUPPORTED,
	CPULAB_STATUS_NOTHING_TO_RELEASE,
	CPULAB_STATUS_CLASS_NOT_APPLICABLE,
	CPULAB_STATUS_SHUTTING_DOWN,
	CPULAB_STATUS_VIRT_FAULT,
	CPULAB_STATUS_VIRT_VMFAIL,
	CPULAB_STATUS_VIRT_PRECHECK,
	CPULAB_STATUS_VIRT_MSR_FAULT,
	CPULAB_STATUS_NOT_PERTURBABLE,
	CPULAB_STATUS_ALREADY_PERTURBED,
	CPULAB_STATUS_NOT_PERTURBED,
	CPULAB_STATUS_BIT_IN_USE,
	CPULAB_STATUS_NOT_PRESENT,
	CPULAB_STATUS_NOT_HOTPLUGGABLE,
	CPULAB_STATUS_ALREADY_OFFLINE,
	CPULAB_STATUS_ALREADY_ONLINE,
	CPULAB_STATUS_KERNEL_OWNS_VIRT,
	CPULAB_STATUS_SHADOW_NOT_EXPORTED,

	/* private: */
	__CPULAB_STATUS_MAX,
	CPULAB_STATUS_MAX = (__CPULAB_STATUS_MAX - 1)
};

/**
 * enum cpulab_virt_cap - Which hardware virtualization extension the CPU's
 *   CPUID advertises.
 * @CPULAB_VIRT_CAP_VMX: Intel VT-x: CPUID.1:ECX[5]
 * @CPULAB_VIRT_CAP_SVM: AMD-V: CPUID.80000001h:ECX[2]
 */
enum cpulab_virt_cap {
	CPULAB_VIRT_CAP_NONE,
	CPULAB_VIRT_CAP_VMX,
	CPULAB_VIRT_CAP_SVM,

	/* private: */
	__CPULAB_VIRT_CAP_MAX,
	CPULAB_VIRT_CAP_MAX = (__CPULAB_VIRT_CAP_MAX - 1)
};

/**
 * enum cpulab_virt_state - Who owns hardware virtualization on a CPU, as
 *   cpulab last saw it.
 * @CPULAB_VIRT_STATE_OFF: not in VMX operation / EFER.SVME clear
 * @CPULAB_VIRT_STATE_ON: cpulab executed VMXON / set EFER.SVME
 * @CPULAB_VIRT_STATE_FAILED: the last enable failed and was unwound
 * @CPULAB_VIRT_STATE_FOREIGN: CR4.VMXE or EFER.SVME was already set: not ours
 * @CPULAB_VIRT_STATE_UNSUPPORTED: no VMX or SVM on this CPU
 */
enum cpulab_virt_state {
	CPULAB_VIRT_STATE_OFF,
	CPULAB_VIRT_STATE_ON,
	CPULAB_VIRT_STATE_FAILED,
	CPULAB_VIRT_STATE_FOREIGN,
	CPULAB_VIRT_STATE_UNSUPPORTED,

	/* private: */
	__CPULAB_VIRT_STATE_MAX,
	CPULAB_VIRT_STATE_MAX = (__CPULAB_VIRT_STATE_MAX - 1)
};

/**
 * enum cpulab_virt_error - Why the last enable or disable failed; the
 *   virt-error-name attribute spells it.
 * @CPULAB_VIRT_ERROR_FAULT_UD: VMXON/VMXOFF raised #UD
 * @CPULAB_VIRT_ERROR_FAULT_GP: VMXON/VMXOFF raised #GP
 * @CPULAB_VIRT_ERROR_FAULT_OTHER: any other exception
 * @CPULAB_VIRT_ERROR_VMFAIL_INVALID: CF=1
 * @CPULAB_VIRT_ERROR_VMFAIL_VALID: ZF=1
 * @CPULAB_VIRT_ERROR_SVM_DISABLED: VM_CR.SVMDIS
 * @CPULAB_VIRT_ERROR_MSR_FAULT: an MSR access faulted
 */
enum cpulab_virt_error {
	CPULAB_VIRT_ERROR_NONE,
	CPULAB_VIRT_ERROR_FAULT_UD,
	CPULAB_VIRT_ERROR_FAULT_GP,
	CPULAB_VIRT_ERROR_FAULT_OTHER,
	CPULAB_VIRT_ERROR_VMFAIL_INVALID,
	CPULAB_VIRT_ERROR_VMFAIL_VALID,
	CPULAB_VIRT_ERROR_FEATURE_CONTROL_UNLOCKED,
	CPULAB_VIRT_ERROR_FEATURE_CONTROL_VMX_DISABLED,
	CPULAB_VIRT_ERROR_VMX_BASIC_REGION_SIZE,
	CPULAB_VIRT_ERROR_VMX_BASIC_MEMORY_TYPE,
	CPULAB_VIRT_ERROR_VMX_BASIC_32BIT_ADDRESSES,
	CPULAB_VIRT_ERROR_CR0_FIXED_BITS,
	CPULAB_VIRT_ERROR_CR4_FIXED_BITS,
	CPULAB_VIRT_ERROR_SVM_DISABLED,
	CPULAB_VIRT_ERROR_MSR_FAULT,

	/* private: */
	__CPULAB_VIRT_ERROR_MAX,
	CPULAB_VIRT_ERROR_MAX = (__CPULAB_VIRT_ERROR_MAX - 1)
};

/**
 * enum cpulab_inject_class - Failures INJECT can arm. Each runs the real
 *   instruction with one precondition broken, as kvm-unit-tests' test_vmxon
 *   does.
 * @CPULAB_INJECT_VMX_BAD_REVISION: wrong revision id: VMfailInvalid
 * @CPULAB_INJECT_VMX_MISALIGNED_REGION: pointer not 4 KiB aligned:
 *   VMfailInvalid
 * @CPULAB_INJECT_VMX_VMXE_CLEAR: VMXON with CR4.VMXE clear: #UD
 * @CPULAB_INJECT_PRECHECK: the gate reads closed: FEATURE_CONTROL unlocked
 *   (VMX), VM_CR.SVMDIS (SVM)
 */
enum cpulab_inject_class {
	CPULAB_INJECT_NONE,
	CPULAB_INJECT_VMX_BAD_REVISION,
	CPULAB_INJECT_VMX_MISALIGNED_REGION,
	CPULAB_INJECT_VMX_VMXE_CLEAR,
	CPULAB_INJECT_PRECHECK,

	/* private: */
	__CPULAB_INJECT_MAX,
	CPULAB_INJECT_MAX = (__CPULAB_INJECT_MAX - 1)
};

/**
 * enum cpulab_emergency_owner - The kernel's emergency virtualization callback
 *   has one slot (cpu_emergency_register_virt_callback()); crash and emergency
 *   reboot call it on every CPU to leave VMX/SVM operation. cpulab takes it
 *   only when it is free, and yields it to KVM.
 * @CPULAB_EMERGENCY_OURS: cpulab's callback is registered
 * @CPULAB_EMERGENCY_KVM: kvm was loaded at cpulab load: its slot
 * @CPULAB_EMERGENCY_FOREIGN: a CPU was in another hypervisor's VMX/SVM at load
 * @CPULAB_EMERGENCY_YIELDED: a KVM vendor module loaded later; cpulab stepped
 *   aside
 * @CPULAB_EMERGENCY_KERNEL: the kernel owns VMX/SVM and its emergency disable
 *   (7.1+): no slot
 */
enum cpulab_emergency_owner {
	CPULAB_EMERGENCY_OURS,
	CPULAB_EMERGENCY_KVM,
	CPULAB_EMERGENCY_FOREIGN,
	CPULAB_EMERGENCY_YIELDED,
	CPULAB_EMERGENCY_KERNEL,

	/* private: */
	__CPULAB_EMERGENCY_MAX,
	CPULAB_EMERGENCY_MAX = (__CPULAB_EMERGENCY_MAX - 1)
};

/**
 * enum cpulab_event_type - What an event (the event op) reports.
 * @CPULAB_EVENT_CPU_ONLINE: cpulab's online callback ran on the event's CPU
 * @CPULAB_EVENT_CPU_OFFLINE: cpulab's offline callback ran on the event's CPU
 * @CPULAB_EVENT_VIRT: A virtualization state change, or a failed attempt:
 *   virt-state-old, virt-state, virt-error, virt-error-name, virt-errno.
 * @CPULAB_EVENT_LOST: the module's queue overflowed: lost
 * @CPULAB_EVENT_CACHE: cache-reasons-old to cache-reasons, cache-incoherent
 * @CPULAB_EVENT_STOP: one STOP target's result: stop-stage, stop-clear-ns
 * @CPULAB_EVENT_CR4: One CR4 audit result: a finding (cr4-finding,
 *   cr4-finding-bits), one event each, or a clean audit (cr4-finding none);
 *   with cr4 and cr4-shadow as read.
 */
enum cpulab_event_type {
	CPULAB_EVENT_UNSPEC,
	CPULAB_EVENT_CPU_ONLINE,
	CPULAB_EVENT_CPU_OFFLINE,
	CPULAB_EVENT_VIRT,
	CPULAB_EVENT_LOST,
	CPULAB_EVENT_CACHE,
	CPULAB_EVENT_STOP,
	CPULAB_EVENT_CR4,

	/* private: */
	__CPULAB_EVENT_MAX,
	CPULAB_EVENT_MAX = (__CPULAB_EVENT_MAX - 1)
};

/**
 * enum cpulab_event_cause - What made an event happen.
 * @CPULAB_CAUSE_HOTPLUG: a CPU online/offline, module load and unload included
 * @CPULAB_CAUSE_REQUEST: virt-enable / virt-disable
 * @CPULAB_CAUSE_SUSPEND: syscore suspend, on the last CPU standing
 * @CPULAB_CAUSE_RESUME: syscore resume
 * @CPULAB_CAUSE_SHUTDOWN: reboot notifier or syscore shutdown
 * @CPULAB_CAUSE_MARK: cache-mark
 * @CPULAB_CAUSE_FLUSH: cache-flush
 * @CPULAB_CAUSE_STOP: stop
 * @CPULAB_CAUSE_AUDIT: cr4-audit
 * @CPULAB_CAUSE_PERTURB: cr4-perturb (and its restore)
 */
enum cpulab_event_cause {
	CPULAB_CAUSE_NONE,
	CPULAB_CAUSE_HOTPLUG,
	CPULAB_CAUSE_REQUEST,
	CPULAB_CAUSE_SUSPEND,
	CPULAB_CAUSE_RESUME,
	CPULAB_CAUSE_SHUTDOWN,
	CPULAB_CAUSE_MARK,
	CPULAB_CAUSE_FLUSH,
	CPULAB_CAUSE_STOP,
	CPULAB_CAUSE_AUDIT,
	CPULAB_CAUSE_PERTURB,

	/* private: */
	__CPULAB_CAUSE_MAX,
	CPULAB_CAUSE_MAX = (__CPULAB_CAUSE_MAX - 1)
};

/**
 * enum cpulab_cache_reason - Why a CPU's caches may be incoherent (the
 *   cache-reasons attribute).
 * @CPULAB_CACHE_REASON_SME: CPUID 0x8000001f EAX[0]: SME. Platform-wide; a
 *   flush keeps it.
 * @CPULAB_CACHE_REASON_MARKED: cache-mark: a SEAMCALL-like operation ran. A
 *   flush clears it.
 */
enum cpulab_cache_reason {
	CPULAB_CACHE_REASON_SME = 1,
	CPULAB_CACHE_REASON_MARKED = 2,
};

/**
 * enum cpulab_stop_mode - How a STOP reaches its targets.
 * @CPULAB_STOP_MODE_IPI: the REBOOT-vector analogue only
 * @CPULAB_STOP_MODE_IPI_NMI: native_stop_other_cpus(): IPI, then NMI
 * @CPULAB_STOP_MODE_NMI: crash/kdump: NMI only
 */
enum cpulab_stop_mode {
	CPULAB_STOP_MODE_IPI,
	CPULAB_STOP_MODE_IPI_NMI,
	CPULAB_STOP_MODE_NMI,

	/* private: */
	__CPULAB_STOP_MODE_MAX,
	CPULAB_STOP_MODE_MAX = (__CPULAB_STOP_MODE_MAX - 1)
};

/**
 * enum cpulab_stop_ordering - When a STOP target clears its bit, and what a
 *   late handler may do.
 * @CPULAB_STOP_ORDERING_UPSTREAM: A target clears its bit after WBINVD and may
 *   be re-entered by a late NMI.
 * @CPULAB_STOP_ORDERING_HARDENED: Re-entry is ignored, and the controller
 *   proceeds before its timeouts only once no handler is in flight: never a
 *   race.
 */
enum cpulab_stop_ordering {
	CPULAB_STOP_ORDERING_UPSTREAM,
	CPULAB_STOP_ORDERING_HARDENED,

	/* private: */
	__CPULAB_STOP_ORDERING_MAX,
	CPULAB_STOP_ORDERING_MAX = (__CPULAB_STOP_ORDERING_MAX - 1)
};

/**
 * enum cpulab_stop_stage - The STOP stage that made a target clear its bit.
 * @CPULAB_STOP_STAGE_NONE: never cleared its bit in time
 */
enum cpulab_stop_stage {
	CPULAB_STOP_STAGE_NONE,
	CPULAB_STOP_STAGE_IPI,
	CPULAB_STOP_STAGE_NMI,

	/* private: */
	__CPULAB_STOP_STAGE_MAX,
	CPULAB_STOP_STAGE_MAX = (__CPULAB_STOP_STAGE_MAX - 1)
};

/**
 * enum cpulab_stop_verdict - How a STOP ended. Hardened ordering never reports
 *   race: it proceeds early only once no handler is in flight, so a handler
 *   slower than the timeouts makes the run timed-out instead.
 * @CPULAB_STOP_VERDICT_STOPPED: It proceeded with every target stopped, and
 *   none entered later.
 * @CPULAB_STOP_VERDICT_TIMED_OUT: It proceeded because its last timeout ran
 *   out: a target had not stopped.
 * @CPULAB_STOP_VERDICT_RACE: It proceeded believing all stopped, but a handler
 *   was in flight or entered later.
 */
enum cpulab_stop_verdict {
	CPULAB_STOP_VERDICT_STOPPED,
	CPULAB_STOP_VERDICT_TIMED_OUT,
	CPULAB_STOP_VERDICT_RACE,

	/* private: */
	__CPULAB_STOP_VERDICT_MAX,
	CPULAB_STOP_VERDICT_MAX = (__CPULAB_STOP_VERDICT_MAX - 1)
};

/**
 * enum cpulab_cr4_finding - What a CR4 audit can find (cr4-finding; bit 1 <<
 *   kind in cr4-last-audit).
 * @CPULAB_CR4_FINDING_NONE: a clean audit
 * @CPULAB_CR4_FINDING_SHADOW_MISMATCH: hardware and cr4_read_shadow() differ
 * @CPULAB_CR4_FINDING_PINNED_MISSING: pinned on the boot CPU, clear here
 * @CPULAB_CR4_FINDING_PINNED_EXTRA: a pinned-mask bit set here, clear on the
 *   boot CPU
 * @CPULAB_CR4_FINDING_VMXE_OWNER: VMXE set without an owner, or clear while
 *   cpulab owns VMX
 * @CPULAB_CR4_FINDING_UNKNOWN_BIT: a reserved bit is set
 */
enum cpulab_cr4_finding {
	CPULAB_CR4_FINDING_NONE,
	CPULAB_CR4_FINDING_SHADOW_MISMATCH,
	CPULAB_CR4_FINDING_PINNED_MISSING,
	CPULAB_CR4_FINDING_PINNED_EXTRA,
	CPULAB_CR4_FINDING_VMXE_OWNER,
	CPULAB_CR4_FINDING_UNKNOWN_BIT,

	/* private: */
	__CPULAB_CR4_FINDING_MAX,
	CPULAB_CR4_FINDING_MAX = (__CPULAB_CR4_FINDING_MAX - 1)
};

enum cpulab_attr {
	CPULAB_A_UNSPEC,
	CPULAB_A_PAD,
	CPULAB_A_CPU,
	CPULAB_A_ONLINE,
	CPULAB_A_CR4,
	CPULAB_A_CR4_SHADOW,
	CPULAB_A_CPUS,
	CPULAB_A_INJECT_CLASS,
	CPULAB_A_VIRT,
	CPULAB_A_CACHE,
	CPULAB_A_CR4_AUDIT,
	CPULAB_A_STOP_MODE,
	CPULAB_A_STOP_ORDERING,
	CPULAB_A_STOP_WBINVD_DELAY_US,
	CPULAB_A_STOP_IPI_TIMEOUT_MS,
	CPULAB_A_STOP_NMI_TIMEOUT_MS,
	CPULAB_A_STOP_HOLD_MS,
	CPULAB_A_STOP_RESULT,
	CPULAB_A_HOTPLUG_NS,
	CPULAB_A_CYCLE_COUNT,
	CPULAB_A_CYCLE_RESULT,
	CPULAB_A_CR4_AUDITED,
	CPULAB_A_CR4_AUDIT_FINDINGS,
	CPULAB_A_CR4_PINNED_MASK,
	CPULAB_A_CR4_PINNED_REFERENCE,
	CPULAB_A_CR4_BIT,
	CPULAB_A_CR4_RESTORE,
	CPULAB_A_EVENT,

	__CPULAB_A_MAX,
	CPULAB_A_MAX = (__CPULAB_A_MAX - 1)
};

enum cpulab_virt_attr {
	CPULAB_A_VIRT_UNSPEC,
	CPULAB_A_VIRT_PAD,
	CPULAB_A_VIRT_CAP,
	CPULAB_A_VIRT_STATE,
	CPULAB_A_VIRT_ERROR,
	CPULAB_A_VIRT_ERROR_NAME,
	CPULAB_A_VIRT_ERRNO,
	CPULAB_A_VIRT_ENABLES,
	CPULAB_A_VIRT_DISABLES,
	CPULAB_A_VIRT_ENABLE_NS,
	CPULAB_A_VIRT_DISABLE_NS,
	CPULAB_A_VIRT_REQUESTS,
	CPULAB_A_VIRT_INJECTION,
	CPULAB_A_VIRT_EMERGENCY_CALLBACK,

	__CPULAB_A_VIRT_MAX,
	CPULAB_A_VIRT_MAX = (__CPULAB_A_VIRT_MAX - 1)
};

enum cpulab_cache_attr {
	CPULAB_A_CACHE_UNSPEC,
	CPULAB_A_CACHE_PAD,
	CPULAB_A_CACHE_INCOHERENT,
	CPULAB_A_CACHE_REASONS,
	CPULAB_A_CACHE_WBINVDS,
	CPULAB_A_CACHE_WBINVD_NS,
	CPULAB_A_CACHE_SET_NS,
	CPULAB_A_CACHE_CLEAR_NS,

	__CPULAB_A_CACHE_MAX,
	CPULAB_A_CACHE_MAX = (__CPULAB_A_CACHE_MAX - 1)
};

enum cpulab_audit_attr {
	CPULAB_A_AUDIT_UNSPEC,
	CPULAB_A_AUDIT_PAD,
	CPULAB_A_AUDIT_RUNS,
	CPULAB_A_AUDIT_FINDINGS,
	CPULAB_A_AUDIT_LAST,
	CPULAB_A_AUDIT_LAST_NS,
	CPULAB_A_AUDIT_COST_NS,
	CPULAB_A_AUDIT_FINDING,
	CPULAB_A_AUDIT_FINDING_BITS,
	CPULAB_A_AUDIT_FINDING_NS,
	CPULAB_A_AUDIT_PINNED_MASK,
	CPULAB_A_AUDIT_PINNED_REFERENCE,
	CPULAB_A_AUDIT_PERTURBED,
	CPULAB_A_AUDIT_PERTURBED_BIT,

	__CPULAB_A_AUDIT_MAX,
	CPULAB_A_AUDIT_MAX = (__CPULAB_A_AUDIT_MAX - 1)
};

enum cpulab_stop_result_attr {
	CPULAB_A_STOP_RESULT_UNSPEC,
	CPULAB_A_STOP_RESULT_PAD,
	CPULAB_A_STOP_RESULT_TARGETS,
	CPULAB_A_STOP_RESULT_ALL_STOPPED,
	CPULAB_A_STOP_RESULT_TIME_NS,
	CPULAB_A_STOP_RESULT_PROCEED_NS,
	CPULAB_A_STOP_RESULT_VERDICT,
	CPULAB_A_STOP_RESULT_CPU,

	__CPULAB_A_STOP_RESULT_MAX,
	CPULAB_A_STOP_RESULT_MAX = (__CPULAB_A_STOP_RESULT_MAX - 1)
};

enum cpulab_stop_cpu_attr {
	CPULAB_A_STOP_CPU_UNSPEC,
	CPULAB_A_STOP_CPU_PAD,
	CPULAB_A_STOP_CPU_ID,
	CPULAB_A_STOP_CPU_STAGE,
	CPULAB_A_STOP_CPU_CLEAR_NS,
	CPULAB_A_STOP_CPU_ENTRIES,
	CPULAB_A_STOP_CPU_NMI_SENT,
	CPULAB_A_STOP_CPU_WBINVDS,
	CPULAB_A_STOP_CPU_WBINVD_NS,
	CPULAB_A_STOP_CPU_VIRT_DISABLED,
	CPULAB_A_STOP_CPU_LATE,

	__CPULAB_A_STOP_CPU_MAX,
	CPULAB_A_STOP_CPU_MAX = (__CPULAB_A_STOP_CPU_MAX - 1)
};

enum cpulab_cycle_result_attr {
	CPULAB_A_CYCLE_RESULT_UNSPEC,
	CPULAB_A_CYCLE_RESULT_INTERRUPTED,
	CPULAB_A_CYCLE_RESULT_CPU,

	__CPULAB_A_CYCLE_RESULT_MAX,
	CPULAB_A_CYCLE_RESULT_MAX = (__CPULAB_A_CYCLE_RESULT_MAX - 1)
};

enum cpulab_cycle_cpu_attr {
	CPULAB_A_CYCLE_CPU_UNSPEC,
	CPULAB_A_CYCLE_CPU_PAD,
	CPULAB_A_CYCLE_CPU_ID,
	CPULAB_A_CYCLE_CPU_ATTEMPTS,
	CPULAB_A_CYCLE_CPU_SUCCESSES,
	CPULAB_A_CYCLE_CPU_FAILURES,
	CPULAB_A_CYCLE_CPU_ERRNO,
	CPULAB_A_CYCLE_CPU_OFFLINE_MIN_NS,
	CPULAB_A_CYCLE_CPU_OFFLINE_MEDIAN_NS,
	CPULAB_A_CYCLE_CPU_OFFLINE_MAX_NS,
	CPULAB_A_CYCLE_CPU_ONLINE_MIN_NS,
	CPULAB_A_CYCLE_CPU_ONLINE_MEDIAN_NS,
	CPULAB_A_CYCLE_CPU_ONLINE_MAX_NS,

	__CPULAB_A_CYCLE_CPU_MAX,
	CPULAB_A_CYCLE_CPU_MAX = (__CPULAB_A_CYCLE_CPU_MAX - 1)
};

enum cpulab_event_attr {
	CPULAB_A_EVENT_UNSPEC,
	CPULAB_A_EVENT_PAD,
	CPULAB_A_EVENT_TYPE,
	CPULAB_A_EVENT_SEQ,
	CPULAB_A_EVENT_TIME_NS,
	CPULAB_A_EVENT_CPU,
	CPULAB_A_EVENT_CAUSE,
	CPULAB_A_EVENT_LOST,
	CPULAB_A_EVENT_VIRT_STATE_OLD,
	CPULAB_A_EVENT_VIRT_STATE,
	CPULAB_A_EVENT_VIRT_ERROR,
	CPULAB_A_EVENT_VIRT_ERROR_NAME,
	CPULAB_A_EVENT_VIRT_ERRNO,
	CPULAB_A_EVENT_CACHE_REASONS_OLD,
	CPULAB_A_EVENT_CACHE_REASONS,
	CPULAB_A_EVENT_CACHE_INCOHERENT,
	CPULAB_A_EVENT_STOP_STAGE,
	CPULAB_A_EVENT_STOP_CLEAR_NS,
	CPULAB_A_EVENT_CR4_FINDING,
	CPULAB_A_EVENT_CR4_FINDING_BITS,
	CPULAB_A_EVENT_CR4,
	CPULAB_A_EVENT_CR4_SHADOW,

	__CPULAB_A_EVENT_MAX,
	CPULAB_A_EVENT_MAX = (__CPULAB_A_EVENT_MAX - 1)
};

enum cpulab_cmd {
	CPULAB_CMD_CPU_GET = 1,
	CPULAB_CMD_VIRT_ENABLE,
	CPULAB_CMD_VIRT_DISABLE,
	CPULAB_CMD_INJECT,
	CPULAB_CMD_EVENT,
	CPULAB_CMD_CACHE_MARK,
	CPULAB_CMD_CACHE_FLUSH,
	CPULAB_CMD_STOP,
	CPULAB_CMD_CPU_OFFLINE,
	CPULAB_CMD_CPU_ONLINE,
	CPULAB_CMD_CPU_CYCLE,
	CPULAB_CMD_CR4_AUDIT,
	CPULAB_CMD_CR4_PERTURB,

	__CPULAB_CMD_MAX,
	CPULAB_CMD_MAX = (__CPULAB_CMD_MAX - 1)
};

#define CPULAB_MCGRP_EVENTS	"events"

#endif /* _UAPI_LINUX_CPULAB_H */
