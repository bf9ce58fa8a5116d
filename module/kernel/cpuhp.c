// SPDX-License-Identifier: GPL-2.0
/*
 * What cpulab does as a CPU comes and goes, in one place: the order of the
 * cache record (cache.c), virtualization (virt.c) and the CR4 audit
 * (cr4.c) across one hotplug state.
 *
 * Contexts: CPUHP_AP_ONLINE_DYN, so each callback runs in process context
 * on the hotplug thread with the hotplug lock held, and reaches the CPU
 * itself through smp_call_function_single(). The online callback may fail,
 * which rolls the online back; that is why this is not a STARTING-section
 * state, which must not fail (KVM moved to CPUHP_AP_KVM_ONLINE for the
 * same reason). The callbacks take none of cpulab's mutexes: requests that
 * hold one take cpus_read_lock() after it, which the hotplug lock excludes.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpuhotplug.h>

#include "../../include/uapi/cpulab.h"
#include "cache.h"
#include "cpuhp.h"
#include "cr4.h"
#include "events.h"
#include "virt.h"

static int cpulab_cpuhp_state;

/*
 * Events in the order a developer reads a CPU coming up: online, cache
 * state, virtualization, then the CR4 audit of the result. A refused
 * online (virtualization failed, on_fail=block) is not audited: the CPU
 * goes back down.
 */
static int cpulab_cpuhp_online(unsigned int cpu)
{
	int ret;

	cpulab_event_cpu(CPULAB_EVENT_CPU_ONLINE, cpu, CPULAB_CAUSE_HOTPLUG);
	cpulab_cache_cpu_online(cpu);
	ret = cpulab_virt_cpu_online(cpu);
	if (!ret)
		cpulab_cr4_cpu_online(cpu);
	return ret;
}

/*
 * Teardown must not fail: the CPU goes offline regardless. The event comes
 * first: it says the CPU is going, and what follows is how it was taken
 * down. The cache flush comes after virtualization is off, as
 * stop_this_cpu() orders WBINVD after the emergency virt disable.
 */
static int cpulab_cpuhp_offline(unsigned int cpu)
{
	cpulab_event_cpu(CPULAB_EVENT_CPU_OFFLINE, cpu, CPULAB_CAUSE_HOTPLUG);
	cpulab_cr4_cpu_offline(cpu);
	cpulab_virt_cpu_offline(cpu);
	cpulab_cache_cpu_offline(cpu);
	return 0;
}

int cpulab_cpuhp_init(void)
{
	int ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "x86/cpulab:online",
				    cpulab_cpuhp_online, cpulab_cpuhp_offline);

	if (ret < 0)
		return ret;
	cpulab_cpuhp_state = ret;
	return 0;
}

void cpulab_cpuhp_exit(void)
{
	cpuhp_remove_state(cpulab_cpuhp_state);
}
