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

/* One CPU as read by cpulab_core_read_cpu(). */
struct cpulab_cpu_report {
	uint64_t cr4;			/* hardware CR4; valid if registers_valid */
	uint64_t cr4_shadow;		/* cr4_read_shadow(); valid if registers_valid */
	uint32_t cpu;
	uint8_t online;
	uint8_t registers_valid;	/* read on the CPU itself (it was online) */
	uint8_t virt_capability;	/* enum cpulab_virt_cap; valid if registers_valid */
	uint8_t reserved;
};

CPULAB_ABI_STATIC_ASSERT(sizeof(struct cpulab_cpu_report) == 24,
			 "cpulab_cpu_report layout is shared by C and C++");
CPULAB_ABI_STATIC_ASSERT(__builtin_offsetof(struct cpulab_cpu_report, cpu) == 16,
			 "cpulab_cpu_report.cpu moved");
CPULAB_ABI_STATIC_ASSERT(__builtin_offsetof(struct cpulab_cpu_report, virt_capability) == 22,
			 "cpulab_cpu_report.virt_capability moved");

/*
 * Reads @cpu: online state, and for an online CPU its hardware CR4, CR4
 * shadow and virtualization capability, all in one IPI on that CPU.
 * Context: process, may wait for an IPI; the caller holds cpus_read_lock()
 * so the online state cannot change under it.
 */
enum cpulab_core_error cpulab_core_read_cpu(unsigned int cpu,
					    struct cpulab_cpu_report *report);

/* Stable, user-readable name of an error ("cpu-out-of-range"). */
const char *cpulab_core_error_name(enum cpulab_core_error error);

#ifdef __cplusplus
}
#endif

#endif /* CPULAB_CORE_CPULAB_CORE_H */
