// SPDX-License-Identifier: GPL-2.0
/*
 * cpulab virtualization lifecycle selftests: the per-CPU state cpulab
 * reports, judged against the hardware. VMX by CR4.VMXE in the register
 * itself (read on the CPU), SVM by EFER.SVME through the kernel's msr
 * driver. CPULAB_EXPECT_VIRT=off says the module was loaded with
 * enable_at_load=0, so nothing may be enabled anywhere; =foreign says
 * another hypervisor (KVM) held VMX on every CPU when it was loaded.
 * CPULAB_EXPECT_EMERGENCY names who must hold the emergency callback
 * (ours, kvm, foreign, kernel). Unset, both follow the kernel: where it
 * owns virtualization itself (7.1+, kernel_caps.h), cpulab enables
 * nothing (its enable_at_load default) and the slot is the kernel's;
 * before, cpulab enables every CPU at load and holds the slot.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "cpu_get.h"
#include "cpulab_ops.h"
#include "cpulab.h"
#include "genl.h"
#include "kernel_caps.h"
#include "sysfs_cpus.h"

#define HOTPLUG_CYCLES	5

/* CPULAB_ON_FAIL=block: the module was loaded with on_fail=block. */
static bool on_fail_blocks(void)
{
	const char *policy = getenv("CPULAB_ON_FAIL");

	return policy && !strcmp(policy, "block");
}

static bool expect_mode(const char *mode)
{
	const char *expect = getenv("CPULAB_EXPECT_VIRT");

	if (!expect || !*expect)
		expect = kernel_owns_virt() ? "off" : "on";
	return !strcmp(expect, mode);
}

static bool expect_enabled(void)
{
	return expect_mode("on");
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
	if (expect_mode("foreign"))
		SKIP(return, "another hypervisor owns virtualization: foreign_owner_is_left_alone");
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
/*
 * Ten hotplug operations per CPU. Bochs with the guest's TSC rate right
 * (ci/bochs-lane.sh) brings a CPU online in 0.1-0.8 s of guest time on
 * 6.12 and 2-4 s on 6.1, which passed the harness' 30 s default.
 */
TEST_F_TIMEOUT(virt, hotplug_cycles_turn_virtualization_off_and_on, 300)
{
	unsigned int cycled = 0;

	if (!self->any_capable)
		SKIP(return, "no CPU offers VMX or SVM");
	if (expect_mode("foreign"))
		SKIP(return, "another hypervisor owns virtualization: foreign_owner_is_left_alone");
	for (unsigned int cpu = 1; cpu < SELFTEST_MAX_CPUS; cpu++) {
		const struct cpu_entry before = self->snapshot.cpu[cpu];
		const struct cpu_entry *now = &self->one.cpu[cpu];

		if (!before.has_registers || before.virt_cap == CPULAB_VIRT_CAP_NONE ||
		    !sysfs_cpu_is_hotpluggable(cpu))
			continue;
		for (unsigned int cycle = 1; cycle <= HOTPLUG_CYCLES; cycle++) {
			ASSERT_EQ(0, sysfs_set_cpu_online(cpu, false))
				TH_LOG("CPU %u offline", cpu);
			ASSERT_EQ(0, cpu_get_one(&self->sock, cpu, &self->one, &self->ack));
			ASSERT_EQ(0, self->ack.error);
			EXPECT_FALSE(now->online);
			EXPECT_EQ(CPULAB_VIRT_STATE_OFF, now->virt_state);
			EXPECT_STREQ("none", now->virt_error);
			EXPECT_EQ(before.virt_disables + (expect_enabled() ? cycle : 0), now->virt_disables);

			ASSERT_EQ(0, sysfs_set_cpu_online(cpu, true)) TH_LOG("CPU %u online", cpu);
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

/* The first online CPU with VMX or SVM, and a hotpluggable one after it. */
static unsigned int first_capable_cpu(const struct cpu_dump *dump, bool hotpluggable)
{
	const struct cpu_entry *entry;
	unsigned int cpu;

	for_each_cpu_with_registers(dump, cpu, entry)
		if (entry->virt_cap != CPULAB_VIRT_CAP_NONE &&
		    (!hotpluggable || (cpu && sysfs_cpu_is_hotpluggable(cpu))))
			return cpu;
	return SELFTEST_MAX_CPUS;
}

#define SKIP_UNLESS_ENABLED_AND_CAPABLE()					\
	do {									\
		if (kernel_owns_virt())						\
			SKIP(return, SKIP_REASON_KERNEL_OWNS_VIRT ": its virt requests are refused (kernel_virt_test)");		\
		if (!expect_enabled())						\
			SKIP(return, "module loaded with enable_at_load=0 or under KVM"); \
		if (!self->any_capable)						\
			SKIP(return, "no CPU offers VMX or SVM");		\
	} while (0)

/* Every capable online CPU in @dump is on (or off) with @requests, in hardware too. */
static void expect_every_capable_cpu(struct __test_metadata *_metadata,
				     const struct cpu_dump *dump, bool on, uint32_t requests)
{
	const struct cpu_entry *entry;
	unsigned int cpu;

	for_each_cpu_with_registers(dump, cpu, entry) {
		if (entry->virt_cap == CPULAB_VIRT_CAP_NONE)
			continue;
		EXPECT_EQ(on ? CPULAB_VIRT_STATE_ON : CPULAB_VIRT_STATE_OFF, entry->virt_state)
			TH_LOG("CPU %u", cpu);
		EXPECT_EQ(requests, entry->virt_requests) TH_LOG("CPU %u", cpu);
		EXPECT_EQ(on, hardware_virt_enabled(cpu, entry)) TH_LOG("CPU %u", cpu);
	}
}

TEST_F(virt, requests_turn_every_cpu_off_and_on)
{
	SKIP_UNLESS_ENABLED_AND_CAPABLE();
	ASSERT_EQ(0, virt_request(&self->sock, false, NULL, 0, &self->ack));
	ASSERT_EQ(0, self->ack.error) TH_LOG("%s", self->ack.message);
	ASSERT_EQ(0, cpu_get(&self->sock, NULL, NLM_F_DUMP, &self->one, &self->ack));
	expect_every_capable_cpu(_metadata, &self->one, false, 0);

	ASSERT_EQ(0, virt_request(&self->sock, true, NULL, 0, &self->ack));
	ASSERT_EQ(0, self->ack.error) TH_LOG("%s", self->ack.message);
	ASSERT_EQ(0, cpu_get(&self->sock, NULL, NLM_F_DUMP, &self->one, &self->ack));
	expect_every_capable_cpu(_metadata, &self->one, true, 1);
}

TEST_F(virt, requests_are_counted_per_cpu)
{
	const struct cpu_entry *now;
	unsigned int cpu;
	uint64_t enables;

	SKIP_UNLESS_ENABLED_AND_CAPABLE();
	cpu = first_capable_cpu(&self->snapshot, false);
	ASSERT_LT(cpu, SELFTEST_MAX_CPUS);
	now = &self->one.cpu[cpu];
	enables = self->snapshot.cpu[cpu].virt_enables;
	ASSERT_EQ(0, virt_request_cpu(&self->sock, true, cpu, &self->ack));
	ASSERT_EQ(0, self->ack.error);
	ASSERT_EQ(0, cpu_get_one(&self->sock, cpu, &self->one, &self->ack));
	EXPECT_EQ(2, now->virt_requests);
	EXPECT_EQ(enables, now->virt_enables) TH_LOG("a second request must not stack VMXON");

	ASSERT_EQ(0, virt_request_cpu(&self->sock, false, cpu, &self->ack));
	ASSERT_EQ(0, cpu_get_one(&self->sock, cpu, &self->one, &self->ack));
	EXPECT_EQ(CPULAB_VIRT_STATE_ON, now->virt_state);
	EXPECT_EQ(1, hardware_virt_enabled(cpu, now));

	ASSERT_EQ(0, virt_request_cpu(&self->sock, false, cpu, &self->ack));
	ASSERT_EQ(0, cpu_get_one(&self->sock, cpu, &self->one, &self->ack));
	EXPECT_EQ(CPULAB_VIRT_STATE_OFF, now->virt_state);
	EXPECT_EQ(0, hardware_virt_enabled(cpu, now));

	ASSERT_EQ(0, virt_request_cpu(&self->sock, false, cpu, &self->ack));
	EXPECT_EQ(EALREADY, self->ack.error);
	EXPECT_NE(NULL, strstr(self->ack.message, "no enable request to release"))
		TH_LOG("extack \"%s\"", self->ack.message);

	ASSERT_EQ(0, virt_request_cpu(&self->sock, true, cpu, &self->ack));
	ASSERT_EQ(0, self->ack.error);
	ASSERT_EQ(0, cpu_get_one(&self->sock, cpu, &self->one, &self->ack));
	EXPECT_EQ(CPULAB_VIRT_STATE_ON, now->virt_state);
	EXPECT_EQ(1, hardware_virt_enabled(cpu, now));
}

/*
 * With its request released while offline, a CPU comes back online and
 * cpulab leaves it alone: the hardware shows what the offline callback left.
 */
TEST_F(virt, released_cpu_comes_back_online_with_virtualization_off)
{
	unsigned int cpu = first_capable_cpu(&self->snapshot, true);
	const struct cpu_entry *now = &self->one.cpu[cpu];

	SKIP_UNLESS_ENABLED_AND_CAPABLE();
	if (cpu == SELFTEST_MAX_CPUS)
		SKIP(return, "no hotpluggable CPU with VMX or SVM");
	ASSERT_EQ(0, sysfs_set_cpu_online(cpu, false));
	ASSERT_EQ(0, virt_request_cpu(&self->sock, false, cpu, &self->ack));
	ASSERT_EQ(0, self->ack.error) TH_LOG("%s", self->ack.message);
	ASSERT_EQ(0, sysfs_set_cpu_online(cpu, true));
	ASSERT_EQ(0, cpu_get_one(&self->sock, cpu, &self->one, &self->ack));
	EXPECT_EQ(CPULAB_VIRT_STATE_OFF, now->virt_state);
	EXPECT_EQ(0, now->virt_requests);
	EXPECT_EQ(0, hardware_virt_enabled(cpu, now)) TH_LOG("CR4 0x%" PRIx64, now->cr4);

	ASSERT_EQ(0, virt_request_cpu(&self->sock, true, cpu, &self->ack));
	ASSERT_EQ(0, self->ack.error) TH_LOG("%s", self->ack.message);
	ASSERT_EQ(0, cpu_get_one(&self->sock, cpu, &self->one, &self->ack));
	EXPECT_EQ(CPULAB_VIRT_STATE_ON, now->virt_state);
	EXPECT_EQ(1, hardware_virt_enabled(cpu, now));
}

/* A request that fails on one CPU undoes itself on the CPUs before it. */
TEST_F(virt, failing_request_changes_nothing)
{
	unsigned int first = first_capable_cpu(&self->snapshot, false);
	unsigned int second = first_capable_cpu(&self->snapshot, true);
	uint8_t bitmap[SELFTEST_MAX_CPUS / 8] = { 0 };
	const struct cpu_entry *now = &self->one.cpu[first];

	SKIP_UNLESS_ENABLED_AND_CAPABLE();
	if (second == SELFTEST_MAX_CPUS || second == first)
		SKIP(return, "needs two CPUs with VMX or SVM");
	ASSERT_EQ(0, virt_request_cpu(&self->sock, false, second, &self->ack));
	ASSERT_EQ(0, self->ack.error);

	bitmap[first / 8] |= 1u << (first % 8);
	bitmap[second / 8] |= 1u << (second % 8);
	ASSERT_EQ(0, virt_request(&self->sock, false, bitmap, second / 8 + 1, &self->ack));
	EXPECT_EQ(EALREADY, self->ack.error);
	EXPECT_TRUE(genl_ack_names_cpu(&self->ack, second, CPULAB_STATUS_NOTHING_TO_RELEASE,
				       " has no enable request to release", NULL))
		TH_LOG("%s", self->ack.message);
	ASSERT_EQ(0, cpu_get_one(&self->sock, first, &self->one, &self->ack));
	EXPECT_EQ(CPULAB_VIRT_STATE_ON, now->virt_state);
	EXPECT_EQ(1, now->virt_requests);
	EXPECT_EQ(1, hardware_virt_enabled(first, now));

	ASSERT_EQ(0, virt_request_cpu(&self->sock, true, second, &self->ack));
	ASSERT_EQ(0, self->ack.error) TH_LOG("%s", self->ack.message);
}

TEST_F(virt, bad_requests_are_refused_and_change_nothing)
{
	uint8_t bitmap[4096 / 8 + 1] = { 0 };
	struct genl_attrs wrong = { .len = 0 };
	uint32_t cpu0 = 0;

	SKIP_UNLESS_ENABLED_AND_CAPABLE();
	bitmap[4096 / 8] = 1;	/* CPU 4096 */
	ASSERT_EQ(0, virt_request(&self->sock, false, bitmap, sizeof(bitmap), &self->ack));
	EXPECT_EQ(EINVAL, self->ack.error);
	EXPECT_NE(NULL, strstr(self->ack.message, "out of range")) TH_LOG("%s", self->ack.message);
	EXPECT_TRUE(self->ack.has_offset);

	memset(bitmap, 0, sizeof(bitmap));
	ASSERT_EQ(0, virt_request(&self->sock, false, bitmap, 1, &self->ack));
	EXPECT_EQ(EINVAL, self->ack.error);
	EXPECT_STREQ("empty CPU list", self->ack.message);

	genl_attrs_put(&wrong, CPULAB_A_CPU, &cpu0, sizeof(cpu0));
	ASSERT_EQ(0, genl_transact(&self->sock, CPULAB_CMD_VIRT_DISABLE, 0, 0, &wrong,
				   CPULAB_A_MAX, NULL, NULL, &self->ack));
	EXPECT_EQ(EINVAL, self->ack.error) TH_LOG("CPU_GET's attribute accepted by VIRT_DISABLE");

	ASSERT_EQ(0, cpu_get(&self->sock, NULL, NLM_F_DUMP, &self->one, &self->ack));
	expect_every_capable_cpu(_metadata, &self->one, true, 1);
}

/* Statuses and their messages, as core/status.cpp gives them. */
#define VMFAIL CPULAB_STATUS_VIRT_VMFAIL, ": VMXON/VMXOFF reported VMfail"
#define PRECHECK CPULAB_STATUS_VIRT_PRECHECK, ": its configuration forbids it"
#define FAULT CPULAB_STATUS_VIRT_FAULT, ": VMXON/VMXOFF faulted"

struct expected_failure {
	uint8_t injection;
	int error;
	const char *name;
	enum cpulab_status status;	/* cpulab's status for it, and its message */
	const char *message;
};

/* What each class must produce, by extension ([intel/vol3] 31.5 VMXON). */
static const struct expected_failure vmx_failures[] = {
	{ CPULAB_INJECT_VMX_BAD_REVISION, EIO, "vmfail-invalid", VMFAIL },
	{ CPULAB_INJECT_VMX_MISALIGNED_REGION, EIO, "vmfail-invalid", VMFAIL },
	{ CPULAB_INJECT_VMX_VMXE_CLEAR, EFAULT, "fault-ud", FAULT },
	{ CPULAB_INJECT_PRECHECK, EOPNOTSUPP, "precheck:feature-control-unlocked", PRECHECK },
};
static const struct expected_failure svm_failures[] = {
	{ CPULAB_INJECT_PRECHECK, EOPNOTSUPP, "precheck:svm-disabled", PRECHECK },
};

/*
 * Each class, armed on a CPU whose request was released, makes the next
 * VIRT_ENABLE fail with its class and errno and an extack that names the
 * class, leaves the hardware bit clear, and is spent: the enable after it
 * succeeds.
 */
TEST_F(virt, injected_failures_are_classified_and_unwound)
{
	const struct expected_failure *failures;
	const struct cpu_entry *now;
	unsigned int cpu, count;
	SKIP_UNLESS_ENABLED_AND_CAPABLE();
	cpu = first_capable_cpu(&self->snapshot, false);
	ASSERT_LT(cpu, SELFTEST_MAX_CPUS);
	now = &self->one.cpu[cpu];
	if (self->snapshot.cpu[cpu].virt_cap == CPULAB_VIRT_CAP_VMX) {
		failures = vmx_failures;
		count = sizeof(vmx_failures) / sizeof(vmx_failures[0]);
	} else {
		failures = svm_failures;
		count = sizeof(svm_failures) / sizeof(svm_failures[0]);
	}

	for (unsigned int i = 0; i < count; i++) {
		ASSERT_EQ(0, virt_request_cpu(&self->sock, false, cpu, &self->ack));
		ASSERT_EQ(0, self->ack.error);
		ASSERT_EQ(0, inject(&self->sock, cpu, failures[i].injection, &self->ack));
		ASSERT_EQ(0, self->ack.error) TH_LOG("%s", self->ack.message);
		ASSERT_EQ(0, cpu_get_one(&self->sock, cpu, &self->one, &self->ack));
		EXPECT_EQ(failures[i].injection, now->virt_injection);

		ASSERT_EQ(0, virt_request_cpu(&self->sock, true, cpu, &self->ack));
		EXPECT_EQ(failures[i].error, self->ack.error) TH_LOG("%s", failures[i].name);
		/*
		 * The extack says what failed and names the class; on 6.1, which
		 * has no formatted extack, VIRT_ERROR names it instead.
		 */
		EXPECT_TRUE(genl_ack_names_cpu(&self->ack, cpu, failures[i].status,
					       failures[i].message, failures[i].name))
			TH_LOG("extack \"%s\" [%d], want \"CPU %u%s: %s\" [%d]", self->ack.message,
			       self->ack.status, cpu, failures[i].message, failures[i].name,
			       failures[i].status);
		ASSERT_EQ(0, cpu_get_one(&self->sock, cpu, &self->one, &self->ack));
		EXPECT_EQ(CPULAB_VIRT_STATE_FAILED, now->virt_state);
		EXPECT_STREQ(failures[i].name, now->virt_error);
		EXPECT_EQ(failures[i].error, now->virt_errno);
		EXPECT_EQ(0, now->virt_requests);
		EXPECT_EQ(0, now->virt_injection);
		EXPECT_EQ(0, hardware_virt_enabled(cpu, now))
			TH_LOG("%s left the bit set: CR4 0x%" PRIx64, failures[i].name, now->cr4);
		TH_LOG("CPU %u: injected %s: errno %u, unwound", cpu, failures[i].name,
		       now->virt_errno);

		ASSERT_EQ(0, virt_request_cpu(&self->sock, true, cpu, &self->ack));
		ASSERT_EQ(0, self->ack.error) TH_LOG("%s", self->ack.message);
		ASSERT_EQ(0, cpu_get_one(&self->sock, cpu, &self->one, &self->ack));
		EXPECT_EQ(CPULAB_VIRT_STATE_ON, now->virt_state);
		EXPECT_EQ(1, hardware_virt_enabled(cpu, now));
	}
}

/*
 * A failure at online: with on_fail=observe the CPU comes online with the
 * failure recorded and the bit clear; with on_fail=block the online is
 * refused, and a later online succeeds.
 */
TEST_F(virt, injected_failure_at_online_follows_the_policy)
{
	const struct cpu_entry *now;
	unsigned int cpu;
	int ret;

	SKIP_UNLESS_ENABLED_AND_CAPABLE();
	cpu = first_capable_cpu(&self->snapshot, true);
	if (cpu == SELFTEST_MAX_CPUS)
		SKIP(return, "no hotpluggable CPU with VMX or SVM");
	now = &self->one.cpu[cpu];

	ASSERT_EQ(0, inject(&self->sock, cpu, CPULAB_INJECT_PRECHECK, &self->ack));
	ASSERT_EQ(0, self->ack.error) TH_LOG("%s", self->ack.message);
	ASSERT_EQ(0, sysfs_set_cpu_online(cpu, false));
	ret = sysfs_set_cpu_online(cpu, true);
	ASSERT_EQ(0, cpu_get_one(&self->sock, cpu, &self->one, &self->ack));
	EXPECT_EQ(CPULAB_VIRT_STATE_FAILED, now->virt_state);
	EXPECT_EQ(EOPNOTSUPP, now->virt_errno);
	if (on_fail_blocks()) {
		EXPECT_EQ(-EOPNOTSUPP, ret) TH_LOG("on_fail=block let CPU %u online", cpu);
		EXPECT_FALSE(now->online);
		ASSERT_EQ(0, sysfs_set_cpu_online(cpu, true))
			TH_LOG("CPU %u: the retry must online", cpu);
	} else {
		EXPECT_EQ(0, ret) TH_LOG("on_fail=observe refused CPU %u", cpu);
		EXPECT_TRUE(now->online);
		EXPECT_EQ(0, hardware_virt_enabled(cpu, now)) TH_LOG("CR4 0x%" PRIx64, now->cr4);
		/* Back on: one more request, then release it. */
		ASSERT_EQ(0, virt_request_cpu(&self->sock, true, cpu, &self->ack));
		ASSERT_EQ(0, self->ack.error) TH_LOG("%s", self->ack.message);
		ASSERT_EQ(0, virt_request_cpu(&self->sock, false, cpu, &self->ack));
	}
	ASSERT_EQ(0, cpu_get_one(&self->sock, cpu, &self->one, &self->ack));
	EXPECT_TRUE(now->online);
	EXPECT_EQ(CPULAB_VIRT_STATE_ON, now->virt_state);
	EXPECT_EQ(1, now->virt_requests);
	EXPECT_EQ(1, hardware_virt_enabled(cpu, now));
}

TEST_F(virt, bad_injections_are_refused)
{
	unsigned int cpu, hotpluggable;
	struct genl_attrs no_class = { .len = 0 };
	uint32_t cpu0 = 0;

	SKIP_UNLESS_ENABLED_AND_CAPABLE();
	cpu = first_capable_cpu(&self->snapshot, false);
	ASSERT_LT(cpu, SELFTEST_MAX_CPUS);

	/* The policy's range check (NLA_POLICY_RANGE) answers ERANGE. */
	ASSERT_EQ(0, inject(&self->sock, cpu, CPULAB_INJECT_NONE, &self->ack));
	EXPECT_EQ(ERANGE, self->ack.error);
	EXPECT_TRUE(self->ack.has_offset);
	ASSERT_EQ(0, inject(&self->sock, cpu, CPULAB_INJECT_MAX + 1, &self->ack));
	EXPECT_EQ(ERANGE, self->ack.error);
	ASSERT_EQ(0, inject(&self->sock, 4096, CPULAB_INJECT_PRECHECK, &self->ack));
	EXPECT_EQ(EINVAL, self->ack.error);
	EXPECT_NE(NULL, strstr(self->ack.message, "out of range")) TH_LOG("%s", self->ack.message);

	genl_attrs_put(&no_class, CPULAB_A_CPU, &cpu0, sizeof(cpu0));
	ASSERT_EQ(0, genl_transact(&self->sock, CPULAB_CMD_INJECT, 0, 0, &no_class, CPULAB_A_MAX,
				   NULL, NULL, &self->ack));
	EXPECT_EQ(EINVAL, self->ack.error);
	EXPECT_STREQ("missing attribute INJECT_CLASS", self->ack.message);

	if (self->snapshot.cpu[cpu].virt_cap == CPULAB_VIRT_CAP_SVM) {
		ASSERT_EQ(0, inject(&self->sock, cpu, CPULAB_INJECT_VMX_VMXE_CLEAR, &self->ack));
		EXPECT_EQ(EOPNOTSUPP, self->ack.error) TH_LOG("a VMX class armed on SVM");
		EXPECT_TRUE(genl_ack_names_cpu(&self->ack, cpu, CPULAB_STATUS_CLASS_NOT_APPLICABLE,
					       ": this class does not apply to its virtualization extension", NULL))
			TH_LOG("%s", self->ack.message);
	}

	hotpluggable = first_capable_cpu(&self->snapshot, true);
	if (hotpluggable < SELFTEST_MAX_CPUS) {
		ASSERT_EQ(0, sysfs_set_cpu_online(hotpluggable, false));
		ASSERT_EQ(0, inject(&self->sock, hotpluggable, CPULAB_INJECT_PRECHECK, &self->ack));
		EXPECT_EQ(ENODEV, self->ack.error) TH_LOG("armed an offline CPU");
		EXPECT_TRUE(genl_ack_names_cpu(&self->ack, hotpluggable, CPULAB_STATUS_OFFLINE,
					       " is offline", NULL))
			TH_LOG("%s", self->ack.message);
		ASSERT_EQ(0, sysfs_set_cpu_online(hotpluggable, true));
	}
	ASSERT_EQ(0, cpu_get(&self->sock, NULL, NLM_F_DUMP, &self->one, &self->ack));
	expect_every_capable_cpu(_metadata, &self->one, true, 1);
}

/* Child exit codes: 0 as expected, 10+ which step differed. */
static int unprivileged_requests(void)
{
	struct genl_sock sock;
	struct genl_ack ack;
	struct cpu_dump *dump = malloc(sizeof(*dump));

	if (!dump || drop_privileges())
		return 10;
	if (genl_open(&sock) || genl_resolve(&sock, CPULAB_FAMILY_NAME))
		return 11;
	if (cpu_get(&sock, NULL, NLM_F_DUMP, dump, &ack) || ack.error || !dump->count)
		return 12;	/* reading stays unprivileged */
	if (virt_request(&sock, false, NULL, 0, &ack) || ack.error != EPERM)
		return 13;
	if (virt_request(&sock, true, NULL, 0, &ack) || ack.error != EPERM)
		return 14;
	if (inject(&sock, 0, CPULAB_INJECT_PRECHECK, &ack) || ack.error != EPERM)
		return 15;
	return 0;
}

TEST_F(virt, unprivileged_requests_get_eperm)
{
	const char *cli = getenv("CPULAB_CLI");
	int status;
	pid_t child;

	SKIP_UNLESS_ENABLED_AND_CAPABLE();
	child = fork();
	ASSERT_LE(0, child);
	if (!child)
		_exit(unprivileged_requests());
	ASSERT_EQ(child, waitpid(child, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status)) TH_LOG("failed at step %d", WEXITSTATUS(status));

	/* The CLI says so with exit status 4. */
	child = fork();
	ASSERT_LE(0, child);
	if (!child) {
		if (drop_privileges())
			_exit(10);
		execlp(cli && *cli ? cli : "cpulab", "cpulab", "virt", "off", (char *)NULL);
		_exit(11);
	}
	ASSERT_EQ(child, waitpid(child, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(4, WEXITSTATUS(status));

	ASSERT_EQ(0, cpu_get(&self->sock, NULL, NLM_F_DUMP, &self->one, &self->ack));
	expect_every_capable_cpu(_metadata, &self->one, true, 1);
}

/* Every CPU reports the same owner of the emergency callback slot. */
TEST_F(virt, emergency_callback_owner_is_reported)
{
	const char *expected_name = getenv("CPULAB_EXPECT_EMERGENCY");
	static const char *const names[] = {
		[CPULAB_EMERGENCY_OURS] = "ours",
		[CPULAB_EMERGENCY_KVM] = "kvm",
		[CPULAB_EMERGENCY_FOREIGN] = "foreign",
		[CPULAB_EMERGENCY_YIELDED] = "yielded",
		[CPULAB_EMERGENCY_KERNEL] = "kernel",
	};
	_Static_assert(sizeof(names) / sizeof(names[0]) == CPULAB_EMERGENCY_MAX + 1,
		       "a name for every owner");
	unsigned int cpu, count = 0;

	if (!expected_name || !*expected_name)
		expected_name = kernel_owns_virt() ? "kernel" : "ours";
	for (cpu = 0; cpu < SELFTEST_MAX_CPUS; cpu++) {
		const struct cpu_entry *entry = &self->snapshot.cpu[cpu];

		if (!entry->seen)
			continue;
		ASSERT_TRUE(entry->has_emergency) TH_LOG("CPU %u", cpu);
		ASSERT_GE(CPULAB_EMERGENCY_MAX, entry->emergency);
		EXPECT_STREQ(expected_name, names[entry->emergency]) TH_LOG("CPU %u", cpu);
		count++;
	}
	EXPECT_LT(0, count);
}

/*
 * KVM holds VMX on every CPU (6.12 enables at load; 7.x through the
 * kernel's owner): cpulab records foreign, never touches the CPU, refuses
 * requests (on 7.x first because the kernel owns it), and never blocks an
 * online. KVM's own online callback (CPUHP_AP_KVM_ONLINE) runs before
 * cpulab's and re-enables VMX, which cpulab then sees as foreign again.
 */
TEST_F(virt, foreign_owner_is_left_alone)
{
	const struct cpu_entry *entry;
	unsigned int cpu, cycled = 0;

	if (!expect_mode("foreign"))
		SKIP(return, "no other hypervisor was running at load");
	for_each_cpu_with_registers(&self->snapshot, cpu, entry) {
		if (entry->virt_cap == CPULAB_VIRT_CAP_NONE)
			continue;
		EXPECT_EQ(CPULAB_VIRT_STATE_FOREIGN, entry->virt_state) TH_LOG("CPU %u", cpu);
		EXPECT_EQ(1, hardware_virt_enabled(cpu, entry)) TH_LOG("CPU %u", cpu);
		EXPECT_EQ(0, entry->virt_enables);
	}
	for_each_cpu_with_registers(&self->snapshot, cpu, entry) {
		const struct cpu_entry *now = &self->one.cpu[cpu];

		if (!cpu || entry->virt_cap == CPULAB_VIRT_CAP_NONE ||
		    !sysfs_cpu_is_hotpluggable(cpu))
			continue;
		for (unsigned int cycle = 1; cycle <= HOTPLUG_CYCLES; cycle++) {
			ASSERT_EQ(0, sysfs_set_cpu_online(cpu, false))
				TH_LOG("CPU %u offline", cpu);
			ASSERT_EQ(0, sysfs_set_cpu_online(cpu, true))
				TH_LOG("CPU %u online refused", cpu);
			ASSERT_EQ(0, cpu_get_one(&self->sock, cpu, &self->one, &self->ack));
			EXPECT_EQ(CPULAB_VIRT_STATE_FOREIGN, now->virt_state);
			EXPECT_EQ(1, hardware_virt_enabled(cpu, now));
			EXPECT_EQ(0, now->virt_enables);
		}
		cycled++;
	}
	TH_LOG("%u CPUs cycled %u times under the other hypervisor", cycled, HOTPLUG_CYCLES);

	cpu = first_capable_cpu(&self->snapshot, false);
	ASSERT_GT(SELFTEST_MAX_CPUS, cpu);
	ASSERT_EQ(0, virt_request_cpu(&self->sock, true, cpu, &self->ack));
	EXPECT_EQ(EBUSY, self->ack.error);
	if (kernel_owns_virt()) {
		EXPECT_TRUE(genl_ack_names_cpu(&self->ack, cpu, CPULAB_STATUS_KERNEL_OWNS_VIRT,
					       ": the kernel owns VMX/SVM (x86_virt_get_ref())", NULL))
			TH_LOG("%s", self->ack.message);
	} else {
		EXPECT_TRUE(genl_ack_names_cpu(&self->ack, cpu, CPULAB_STATUS_FOREIGN,
					       " is owned by another hypervisor", NULL))
			TH_LOG("%s", self->ack.message);
	}
}

TEST_HARNESS_MAIN
