// SPDX-License-Identifier: GPL-2.0
/*
 * cpulab: a test harness for the x86 CPU lifecycle paths.
 *
 * Module lifecycle only. The logic is the freestanding C++ core in
 * ../core; the netlink glue is in netlink.c.
 *
 * Locks, in the order they nest (each file's header has the details):
 *   cpulab_hotplug_lock (hotplug_request.c)
 *                                      cpulab's own remove_cpu()/add_cpu();
 *                                      never nests with the others, because
 *                                      remove_cpu() runs cpulab's callbacks.
 *   cpulab_virt_request_lock (virt.c), cpulab_cache_lock (cache.c),
 *   cpulab_cr4_lock (cr4.c), cpulab_stop_lock (stop.c, trylock: EBUSY)
 *                                      one per kind of request, each taken
 *                                      before cpus_read_lock(), never two
 *                                      at once.
 *   cpulab_emergency_lock (emergency.c) load/unload against the module
 *                                      notifier; nests with nothing.
 *   cpus_read_lock()                   keeps the online mask fixed for
 *                                      dumps and requests.
 *   cpulab_events_lock (events.c)      spinlock, irqsave: innermost; any
 *                                      non-NMI context may queue an event.
 * Contexts: hotplug callbacks (CPUHP_AP_ONLINE_DYN, process context on the
 * CPU itself) take none of cpulab's mutexes; IPI handlers touch only their
 * own CPU's records and the events spinlock; NMI handlers (the STOP
 * fallback, the emergency virt callback) take no lock, allocate nothing,
 * print nothing and queue no event.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

#include "../../include/uapi/cpulab.h"
#include "cpu_records.h"
#include "cpuhp.h"
#include "cr4.h"
#include "emergency.h"
#include "events.h"
#include "netlink.h"
#include "stop.h"
#include "virt.h"

/*
 * Every CPU down as far as cpulab goes (none keeps VMXE or SVME), and only
 * then the emergency slot given back: a crash meanwhile still finds it.
 */
static void cpulab_release_cpus(void)
{
	cpulab_cpuhp_exit();
	cpulab_emergency_exit();
}

/*
 * The records exist before the hotplug state fills them, and that before
 * the family that reports them; on the way out the family goes first:
 * genl_unregister_family() waits for requests in flight, so no CPU_GET
 * reads a record after it is freed.
 */
static int __init cpulab_init(void)
{
	int ret;

	ret = cpulab_cpu_records_init();
	if (ret)
		return ret;
	ret = cpulab_cr4_init();
	if (ret) {
		pr_err("reading the boot CPU's pinned CR4 bits failed: %d\n", ret);
		goto records_exit;
	}
	ret = cpulab_virt_init();
	if (ret) {
		pr_err("setting up per-CPU virtualization failed: %d\n", ret);
		goto records_exit;
	}
	ret = cpulab_cpuhp_init();
	if (ret) {
		pr_err("setting up the CPU hotplug state failed: %d\n", ret);
		goto virt_exit;
	}
	/* After the online callbacks: it judges the slot by foreign CPUs. */
	ret = cpulab_emergency_init();
	if (ret) {
		pr_err("setting up the emergency virtualization callback failed: %d\n", ret);
		goto cpuhp_exit;
	}
	ret = cpulab_stop_init();
	if (ret) {
		pr_err("setting up the stop NMI handler failed: %d\n", ret);
		goto emergency_exit;
	}
	ret = cpulab_netlink_init();
	if (ret) {
		pr_err("registering generic netlink family \"%s\" failed: %d\n",
		       CPULAB_FAMILY_NAME, ret);
		goto stop_exit;
	}
	/*
	 * Events flow events.c -> netlink.c only; their lifetime is tied to
	 * the family's here, so neither file calls back into the other.
	 */
	cpulab_events_start();
	pr_info("loaded: generic netlink family \"%s\" version %d\n",
		CPULAB_FAMILY_NAME, CPULAB_FAMILY_VERSION);
	return 0;

stop_exit:
	cpulab_stop_exit();
emergency_exit:
	cpulab_release_cpus();
	goto virt_exit;
cpuhp_exit:
	cpulab_cpuhp_exit();
virt_exit:
	cpulab_virt_exit();
records_exit:
	cpulab_cpu_records_exit();
	return ret;
}

static void __exit cpulab_exit(void)
{
	cpulab_events_stop();
	cpulab_netlink_exit();
	cpulab_stop_exit();
	cpulab_release_cpus();
	cpulab_virt_exit();
	cpulab_cpu_records_exit();
	pr_info("unloaded\n");
}

module_init(cpulab_init);
module_exit(cpulab_exit);

/* GPL: cr4_read_shadow() and cpus_read_lock() are EXPORT_SYMBOL_GPL. */
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("cpulab: x86 CPU lifecycle test harness");
