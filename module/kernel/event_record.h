/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One event as queued by events.c and encoded by netlink.c. Its own header
 * so that netlink.c needs the record, not the queue: events.c calls into
 * netlink.c, and nothing calls back.
 */
#ifndef CPULAB_KERNEL_EVENT_RECORD_H
#define CPULAB_KERNEL_EVENT_RECORD_H

#include <linux/types.h>

/* One queued event; netlink.c turns it into a CPULAB_CMD_EVENT message. */
struct cpulab_event {
	u64 seq;
	u64 time_ns;		/* ktime_get_ns() */
	u64 lost;		/* EVENT_LOST: how many were dropped */
	u32 cpu;
	u32 virt_errno;
	u8 type;		/* enum cpulab_event_type */
	u8 cause;		/* enum cpulab_event_cause */
	u8 virt_old;		/* enum cpulab_virt_state */
	u8 virt_new;
	u8 virt_error;		/* enum cpulab_virt_error */
	u8 cache_incoherent;
	u32 cache_reasons_old;
	u32 cache_reasons;
	u8 stop_stage;		/* enum cpulab_stop_stage */
	u8 cr4_finding;		/* enum cpulab_cr4_finding */
	u8 cr4_shadow_valid;	/* the kernel let cpulab read the shadow */
	u64 stop_clear_ns;
	u64 cr4_bits;
	u64 cr4;
	u64 cr4_shadow;
};

#endif /* CPULAB_KERNEL_EVENT_RECORD_H */
