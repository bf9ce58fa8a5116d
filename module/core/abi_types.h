/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixed-width types for the headers shared by the C glue and the C++ core.
 * Kernel C gets them from <linux/types.h>, which the glue includes first;
 * the core and the userspace tests get them from the compiler's freestanding
 * <stdint.h>, the only C header that works under -nostdinc.
 */
#ifndef CPULAB_CORE_ABI_TYPES_H
#define CPULAB_CORE_ABI_TYPES_H

#ifndef __KERNEL__
#include <stdint.h>
#if !defined(__cplusplus)
#include <stdbool.h>
#endif
#endif

#ifdef __cplusplus
#define CPULAB_ABI_STATIC_ASSERT(cond, why) static_assert(cond, why)
#else
#define CPULAB_ABI_STATIC_ASSERT(cond, why) _Static_assert(cond, why)
#endif

#endif /* CPULAB_CORE_ABI_TYPES_H */
