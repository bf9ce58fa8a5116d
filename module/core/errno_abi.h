/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The errnos the core's statuses are reported with (status.cpp). Linux
 * errno numbers are ABI (include/uapi/asm-generic/errno-base.h, errno.h),
 * so the core, which sees no kernel header, names them itself; the glue
 * pins each against the kernel's own constant (kernel/status.h). Plain C,
 * so that both sides read the same definitions.
 */
#ifndef CPULAB_CORE_ERRNO_ABI_H
#define CPULAB_CORE_ERRNO_ABI_H

enum cpulab_errno_abi {
	CPULAB_ERRNO_EIO = 5,
	CPULAB_ERRNO_EFAULT = 14,
	CPULAB_ERRNO_EBUSY = 16,
	CPULAB_ERRNO_ENODEV = 19,
	CPULAB_ERRNO_EINVAL = 22,
	CPULAB_ERRNO_EOPNOTSUPP = 95,
	CPULAB_ERRNO_ESHUTDOWN = 108,
	CPULAB_ERRNO_EALREADY = 114,
};

#endif /* CPULAB_CORE_ERRNO_ABI_H */
