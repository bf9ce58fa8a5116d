// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU hardware virtualization across CPU hotplug: the glue around the
 * core's enable/disable (core/virt_lifecycle.cpp). The hotplug state that
 * calls cpulab_virt_cpu_online()/_offline() is cpuhp.c's, which orders
 * them against the cache and CR4 records.
 *
 * Locking and contexts:
 * - The records (cpu_records.c) and the pages here are allocated before the
 *   hotplug state is registered (cpuhp.c, after cpulab_virt_init()) and
 *   freed after it is removed, so every callback sees them.
 * - A CPU's record is written only by cpulab_virt_{enable,disable}_here(),
 *   on that CPU with interrupts off (smp_call_function_single() on itself
 *   from the hotplug thread, or an IPI from the reboot notifier).
 * - Readers (CPU_GET) hold cpus_read_lock(), which excludes the hotplug
 *   callbacks, and copy the record on its CPU in IPI context.
 * - cpulab_virt_request_lock serializes VIRT_ENABLE/VIRT_DISABLE/INJECT
 *   with the shutdown hooks, so nothing enables after shutting_down is set.
 *   It is taken before cpus_read_lock().
 * - Syscore suspend and resume run on the last online CPU with interrupts
 *   off and every other CPU offline (the hotplug lock excludes requests).
 * - The emergency callback (emergency.c) runs in NMI context and touches
 *   only its own CPU's record, by hardware state.
 * - The online callback may fail, which rolls the online back (cpuhp.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/reboot.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/syscore_ops.h>
#include <linux/topology.h>

#include "../../include/uapi/cpulab.h"
#include "../core/cpulab_core.h"
#include "../core/platform.h"
#include "cpu_records.h"
#include "events.h"
#include "status.h"
#include "test_knob.h"
#include "virt.h"

/* Off where the kernel owns VMX/SVM (7.1+): cpulab only observes there. */
static bool enable_at_load = !IS_ENABLED(CPULAB_KERNEL_OWNS_VIRT);
module_param(enable_at_load, bool, 0444);
MODULE_PARM_DESC(enable_at_load,
		 "Enable VMX/SVM on every CPU at load and on each CPU as it comes online (default: on; off, and refused, on kernels that own VMX/SVM themselves)");

static bool on_fail_blocks;

/*
 * Parsed when the module's arguments are (parse_args() in load_module()):
 * a bad value refuses the load with the kernel's own "invalid for
 * parameter" message, before cpulab_init() runs or says anything else.
 */
static int cpulab_on_fail_set(const char *value, const struct kernel_param *kp)
{
	if (sysfs_streq(value, "observe"))
		on_fail_blocks = false;
	else if (sysfs_streq(value, "block"))
		on_fail_blocks = true;
	else
		return -EINVAL;
	return 0;
}

static int cpulab_on_fail_get(char *buffer, const struct kernel_param *kp)
{
	return sysfs_emit(buffer, "%s\n", on_fail_blocks ? "block" : "observe");
}

static const struct kernel_param_ops cpulab_on_fail_ops = {
	.set = cpulab_on_fail_set,
	.get = cpulab_on_fail_get,
};
module_param_cb(on_fail, &cpulab_on_fail_ops, NULL, 0444);
MODULE_PARM_DESC(on_fail,
		 "When enabling fails on a CPU coming online: observe (record it, let the CPU online) or block (refuse the online)");

static bool test_skip_shutdown_hooks;
module_param(test_skip_shutdown_hooks, bool, 0444);
MODULE_PARM_DESC(test_skip_shutdown_hooks,
		 "TEST ONLY, taints the kernel: the reboot notifier and syscore shutdown leave virtualization on, to prove the kexec lanes catch it (default: off)");

/* Set by the shutdown hooks: from then on nothing is enabled again. */
static bool shutting_down;
/* Whether syscore suspend turned the last CPU off, so resume turns it on. */
static bool resume_enables;
static DEFINE_MUTEX(cpulab_virt_request_lock);

struct cpulab_virt_call {
	u8 cause;	/* enum cpulab_event_cause */
	enum cpulab_status status;
};

/*
 * Enable or disable on the calling CPU and publish the transition.
 * Context: that CPU, interrupts off (IPI, or the caller's CPU with
 * interrupts disabled).
 */
static enum cpulab_status cpulab_virt_switch_here(bool enable, u8 cause)
{
	unsigned int cpu = smp_processor_id();
	struct cpulab_virt_cpu *virt = &cpulab_cpu(cpu)->virt;
	struct cpulab_virt_cpu before = *virt;
	enum cpulab_status status = enable ? cpulab_core_virt_enable(virt)
					   : cpulab_core_virt_disable(virt);

	if (cpulab_core_virt_is_event(&before, virt))
		cpulab_event_virt(cpu, cause, before.state, virt);
	return status;
}

static void cpulab_virt_enable_here(void *arg)
{
	struct cpulab_virt_call *call = arg;

	call->status = cpulab_virt_switch_here(true, call->cause);
}

static void cpulab_virt_observe_here(void *arg)
{
	unsigned int cpu = smp_processor_id();
	struct cpulab_virt_cpu *virt = &cpulab_cpu(cpu)->virt;
	struct cpulab_virt_call *call = arg;
	struct cpulab_virt_cpu before = *virt;

	cpulab_core_virt_observe(virt);
	if (cpulab_core_virt_is_event(&before, virt))
		cpulab_event_virt(cpu, call->cause, before.state, virt);
}

static void cpulab_virt_disable_here(void *arg)
{
	struct cpulab_virt_call *call = arg;

	call->status = cpulab_virt_switch_here(false, call->cause);
}

int cpulab_virt_cpu_online(unsigned int cpu)
{
	struct cpulab_virt_call call = { .cause = CPULAB_CAUSE_HOTPLUG };
	const struct cpulab_virt_cpu *virt = &cpulab_cpu(cpu)->virt;
	int ret;

	if (READ_ONCE(shutting_down))
		return 0;
	/* Not ours to enable: still say whether someone else has it on. */
	if (!cpulab_core_virt_wanted(virt))
		return smp_call_function_single(cpu, cpulab_virt_observe_here, &call, 1);
	ret = smp_call_function_single(cpu, cpulab_virt_enable_here, &call, 1);
	if (ret)
		return ret;
	if (call.status == CPULAB_STATUS_OK)
		return 0;

	pr_warn("CPU%u: enabling virtualization failed: %s (%s, %d)%s\n", cpu,
		cpulab_core_virt_error_name(virt->last_error), cpulab_status_name(call.status),
		cpulab_status_errno(call.status),
		on_fail_blocks ? "; refusing the online (on_fail=block)" : "");
	return on_fail_blocks ? cpulab_status_errno(call.status) : 0;
}

void cpulab_virt_cpu_offline(unsigned int cpu)
{
	struct cpulab_virt_call call = { .cause = CPULAB_CAUSE_HOTPLUG };

	smp_call_function_single(cpu, cpulab_virt_disable_here, &call, 1);
	if (call.status != CPULAB_STATUS_OK)
		pr_warn("CPU%u: disabling virtualization failed: %s (%s)\n", cpu,
			cpulab_core_virt_error_name(cpulab_cpu(cpu)->virt.last_error),
			cpulab_status_name(call.status));
}

/*
 * Shutdown, reboot and kexec: leave no CPU in VMX operation, which blocks
 * the INIT that starts the next kernel's CPUs. Two hooks, each enough on
 * its own: the reboot notifier runs first, while devices still work (KVM
 * used one on 6.1); syscore shutdown runs last, after system_state changed
 * (KVM's choice on 6.12, kvm_shutdown()), and catches anything the first
 * missed. Crash kexec runs neither: that is the emergency callback.
 * Context: process; the request lock and the hotplug lock keep requests
 * and onlines out, and shutting_down keeps them out for good.
 */
static void cpulab_virt_shutdown(void)
{
	struct cpulab_virt_call call = { .cause = CPULAB_CAUSE_SHUTDOWN };

	mutex_lock(&cpulab_virt_request_lock);
	cpus_read_lock();
	WRITE_ONCE(shutting_down, true);
	if (!test_skip_shutdown_hooks)
		on_each_cpu(cpulab_virt_disable_here, &call, 1);
	cpus_read_unlock();
	mutex_unlock(&cpulab_virt_request_lock);
}

static int cpulab_virt_reboot(struct notifier_block *nb, unsigned long code,
			      void *unused)
{
	cpulab_virt_shutdown();
	return NOTIFY_DONE;
}

static struct notifier_block cpulab_virt_reboot_nb = {
	.notifier_call = cpulab_virt_reboot,
};

/*
 * Suspend to RAM and hibernation: syscore suspend runs on the one CPU left
 * online, interrupts off; the others went through the offline callback.
 * Resume restores exactly what suspend turned off (kvm_suspend() and
 * kvm_resume() do the same).
 */
static int cpulab_virt_suspend(void)
{
	struct cpulab_virt_call call = { .cause = CPULAB_CAUSE_SUSPEND };

	resume_enables = cpulab_cpu(smp_processor_id())->virt.state == CPULAB_VIRT_STATE_ON;
	cpulab_virt_disable_here(&call);
	return 0;
}

static void cpulab_virt_resume(void)
{
	struct cpulab_virt_call call = { .cause = CPULAB_CAUSE_RESUME };

	if (!resume_enables || READ_ONCE(shutting_down))
		return;
	resume_enables = false;
	cpulab_virt_enable_here(&call);
	if (call.status != CPULAB_STATUS_OK)
		pr_warn("CPU%u: re-enabling virtualization after resume failed: %s (%s)\n",
			smp_processor_id(),
			cpulab_core_virt_error_name(cpulab_cpu(smp_processor_id())->virt.last_error),
			cpulab_status_name(call.status));
}

/*
 * Debian's 6.12 carries the syscore API that passes a data pointer
 * (register_syscore()); 6.1 has register_syscore_ops(). Kbuild detects
 * which one the headers declare.
 */
#ifdef CPULAB_HAVE_REGISTER_SYSCORE
static int cpulab_virt_syscore_suspend(void *data)
{
	return cpulab_virt_suspend();
}

static void cpulab_virt_syscore_resume(void *data)
{
	cpulab_virt_resume();
}

static void cpulab_virt_syscore_shutdown(void *data)
{
	cpulab_virt_shutdown();
}

static const struct syscore_ops cpulab_virt_syscore_ops = {
	.suspend = cpulab_virt_syscore_suspend,
	.resume = cpulab_virt_syscore_resume,
	.shutdown = cpulab_virt_syscore_shutdown,
};

static struct syscore cpulab_virt_syscore = {
	.ops = &cpulab_virt_syscore_ops,
};

static void cpulab_virt_register_syscore(void)
{
	register_syscore(&cpulab_virt_syscore);
}

static void cpulab_virt_unregister_syscore(void)
{
	unregister_syscore(&cpulab_virt_syscore);
}
#else
static struct syscore_ops cpulab_virt_syscore_ops = {
	.suspend = cpulab_virt_suspend,
	.resume = cpulab_virt_resume,
	.shutdown = cpulab_virt_shutdown,
};

static void cpulab_virt_register_syscore(void)
{
	register_syscore_ops(&cpulab_virt_syscore_ops);
}

static void cpulab_virt_unregister_syscore(void)
{
	unregister_syscore_ops(&cpulab_virt_syscore_ops);
}
#endif

struct cpulab_virt_request_call {
	bool enable;
	enum cpulab_status status;
};

static void cpulab_virt_request_here(void *arg)
{
	struct cpulab_virt_request_call *call = arg;
	unsigned int cpu = smp_processor_id();
	struct cpulab_virt_cpu *virt = &cpulab_cpu(cpu)->virt;
	struct cpulab_virt_cpu before = *virt;

	call->status = call->enable ? cpulab_core_virt_request_enable(virt, true)
				    : cpulab_core_virt_request_disable(virt, true);
	if (cpulab_core_virt_is_event(&before, virt))
		cpulab_event_virt(cpu, CPULAB_CAUSE_REQUEST, before.state, virt);
}

/* Caller holds cpus_read_lock(): @cpu cannot change online state. */
static enum cpulab_status cpulab_virt_request_one(unsigned int cpu, bool enable)
{
	struct cpulab_virt_request_call call = { .enable = enable };

	if (!cpu_online(cpu))
		return enable ? cpulab_core_virt_request_enable(&cpulab_cpu(cpu)->virt, false)
			      : cpulab_core_virt_request_disable(&cpulab_cpu(cpu)->virt, false);
	if (smp_call_function_single(cpu, cpulab_virt_request_here, &call, 1))
		return CPULAB_STATUS_CPU_UNREACHABLE;
	return call.status;
}

enum cpulab_status cpulab_virt_request(const struct cpumask *cpus, bool enable,
				       unsigned int *failed_cpu)
{
	enum cpulab_status status = CPULAB_STATUS_OK;
	unsigned int cpu, undo;

	mutex_lock(&cpulab_virt_request_lock);
	cpus_read_lock();
	if (READ_ONCE(shutting_down)) {
		status = CPULAB_STATUS_SHUTTING_DOWN;
		goto out;
	}
	for_each_cpu(cpu, cpus) {
		status = cpulab_virt_request_one(cpu, enable);
		if (status != CPULAB_STATUS_OK) {
			*failed_cpu = cpu;
			break;
		}
	}
	if (status == CPULAB_STATUS_OK)
		goto out;
	/* All or nothing: undo what this request already did. */
	for_each_cpu(undo, cpus) {
		enum cpulab_status undone;

		if (undo == cpu)
			break;
		undone = cpulab_virt_request_one(undo, !enable);
		if (undone != CPULAB_STATUS_OK)
			pr_warn("CPU%u: undoing a partial request failed: %s\n", undo,
				cpulab_status_name(undone));
	}
out:
	cpus_read_unlock();
	mutex_unlock(&cpulab_virt_request_lock);
	return status;
}

struct cpulab_virt_arm_call {
	u8 injection;
	enum cpulab_status status;
};

static void cpulab_virt_arm_here(void *arg)
{
	struct cpulab_virt_arm_call *call = arg;

	call->status = cpulab_core_virt_arm_injection(&cpulab_cpu(smp_processor_id())->virt,
						      call->injection);
}

enum cpulab_status cpulab_virt_arm_injection(unsigned int cpu, u8 injection)
{
	struct cpulab_virt_arm_call call = { .injection = injection };
	enum cpulab_status status;

	mutex_lock(&cpulab_virt_request_lock);
	cpus_read_lock();
	/* Arming asks the CPU's own CPUID which classes apply. */
	if (!cpu_online(cpu))
		status = CPULAB_STATUS_OFFLINE;
	else if (smp_call_function_single(cpu, cpulab_virt_arm_here, &call, 1))
		status = CPULAB_STATUS_CPU_UNREACHABLE;
	else
		status = call.status;
	cpus_read_unlock();
	mutex_unlock(&cpulab_virt_request_lock);
	return status;
}

static void cpulab_virt_free_pages(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct cpulab_virt_cpu *virt = &cpulab_cpu(cpu)->virt;

		if (virt->vmxon_region)
			free_page((unsigned long)virt->vmxon_region);
		if (virt->host_save_pa)
			__free_page(pfn_to_page(PHYS_PFN(virt->host_save_pa)));
		/* The records outlive the pages (cpu_records.c). */
		virt->vmxon_region = NULL;
		virt->vmxon_region_pa = 0;
		virt->host_save_pa = 0;
	}
}

/* Zeroed, page-aligned, node-local pages for the VMXON region and the SVM host save area. */
static int cpulab_virt_alloc_pages(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct page *vmxon = alloc_pages_node(cpu_to_node(cpu), GFP_KERNEL | __GFP_ZERO, 0);
		struct page *host_save = alloc_pages_node(cpu_to_node(cpu), GFP_KERNEL | __GFP_ZERO, 0);
		struct cpulab_virt_cpu *virt = &cpulab_cpu(cpu)->virt;

		if (vmxon) {
			virt->vmxon_region = page_address(vmxon);
			virt->vmxon_region_pa = page_to_phys(vmxon);
		}
		if (host_save)
			virt->host_save_pa = page_to_phys(host_save);
		if (!vmxon || !host_save)
			return -ENOMEM;
	}
	return 0;
}

int cpulab_virt_init(void)
{
	int ret;

	cpulab_test_knob_check("test_skip_shutdown_hooks", test_skip_shutdown_hooks);

	if (enable_at_load && cpulab_platform_kernel_owns_virt()) {
		pr_err("enable_at_load=1 refused: this kernel owns VMX/SVM (x86_virt_get_ref()); load kvm_intel or kvm_amd and cpulab observes\n");
		return -EINVAL;
	}
	if (enable_at_load) {
		unsigned int cpu;

		for_each_possible_cpu(cpu)
			cpulab_cpu(cpu)->virt.enable_requests = 1;
	}
	ret = cpulab_virt_alloc_pages();
	if (ret)
		goto free;

	ret = register_reboot_notifier(&cpulab_virt_reboot_nb);
	if (ret)
		goto free;
	cpulab_virt_register_syscore();
	return 0;

free:
	cpulab_virt_free_pages();
	return ret;
}

/* After cpulab_cpuhp_exit() turned every CPU off, and the emergency slot is free. */
void cpulab_virt_exit(void)
{
	cpulab_virt_unregister_syscore();
	unregister_reboot_notifier(&cpulab_virt_reboot_nb);
	cpulab_virt_free_pages();
}
