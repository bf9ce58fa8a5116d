/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CPULAB_KERNEL_CPU_RECORDS_H
#define CPULAB_KERNEL_CPU_RECORDS_H

#include "../core/cpulab_core.h"

/*
 * What cpulab keeps about one CPU, in one home: each part is the core's
 * record for one concern, written by that concern's file (virt.c, cache.c,
 * cr4.c; the STOP handlers in stop.c, IPI or NMI context) on the CPU
 * itself with interrupts off. STOP's own per-target records stay in
 * stop.c: the core's protocol reads them as one array. Readers from process context hold cpus_read_lock(), which
 * excludes the hotplug callbacks, and copy a record on its CPU (CPU_GET).
 */
struct cpulab_cpu {
	struct cpulab_virt_cpu virt;
	struct cpulab_cache_cpu cache;
	struct cpulab_cr4_cpu cr4;
};

/* First at load and last at unload: every other part may use them throughout. */
int cpulab_cpu_records_init(void);
void cpulab_cpu_records_exit(void);

/* @cpu's records; NULL for an id >= nr_cpu_ids. */
struct cpulab_cpu *cpulab_cpu(unsigned int cpu);

#endif /* CPULAB_KERNEL_CPU_RECORDS_H */
