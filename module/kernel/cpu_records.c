// SPDX-License-Identifier: GPL-2.0
/*
 * The per-CPU records (cpu_records.h). One array indexed by CPU id, sized
 * by nr_cpu_ids, which is fixed after boot; a CPU that is possible but has
 * never been online keeps zeroed records.
 */
#include <linux/cpumask.h>
#include <linux/slab.h>

#include "cpu_records.h"

static struct cpulab_cpu *cpulab_cpus;

int cpulab_cpu_records_init(void)
{
	cpulab_cpus = kcalloc(nr_cpu_ids, sizeof(*cpulab_cpus), GFP_KERNEL);
	return cpulab_cpus ? 0 : -ENOMEM;
}

void cpulab_cpu_records_exit(void)
{
	kfree(cpulab_cpus);
	cpulab_cpus = NULL;
}

struct cpulab_cpu *cpulab_cpu(unsigned int cpu)
{
	return cpu < nr_cpu_ids ? &cpulab_cpus[cpu] : NULL;
}
