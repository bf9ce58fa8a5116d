/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CPULAB_KERNEL_CACHE_H
#define CPULAB_KERNEL_CACHE_H

#include <linux/types.h>

#include "../core/cpulab_core.h"

struct cpumask;

/*
 * Hotplug, from the CPU's own online/offline callback (process context,
 * hotplug lock held): re-evaluate the persistent reason on online; on
 * offline, flush if incoherent (after virtualization is off).
 */
void cpulab_cache_cpu_online(unsigned int cpu);
void cpulab_cache_cpu_offline(unsigned int cpu);

/*
 * CACHE_MARK (@mark) or CACHE_FLUSH on every CPU in @cpus, each on the CPU
 * itself. Every CPU must be online: otherwise OFFLINE, *@failed_cpu set,
 * and nothing changed. Context: process, may sleep.
 */
enum cpulab_status cpulab_cache_request(const struct cpumask *cpus, bool mark,
					unsigned int *failed_cpu);

#endif /* CPULAB_KERNEL_CACHE_H */
