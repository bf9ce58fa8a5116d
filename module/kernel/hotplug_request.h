/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CPULAB_KERNEL_HOTPLUG_REQUEST_H
#define CPULAB_KERNEL_HOTPLUG_REQUEST_H

#include <linux/types.h>

#include "../core/cpulab_core.h"

struct cpumask;

/* One CPU's CPU_CYCLE statistics. */
struct cpulab_cycle_cpu {
	u32 cpu;
	u32 attempts;
	u32 successes;
	u32 failures;
	u32 last_errno;		/* positive */
	u64 offline_min_ns, offline_median_ns, offline_max_ns;
	u64 online_min_ns, online_median_ns, online_max_ns;
};

/*
 * CPU_OFFLINE (@online false) or CPU_ONLINE on a possible @cpu, from
 * process context with no cpulab lock that a hotplug callback takes.
 * Returns 0 with *@ns the remove_cpu()/add_cpu() time; the refusal's errno
 * with *@refusal (NOT_PRESENT, NOT_HOTPLUGGABLE, ALREADY_OFFLINE or
 * ALREADY_ONLINE) when the CPU cannot be driven (nothing changed); -EINTR
 * on a signal while waiting for another request; or the kernel's error.
 */
int cpulab_hotplug_set(unsigned int cpu, bool online, enum cpulab_status *refusal, u64 *ns);

/*
 * CPU_CYCLE: @rounds rounds over @cpus (possible CPUs), each CPU offline
 * then online. Checks every CPU first (the refusal's errno, *@failed_cpu
 * and *@refusal set, nothing changed). Fills @stats in CPU order (one per CPU in @cpus);
 * *@interrupted when a signal ended it early. Context: process, may sleep
 * for as long as the rounds take.
 */
int cpulab_hotplug_cycle(const struct cpumask *cpus, u32 rounds, struct cpulab_cycle_cpu *stats,
			 unsigned int *failed_cpu, enum cpulab_status *refusal,
			 bool *interrupted);

#endif /* CPULAB_KERNEL_HOTPLUG_REQUEST_H */
