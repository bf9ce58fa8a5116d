/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the core offers the glue: a C ABI, so kernel C can call it.
 *
 * Layouts here cross the C/C++ boundary; their offsets are pinned below so a
 * change on one side cannot silently disagree with the other.
 */
#ifndef CPULAB_CORE_CPULAB_CORE_H
#define CPULAB_CORE_CPULAB_CORE_H

#include "abi_types.h"
#include "../../include/uapi/cpulab.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Every outcome of a request on a CPU, enum cpulab_status: the protocol's
 * (spec/cpulab.yaml's status enum, in the uapi header), because a refusal
 * carries it to the client. The core returns these; the glue decides a few more
 * itself (offline, shutting down, the hotplug refusals), so that every
 * refusal has one name, one errno and one message: the table in
 * core/status.cpp, which the glue maps once (cpulab_status_to_errno()).
 */
#define CPULAB_STATUS_COUNT __CPULAB_STATUS_MAX

/*
 * What a status means to a caller. A message about a CPU follows "CPU <n>"
 * (6.2+, formatted) or "a CPU" (6.1, whose extack text must be static), so
 * it reads as the rest of a sentence: " is offline".
 */
struct cpulab_status_info {
	int errno_value;	/* positive; 0 for OK */
	const char *name;	/* stable: "foreign", "cpu-out-of-range" */
	const char *message;
	bool about_cpu;
};

/* Its row of the table; an unknown status gets a row that says so. */
const struct cpulab_status_info *cpulab_core_status_info(enum cpulab_status status);

/*
 * One CPU's virtualization state. The glue allocates one per possible CPU
 * and fills in the pages; the core owns the rest. It is written only on its
 * own CPU with interrupts off, or while that CPU is offline.
 */
struct cpulab_virt_cpu {
	void *vmxon_region;		/* 4 KiB, page aligned, zeroed */
	uint64_t vmxon_region_pa;
	uint64_t host_save_pa;		/* SVM host save area, 4 KiB */
	uint64_t enables;
	uint64_t disables;
	uint64_t enable_ns;		/* the last VMXON / EFER.SVME set */
	uint64_t disable_ns;		/* the last VMXOFF / EFER.SVME clear */
	int32_t last_errno;		/* positive, 0 if none */
	uint8_t state;			/* enum cpulab_virt_state */
	uint8_t last_error;		/* enum cpulab_virt_error */
	uint8_t armed_injection;	/* enum cpulab_inject_class, consumed by the next enable */
	uint8_t reserved;
	uint32_t enable_requests;	/* enable_at_load + VIRT_ENABLE - VIRT_DISABLE */
	uint32_t failures;		/* failed enables and disables, ever */
};

CPULAB_ABI_STATIC_ASSERT(sizeof(struct cpulab_virt_cpu) == 72,
			 "cpulab_virt_cpu layout is shared by C and C++");
CPULAB_ABI_STATIC_ASSERT(__builtin_offsetof(struct cpulab_virt_cpu, last_errno) == 56,
			 "cpulab_virt_cpu.last_errno moved");

/*
 * One CPU's cache incoherence. Written on its own CPU with interrupts off
 * (or in NMI context during a stop), or while it is offline.
 */
struct cpulab_cache_cpu {
	uint64_t wbinvds;
	uint64_t wbinvd_ns;		/* the last WBINVD, delay included */
	uint64_t set_ns;		/* when it last became incoherent, 0 never */
	uint64_t clear_ns;		/* when it last became coherent, 0 never */
	uint32_t reasons;		/* enum cpulab_cache_reason bits */
	uint8_t incoherent;		/* reasons != 0 */
	uint8_t reserved[3];
};

CPULAB_ABI_STATIC_ASSERT(sizeof(struct cpulab_cache_cpu) == 40,
			 "cpulab_cache_cpu layout is shared by C and C++");

/*
 * One CPU's CR4 audit record. Written on its own CPU with interrupts off
 * (the audit and the perturbation run there in IPI context).
 */
struct cpulab_cr4_cpu {
	uint64_t audits;
	uint64_t findings;		/* every finding, ever */
	uint64_t last_audit_ns;		/* CLOCK_MONOTONIC, 0 never */
	uint64_t audit_cost_ns;		/* the last audit, on the CPU */
	uint64_t last_finding_bits;
	uint64_t last_finding_ns;	/* 0 never */
	uint32_t last_audit;		/* 1 << enum cpulab_cr4_finding, for the last audit */
	uint8_t last_finding;		/* enum cpulab_cr4_finding */
	uint8_t perturbed;		/* cpulab flipped perturbed_bit in hardware only */
	uint8_t perturbed_bit;
	uint8_t reserved;
};

CPULAB_ABI_STATIC_ASSERT(sizeof(struct cpulab_cr4_cpu) == 56,
			 "cpulab_cr4_cpu layout is shared by C and C++");

/* What one audit saw and found, for the glue's events. */
struct cpulab_cr4_audit_result {
	uint64_t cr4;
	uint64_t cr4_shadow;
	uint64_t bits[__CPULAB_CR4_FINDING_MAX];	/* per finding kind; [NONE] unused */
	uint32_t kinds;				/* 1 << kind for each finding */
	uint8_t shadow_valid;			/* cr4_shadow was read (platform.h) */
	uint8_t reserved[3];
};

/* One CPU as read by cpulab_core_read_cpu(). */
struct cpulab_cpu_report {
	uint64_t cr4;			/* hardware CR4; valid if registers_valid */
	uint64_t cr4_shadow;		/* cr4_read_shadow(); valid if shadow_valid */
	uint32_t cpu;
	uint8_t online;
	uint8_t registers_valid;	/* read on the CPU itself (it was online) */
	uint8_t virt_capability;	/* enum cpulab_virt_cap; valid if registers_valid */
	uint8_t shadow_valid;		/* registers_valid, and the kernel let cpulab read it */
	struct cpulab_virt_cpu virt;	/* snapshot, taken on the CPU if online */
	struct cpulab_cache_cpu cache;	/* snapshot, likewise */
	struct cpulab_cr4_cpu cr4_audit;	/* snapshot, likewise */
};

CPULAB_ABI_STATIC_ASSERT(sizeof(struct cpulab_cpu_report) == 192,
			 "cpulab_cpu_report layout is shared by C and C++");
CPULAB_ABI_STATIC_ASSERT(__builtin_offsetof(struct cpulab_cpu_report, cpu) == 16,
			 "cpulab_cpu_report.cpu moved");
CPULAB_ABI_STATIC_ASSERT(__builtin_offsetof(struct cpulab_cpu_report, virt_capability) == 22,
			 "cpulab_cpu_report.virt_capability moved");

/*
 * Enable or disable hardware virtualization on the calling CPU.
 * Context: on that CPU, interrupts off (the glue runs them through
 * cpulab_platform_run_on_cpu()). Enabling an enabled CPU does nothing, so
 * VMXON never stacks. Returns OK or the failure's class (VIRT_*); the
 * failure is recorded in @virt. A failed enable leaves nothing set: CR4.VMXE, Intel PT and
 * EFER.SVME are as they were.
 */
enum cpulab_status cpulab_core_virt_enable(struct cpulab_virt_cpu *virt);
enum cpulab_status cpulab_core_virt_disable(struct cpulab_virt_cpu *virt);

/*
 * A CPU cpulab does not enable (no request: enable_at_load=0): record, from
 * the hardware, whether another owner has it in VMX operation or with
 * EFER.SVME set (foreign) or not (off). Only an off or foreign record
 * changes. Context: as cpulab_core_virt_enable().
 */
void cpulab_core_virt_observe(struct cpulab_virt_cpu *virt);

/*
 * The kernel's emergency path (crash, emergency reboot) and cpulab's own
 * stop paths: leave VMX/SVM operation on the calling CPU whatever the
 * record says, judged by the hardware (CR4.VMXE, EFER.SVME) as
 * cpu_emergency_disable_virtualization()'s callbacks do, unless another
 * hypervisor owns the CPU. Context: that CPU, interrupts off, possibly NMI:
 * it takes no locks and touches only this CPU's record and registers.
 */
void cpulab_core_virt_emergency_disable(struct cpulab_virt_cpu *virt);

/*
 * Whether what turned @before into @after is worth an event: the state
 * changed, or an enable or disable failed on the hardware (a request
 * refused before touching it is not an event).
 */
bool cpulab_core_virt_is_event(const struct cpulab_virt_cpu *before,
			       const struct cpulab_virt_cpu *after);

/*
 * Hotplug: the online callback enables if the CPU has requests; the
 * offline callback disables and keeps the requests.
 */
bool cpulab_core_virt_wanted(const struct cpulab_virt_cpu *virt);

/*
 * VIRT_ENABLE / VIRT_DISABLE on one CPU. Context: on that CPU with
 * interrupts off when @online, otherwise anywhere while it stays offline
 * (then only the count changes). Returns OK, FOREIGN, UNSUPPORTED,
 * NOTHING_TO_RELEASE, or an enable failure, which is not counted as a
 * request.
 */
enum cpulab_status cpulab_core_virt_request_enable(struct cpulab_virt_cpu *virt, bool online);
enum cpulab_status cpulab_core_virt_request_disable(struct cpulab_virt_cpu *virt, bool online);

/*
 * INJECT: arm @injection for the next enable. Context: on that CPU,
 * interrupts off (CPUID decides which classes apply). Returns OK or
 * INJECTION_NOT_APPLICABLE for a class this CPU's extension does not have.
 */
enum cpulab_status cpulab_core_virt_arm_injection(struct cpulab_virt_cpu *virt, uint8_t injection);

/*
 * Cache incoherence on the calling CPU (interrupts off):
 * - online: re-evaluate the persistent reason (SME, from this CPU's CPUID);
 * - mark: set the transient reason, before the operation that needs it;
 * - flush: WBINVD, then clear the transient reasons;
 * - flush_if_incoherent: the offline path, after virtualization is off, as
 *   stop_this_cpu() does. Returns whether it flushed.
 */
void cpulab_core_cache_online(struct cpulab_cache_cpu *cache);
void cpulab_core_cache_mark(struct cpulab_cache_cpu *cache);
void cpulab_core_cache_flush(struct cpulab_cache_cpu *cache);
bool cpulab_core_cache_flush_if_incoherent(struct cpulab_cache_cpu *cache);

/*
 * The stop protocol (STOP): a controller CPU stops every other online CPU
 * the way native_stop_other_cpus and the crash path do, but parks them
 * under a hard bound and releases them instead of halting.
 *
 * Shared between the controller (process context, preemption off) and
 * each target's stop handler (IPI or NMI context), through atomics only:
 * no locks, because an NMI may interrupt a handler on the same CPU.
 */
struct cpulab_stop_run {
	uint64_t trigger_ns;		/* CLOCK_MONOTONIC when the stop began */
	uint64_t proceed_ns;		/* when the controller would kexec, 0 before */
	uint64_t park_deadline_ns;	/* a parked CPU leaves by itself after this */
	uint64_t wbinvd_delay_ns;	/* busy-wait next to each WBINVD */
	int32_t remaining;		/* targets whose stop-mask bit is still set */
	uint8_t ordering;		/* enum cpulab_stop_ordering */
	uint8_t released;
	uint8_t proceeded;
	uint8_t race_at_proceed;	/* a handler was in flight when it proceeded */
	uint8_t timed_out;		/* it proceeded because its timeouts ran out */
};

struct cpulab_stop_cpu {
	uint64_t clear_ns;		/* trigger to its bit cleared, 0 if never */
	uint64_t wbinvd_ns;
	uint32_t entries;		/* handler entries, IPI and NMI */
	uint32_t wbinvds;
	int32_t in_flight;		/* handlers between entry and parking */
	int32_t active;			/* handlers not yet returned */
	int32_t depth;			/* stop handlers running on it, nested by NMI */
	uint32_t reserved;
	uint8_t targeted;
	uint8_t in_mask;		/* its bit in the stop mask */
	uint8_t stage;			/* enum cpulab_stop_stage that cleared the bit */
	uint8_t nmi_pending;		/* an NMI from the controller is on its way */
	uint8_t nmi_sent;
	uint8_t virt_disabled;
	uint8_t late;			/* a handler entered at or after proceeding */
	uint8_t entered;
};

CPULAB_ABI_STATIC_ASSERT(sizeof(struct cpulab_stop_cpu) == 48,
			 "cpulab_stop_cpu layout is shared by C and C++");

/* Controller: start a run, and arm one target (before any IPI or NMI is sent). */
void cpulab_core_stop_begin(struct cpulab_stop_run *run, uint8_t ordering,
			    uint64_t wbinvd_delay_ns, uint64_t park_bound_ns);
void cpulab_core_stop_arm(struct cpulab_stop_run *run, struct cpulab_stop_cpu *stop);

/*
 * The target's side, in IPI (@stage IPI) or NMI (@stage NMI) context on
 * that CPU: disable virtualization as cpu_emergency_disable_virtualization()
 * would, WBINVD if incoherent, clear its stop-mask bit, park until released
 * (or the park deadline), then restore what it turned off.
 */
void cpulab_core_stop_handler(struct cpulab_stop_run *run, struct cpulab_stop_cpu *stop,
			      struct cpulab_virt_cpu *virt, struct cpulab_cache_cpu *cache,
			      uint8_t stage);

/*
 * NMI context, for every NMI on this CPU: if it is cpulab's (the
 * controller set nmi_pending before sending it), consume the flag, run the
 * handler with @stage NMI and return true. Anything else belongs to perf,
 * the watchdog or the kernel: return false at once.
 */
bool cpulab_core_stop_nmi(struct cpulab_stop_run *run, struct cpulab_stop_cpu *stop,
			  struct cpulab_virt_cpu *virt, struct cpulab_cache_cpu *cache);

/*
 * Controller. stopped: every bit cleared and, when hardened, no handler in
 * flight. proceed: record the instant it would kexec, whether it got there
 * because the timeouts ran out (not stopped then), and otherwise whether a
 * handler was still in flight. settled: after release, every handler has
 * returned and every NMI sent has arrived.
 */
bool cpulab_core_stop_stopped(const struct cpulab_stop_run *run,
			      const struct cpulab_stop_cpu *stops, unsigned int count);
void cpulab_core_stop_proceed(struct cpulab_stop_run *run,
			      const struct cpulab_stop_cpu *stops, unsigned int count);
void cpulab_core_stop_release(struct cpulab_stop_run *run);
bool cpulab_core_stop_settled(const struct cpulab_stop_cpu *stops, unsigned int count);

/*
 * The verdict (enum cpulab_stop_verdict), once settled:
 * - timed-out: the controller proceeded because its last wait ran out, with
 *   a bit still set or (hardened) a handler still in flight. It knew; the
 *   kernel would print that it failed to stop the CPUs.
 * - race: it proceeded believing every target stopped, yet a handler was
 *   still in flight then, or one entered afterwards. Nobody knew.
 * - stopped: neither.
 * Hardened ordering's guarantee is "never race": it proceeds early only
 * when no handler is in flight and ignores re-entry, so a handler slower
 * than the timeouts makes the run timed-out.
 */
uint8_t cpulab_core_stop_verdict(const struct cpulab_stop_run *run,
				 const struct cpulab_stop_cpu *stops, unsigned int count);

/*
 * CR4 audit on the calling CPU (interrupts off): reads the hardware CR4 and
 * the shadow, judges them against @pinned_mask (the running kernel's, from
 * cpulab_core_cr4_pinned_mask()) and @pinned_reference (the boot CPU's
 * pinned bits), and VMXE against @virt's ownership; records the outcome in
 * @record and describes it in @result.
 */
void cpulab_core_cr4_audit(struct cpulab_cr4_cpu *record, const struct cpulab_virt_cpu *virt,
			   uint64_t pinned_mask, uint64_t pinned_reference,
			   struct cpulab_cr4_audit_result *result);

/* The pinned-bit mask of kernel @linux_version_code (LINUX_VERSION_CODE). */
uint64_t cpulab_core_cr4_pinned_mask(uint32_t linux_version_code);

/*
 * CR4_PERTURB on the calling CPU (interrupts off): set @bit in hardware CR4
 * only, bypassing the shadow. Returns OK, NOT_PERTURBABLE, ALREADY_PERTURBED,
 * SHADOW_NOT_EXPORTED (no shadow to check against) or BIT_IN_USE (the
 * shadow has the bit set: flipping it would take a permission away from a
 * running task). Restore puts the bit back to the
 * shadow's value: OK or NOT_PERTURBED.
 */
enum cpulab_status cpulab_core_cr4_perturb(struct cpulab_cr4_cpu *record, uint8_t bit);
enum cpulab_status cpulab_core_cr4_restore(struct cpulab_cr4_cpu *record);

/* Stable names: "shadow-mismatch", "pinned-missing", ... */
const char *cpulab_core_cr4_finding_name(uint8_t finding);

/* Stable names: "on", "vmfail-invalid", "precheck:feature-control-unlocked". */
const char *cpulab_core_virt_state_name(uint8_t state);
const char *cpulab_core_virt_error_name(uint8_t error);

/*
 * Reads @cpu: online state, and for an online CPU its hardware CR4, CR4
 * shadow and virtualization capability, all in one IPI on that CPU, with
 * copies of @virt and @cache (that CPU's records) taken in the same IPI.
 * Where the kernel owns VMX/SVM (7.1+) @virt is first re-observed there:
 * KVM takes and drops its references without telling cpulab.
 * Context: process, may wait for an IPI; the caller holds cpus_read_lock()
 * so the online state cannot change under it.
 */
enum cpulab_status cpulab_core_read_cpu(unsigned int cpu,
					    struct cpulab_virt_cpu *virt,
					    const struct cpulab_cache_cpu *cache,
					    const struct cpulab_cr4_cpu *cr4,
					    struct cpulab_cpu_report *report);

/* Whether @cpu names a possible CPU: OK, or why not. */
enum cpulab_status cpulab_core_check_cpu(unsigned int cpu);

/*
 * Latency statistics over @count samples (sorted in place): min, median
 * (the lower middle for an even count) and max; all 0 for no samples.
 */
struct cpulab_latency_stats {
	uint64_t min_ns;
	uint64_t median_ns;
	uint64_t max_ns;
};

void cpulab_core_latency_stats(uint64_t *samples, uint32_t count,
			       struct cpulab_latency_stats *stats);

#ifdef __cplusplus
}
#endif

#endif /* CPULAB_CORE_CPULAB_CORE_H */
