/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The core's statuses (core/status.cpp) where the kernel reports them
 * without an extack: hotplug callbacks and the log. Netlink requests go
 * through cpulab_status_to_errno() (netlink_internal.h), which adds the
 * message.
 */
#ifndef CPULAB_KERNEL_STATUS_H
#define CPULAB_KERNEL_STATUS_H

#include <linux/build_bug.h>
#include <linux/errno.h>

#include "../core/cpulab_core.h"
#include "../core/errno_abi.h"

/* The core names errnos without kernel headers: they must be the kernel's. */
static_assert(CPULAB_ERRNO_EIO == EIO && CPULAB_ERRNO_EFAULT == EFAULT &&
	      CPULAB_ERRNO_EBUSY == EBUSY && CPULAB_ERRNO_ENODEV == ENODEV &&
	      CPULAB_ERRNO_EINVAL == EINVAL && CPULAB_ERRNO_EOPNOTSUPP == EOPNOTSUPP &&
	      CPULAB_ERRNO_ESHUTDOWN == ESHUTDOWN && CPULAB_ERRNO_EALREADY == EALREADY);

/* -errno for @status; 0 for OK. */
static inline int cpulab_status_errno(enum cpulab_status status)
{
	return -cpulab_core_status_info(status)->errno_value;
}

/* Its stable name, for the log: "foreign", "virt-vmfail". */
static inline const char *cpulab_status_name(enum cpulab_status status)
{
	return cpulab_core_status_info(status)->name;
}

#endif /* CPULAB_KERNEL_STATUS_H */
