// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's own VMX/SVM owner (7.1+, arch/x86/virt/hw.c), observed: on
 * such a kernel cpulab never enables or disables virtualization itself.
 * kernel_virt.sh runs this with KVM loaded and unloaded, and says which
 * through CPULAB_EXPECT_KERNEL_VIRT:
 *   on   KVM holds a reference on every online CPU (kvm_intel/kvm_amd
 *        with enable_virt_at_load=Y): x86_virt_get_ref() set CR4.VMXE or
 *        EFER.SVME on each, and cpulab reports each as foreign;
 *   off  nobody holds one: the bit is clear everywhere, the state off.
 * The agreement check reads the hardware itself: CR4 as cpulab read it on
 * the CPU, EFER through the kernel's msr driver.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"

#include "cpu_get.h"
#include "cpulab_ops.h"
#include "cpulab.h"
#include "genl.h"
#include "sysfs_cpus.h"

static bool kernel_virt_expected(void)
{
	const char *expect = getenv("CPULAB_EXPECT_KERNEL_VIRT");

	return expect && !strcmp(expect, "on");
}

FIXTURE(kernel_virt) {
	struct genl_sock sock;
	struct cpu_dump snapshot;
	struct genl_ack ack;
};

FIXTURE_SETUP(kernel_virt)
{
	ASSERT_EQ(0, genl_open(&self->sock));
	ASSERT_EQ(0, genl_resolve(&self->sock, CPULAB_FAMILY_NAME));
	ASSERT_EQ(0, cpu_get(&self->sock, NULL, NLM_F_DUMP, &self->snapshot, &self->ack));
	ASSERT_EQ(0, self->ack.error);
	if (!self->snapshot.cpu[0].has_emergency ||
	    self->snapshot.cpu[0].emergency != CPULAB_EMERGENCY_KERNEL)
		SKIP(return, "this kernel does not own VMX/SVM itself (before 7.1)");
}

FIXTURE_TEARDOWN(kernel_virt)
{
	genl_close(&self->sock);
}

/*
 * The check: each online CPU's hardware bit against the kernel's owner,
 * and cpulab's record against both. Returns how many CPUs disagree, each
 * named in the log.
 */
static unsigned int count_disagreements(struct __test_metadata *_metadata, struct genl_sock *sock,
					unsigned int *checked)
{
	static struct cpu_dump dump;
	struct genl_ack ack;
	const struct cpu_entry *entry;
	unsigned int cpu, disagree = 0;
	const bool want = kernel_virt_expected();

	*checked = 0;
	if (cpu_get(sock, NULL, NLM_F_DUMP, &dump, &ack) || ack.error) {
		TH_LOG("CPU_GET failed: %d %s", ack.error, ack.message);
		return ~0u;
	}
	for_each_cpu_with_registers(&dump, cpu, entry) {
		int hardware;

		if (entry->virt_cap == CPULAB_VIRT_CAP_NONE)
			continue;
		hardware = hardware_virt_enabled(cpu, entry);
		(*checked)++;
		if (hardware < 0) {
			TH_LOG("CPU %u: cannot read EFER", cpu);
			disagree++;
		} else if (hardware != want) {
			TH_LOG("CPU %u: hardware %s is %s, but the kernel's owner %s",
			       cpu, entry->virt_cap == CPULAB_VIRT_CAP_VMX ? "CR4.VMXE" : "EFER.SVME",
			       hardware ? "set" : "clear",
			       want ? "holds a reference (KVM loaded)" : "holds none");
			disagree++;
		} else if (entry->virt_state != (want ? CPULAB_VIRT_STATE_FOREIGN : CPULAB_VIRT_STATE_OFF)) {
			TH_LOG("CPU %u: cpulab reports virt state %u against the hardware", cpu,
			       entry->virt_state);
			disagree++;
		}
	}
	return disagree;
}

#define EXPECT_AGREEMENT(sock)                                                   \
	do {                                                                     \
		unsigned int checked_;                                           \
		EXPECT_EQ(0, count_disagreements(_metadata, (sock), &checked_)); \
		EXPECT_LT(0, checked_) TH_LOG("no CPU with VMX or SVM");         \
	} while (0)

TEST_F(kernel_virt, hardware_agrees_with_the_kernels_owner)
{
	EXPECT_AGREEMENT(&self->sock);
}

/* The kernel's owner re-enables a CPU as it comes online (its cpuhp state). */
TEST_F_TIMEOUT(kernel_virt, hotplug_keeps_the_agreement, 300)
{
	unsigned int cycled = 0;

	for (unsigned int cpu = 1; cpu < SELFTEST_MAX_CPUS; cpu++) {
		if (!self->snapshot.cpu[cpu].has_registers || !sysfs_cpu_is_hotpluggable(cpu))
			continue;
		ASSERT_EQ(0, sysfs_set_cpu_online(cpu, false)) TH_LOG("CPU %u offline", cpu);
		ASSERT_EQ(0, sysfs_set_cpu_online(cpu, true)) TH_LOG("CPU %u online", cpu);
		cycled++;
	}
	if (!cycled)
		SKIP(return, "no hotpluggable CPU online");
	EXPECT_AGREEMENT(&self->sock);
}

/*
 * cpulab's STOP parks the other CPUs and releases them. The kernel's own
 * stop path would disable virtualization (the emergency disable), cpulab's
 * must not: the kernel's owner still holds it afterwards.
 */
TEST_F(kernel_virt, stop_keeps_the_agreement)
{
	struct stop_knobs knobs = {
		.mode = CPULAB_STOP_MODE_IPI_NMI,
		.ordering = CPULAB_STOP_ORDERING_HARDENED,
		.ipi_timeout_ms = 10,
		.nmi_timeout_ms = 10,
	};
	static struct stop_result result;

	ASSERT_EQ(0, stop_request(&self->sock, &knobs, &result, &self->ack));
	ASSERT_EQ(0, self->ack.error) TH_LOG("%s", self->ack.message);
	EXPECT_EQ(CPULAB_STOP_VERDICT_STOPPED, result.verdict);
	for (unsigned int i = 0; i < result.count; i++) {
		EXPECT_EQ(0, result.cpus[i].virt_disabled) TH_LOG("CPU %u", result.cpus[i].cpu);
	}
	EXPECT_AGREEMENT(&self->sock);
}

/* Every request that would make cpulab an owner is refused, changing nothing. */
TEST_F(kernel_virt, enable_and_injection_are_refused)
{
	const struct cpu_entry *entry;
	unsigned int cpu;

	for_each_cpu_with_registers(&self->snapshot, cpu, entry) {
		if (entry->virt_cap == CPULAB_VIRT_CAP_NONE)
			continue;
		ASSERT_EQ(0, virt_request_cpu(&self->sock, true, cpu, &self->ack));
		EXPECT_EQ(EBUSY, self->ack.error);
		EXPECT_TRUE(genl_ack_names_cpu(&self->ack, cpu, CPULAB_STATUS_KERNEL_OWNS_VIRT,
					       ": the kernel owns VMX/SVM (x86_virt_get_ref())", NULL))
			TH_LOG("extack \"%s\" [%d]", self->ack.message, self->ack.status);
		ASSERT_EQ(0, inject(&self->sock, cpu, CPULAB_INJECT_PRECHECK, &self->ack));
		EXPECT_EQ(EBUSY, self->ack.error);
		EXPECT_EQ(CPULAB_STATUS_KERNEL_OWNS_VIRT, self->ack.status);
	}
	EXPECT_AGREEMENT(&self->sock);
}

/*
 * Without the kernel's CR4 shadow cpulab cannot know whether a task relies
 * on CR4.PCE, so a perturbation is refused and CR4 stays as it was.
 */
TEST_F(kernel_virt, cr4_perturbation_needs_the_shadow)
{
	struct cpu_dump after;
	const struct cpu_entry *before = &self->snapshot.cpu[0];

	if (before->has_shadow)
		SKIP(return, "this kernel exports its CR4 shadow: cr4_test perturbs");
	ASSERT_EQ(0, cr4_perturb_request(&self->sock, 0, CPULAB_CR4_PERTURBABLE_BIT, false, &self->ack));
	EXPECT_EQ(EOPNOTSUPP, self->ack.error);
	EXPECT_EQ(CPULAB_STATUS_SHADOW_NOT_EXPORTED, self->ack.status);
	ASSERT_EQ(0, cpu_get(&self->sock, NULL, NLM_F_DUMP, &after, &self->ack));
	EXPECT_EQ(before->cr4 & (1ull << CPULAB_CR4_PERTURBABLE_BIT),
		  after.cpu[0].cr4 & (1ull << CPULAB_CR4_PERTURBABLE_BIT));
	EXPECT_FALSE(after.cpu[0].has_shadow);
}

TEST_HARNESS_MAIN
