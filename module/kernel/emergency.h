/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CPULAB_KERNEL_EMERGENCY_H
#define CPULAB_KERNEL_EMERGENCY_H

#include <linux/types.h>

/*
 * Take the kernel's emergency virtualization slot if it is free. After
 * the online callbacks filled the virt records (cpulab_cpuhp_init()): a
 * foreign CPU means another hypervisor is active. Context: process.
 */
int cpulab_emergency_init(void);
void cpulab_emergency_exit(void);

/* enum cpulab_emergency_owner */
u8 cpulab_emergency_owner(void);

#endif /* CPULAB_KERNEL_EMERGENCY_H */
