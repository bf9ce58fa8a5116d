// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU hardware virtualization across CPU hotplug: the glue around the
 * core's enable/disable (core/virt_lifecycle.cpp).
 *
 * Locking and contexts:
 * - cpulab_virt[] and its pages are allocated before the hotplug state is
 *   registered and freed after it is removed, so every callback sees them.
 * - A CPU's record is written only by cpulab_virt_{enable,disable}_here(),
 *   on that CPU with interrupts off (smp_call_function_single() on itself
 *   from the hotplug thread, or an IPI from the reboot notifier).
 * - Readers (CPU_GET) hold cpus_read_lock(), which excludes the hotplug
 *   callbacks, and copy the record on its CPU in IPI context.
 * - The online callback runs in CPUHP_AP_ONLINE_DYN: on the incoming CPU,
 *   process context, hotplug lock held, and it may fail, which rolls the
 *   online back. That is why this is not a STARTING-section callback (KVM
 *   moved to CPUHP_AP_KVM_ONLINE for the same reason).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/reboot.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/topology.h>

#include "../../include/uapi/cpulab.h"
#include "../core/cpulab_core.h"
#include "virt.h"

static bool enable_at_load = true;
module_param(enable_at_load, bool, 0444);
MODULE_PARM_DESC(enable_at_load,
		 "Enable VMX/SVM on every CPU at load and on each CPU as it comes online (default: on)");

static char *on_fail = "observe";
module_param(on_fail, charp, 0444);
MODULE_PARM_DESC(on_fail,
		 "When enabling fails on a CPU coming online: observe (record it, let the CPU online) or block (refuse the online)");

/* Set by the reboot notifier: from then on nothing is enabled again. */
static bool shutting_down;
static bool on_fail_blocks;
/* Serializes VIRT_ENABLE/VIRT_DISABLE; taken before cpus_read_lock(). */
static DEFINE_MUTEX(cpulab_virt_request_lock);
static struct cpulab_virt_cpu *cpulab_virt;
static int cpulab_cpuhp_state;

/* The core's errno values are the kernel's: pinned here, where both are visible. */
static_assert(EIO == 5 && EFAULT == 14 && EBUSY == 16 && EOPNOTSUPP == 95 &&
	      EALREADY == 114);

const struct cpulab_virt_cpu *cpulab_virt_record(unsigned int cpu)
{
	return cpu < nr_cpu_ids ? &cpulab_virt[cpu] : NULL;
}

struct cpulab_virt_call {
	int ret;
};

/* IPI context or the local CPU with interrupts off: see the top comment. */
static void cpulab_virt_enable_here(void *arg)
{
	struct cpulab_virt_call *call = arg;

	call->ret = cpulab_core_virt_enable(&cpulab_virt[smp_processor_id()]);
}

/* @arg may be NULL when nobody wants the result (the reboot notifier). */
static void cpulab_virt_disable_here(void *arg)
{
	struct cpulab_virt_call *call = arg;
	int ret = cpulab_core_virt_disable(&cpulab_virt[smp_processor_id()]);

	if (call)
		call->ret = ret;
}

static int cpulab_virt_cpu_online(unsigned int cpu)
{
	struct cpulab_virt_call call = { 0 };
	const struct cpulab_virt_cpu *virt = &cpulab_virt[cpu];
	int ret;

	if (READ_ONCE(shutting_down) || !cpulab_core_virt_wanted(virt))
		return 0;
	ret = smp_call_function_single(cpu, cpulab_virt_enable_here, &call, 1);
	if (ret)
		return ret;
	if (!call.ret)
		return 0;

	pr_warn("CPU%u: enabling virtualization failed: %s (%d)%s\n", cpu,
		cpulab_core_virt_error_name(virt->last_error), call.ret,
		on_fail_blocks ? "; refusing the online (on_fail=block)" : "");
	return on_fail_blocks ? call.ret : 0;
}

/* Teardown must not fail: the CPU goes offline regardless. */
static int cpulab_virt_cpu_offline(unsigned int cpu)
{
	struct cpulab_virt_call call = { 0 };

	smp_call_function_single(cpu, cpulab_virt_disable_here, &call, 1);
	if (call.ret)
		pr_warn("CPU%u: disabling virtualization failed: %s (%d)\n", cpu,
			cpulab_core_virt_error_name(cpulab_virt[cpu].last_error), call.ret);
	return 0;
}

/*
 * kernel_restart_prepare() and friends, kexec included, run this chain:
 * leave no CPU in VMX operation, which would block the INIT that starts
 * the next kernel's CPUs. Crash kexec does not run it (the emergency
 * callback is the lifecycle issue's next step).
 */
/* Process context; the hotplug lock keeps a CPU from coming online meanwhile. */
static int cpulab_virt_reboot(struct notifier_block *nb, unsigned long code,
			      void *unused)
{
	cpus_read_lock();
	WRITE_ONCE(shutting_down, true);
	on_each_cpu(cpulab_virt_disable_here, NULL, 1);
	cpus_read_unlock();
	return NOTIFY_DONE;
}

static struct notifier_block cpulab_virt_reboot_nb = {
	.notifier_call = cpulab_virt_reboot,
};

struct cpulab_virt_request_call {
	bool enable;
	int ret;
};

static void cpulab_virt_request_here(void *arg)
{
	struct cpulab_virt_request_call *call = arg;
	struct cpulab_virt_cpu *virt = &cpulab_virt[smp_processor_id()];

	call->ret = call->enable ? cpulab_core_virt_request_enable(virt, true)
				 : cpulab_core_virt_request_disable(virt, true);
}

/* Caller holds cpus_read_lock(): @cpu cannot change online state. */
static int cpulab_virt_request_one(unsigned int cpu, bool enable)
{
	struct cpulab_virt_request_call call = { .enable = enable };
	int ret;

	if (!cpu_online(cpu))
		return enable ? cpulab_core_virt_request_enable(&cpulab_virt[cpu], false)
			      : cpulab_core_virt_request_disable(&cpulab_virt[cpu], false);
	ret = smp_call_function_single(cpu, cpulab_virt_request_here, &call, 1);
	return ret ?: call.ret;
}

int cpulab_virt_request(const struct cpumask *cpus, bool enable,
			unsigned int *failed_cpu)
{
	unsigned int cpu, undo;
	int ret = 0;

	mutex_lock(&cpulab_virt_request_lock);
	cpus_read_lock();
	if (READ_ONCE(shutting_down)) {
		ret = -ESHUTDOWN;
		goto out;
	}
	for_each_cpu(cpu, cpus) {
		ret = cpulab_virt_request_one(cpu, enable);
		if (ret) {
			*failed_cpu = cpu;
			break;
		}
	}
	if (!ret)
		goto out;
	/* All or nothing: undo what this request already did. */
	for_each_cpu(undo, cpus) {
		int undone;

		if (undo == cpu)
			break;
		undone = cpulab_virt_request_one(undo, !enable);
		if (undone)
			pr_warn("CPU%u: undoing a partial request failed: %d\n", undo, undone);
	}
out:
	cpus_read_unlock();
	mutex_unlock(&cpulab_virt_request_lock);
	return ret;
}

struct cpulab_virt_arm_call {
	u8 injection;
	int ret;
};

static void cpulab_virt_arm_here(void *arg)
{
	struct cpulab_virt_arm_call *call = arg;

	call->ret = cpulab_core_virt_arm_injection(&cpulab_virt[smp_processor_id()],
						   call->injection);
}

int cpulab_virt_arm_injection(unsigned int cpu, u8 injection)
{
	struct cpulab_virt_arm_call call = { .injection = injection };
	int ret;

	mutex_lock(&cpulab_virt_request_lock);
	cpus_read_lock();
	/* Arming asks the CPU's own CPUID which classes apply. */
	if (!cpu_online(cpu))
		ret = -EINVAL;
	else
		ret = smp_call_function_single(cpu, cpulab_virt_arm_here, &call, 1) ?: call.ret;
	cpus_read_unlock();
	mutex_unlock(&cpulab_virt_request_lock);
	return ret;
}

static void cpulab_virt_free_pages(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		if (cpulab_virt[cpu].vmxon_region)
			free_page((unsigned long)cpulab_virt[cpu].vmxon_region);
		if (cpulab_virt[cpu].host_save_pa)
			__free_page(pfn_to_page(PHYS_PFN(cpulab_virt[cpu].host_save_pa)));
	}
}

/* Zeroed, page-aligned, node-local pages for the VMXON region and the SVM host save area. */
static int cpulab_virt_alloc_pages(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct page *vmxon = alloc_pages_node(cpu_to_node(cpu), GFP_KERNEL | __GFP_ZERO, 0);
		struct page *host_save = alloc_pages_node(cpu_to_node(cpu), GFP_KERNEL | __GFP_ZERO, 0);

		if (vmxon) {
			cpulab_virt[cpu].vmxon_region = page_address(vmxon);
			cpulab_virt[cpu].vmxon_region_pa = page_to_phys(vmxon);
		}
		if (host_save)
			cpulab_virt[cpu].host_save_pa = page_to_phys(host_save);
		if (!vmxon || !host_save)
			return -ENOMEM;
	}
	return 0;
}

int cpulab_virt_init(void)
{
	int ret;

	if (!strcmp(on_fail, "observe")) {
		on_fail_blocks = false;
	} else if (!strcmp(on_fail, "block")) {
		on_fail_blocks = true;
	} else {
		pr_err("on_fail=%s: expected observe or block\n", on_fail);
		return -EINVAL;
	}

	cpulab_virt = kcalloc(nr_cpu_ids, sizeof(*cpulab_virt), GFP_KERNEL);
	if (!cpulab_virt)
		return -ENOMEM;
	if (enable_at_load) {
		unsigned int cpu;

		for_each_possible_cpu(cpu)
			cpulab_virt[cpu].enable_requests = 1;
	}
	ret = cpulab_virt_alloc_pages();
	if (ret)
		goto free;

	ret = register_reboot_notifier(&cpulab_virt_reboot_nb);
	if (ret)
		goto free;

	/* Runs the online callback on every online CPU before returning. */
	ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "x86/cpulab/virt:online",
				cpulab_virt_cpu_online, cpulab_virt_cpu_offline);
	if (ret < 0)
		goto unregister;
	cpulab_cpuhp_state = ret;
	return 0;

unregister:
	unregister_reboot_notifier(&cpulab_virt_reboot_nb);
free:
	cpulab_virt_free_pages();
	kfree(cpulab_virt);
	cpulab_virt = NULL;
	return ret;
}

/* Runs the offline callback on every online CPU: no CPU keeps VMXE or SVME. */
void cpulab_virt_exit(void)
{
	cpuhp_remove_state(cpulab_cpuhp_state);
	unregister_reboot_notifier(&cpulab_virt_reboot_nb);
	cpulab_virt_free_pages();
	kfree(cpulab_virt);
	cpulab_virt = NULL;
}
