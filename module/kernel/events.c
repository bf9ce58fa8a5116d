// SPDX-License-Identifier: GPL-2.0
/*
 * The event queue between the places where state changes (hotplug
 * callbacks, IPI handlers, syscore hooks) and the "events" multicast group.
 *
 * Producers may run with interrupts off, where building and sending a
 * netlink message is not allowed, so they only copy a small record into a
 * fixed ring under a spinlock; a work item sends from process context.
 *
 * The ring never loses silently: its last free slot is kept for an
 * EVENT_LOST marker, which counts the events dropped while it is full and
 * carries the sequence number of the last one, so a listener sees exactly
 * which numbers are missing, in order.
 *
 * Locking: cpulab_events_lock (irqsave) protects the ring, the sequence
 * and cpulab_events_live. NMI context must not queue: it cannot take the
 * lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/spinlock.h>
#include <linux/ktime.h>
#include <linux/workqueue.h>

#include "../../include/uapi/cpulab.h"
#include "../core/cpulab_core.h"
#include "events.h"
#include "netlink.h"

/* Enough for every CPU of a large test host to change state twice at once. */
#define CPULAB_EVENT_RING_SIZE 512

static DEFINE_SPINLOCK(cpulab_events_lock);
static struct cpulab_event cpulab_event_ring[CPULAB_EVENT_RING_SIZE];
static unsigned int cpulab_event_head;	/* next to send */
static unsigned int cpulab_event_count;
static u64 cpulab_event_seq;
static bool cpulab_events_live;

static void cpulab_events_send(struct work_struct *work);
static DECLARE_WORK(cpulab_events_work, cpulab_events_send);

static void cpulab_event_queue(struct cpulab_event *event)
{
	struct cpulab_event *slot;
	unsigned long flags;

	spin_lock_irqsave(&cpulab_events_lock, flags);
	if (!cpulab_events_live)
		goto out;
	event->seq = ++cpulab_event_seq;
	/* Read under the lock, so times are monotonic in sequence order. */
	event->time_ns = ktime_get_ns();
	slot = &cpulab_event_ring[(cpulab_event_head + cpulab_event_count) %
				  CPULAB_EVENT_RING_SIZE];
	if (cpulab_event_count == CPULAB_EVENT_RING_SIZE) {
		/* Full: the newest slot is a LOST marker; it absorbs this one. */
		slot = &cpulab_event_ring[(cpulab_event_head + cpulab_event_count - 1) %
					  CPULAB_EVENT_RING_SIZE];
		slot->lost++;
		slot->seq = event->seq;
		slot->time_ns = event->time_ns;
		goto out;
	}
	if (cpulab_event_count == CPULAB_EVENT_RING_SIZE - 1)
		*event = (struct cpulab_event) {
			.type = CPULAB_EVENT_LOST,
			.seq = event->seq,
			.time_ns = event->time_ns,
			.lost = 1,
		};
	*slot = *event;
	cpulab_event_count++;
	/* Safe with interrupts off; a pending work item is not queued twice. */
	schedule_work(&cpulab_events_work);
out:
	spin_unlock_irqrestore(&cpulab_events_lock, flags);
}

void cpulab_event_cpu(u8 type, unsigned int cpu, u8 cause)
{
	struct cpulab_event event = { .type = type, .cpu = cpu, .cause = cause };

	cpulab_event_queue(&event);
}

void cpulab_event_virt(unsigned int cpu, u8 cause, u8 old_state,
		       const struct cpulab_virt_cpu *virt)
{
	struct cpulab_event event = {
		.type = CPULAB_EVENT_VIRT,
		.cpu = cpu,
		.cause = cause,
		.virt_old = old_state,
		.virt_new = virt->state,
		.virt_error = virt->last_error,
		.virt_errno = virt->last_errno,
	};

	cpulab_event_queue(&event);
}

void cpulab_event_cache(unsigned int cpu, u8 cause, u32 old_reasons,
			const struct cpulab_cache_cpu *cache)
{
	struct cpulab_event event = {
		.type = CPULAB_EVENT_CACHE,
		.cpu = cpu,
		.cause = cause,
		.cache_reasons_old = old_reasons,
		.cache_reasons = cache->reasons,
		.cache_incoherent = cache->incoherent,
	};

	cpulab_event_queue(&event);
}

void cpulab_event_cr4(unsigned int cpu, u8 cause, u8 finding, u64 bits,
		      const struct cpulab_cr4_audit_result *seen)
{
	struct cpulab_event event = {
		.type = CPULAB_EVENT_CR4,
		.cpu = cpu,
		.cause = cause,
		.cr4_finding = finding,
		.cr4_bits = bits,
		.cr4 = seen->cr4,
		.cr4_shadow = seen->cr4_shadow,
		.cr4_shadow_valid = seen->shadow_valid,
	};

	cpulab_event_queue(&event);
}

void cpulab_event_stop(unsigned int cpu, const struct cpulab_stop_cpu *stop)
{
	struct cpulab_event event = {
		.type = CPULAB_EVENT_STOP,
		.cpu = cpu,
		.cause = CPULAB_CAUSE_STOP,
		.stop_stage = stop->stage,
		.stop_clear_ns = stop->clear_ns,
	};

	cpulab_event_queue(&event);
}

/* The oldest queued event, if any. */
static bool cpulab_event_pop(struct cpulab_event *event)
{
	unsigned long flags;
	bool popped = false;

	spin_lock_irqsave(&cpulab_events_lock, flags);
	if (cpulab_event_count) {
		*event = cpulab_event_ring[cpulab_event_head];
		cpulab_event_head = (cpulab_event_head + 1) % CPULAB_EVENT_RING_SIZE;
		cpulab_event_count--;
		popped = true;
	}
	spin_unlock_irqrestore(&cpulab_events_lock, flags);
	return popped;
}

/* Process context (system workqueue): allocating and sending may sleep. */
static void cpulab_events_send(struct work_struct *work)
{
	struct cpulab_event event;

	while (cpulab_event_pop(&event))
		cpulab_netlink_send_event(&event);
}

void cpulab_events_start(void)
{
	spin_lock_irq(&cpulab_events_lock);
	cpulab_events_live = true;
	spin_unlock_irq(&cpulab_events_lock);
}

void cpulab_events_stop(void)
{
	spin_lock_irq(&cpulab_events_lock);
	cpulab_events_live = false;
	spin_unlock_irq(&cpulab_events_lock);
	/* After this no send is running or queued: the family may go. */
	cancel_work_sync(&cpulab_events_work);
	cpulab_event_count = 0;
}
