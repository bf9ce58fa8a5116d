/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CPULAB_KERNEL_ON_CPUS_H
#define CPULAB_KERNEL_ON_CPUS_H

#include <linux/cpumask.h>
#include <linux/smp.h>

#include "../core/cpulab_core.h"

enum cpulab_status cpulab_on_online_cpus(const struct cpumask *cpus, smp_call_func_t func,
					 void *arg, unsigned int *failed_cpu);

#endif /* CPULAB_KERNEL_ON_CPUS_H */
