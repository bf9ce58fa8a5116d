/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CPULAB_KERNEL_CPUHP_H
#define CPULAB_KERNEL_CPUHP_H

/*
 * cpulab's one CPU hotplug state. Init runs the online callback on every
 * online CPU before it returns, so the records it fills (cache, virt, CR4)
 * must exist first; exit runs the offline callback on every online CPU,
 * which leaves none with virtualization on.
 */
int cpulab_cpuhp_init(void);
void cpulab_cpuhp_exit(void);

#endif /* CPULAB_KERNEL_CPUHP_H */
