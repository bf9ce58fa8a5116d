// SPDX-License-Identifier: GPL-2.0
/*
 * The kexec lanes' first kernel, just before it kexecs or crashes: is the
 * state it hands over armed? Every online CPU must be in VMX operation or
 * have EFER.SVME set (read from the hardware), the expected owner must hold
 * the emergency virt slot, and every CPU's caches must be marked
 * incoherent, so that the kexec path's duties (leave no CPU in VMX
 * operation, WBINVD before jumping) have work to do. A handover that is not
 * armed would make the second kernel's clean verdict (inherited_test)
 * prove nothing.
 *
 * The owner must also keep it armed across CPU hotplug: a CPU taken offline
 * and back online through sysfs (the kernel's own path, so the owner's
 * CPU-hotplug callbacks run, cpulab's or KVM's) must come back with
 * virtualization on in hardware.
 *
 * CPULAB_EXPECT_VIRT=foreign: KVM holds virtualization, not cpulab (the
 * lanes' KVM-as-peer run, and every run on a kernel that owns VMX/SVM).
 * CPULAB_EXPECT_EMERGENCY: ours (default), kvm, foreign, or kernel (7.1+:
 * the kernel's own emergency disable).
 */
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>

#include "kselftest_harness.h"

#include "cpu_get.h"
#include "cpulab.h"
#include "cpulab_ops.h"
#include "genl.h"
#include "sysfs_cpus.h"

static const char *env_or(const char *name, const char *fallback)
{
	const char *value = getenv(name);

	return value && *value ? value : fallback;
}

FIXTURE(handover) {
	struct genl_sock sock;
	struct cpu_dump dump;
	struct cpu_set_sysfs online;
};

FIXTURE_SETUP(handover)
{
	struct genl_ack ack;

	ASSERT_EQ(0, genl_open(&self->sock));
	ASSERT_EQ(0, genl_resolve(&self->sock, CPULAB_FAMILY_NAME));
	ASSERT_EQ(0, cpu_get(&self->sock, NULL, NLM_F_DUMP, &self->dump, &ack));
	ASSERT_EQ(0, ack.error) TH_LOG("dump failed: %s", ack.message);
	ASSERT_EQ(0, read_cpulist_file("/sys/devices/system/cpu/online", &self->online));
}

FIXTURE_TEARDOWN(handover)
{
	genl_close(&self->sock);
}

TEST_F(handover, every_online_cpu_has_virt_on_in_hardware)
{
	const bool foreign = !strcmp(env_or("CPULAB_EXPECT_VIRT", "on"), "foreign");
	const uint8_t state = foreign ? CPULAB_VIRT_STATE_FOREIGN : CPULAB_VIRT_STATE_ON;
	const struct cpu_entry *entry;
	unsigned int cpu, checked = 0;

	ASSERT_GE(self->online.count, 2) TH_LOG("a handover needs a CPU besides the kexec one");
	for_each_cpu_with_registers(&self->dump, cpu, entry) {
		ASSERT_NE(CPULAB_VIRT_CAP_NONE, entry->virt_cap) TH_LOG("CPU %u has no VMX or SVM", cpu);
		EXPECT_EQ(1, hardware_virt_enabled(cpu, entry)) TH_LOG("CPU %u", cpu);
		EXPECT_EQ(state, entry->virt_state) TH_LOG("CPU %u", cpu);
		checked++;
	}
	EXPECT_EQ(self->online.count, checked);
}

TEST_F(handover, expected_owner_holds_the_emergency_slot)
{
	static const char *const names[] = {
		[CPULAB_EMERGENCY_OURS] = "ours",
		[CPULAB_EMERGENCY_KVM] = "kvm",
		[CPULAB_EMERGENCY_FOREIGN] = "foreign",
		[CPULAB_EMERGENCY_YIELDED] = "yielded",
		[CPULAB_EMERGENCY_KERNEL] = "kernel",
	};
	const char *expected = env_or("CPULAB_EXPECT_EMERGENCY", "ours");
	const struct cpu_entry *entry;
	unsigned int cpu;

	for_each_cpu_with_registers(&self->dump, cpu, entry) {
		ASSERT_TRUE(entry->has_emergency) TH_LOG("CPU %u", cpu);
		ASSERT_LT(entry->emergency, sizeof(names) / sizeof(names[0]));
		EXPECT_STREQ(expected, names[entry->emergency]) TH_LOG("CPU %u", cpu);
	}
}

TEST_F(handover, every_online_cpu_has_caches_marked_incoherent)
{
	const struct cpu_entry *entry;
	unsigned int cpu;

	for_each_cpu_with_registers(&self->dump, cpu, entry) {
		ASSERT_TRUE(entry->has_cache) TH_LOG("CPU %u", cpu);
		EXPECT_TRUE(entry->cache_incoherent) TH_LOG("CPU %u", cpu);
		EXPECT_TRUE(entry->cache_reasons & CPULAB_CACHE_REASON_MARKED) TH_LOG("CPU %u", cpu);
	}
}

/*
 * Last, as it changes what the others read: going offline flushes the CPU's
 * caches (cpulab's cache state), so the test marks it again to leave the
 * handover as armed as it found it.
 */
TEST_F(handover, a_cpu_cycled_offline_and_online_comes_back_armed)
{
	const bool foreign = !strcmp(env_or("CPULAB_EXPECT_VIRT", "on"), "foreign");
	const uint8_t state = foreign ? CPULAB_VIRT_STATE_FOREIGN : CPULAB_VIRT_STATE_ON;
	const struct cpu_entry *entry;
	struct cpu_dump after;
	struct genl_ack ack;
	unsigned int cpu = self->online.last;

	while (cpu > 0 && !(self->online.cpu[cpu] && sysfs_cpu_is_hotpluggable(cpu)))
		cpu--;
	if (cpu == 0)
		SKIP(return, "no online CPU besides CPU 0 can be taken offline");
	ASSERT_EQ(0, sysfs_set_cpu_online(cpu, false)) TH_LOG("offline CPU %u", cpu);
	ASSERT_EQ(0, sysfs_set_cpu_online(cpu, true)) TH_LOG("online CPU %u", cpu);
	ASSERT_EQ(0, cpu_get(&self->sock, NULL, NLM_F_DUMP, &after, &ack));
	ASSERT_EQ(0, ack.error) TH_LOG("dump failed: %s", ack.message);
	entry = &after.cpu[cpu];
	ASSERT_TRUE(entry->has_registers) TH_LOG("CPU %u", cpu);
	EXPECT_EQ(1, hardware_virt_enabled(cpu, entry))
		TH_LOG("CPU %u came back online with virtualization off in hardware (CR4 %#llx)", cpu,
		       (unsigned long long)entry->cr4);
	EXPECT_EQ(state, entry->virt_state) TH_LOG("CPU %u", cpu);
	ASSERT_EQ(0, cache_request_cpu(&self->sock, true, cpu, &ack));
	EXPECT_EQ(0, ack.error) TH_LOG("marking CPU %u again: %s", cpu, ack.message);
}

TEST_HARNESS_MAIN
