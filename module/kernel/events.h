/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CPULAB_KERNEL_EVENTS_H
#define CPULAB_KERNEL_EVENTS_H

#include <linux/types.h>

#include "event_record.h"

struct cpulab_cache_cpu;
struct cpulab_cr4_audit_result;
struct cpulab_stop_cpu;
struct cpulab_virt_cpu;

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
void cpulab_event_cr4(unsigned int cpu, u8 cause, u8 finding, u64 bits,
		      const struct cpulab_cr4_audit_result *seen);

/* Context: process. Start once the family is registered, stop before it goes. */
void cpulab_events_start(void);
void cpulab_events_stop(void);

#endif /* CPULAB_KERNEL_EVENTS_H */
