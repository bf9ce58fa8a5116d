/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's own per-CPU view, as `cpulab status --json` reads it from
 * the kernel's BTF through BPF (user/bpf/kernel_view.bpf.c): what a test
 * holds the hardware to where the kernel exports nothing to modules.
 */
#ifndef CPULAB_SELFTEST_KERNEL_VIEW_H
#define CPULAB_SELFTEST_KERNEL_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "sysfs_cpus.h"

struct kernel_view {
	/* "read", "not in this kernel's BTF" or "not read: WHY". */
	char cr4_shadow_status[128];
	bool has_cr4_shadow[SELFTEST_MAX_CPUS];
	uint64_t cr4_shadow[SELFTEST_MAX_CPUS];	/* cpu_tlbstate.cr4 */
};

/*
 * Runs the CLI's `status --json` and keeps each online CPU's kernel view.
 * 0, or -1 with @problem (of @cap bytes) saying why nothing was read.
 */
int kernel_view_read(struct kernel_view *view, char *problem, unsigned int cap);

#endif /* CPULAB_SELFTEST_KERNEL_VIEW_H */
