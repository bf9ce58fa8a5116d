/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What kernel_view.bpf.c leaves in its global data for the loader: shared
 * by the BPF program and user/src/kernel_view.cpp, so both see one layout.
 */
#pragma once

#include <linux/types.h>

/* Far above any VM here; a larger machine gets its first 1024 CPUs. */
#define KERNEL_VIEW_MAX_CPUS 1024

#define KERNEL_VIEW_FOUND_CR4_SHADOW		(1u << 0)
#define KERNEL_VIEW_FOUND_CACHE_INCOHERENT	(1u << 1)
#define KERNEL_VIEW_FOUND_VIRT_USERS		(1u << 2)

struct kernel_view_values {
	__u32 found;	/* KERNEL_VIEW_FOUND_*: the variables this kernel's BTF has */
	__u32 cpus;	/* CPUs read, from 0 */
	__u64 cr4_shadow[KERNEL_VIEW_MAX_CPUS];
	__s32 virt_users[KERNEL_VIEW_MAX_CPUS];
	__u8 cache_incoherent[KERNEL_VIEW_MAX_CPUS];
};
