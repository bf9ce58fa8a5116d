/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CPULAB_KERNEL_STOP_H
#define CPULAB_KERNEL_STOP_H

#include <linux/types.h>

struct cpulab_stop_cpu;

struct cpulab_stop_params {
	u8 mode;		/* enum cpulab_stop_mode */
	u8 ordering;		/* enum cpulab_stop_ordering */
	u32 wbinvd_delay_us;
	u32 ipi_timeout_ms;
	u32 nmi_timeout_ms;
	u32 hold_ms;		/* after proceeding, before the release */
};

struct cpulab_stop_report {
	u32 targets;
	bool all_stopped;
	u8 verdict;		/* enum cpulab_stop_verdict */
	u64 time_ns;		/* trigger to the last bit cleared */
	u64 proceed_ns;		/* trigger to proceeding */
};

int cpulab_stop_init(void);
void cpulab_stop_exit(void);

/*
 * Runs one STOP from the calling CPU and copies each CPU's result into
 * @results (nr_cpu_ids entries; untargeted ones have .targeted 0).
 * -EBUSY if a STOP is running. Context: process, may sleep; spins for at
 * most the park bound (well under a second) with preemption off.
 */
int cpulab_stop(const struct cpulab_stop_params *params, struct cpulab_stop_report *report,
		struct cpulab_stop_cpu *results);

#endif /* CPULAB_KERNEL_STOP_H */
