/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CPULAB_KERNEL_NETLINK_H
#define CPULAB_KERNEL_NETLINK_H

int cpulab_netlink_init(void);
void cpulab_netlink_exit(void);

#endif /* CPULAB_KERNEL_NETLINK_H */
