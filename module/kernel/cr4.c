// SPDX-License-Identifier: GPL-2.0
/*
 * CR4 audit and perturbation: the glue around core/cr4_audit.cpp.
 *
 * Locking and contexts:
 * - A CPU's record is written only on that CPU with interrupts off: the
 *   audit and the perturbation run there through smp_call_function_single(),
 *   from a request (process context, cpus_read_lock() held so the CPU stays
 *   online) or from the CPU's own hotplug callback (hotplug lock held).
 * - cpulab_cr4_lock serializes requests, so two perturbations or audits of
 *   one CPU never interleave; it is taken before cpus_read_lock().
 * - The boot CPU's pinned bits are read once at init, before the hotplug
 *   state exists, and never written again: the kernel pins them at boot
 *   (setup_cr_pinning()) and never changes them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/mutex.h>
#include <linux/smp.h>
#include <linux/version.h>

#include "../../include/uapi/cpulab.h"
#include "../core/cpulab_core.h"
#include "../core/platform.h"
#include "cpu_records.h"
#include "cr4.h"
#include "events.h"
#include "on_cpus.h"

static DEFINE_MUTEX(cpulab_cr4_lock);
static u64 cpulab_cr4_mask;
static u64 cpulab_cr4_reference;

u64 cpulab_cr4_pinned_mask(void)
{
	return cpulab_cr4_mask;
}

u64 cpulab_cr4_pinned_reference(void)
{
	return cpulab_cr4_reference;
}

struct cpulab_cr4_audit_call {
	u8 cause;
	u32 kinds;	/* this CPU's */
	u64 findings;	/* summed over the CPUs of a request */
};

/* On the CPU itself, interrupts off: audit, record, publish each finding. */
static void cpulab_cr4_audit_here(void *arg)
{
	struct cpulab_cr4_audit_call *call = arg;
	unsigned int cpu = smp_processor_id();
	struct cpulab_cr4_audit_result result;
	u8 kind;

	cpulab_core_cr4_audit(&cpulab_cpu(cpu)->cr4, &cpulab_cpu(cpu)->virt, cpulab_cr4_mask,
			      cpulab_cr4_reference, &result);
	call->kinds = result.kinds;
	call->findings += hweight32(result.kinds);
	if (!result.kinds) {
		cpulab_event_cr4(cpu, call->cause, CPULAB_CR4_FINDING_NONE, 0, &result);
		return;
	}
	for (kind = 1; kind <= CPULAB_CR4_FINDING_MAX; kind++)
		if (result.kinds & BIT(kind))
			cpulab_event_cr4(cpu, call->cause, kind, result.bits[kind], &result);
}

void cpulab_cr4_cpu_online(unsigned int cpu)
{
	struct cpulab_cr4_audit_call call = { .cause = CPULAB_CAUSE_HOTPLUG };

	smp_call_function_single(cpu, cpulab_cr4_audit_here, &call, 1);
	if (call.kinds)
		pr_warn("CPU%u: CR4 audit at online found 0x%x (CPULAB_CR4_FINDING_* bits)\n",
			cpu, call.kinds);
}

struct cpulab_cr4_perturb_call {
	u8 bit;
	bool restore;
	enum cpulab_status status;
	u64 cr4;
};

static void cpulab_cr4_perturb_here(void *arg)
{
	struct cpulab_cr4_perturb_call *call = arg;
	struct cpulab_cr4_cpu *record = &cpulab_cpu(smp_processor_id())->cr4;

	call->status = call->restore ? cpulab_core_cr4_restore(record)
				     : cpulab_core_cr4_perturb(record, call->bit);
	call->cr4 = cpulab_platform_read_cr4();
}

void cpulab_cr4_cpu_offline(unsigned int cpu)
{
	struct cpulab_cr4_perturb_call call = { .restore = true };

	if (cpulab_cpu(cpu)->cr4.perturbed)
		smp_call_function_single(cpu, cpulab_cr4_perturb_here, &call, 1);
}

enum cpulab_status cpulab_cr4_audit(const struct cpumask *cpus, unsigned int *failed_cpu,
				    u64 *findings)
{
	struct cpulab_cr4_audit_call call = { .cause = CPULAB_CAUSE_AUDIT };
	enum cpulab_status status;

	mutex_lock(&cpulab_cr4_lock);
	cpus_read_lock();
	status = cpulab_on_online_cpus(cpus, cpulab_cr4_audit_here, &call, failed_cpu);
	cpus_read_unlock();
	*findings = call.findings;
	mutex_unlock(&cpulab_cr4_lock);
	return status;
}

enum cpulab_status cpulab_cr4_perturb(unsigned int cpu, u8 bit, bool restore, u64 *cr4)
{
	struct cpulab_cr4_perturb_call call = { .bit = bit, .restore = restore };
	enum cpulab_status status;

	mutex_lock(&cpulab_cr4_lock);
	cpus_read_lock();
	if (!cpu_online(cpu))
		status = CPULAB_STATUS_OFFLINE;
	else if (smp_call_function_single(cpu, cpulab_cr4_perturb_here, &call, 1))
		status = CPULAB_STATUS_CPU_UNREACHABLE;
	else
		status = call.status;
	cpus_read_unlock();
	mutex_unlock(&cpulab_cr4_lock);
	*cr4 = call.cr4;
	return status;
}

static void cpulab_cr4_read_reference(void *unused)
{
	cpulab_cr4_reference = cpulab_platform_read_cr4() & cpulab_cr4_mask;
}

int cpulab_cr4_init(void)
{
	cpulab_cr4_mask = cpulab_core_cr4_pinned_mask(LINUX_VERSION_CODE);
	/* The boot CPU is CPU 0 on x86, and it cannot be taken offline. */
	if (smp_call_function_single(0, cpulab_cr4_read_reference, NULL, 1))
		return -EIO;
	return 0;
}
