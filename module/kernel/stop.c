// SPDX-License-Identifier: GPL-2.0
/*
 * STOP: the kexec/crash stop protocol from a controller CPU, with the
 * targets parked and released instead of halted (core/stop_protocol.cpp
 * decides what a target does and what the controller concludes).
 *
 * Contexts and locking:
 * - The controller runs in process context. cpulab_stop_lock makes a second
 *   STOP fail with EBUSY; cpus_read_lock() keeps the online mask fixed;
 *   preemption is off from the trigger until the release, so the
 *   controller CPU cannot change and cannot be one of the targets. After
 *   the release it sleeps until every target has returned.
 * - Targets run the stop handler in IPI context (smp_call_function_single_async(),
 *   the REBOOT-vector analogue: modules cannot own a vector) or in NMI
 *   context (apic->send_IPI_mask(NMI_VECTOR), as native_stop_other_cpus
 *   and the crash path do). They park with interrupts off, bounded by the
 *   park deadline, far below the soft/hard lockup and RCU stall thresholds.
 * - The NMI handler claims only NMIs cpulab sent (a per-CPU pending flag
 *   set before sending); perf and the watchdog share the NMI chain. It
 *   takes no lock, allocates nothing and prints nothing.
 * - Nothing here halts, reboots or kexecs. ci/lint-module.sh enforces it
 *   on the linked module: no import of the kernel's stop, kexec, restart
 *   or panic paths, and no HLT instruction.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <asm/apic.h>
#include <asm/nmi.h>

#include "../../include/uapi/cpulab.h"
#include "../core/cpulab_core.h"
#include "../core/platform.h"
#include "cpu_records.h"
#include "events.h"
#include "stop.h"

/* After release, how long (sleeping) handlers and NMIs in flight get to finish. */
#define CPULAB_STOP_SETTLE_NS	(2000 * NSEC_PER_MSEC)
#define CPULAB_STOP_PARK_MARGIN_NS	(50 * NSEC_PER_MSEC)
#define CPULAB_STOP_PARK_MAX_NS	(600 * NSEC_PER_MSEC)

static DEFINE_MUTEX(cpulab_stop_lock);
static struct cpulab_stop_run cpulab_stop_run;
static struct cpulab_stop_cpu *cpulab_stops;
static DEFINE_PER_CPU(call_single_data_t, cpulab_stop_csd);
static cpumask_var_t cpulab_stop_nmi_mask;

/* IPI context on a target. */
static void cpulab_stop_ipi(void *unused)
{
	unsigned int cpu = smp_processor_id();

	cpulab_core_stop_handler(&cpulab_stop_run, &cpulab_stops[cpu], &cpulab_cpu(cpu)->virt,
				 &cpulab_cpu(cpu)->cache, CPULAB_STOP_STAGE_IPI);
}

/* NMI context on any CPU, for every NMI: claim only ours. */
static int cpulab_stop_nmi(unsigned int type, struct pt_regs *regs)
{
	unsigned int cpu = smp_processor_id();

	if (!cpulab_core_stop_nmi(&cpulab_stop_run, &cpulab_stops[cpu], &cpulab_cpu(cpu)->virt,
				  &cpulab_cpu(cpu)->cache))
		return NMI_DONE;
	return NMI_HANDLED;
}

/* Spins until the targets stopped or @deadline_ns; true if they did. */
static bool cpulab_stop_wait(u64 deadline_ns)
{
	while (!cpulab_core_stop_stopped(&cpulab_stop_run, cpulab_stops, nr_cpu_ids)) {
		if (cpulab_platform_time_ns() >= deadline_ns)
			return false;
		cpu_relax();
	}
	return true;
}

static void cpulab_stop_send_nmis(bool only_unstopped)
{
	unsigned int cpu;

	cpumask_clear(cpulab_stop_nmi_mask);
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct cpulab_stop_cpu *stop = &cpulab_stops[cpu];

		if (!stop->targeted || (only_unstopped && !READ_ONCE(stop->in_mask)))
			continue;
		WRITE_ONCE(stop->nmi_sent, 1);
		/* Before the NMI: the handler claims it by this flag. */
		smp_store_release(&stop->nmi_pending, 1);
		cpumask_set_cpu(cpu, cpulab_stop_nmi_mask);
	}
	if (!cpumask_empty(cpulab_stop_nmi_mask))
		apic->send_IPI_mask(cpulab_stop_nmi_mask, NMI_VECTOR);
}

static u64 cpulab_stop_park_bound(const struct cpulab_stop_params *params)
{
	u64 bound = (u64)(params->ipi_timeout_ms + params->nmi_timeout_ms + params->hold_ms) * NSEC_PER_MSEC +
		    2ull * params->wbinvd_delay_us * NSEC_PER_USEC + CPULAB_STOP_PARK_MARGIN_NS;

	return min_t(u64, bound, CPULAB_STOP_PARK_MAX_NS);
}

int cpulab_stop(const struct cpulab_stop_params *params, struct cpulab_stop_report *report,
		struct cpulab_stop_cpu *results)
{
	unsigned int self, cpu;
	u64 start, deadline;
	int ret = 0;

	if (!mutex_trylock(&cpulab_stop_lock))
		return -EBUSY;
	/* A run that never settled still owns the records: never reuse them. */
	if (!cpulab_core_stop_settled(cpulab_stops, nr_cpu_ids)) {
		mutex_unlock(&cpulab_stop_lock);
		return -EAGAIN;
	}
	cpus_read_lock();
	preempt_disable();
	self = smp_processor_id();

	memset(cpulab_stops, 0, nr_cpu_ids * sizeof(*cpulab_stops));
	memset(report, 0, sizeof(*report));
	cpulab_core_stop_begin(&cpulab_stop_run, params->ordering,
			       (u64)params->wbinvd_delay_us * NSEC_PER_USEC,
			       cpulab_stop_park_bound(params));
	for_each_online_cpu(cpu) {
		if (cpu == self)
			continue;
		cpulab_core_stop_arm(&cpulab_stop_run, &cpulab_stops[cpu]);
		report->targets++;
	}
	if (!report->targets) {
		/* One CPU online: nothing to stop, and nothing raced. */
		report->all_stopped = true;
		report->verdict = CPULAB_STOP_VERDICT_STOPPED;
		goto done;
	}

	start = cpulab_stop_run.trigger_ns;
	if (params->mode != CPULAB_STOP_MODE_NMI) {
		for_each_online_cpu(cpu) {
			call_single_data_t *csd = per_cpu_ptr(&cpulab_stop_csd, cpu);

			if (cpu == self)
				continue;
			/*
			 * Asynchronous, like the REBOOT vector: nobody waits for it
			 * to return. Initialized once (cpulab_stop_init()), never
			 * here: re-initializing a csd still queued would unlock it.
			 */
			if (smp_call_function_single_async(cpu, csd))
				pr_warn("CPU%u: stop IPI not sent (the previous one is still queued)\n", cpu);
		}
		deadline = start + (u64)params->ipi_timeout_ms * NSEC_PER_MSEC;
		cpulab_stop_wait(deadline);
	}
	if (params->mode == CPULAB_STOP_MODE_NMI ||
	    (params->mode == CPULAB_STOP_MODE_IPI_NMI &&
	     !cpulab_core_stop_stopped(&cpulab_stop_run, cpulab_stops, nr_cpu_ids))) {
		cpulab_stop_send_nmis(params->mode == CPULAB_STOP_MODE_IPI_NMI);
		deadline = cpulab_platform_time_ns() + (u64)params->nmi_timeout_ms * NSEC_PER_MSEC;
		cpulab_stop_wait(deadline);
	}

	/* Here the kernel would jump to the next one. */
	cpulab_core_stop_proceed(&cpulab_stop_run, cpulab_stops, nr_cpu_ids);
	report->all_stopped = READ_ONCE(cpulab_stop_run.remaining) == 0;
	report->proceed_ns = cpulab_stop_run.proceed_ns - start;
	if (params->hold_ms) {
		/*
		 * Where the kernel would be kexecing, the targets stay parked:
		 * the crash-during-STOP lane crashes this CPU now, from a task
		 * that runs while the controller sleeps (ci/vm-kexec.sh). Not
		 * migrated away meanwhile: every other CPU is parked.
		 */
		migrate_disable();
		preempt_enable();
		msleep(params->hold_ms);
		preempt_disable();
		migrate_enable();
	}
	cpulab_core_stop_release(&cpulab_stop_run);
	/*
	 * Released: the targets return on their own. Wait for them sleeping,
	 * so this CPU is free for anything they may need (and a host running
	 * this guest's vCPUs is not starved by one more spinner).
	 */
	preempt_enable();
	deadline = cpulab_platform_time_ns() + CPULAB_STOP_SETTLE_NS;
	while (!cpulab_core_stop_settled(cpulab_stops, nr_cpu_ids) &&
	       cpulab_platform_time_ns() < deadline)
		usleep_range(100, 200);
	if (!cpulab_core_stop_settled(cpulab_stops, nr_cpu_ids)) {
		pr_err("stop: a target did not return within %llu ms of its release\n",
		       (u64)(CPULAB_STOP_SETTLE_NS / NSEC_PER_MSEC));
		ret = -ETIMEDOUT;
	}
	report->verdict = cpulab_core_stop_verdict(&cpulab_stop_run, cpulab_stops, nr_cpu_ids);
	for_each_online_cpu(cpu)
		if (cpulab_stops[cpu].targeted && cpulab_stops[cpu].clear_ns > report->time_ns)
			report->time_ns = cpulab_stops[cpu].clear_ns;
	goto report;
done:
	preempt_enable();
report:
	memcpy(results, cpulab_stops, nr_cpu_ids * sizeof(*cpulab_stops));
	for_each_online_cpu(cpu)
		if (results[cpu].targeted)
			cpulab_event_stop(cpu, &results[cpu]);
	cpus_read_unlock();
	mutex_unlock(&cpulab_stop_lock);
	return ret;
}

int cpulab_stop_init(void)
{
	unsigned int cpu;
	int ret;

	for_each_possible_cpu(cpu)
		INIT_CSD(per_cpu_ptr(&cpulab_stop_csd, cpu), cpulab_stop_ipi, NULL);

	cpulab_stops = kcalloc(nr_cpu_ids, sizeof(*cpulab_stops), GFP_KERNEL);
	if (!cpulab_stops)
		return -ENOMEM;
	if (!zalloc_cpumask_var(&cpulab_stop_nmi_mask, GFP_KERNEL)) {
		ret = -ENOMEM;
		goto free;
	}
	ret = register_nmi_handler(NMI_LOCAL, cpulab_stop_nmi, 0, "cpulab_stop");
	if (ret)
		goto free_mask;
	return 0;

free_mask:
	free_cpumask_var(cpulab_stop_nmi_mask);
free:
	kfree(cpulab_stops);
	cpulab_stops = NULL;
	return ret;
}

/* Callers are gone (the family is unregistered); unregistering waits for NMIs in flight. */
void cpulab_stop_exit(void)
{
	unregister_nmi_handler(NMI_LOCAL, "cpulab_stop");
	free_cpumask_var(cpulab_stop_nmi_mask);
	kfree(cpulab_stops);
	cpulab_stops = NULL;
}
