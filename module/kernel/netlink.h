/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CPULAB_KERNEL_NETLINK_H
#define CPULAB_KERNEL_NETLINK_H

struct cpulab_event;

int cpulab_netlink_init(void);
void cpulab_netlink_exit(void);

/* Multicast @event on the "events" group. Context: process, may sleep. */
void cpulab_netlink_send_event(const struct cpulab_event *event);

#endif /* CPULAB_KERNEL_NETLINK_H */
