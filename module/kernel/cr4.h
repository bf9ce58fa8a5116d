/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CPULAB_KERNEL_CR4_H
#define CPULAB_KERNEL_CR4_H

#include <linux/types.h>

#include "../core/cpulab_core.h"

struct cpumask;

/* Reads the boot CPU's pinned bits; before the hotplug state is set up. */
int cpulab_cr4_init(void);

u64 cpulab_cr4_pinned_mask(void);
u64 cpulab_cr4_pinned_reference(void);

/*
 * Hotplug, from the CPU's own callbacks (process context, hotplug lock
 * held): audit on online, after virtualization is set up; on offline,
 * undo a perturbation so the CPU comes back as the kernel left it.
 */
void cpulab_cr4_cpu_online(unsigned int cpu);
void cpulab_cr4_cpu_offline(unsigned int cpu);

/*
 * CR4_AUDIT on every CPU in @cpus, each on the CPU itself. Every CPU must
 * be online: otherwise OFFLINE with *@failed_cpu, nothing audited.
 * *@findings counts what this audit found. Context: process, may sleep.
 */
enum cpulab_status cpulab_cr4_audit(const struct cpumask *cpus, unsigned int *failed_cpu,
				    u64 *findings);

/*
 * CR4_PERTURB on online @cpu: set @bit in hardware CR4 only, or with
 * @restore put it back. OFFLINE if @cpu is offline, else the core's status.
 * *@cr4 is the hardware CR4 afterwards. Context: process, may sleep.
 */
enum cpulab_status cpulab_cr4_perturb(unsigned int cpu, u8 bit, bool restore, u64 *cr4);

#endif /* CPULAB_KERNEL_CR4_H */
