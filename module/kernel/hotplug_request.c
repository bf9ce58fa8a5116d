// SPDX-License-Identifier: GPL-2.0
/*
 * CPU_OFFLINE, CPU_ONLINE and CPU_CYCLE: CPU hotplug driven by cpulab.
 *
 * Locking and contexts:
 * - Everything here runs in process context from a netlink request. It
 *   calls remove_cpu()/add_cpu(), which take the device hotplug lock and
 *   the CPU hotplug lock for writing and run every hotplug callback,
 *   cpulab's own included. So nothing here holds cpus_read_lock() or any
 *   lock those callbacks take (they take none of cpulab's mutexes).
 * - cpulab_hotplug_lock serializes cpulab's hotplug requests with each
 *   other, so a cycle's statistics are its own; sysfs writes and other
 *   drivers may still hotplug CPUs in between, which the kernel serializes
 *   and remove_cpu()/add_cpu() report (a positive return: already there).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include "../core/cpulab_core.h"
#include "hotplug_request.h"
#include "status.h"

static DEFINE_MUTEX(cpulab_hotplug_lock);

static enum cpulab_status cpulab_hotplug_check(unsigned int cpu, bool want_online)
{
	if (!cpu_present(cpu))
		return CPULAB_STATUS_NOT_PRESENT;
	/* CPU0 on x86 since v6.6, and on 6.1 without cpu0_hotplug. */
	if (!cpu_is_hotpluggable(cpu))
		return CPULAB_STATUS_NOT_HOTPLUGGABLE;
	if (want_online && cpu_online(cpu))
		return CPULAB_STATUS_ALREADY_ONLINE;
	if (!want_online && !cpu_online(cpu))
		return CPULAB_STATUS_ALREADY_OFFLINE;
	return CPULAB_STATUS_OK;
}

/* device_offline()/device_online() return 1 when the CPU was already there. */
static int cpulab_hotplug_drive(unsigned int cpu, bool online, u64 *ns)
{
	u64 start = ktime_get_ns();
	int ret = online ? add_cpu(cpu) : remove_cpu(cpu);

	*ns = ktime_get_ns() - start;
	return ret > 0 ? -EALREADY : ret;
}

int cpulab_hotplug_set(unsigned int cpu, bool online, enum cpulab_status *refusal, u64 *ns)
{
	int ret;

	if (mutex_lock_interruptible(&cpulab_hotplug_lock))
		return -EINTR;
	*refusal = cpulab_hotplug_check(cpu, online);
	ret = *refusal != CPULAB_STATUS_OK ? cpulab_status_errno(*refusal)
					   : cpulab_hotplug_drive(cpu, online, ns);
	mutex_unlock(&cpulab_hotplug_lock);
	return ret;
}

struct cpulab_cycle_samples {
	u64 *offline_ns;
	u64 *online_ns;
	bool stuck_offline;
};

static void cpulab_cycle_round(struct cpulab_cycle_cpu *stats, struct cpulab_cycle_samples *samples)
{
	u64 ns;
	int ret;

	stats->attempts++;
	ret = cpulab_hotplug_drive(stats->cpu, false, &ns);
	if (ret) {
		stats->failures++;
		stats->last_errno = -ret;
		return;
	}
	samples->offline_ns[stats->successes] = ns;
	ret = cpulab_hotplug_drive(stats->cpu, true, &ns);
	if (ret) {
		stats->failures++;
		stats->last_errno = -ret;
		/* Once more, so a transient failure does not leave the CPU down. */
		if (cpulab_hotplug_drive(stats->cpu, true, &ns) && !cpu_online(stats->cpu)) {
			pr_warn("CPU%u: stays offline after a failed cycle online (%d)\n",
				stats->cpu, ret);
			samples->stuck_offline = true;
		}
		return;
	}
	samples->online_ns[stats->successes] = ns;
	stats->successes++;
}

int cpulab_hotplug_cycle(const struct cpumask *cpus, u32 rounds, struct cpulab_cycle_cpu *stats,
			 unsigned int *failed_cpu, enum cpulab_status *refusal,
			 bool *interrupted)
{
	unsigned int nr = cpumask_weight(cpus), i, cpu;
	struct cpulab_cycle_samples *samples;
	struct cpulab_latency_stats latency;
	u32 round;
	int ret = 0;

	*interrupted = false;
	samples = kcalloc(nr, sizeof(*samples), GFP_KERNEL);
	if (!samples)
		return -ENOMEM;
	for (i = 0; i < nr; i++) {
		samples[i].offline_ns = kvmalloc_array(rounds, sizeof(u64), GFP_KERNEL);
		samples[i].online_ns = kvmalloc_array(rounds, sizeof(u64), GFP_KERNEL);
		if (!samples[i].offline_ns || !samples[i].online_ns) {
			ret = -ENOMEM;
			goto free;
		}
	}
	if (mutex_lock_interruptible(&cpulab_hotplug_lock)) {
		ret = -EINTR;
		goto free;
	}
	i = 0;
	for_each_cpu(cpu, cpus) {
		memset(&stats[i], 0, sizeof(stats[i]));
		stats[i++].cpu = cpu;
		/* A cycle starts and ends online: every CPU must be online now. */
		*refusal = cpulab_hotplug_check(cpu, false);
		if (*refusal != CPULAB_STATUS_OK) {
			*failed_cpu = cpu;
			ret = cpulab_status_errno(*refusal);
			goto unlock;
		}
	}
	for (round = 0; round < rounds && !*interrupted; round++) {
		for (i = 0; i < nr; i++) {
			/* Between CPUs only: a signal never leaves one offline. */
			if (signal_pending(current)) {
				*interrupted = true;
				break;
			}
			if (!samples[i].stuck_offline)
				cpulab_cycle_round(&stats[i], &samples[i]);
			cond_resched();
		}
	}
	for (i = 0; i < nr; i++) {
		cpulab_core_latency_stats(samples[i].offline_ns, stats[i].successes, &latency);
		stats[i].offline_min_ns = latency.min_ns;
		stats[i].offline_median_ns = latency.median_ns;
		stats[i].offline_max_ns = latency.max_ns;
		cpulab_core_latency_stats(samples[i].online_ns, stats[i].successes, &latency);
		stats[i].online_min_ns = latency.min_ns;
		stats[i].online_median_ns = latency.median_ns;
		stats[i].online_max_ns = latency.max_ns;
	}
unlock:
	mutex_unlock(&cpulab_hotplug_lock);
free:
	for (i = 0; i < nr; i++) {
		kvfree(samples[i].offline_ns);
		kvfree(samples[i].online_ns);
	}
	kfree(samples);
	return ret;
}
