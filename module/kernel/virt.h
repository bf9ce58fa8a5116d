/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CPULAB_KERNEL_VIRT_H
#define CPULAB_KERNEL_VIRT_H

struct cpumask;

#include <linux/types.h>

#include "../core/cpulab_core.h"

/* The records, their pages and the shutdown hooks; no CPU is touched. */
int cpulab_virt_init(void);
void cpulab_virt_exit(void);

/*
 * From the hotplug state (cpuhp.c), on the way up: enable on @cpu if
 * cpulab wants it on, or record who has it. Returns 0, or -errno to refuse
 * the online (on_fail=block). On the way down: disable; cannot fail.
 */
int cpulab_virt_cpu_online(unsigned int cpu);
void cpulab_virt_cpu_offline(unsigned int cpu);

/*
 * VIRT_ENABLE (@enable) or VIRT_DISABLE on every CPU in @cpus, all or
 * nothing. On failure returns why and sets *@failed_cpu; for a VIRT_*
 * status that CPU's record names the failure class. Context: process, may
 * sleep.
 */
enum cpulab_status cpulab_virt_request(const struct cpumask *cpus, bool enable,
				       unsigned int *failed_cpu);

/*
 * INJECT: arm @injection on the online CPU @cpu. OFFLINE if it is not
 * online, INJECTION_NOT_APPLICABLE if the class does not apply to its
 * extension. Context: process, may sleep.
 */
enum cpulab_status cpulab_virt_arm_injection(unsigned int cpu, u8 injection);

#endif /* CPULAB_KERNEL_VIRT_H */
