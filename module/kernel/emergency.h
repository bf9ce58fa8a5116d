/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CPULAB_KERNEL_EMERGENCY_H
#define CPULAB_KERNEL_EMERGENCY_H

#include <linux/types.h>

struct cpulab_virt_cpu;

/*
 * Take the kernel's emergency virtualization slot if it is free.
 * @virt: the per-CPU records, already filled by the online callbacks (a
 * foreign CPU means another hypervisor is active). Context: process.
 */
int cpulab_emergency_init(struct cpulab_virt_cpu *virt);
void cpulab_emergency_exit(void);

/* enum cpulab_emergency_owner */
u8 cpulab_emergency_owner(void);

#endif /* CPULAB_KERNEL_EMERGENCY_H */
