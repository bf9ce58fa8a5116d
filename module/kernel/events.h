/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CPULAB_KERNEL_EVENTS_H
#define CPULAB_KERNEL_EVENTS_H

#include <linux/types.h>

struct cpulab_cache_cpu;
struct cpulab_stop_cpu;
struct cpulab_virt_cpu;

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
	u64 stop_clear_ns;
	u64 cr4_bits;
	u64 cr4;
	u64 cr4_shadow;
};

/*
 * Queue an event for the "events" group. Callable from process, softirq
 * and hard-IRQ context with interrupts on or off; never from NMI (it takes
 * a spinlock). Does nothing until cpulab_events_start() and after
 * cpulab_events_stop().
 */
void cpulab_event_cpu(u8 type, unsigned int cpu, u8 cause);
void cpulab_event_virt(unsigned int cpu, u8 cause, u8 old_state,
		       const struct cpulab_virt_cpu *virt);
void cpulab_event_cache(unsigned int cpu, u8 cause, u32 old_reasons,
			const struct cpulab_cache_cpu *cache);
void cpulab_event_stop(unsigned int cpu, const struct cpulab_stop_cpu *stop);
/* One CR4 audit outcome: a finding with its bits, or NONE for a clean audit. */
void cpulab_event_cr4(unsigned int cpu, u8 cause, u8 finding, u64 bits, u64 cr4, u64 cr4_shadow);

/* Context: process. Start once the family is registered, stop before it goes. */
void cpulab_events_start(void);
void cpulab_events_stop(void);

#endif /* CPULAB_KERNEL_EVENTS_H */
