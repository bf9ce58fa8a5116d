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

#ifdef __cplusplus
extern "C" {
#endif

/* Every failure the core can report. cpulab_core_error_name() spells them. */
enum cpulab_core_error {
	CPULAB_CORE_OK = 0,
	CPULAB_CORE_ERR_CPU_OUT_OF_RANGE,	/* id >= nr_cpu_ids */
	CPULAB_CORE_ERR_CPU_NOT_POSSIBLE,	/* id < nr_cpu_ids, not in cpu_possible_mask */
	CPULAB_CORE_ERR_CPU_UNREACHABLE,	/* online, yet run_on_cpu failed */
	CPULAB_CORE_ERR_COUNT
};

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
	uint32_t reserved2;
};

CPULAB_ABI_STATIC_ASSERT(sizeof(struct cpulab_virt_cpu) == 72,
			 "cpulab_virt_cpu layout is shared by C and C++");
CPULAB_ABI_STATIC_ASSERT(__builtin_offsetof(struct cpulab_virt_cpu, last_errno) == 56,
			 "cpulab_virt_cpu.last_errno moved");

/* One CPU as read by cpulab_core_read_cpu(). */
struct cpulab_cpu_report {
	uint64_t cr4;			/* hardware CR4; valid if registers_valid */
	uint64_t cr4_shadow;		/* cr4_read_shadow(); valid if registers_valid */
	uint32_t cpu;
	uint8_t online;
	uint8_t registers_valid;	/* read on the CPU itself (it was online) */
	uint8_t virt_capability;	/* enum cpulab_virt_cap; valid if registers_valid */
	uint8_t reserved;
	struct cpulab_virt_cpu virt;	/* snapshot, taken on the CPU if online */
};

CPULAB_ABI_STATIC_ASSERT(sizeof(struct cpulab_cpu_report) == 96,
			 "cpulab_cpu_report layout is shared by C and C++");
CPULAB_ABI_STATIC_ASSERT(__builtin_offsetof(struct cpulab_cpu_report, cpu) == 16,
			 "cpulab_cpu_report.cpu moved");
CPULAB_ABI_STATIC_ASSERT(__builtin_offsetof(struct cpulab_cpu_report, virt_capability) == 22,
			 "cpulab_cpu_report.virt_capability moved");

/*
 * Enable or disable hardware virtualization on the calling CPU.
 * Context: on that CPU, interrupts off (the glue runs them through
 * cpulab_platform_run_on_cpu()). Enabling an enabled CPU does nothing, so
 * VMXON never stacks. Returns 0 or a negative errno; the reason is recorded
 * in @virt. A failed enable leaves nothing set: CR4.VMXE, Intel PT and
 * EFER.SVME are as they were.
 */
int cpulab_core_virt_enable(struct cpulab_virt_cpu *virt);
int cpulab_core_virt_disable(struct cpulab_virt_cpu *virt);

/*
 * Hotplug: the online callback enables if the CPU has requests; the
 * offline callback disables and keeps the requests.
 */
bool cpulab_core_virt_wanted(const struct cpulab_virt_cpu *virt);

/*
 * VIRT_ENABLE / VIRT_DISABLE on one CPU. Context: on that CPU with
 * interrupts off when @online, otherwise anywhere while it stays offline
 * (then only the count changes). Returns 0 or a negative errno:
 * -EBUSY (foreign owner), -EOPNOTSUPP (no VMX/SVM), -EALREADY (nothing to
 * release), or an enable failure, which is not counted as a request.
 */
int cpulab_core_virt_request_enable(struct cpulab_virt_cpu *virt, bool online);
int cpulab_core_virt_request_disable(struct cpulab_virt_cpu *virt, bool online);

/*
 * INJECT: arm @injection for the next enable. Context: on that CPU,
 * interrupts off (CPUID decides which classes apply). Returns 0 or
 * -EOPNOTSUPP for a class this CPU's extension does not have.
 */
int cpulab_core_virt_arm_injection(struct cpulab_virt_cpu *virt, uint8_t injection);

/* Stable names: "on", "vmfail-invalid", "precheck:feature-control-unlocked". */
const char *cpulab_core_virt_state_name(uint8_t state);
const char *cpulab_core_virt_error_name(uint8_t error);

/*
 * Reads @cpu: online state, and for an online CPU its hardware CR4, CR4
 * shadow and virtualization capability, all in one IPI on that CPU, with a
 * copy of @virt (that CPU's record) taken in the same IPI.
 * Context: process, may wait for an IPI; the caller holds cpus_read_lock()
 * so the online state cannot change under it.
 */
enum cpulab_core_error cpulab_core_read_cpu(unsigned int cpu,
					    const struct cpulab_virt_cpu *virt,
					    struct cpulab_cpu_report *report);

/* Whether @cpu names a possible CPU: OK, or why not. */
enum cpulab_core_error cpulab_core_check_cpu(unsigned int cpu);

/* Stable, user-readable name of an error ("cpu-out-of-range"). */
const char *cpulab_core_error_name(enum cpulab_core_error error);

#ifdef __cplusplus
}
#endif

#endif /* CPULAB_CORE_CPULAB_CORE_H */
