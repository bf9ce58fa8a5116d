// SPDX-License-Identifier: GPL-2.0
/*
 * cpulab virtualization lifecycle selftests: the per-CPU state cpulab
 * reports, judged against the hardware. VMX by CR4.VMXE in the register
 * itself (read on the CPU), SVM by EFER.SVME through the kernel's msr
 * driver. CPULAB_EXPECT_VIRT=off says the module was loaded with
 * enable_at_load=0, so nothing may be enabled anywhere.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"

#include "cpu_get.h"
#include "cpulab.h"
#include "genl.h"
#include "sysfs_cpus.h"

#define CR4_VMXE	(1ull << 13)	/* [intel/vol3] 2.5 */
#define MSR_EFER	0xc0000080u
#define EFER_SVME	(1ull << 12)	/* [amd/apm2] 3.1.7 */
#define HOTPLUG_CYCLES	5

static bool expect_enabled(void)
{
	const char *expect = getenv("CPULAB_EXPECT_VIRT");

	return !expect || strcmp(expect, "off");
}

/* 1 if the hardware is in VMX operation / has SVME, 0 if not, -errno. */
static int hardware_virt_enabled(unsigned int cpu, const struct cpu_entry *entry)
{
	uint64_t efer;
	int ret;

	switch (entry->virt_cap) {
	case CPULAB_VIRT_CAP_VMX:
		return !!(entry->cr4 & CR4_VMXE);
	case CPULAB_VIRT_CAP_SVM:
		ret = read_cpu_msr(cpu, MSR_EFER, &efer);
		return ret ? ret : !!(efer & EFER_SVME);
	default:
		return 0;
	}
}

FIXTURE(virt) {
	struct genl_sock sock;
	struct cpu_dump snapshot;
	struct cpu_dump one;
	struct genl_ack ack;
	bool any_capable;
};

FIXTURE_SETUP(virt)
{
	const struct cpu_entry *entry;
	unsigned int cpu;

	ASSERT_EQ(0, genl_open(&self->sock));
	ASSERT_EQ(0, genl_resolve(&self->sock, CPULAB_FAMILY_NAME));
	ASSERT_EQ(0, cpu_get(&self->sock, NULL, NLM_F_DUMP, &self->snapshot, &self->ack));
	ASSERT_EQ(0, self->ack.error);
	for_each_cpu_with_registers(&self->snapshot, cpu, entry)
		if (entry->virt_cap != CPULAB_VIRT_CAP_NONE)
			self->any_capable = true;
}

FIXTURE_TEARDOWN(virt)
{
	genl_close(&self->sock);
}

TEST_F(virt, every_online_cpu_is_in_the_expected_state)
{
	const struct cpu_entry *entry;
	unsigned int cpu;

	if (!self->any_capable)
		SKIP(return, "no CPU offers VMX or SVM");
	for_each_cpu_with_registers(&self->snapshot, cpu, entry) {
		ASSERT_TRUE(entry->has_virt) TH_LOG("CPU %u has no virtualization record", cpu);
		if (entry->virt_cap == CPULAB_VIRT_CAP_NONE) {
			EXPECT_EQ(expect_enabled() ? CPULAB_VIRT_STATE_UNSUPPORTED : CPULAB_VIRT_STATE_OFF,
				  entry->virt_state);
			continue;
		}
		EXPECT_EQ(expect_enabled() ? CPULAB_VIRT_STATE_ON : CPULAB_VIRT_STATE_OFF,
			  entry->virt_state) TH_LOG("CPU %u: error %s", cpu, entry->virt_error);
		EXPECT_EQ(expect_enabled(), hardware_virt_enabled(cpu, entry))
			TH_LOG("CPU %u: hardware disagrees (CR4 0x%" PRIx64 ")", cpu, entry->cr4);
		EXPECT_STREQ("none", entry->virt_error);
		EXPECT_EQ(0, entry->virt_errno);
		EXPECT_EQ(expect_enabled() ? 1 : 0, entry->virt_enables);
		TH_LOG("CPU %u: %s, enable took %" PRIu64 " ns", cpu,
		       entry->virt_state == CPULAB_VIRT_STATE_ON ? "on" : "off", entry->virt_enable_ns);
	}
}

/*
 * Each hotpluggable CPU goes offline and online HOTPLUG_CYCLES times. The
 * offline callback must turn virtualization off (the record says so, and the
 * CPU comes back with the hardware bit clear when cpulab does not re-enable
 * it), and the online callback must turn it on again.
 */
TEST_F(virt, hotplug_cycles_turn_virtualization_off_and_on)
{
	unsigned int cycled = 0;

	if (!self->any_capable)
		SKIP(return, "no CPU offers VMX or SVM");
	for (unsigned int cpu = 1; cpu < SELFTEST_MAX_CPUS; cpu++) {
		const struct cpu_entry before = self->snapshot.cpu[cpu];
		const struct cpu_entry *now = &self->one.cpu[cpu];

		if (!before.has_registers || before.virt_cap == CPULAB_VIRT_CAP_NONE ||
		    !cpu_is_hotpluggable(cpu))
			continue;
		for (unsigned int cycle = 1; cycle <= HOTPLUG_CYCLES; cycle++) {
			ASSERT_EQ(0, set_cpu_online(cpu, false)) TH_LOG("CPU %u offline", cpu);
			ASSERT_EQ(0, cpu_get_one(&self->sock, cpu, &self->one, &self->ack));
			ASSERT_EQ(0, self->ack.error);
			EXPECT_FALSE(now->online);
			EXPECT_EQ(CPULAB_VIRT_STATE_OFF, now->virt_state);
			EXPECT_STREQ("none", now->virt_error);
			EXPECT_EQ(before.virt_disables + (expect_enabled() ? cycle : 0), now->virt_disables);

			ASSERT_EQ(0, set_cpu_online(cpu, true)) TH_LOG("CPU %u online", cpu);
			ASSERT_EQ(0, cpu_get_one(&self->sock, cpu, &self->one, &self->ack));
			ASSERT_EQ(0, self->ack.error);
			ASSERT_TRUE(now->online);
			EXPECT_EQ(expect_enabled() ? CPULAB_VIRT_STATE_ON : CPULAB_VIRT_STATE_OFF,
				  now->virt_state) TH_LOG("CPU %u cycle %u: error %s", cpu, cycle,
							  now->virt_error);
			EXPECT_EQ(before.virt_enables + (expect_enabled() ? cycle : 0), now->virt_enables);
			EXPECT_EQ(expect_enabled(), hardware_virt_enabled(cpu, now))
				TH_LOG("CPU %u cycle %u: CR4 0x%" PRIx64, cpu, cycle, now->cr4);
		}
		cycled++;
	}
	if (!cycled)
		SKIP(return, "no hotpluggable CPU with VMX or SVM");
	TH_LOG("%u CPUs, %u offline/online cycles each", cycled, HOTPLUG_CYCLES);
}

TEST_HARNESS_MAIN
