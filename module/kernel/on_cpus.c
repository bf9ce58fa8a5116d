// SPDX-License-Identifier: GPL-2.0
/*
 * A request's per-CPU work, all or nothing: every CPU of the mask must be
 * online before @func runs anywhere, so a refused request changes nothing.
 *
 * Context: process context, the caller holding cpus_read_lock() so no CPU
 * of the mask changes state between the check and the calls. @func runs on
 * each CPU in turn, in IPI context, and may accumulate into @arg.
 * Returns OK, or with *@failed_cpu naming the CPU: OFFLINE, or
 * CPU_UNREACHABLE when smp_call_function_single() did not run @func there.
 */
#include <linux/cpu.h>

#include "on_cpus.h"

enum cpulab_status cpulab_on_online_cpus(const struct cpumask *cpus, smp_call_func_t func,
					 void *arg, unsigned int *failed_cpu)
{
	unsigned int cpu;

	for_each_cpu(cpu, cpus) {
		if (!cpu_online(cpu)) {
			*failed_cpu = cpu;
			return CPULAB_STATUS_OFFLINE;
		}
	}
	for_each_cpu(cpu, cpus) {
		if (smp_call_function_single(cpu, func, arg, 1)) {
			*failed_cpu = cpu;
			return CPULAB_STATUS_CPU_UNREACHABLE;
		}
	}
	return CPULAB_STATUS_OK;
}
