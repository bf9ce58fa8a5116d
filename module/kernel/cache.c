// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU cache incoherence: the glue around core/cache_coherence.cpp.
 *
 * Locking and contexts: a CPU's record is written only on that CPU with
 * interrupts off (an IPI from a request or a hotplug callback) or in its
 * stop handler (IPI or NMI context, while the stop controller holds
 * cpus_read_lock()). cpulab_cache_lock serializes requests; it is taken
 * before cpus_read_lock().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/mutex.h>
#include <linux/smp.h>

#include "../../include/uapi/cpulab.h"
#include "../core/cpulab_core.h"
#include "cache.h"
#include "cpu_records.h"
#include "events.h"
#include "on_cpus.h"

static DEFINE_MUTEX(cpulab_cache_lock);

enum cpulab_cache_op { CPULAB_CACHE_ONLINE, CPULAB_CACHE_OFFLINE, CPULAB_CACHE_MARK, CPULAB_CACHE_FLUSH };

struct cpulab_cache_call {
	enum cpulab_cache_op op;
	u8 cause;
};

/* On the CPU itself, interrupts off. */
static void cpulab_cache_here(void *arg)
{
	const struct cpulab_cache_call *call = arg;
	unsigned int cpu = smp_processor_id();
	struct cpulab_cache_cpu *cache = &cpulab_cpu(cpu)->cache;
	u32 old_reasons = cache->reasons;
	u64 old_wbinvds = cache->wbinvds;

	switch (call->op) {
	case CPULAB_CACHE_ONLINE:
		cpulab_core_cache_online(cache);
		break;
	case CPULAB_CACHE_OFFLINE:
		cpulab_core_cache_flush_if_incoherent(cache);
		break;
	case CPULAB_CACHE_MARK:
		/*
		 * Upstream's discipline for a SEAMCALL: the flag is written
		 * on this CPU, preemption off, before the operation that
		 * makes the caches incoherent. cpulab runs no such operation.
		 */
		cpulab_core_cache_mark(cache);
		break;
	case CPULAB_CACHE_FLUSH:
		cpulab_core_cache_flush(cache);
		break;
	}
	if (cache->reasons != old_reasons || cache->wbinvds != old_wbinvds)
		cpulab_event_cache(cpu, call->cause, old_reasons, cache);
}

void cpulab_cache_cpu_online(unsigned int cpu)
{
	struct cpulab_cache_call call = { CPULAB_CACHE_ONLINE, CPULAB_CAUSE_HOTPLUG };

	smp_call_function_single(cpu, cpulab_cache_here, &call, 1);
}

void cpulab_cache_cpu_offline(unsigned int cpu)
{
	struct cpulab_cache_call call = { CPULAB_CACHE_OFFLINE, CPULAB_CAUSE_HOTPLUG };

	smp_call_function_single(cpu, cpulab_cache_here, &call, 1);
}

enum cpulab_status cpulab_cache_request(const struct cpumask *cpus, bool mark,
					unsigned int *failed_cpu)
{
	struct cpulab_cache_call call = {
		mark ? CPULAB_CACHE_MARK : CPULAB_CACHE_FLUSH,
		mark ? CPULAB_CAUSE_MARK : CPULAB_CAUSE_FLUSH,
	};
	enum cpulab_status status;

	mutex_lock(&cpulab_cache_lock);
	cpus_read_lock();
	status = cpulab_on_online_cpus(cpus, cpulab_cache_here, &call, failed_cpu);
	cpus_read_unlock();
	mutex_unlock(&cpulab_cache_lock);
	return status;
}
