// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's emergency virtualization slot.
 *
 * Crash kexec and emergency reboot call the single callback registered
 * with cpu_emergency_register_virt_callback() on every CPU, in NMI context,
 * so no CPU is left in VMX operation (which blocks INIT) when the next
 * kernel starts. The register and unregister calls WARN when the slot is
 * not in the expected state, and the slot cannot be read from a module, so
 * cpulab decides from what it can see:
 *
 * - kvm.ko loaded (its exported kvm_rebooting resolves): on 6.1 kvm_intel
 *   takes the slot at module load, on 6.12 KVM takes it while it has
 *   virtualization enabled. Leave it.
 * - a CPU already in someone's VMX/SVM operation (recorded as foreign):
 *   that hypervisor may rely on the slot. Leave it.
 * - otherwise take it, and give it back as soon as a KVM module starts
 *   loading (the module notifier runs before its init), so that KVM's own
 *   registration finds the slot free instead of WARNing.
 *
 * From 7.1 the slot is gone: the kernel owns VMX/SVM and its emergency
 * disable (x86_virt_emergency_disable_virtualization_cpu()) clears VMXE and
 * SVME on every CPU that has them, so cpulab reports the owner as the
 * kernel and registers nothing.
 *
 * Locking: cpulab_emergency_lock orders the load-time decision against
 * the module notifier. The callback itself runs in NMI context and touches
 * only its own CPU's record.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <asm/reboot.h>

#include "../../include/uapi/cpulab.h"
#include "../core/cpulab_core.h"
#include "emergency.h"
#include "cpu_records.h"
#include "test_knob.h"

static bool test_skip_emergency;
module_param(test_skip_emergency, bool, 0444);
MODULE_PARM_DESC(test_skip_emergency,
		 "TEST ONLY, taints the kernel: the emergency callback leaves virtualization on, to prove the kdump lanes catch it (default: off)");

static u8 cpulab_emergency_state = CPULAB_EMERGENCY_KVM;

#ifdef CPULAB_KERNEL_OWNS_VIRT
int cpulab_emergency_init(void)
{
	cpulab_test_knob_check("test_skip_emergency", test_skip_emergency);
	if (test_skip_emergency)
		pr_warn("test_skip_emergency has no effect: the kernel's emergency disable is its own\n");
	WRITE_ONCE(cpulab_emergency_state, CPULAB_EMERGENCY_KERNEL);
	return 0;
}

void cpulab_emergency_exit(void)
{
}
#else
static DEFINE_MUTEX(cpulab_emergency_lock);

/* NMI context, on each CPU during a crash or emergency reboot. */
static void cpulab_emergency_disable_virt(void)
{
	if (test_skip_emergency)
		return;
	cpulab_core_virt_emergency_disable(&cpulab_cpu(smp_processor_id())->virt);
}

static bool cpulab_kvm_loaded(void)
{
	void *kvm_rebooting = __symbol_get("kvm_rebooting");

	if (!kvm_rebooting)
		return false;
	__symbol_put("kvm_rebooting");
	return true;
}

static bool cpulab_is_kvm_module(const char *name)
{
	return !strcmp(name, "kvm") || !strcmp(name, "kvm_intel") ||
	       !strcmp(name, "kvm_amd");
}

static int cpulab_emergency_module_event(struct notifier_block *nb,
					 unsigned long action, void *data)
{
	struct module *mod = data;

	if (action != MODULE_STATE_COMING || !cpulab_is_kvm_module(mod->name))
		return NOTIFY_DONE;
	mutex_lock(&cpulab_emergency_lock);
	if (cpulab_emergency_state == CPULAB_EMERGENCY_OURS) {
		cpu_emergency_unregister_virt_callback(cpulab_emergency_disable_virt);
		cpulab_emergency_state = CPULAB_EMERGENCY_YIELDED;
		pr_info("%s is loading: emergency virtualization callback handed back\n",
			mod->name);
	}
	mutex_unlock(&cpulab_emergency_lock);
	return NOTIFY_DONE;
}

static struct notifier_block cpulab_emergency_module_nb = {
	.notifier_call = cpulab_emergency_module_event,
};

int cpulab_emergency_init(void)
{
	unsigned int cpu;
	int ret;

	cpulab_test_knob_check("test_skip_emergency", test_skip_emergency);
	/* First, so a KVM load racing with the decision below is seen. */
	ret = register_module_notifier(&cpulab_emergency_module_nb);
	if (ret)
		return ret;

	mutex_lock(&cpulab_emergency_lock);
	cpulab_emergency_state = CPULAB_EMERGENCY_OURS;
	if (cpulab_kvm_loaded())
		cpulab_emergency_state = CPULAB_EMERGENCY_KVM;
	for_each_possible_cpu(cpu)
		if (cpulab_cpu(cpu)->virt.state == CPULAB_VIRT_STATE_FOREIGN)
			cpulab_emergency_state = CPULAB_EMERGENCY_FOREIGN;
	if (cpulab_emergency_state == CPULAB_EMERGENCY_OURS)
		cpu_emergency_register_virt_callback(cpulab_emergency_disable_virt);
	else
		pr_info("emergency virtualization callback left to %s\n",
			cpulab_emergency_state == CPULAB_EMERGENCY_KVM ? "KVM"
								: "the hypervisor already running");
	mutex_unlock(&cpulab_emergency_lock);
	return 0;
}

void cpulab_emergency_exit(void)
{
	unregister_module_notifier(&cpulab_emergency_module_nb);
	mutex_lock(&cpulab_emergency_lock);
	/* Unregistering waits for callers (synchronize_rcu()). */
	if (cpulab_emergency_state == CPULAB_EMERGENCY_OURS)
		cpu_emergency_unregister_virt_callback(cpulab_emergency_disable_virt);
	cpulab_emergency_state = CPULAB_EMERGENCY_KVM;
	mutex_unlock(&cpulab_emergency_lock);
}
#endif /* CPULAB_KERNEL_OWNS_VIRT */

u8 cpulab_emergency_owner(void)
{
	return READ_ONCE(cpulab_emergency_state);
}
