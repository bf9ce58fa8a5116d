// SPDX-License-Identifier: GPL-2.0
/*
 * cpulab hotplug selftests: CPU_OFFLINE, CPU_ONLINE and CPU_CYCLE, judged
 * by the kernel's own sysfs view of which CPUs are online, by the hardware
 * (CR4.VMXE, EFER.SVME through the msr driver) and by the CR4 audit that
 * runs on every online. CPULAB_CYCLE_ROUNDS overrides the 10 rounds.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "cpu_get.h"
#include "cpulab.h"
#include "cpulab_ops.h"
#include "genl.h"
#include "sysfs_cpus.h"

#define ONLINE_PATH "/sys/devices/system/cpu/online"

static uint32_t cycle_rounds(void)
{
	const char *rounds = getenv("CPULAB_CYCLE_ROUNDS");

	return rounds ? (uint32_t)strtoul(rounds, NULL, 10) : 10;
}

FIXTURE(hotplug) {
	struct genl_sock sock;
	struct genl_ack ack;
	struct cpu_set_sysfs online;
	struct cpu_dump before;
	struct cpu_dump after;
	unsigned int hotpluggable[256];
	unsigned int hotpluggable_count;
};

FIXTURE_SETUP(hotplug)
{
	ASSERT_EQ(0, genl_open(&self->sock));
	ASSERT_EQ(0, genl_resolve(&self->sock, CPULAB_FAMILY_NAME));
	ASSERT_EQ(0, read_cpulist_file(ONLINE_PATH, &self->online));
	for (unsigned int cpu = 0; cpu <= self->online.last && self->hotpluggable_count < 256; cpu++)
		if (self->online.cpu[cpu] && sysfs_cpu_is_hotpluggable(cpu))
			self->hotpluggable[self->hotpluggable_count++] = cpu;
	ASSERT_EQ(0, cpu_get(&self->sock, NULL, NLM_F_DUMP, &self->before, &self->ack));
	ASSERT_EQ(0, self->ack.error);
}

FIXTURE_TEARDOWN(hotplug)
{
	/* Whatever a failed test left offline comes back. */
	for (unsigned int i = 0; i < self->hotpluggable_count; i++)
		sysfs_set_cpu_online(self->hotpluggable[i], true);
	genl_close(&self->sock);
}

/* The kernel's online mask is what it was at setup. */
static void expect_online_unchanged(struct __test_metadata *_metadata,
				    const struct cpu_set_sysfs *before)
{
	struct cpu_set_sysfs now;

	ASSERT_EQ(0, read_cpulist_file(ONLINE_PATH, &now));
	EXPECT_EQ(before->count, now.count);
	for (unsigned int id = 0; id <= before->last; id++) {
		EXPECT_EQ(before->cpu[id], now.cpu[id]) TH_LOG("CPU %u online state changed", id);
	}
}

TEST_F_TIMEOUT(hotplug, cycle_every_hotpluggable_cpu, 600)
{
	struct cycle_result *result = calloc(1, sizeof(*result));
	uint32_t rounds = cycle_rounds();
	uint64_t findings;

	ASSERT_NE(NULL, result);
	if (!self->hotpluggable_count)
		SKIP(free(result); return, "no hotpluggable CPU online");
	ASSERT_EQ(0, cycle_request(&self->sock, NULL, 0, rounds, result, &self->ack));
	ASSERT_EQ(0, self->ack.error) TH_LOG("CPU_CYCLE: %s", self->ack.message);
	ASSERT_TRUE(result->replied);
	EXPECT_FALSE(result->interrupted);
	ASSERT_EQ(self->hotpluggable_count, result->count);
	for (unsigned int i = 0; i < result->count; i++) {
		const struct cycle_cpu_result *cpu = &result->cpus[i];

		EXPECT_EQ(self->hotpluggable[i], cpu->cpu);
		EXPECT_EQ(rounds, cpu->attempts);
		EXPECT_EQ(rounds, cpu->successes);
		EXPECT_EQ(0, cpu->failures) TH_LOG("CPU %u: last errno %u", cpu->cpu, cpu->last_errno);
		EXPECT_LT(0, cpu->offline_min_ns);
		EXPECT_LE(cpu->offline_min_ns, cpu->offline_median_ns);
		EXPECT_LE(cpu->offline_median_ns, cpu->offline_max_ns);
		EXPECT_LT(0, cpu->online_min_ns);
		EXPECT_LE(cpu->online_min_ns, cpu->online_median_ns);
		EXPECT_LE(cpu->online_median_ns, cpu->online_max_ns);
		TH_LOG("CPU %u: %u/%u cycles; offline ms min/median/max %.2f/%.2f/%.2f, online %.2f/%.2f/%.2f",
		       cpu->cpu, cpu->successes, cpu->attempts, cpu->offline_min_ns / 1e6,
		       cpu->offline_median_ns / 1e6, cpu->offline_max_ns / 1e6, cpu->online_min_ns / 1e6,
		       cpu->online_median_ns / 1e6, cpu->online_max_ns / 1e6);
	}
	expect_online_unchanged(_metadata, &self->online);

	/*
	 * Every online ran the CR4 audit: at least one audit per round, none
	 * with a finding, and the hardware still agrees with cpulab's state.
	 */
	ASSERT_EQ(0, cpu_get(&self->sock, NULL, NLM_F_DUMP, &self->after, &self->ack));
	for (unsigned int i = 0; i < self->hotpluggable_count; i++) {
		unsigned int id = self->hotpluggable[i];
		const struct cpu_entry *was = &self->before.cpu[id], *now = &self->after.cpu[id];
		bool virt_on = now->virt_state == CPULAB_VIRT_STATE_ON ||
			       now->virt_state == CPULAB_VIRT_STATE_FOREIGN;

		ASSERT_TRUE(now->has_cr4_audit);
		EXPECT_LE(was->cr4_audits + rounds, now->cr4_audits) TH_LOG("CPU %u", id);
		EXPECT_EQ(was->cr4_findings, now->cr4_findings) TH_LOG("CPU %u: CR4 findings while cycling", id);
		EXPECT_EQ(0, now->cr4_last_audit);
		if (now->has_shadow)
			EXPECT_EQ(now->cr4, now->cr4_shadow);
		EXPECT_EQ(was->virt_state, now->virt_state) TH_LOG("CPU %u", id);
		EXPECT_EQ(virt_on, hardware_virt_enabled(id, now)) TH_LOG("CPU %u", id);
	}
	ASSERT_EQ(0, cr4_audit_request(&self->sock, NULL, 0, &findings, &self->ack));
	ASSERT_EQ(0, self->ack.error);
	EXPECT_EQ(0, findings);
	free(result);
}

TEST_F(hotplug, offline_and_online_one_cpu_are_timed)
{
	struct cpu_set_sysfs now;
	unsigned int cpu;
	uint64_t ns;

	if (!self->hotpluggable_count)
		SKIP(return, "no hotpluggable CPU online");
	cpu = self->hotpluggable[self->hotpluggable_count - 1];
	ASSERT_EQ(0, hotplug_request(&self->sock, false, cpu, &ns, &self->ack));
	ASSERT_EQ(0, self->ack.error) TH_LOG("CPU_OFFLINE: %s", self->ack.message);
	EXPECT_LT(0, ns);
	ASSERT_EQ(0, read_cpulist_file(ONLINE_PATH, &now));
	EXPECT_FALSE(now.cpu[cpu]) TH_LOG("sysfs still shows CPU %u online", cpu);
	ASSERT_EQ(0, cpu_get_one(&self->sock, cpu, &self->after, &self->ack));
	EXPECT_FALSE(self->after.cpu[cpu].online);
	TH_LOG("CPU %u offline in %.2f ms", cpu, ns / 1e6);

	ASSERT_EQ(0, hotplug_request(&self->sock, true, cpu, &ns, &self->ack));
	ASSERT_EQ(0, self->ack.error) TH_LOG("CPU_ONLINE: %s", self->ack.message);
	EXPECT_LT(0, ns);
	TH_LOG("CPU %u online in %.2f ms", cpu, ns / 1e6);
	expect_online_unchanged(_metadata, &self->online);
}

/* Each refusal has its errno and its message, and changes nothing. */
TEST_F(hotplug, bad_requests_are_refused_and_change_nothing)
{
	struct cycle_result *result = calloc(1, sizeof(*result));
	struct genl_attrs attrs = { .len = 0 };
	uint8_t empty[1] = { 0 }, with_offline[32] = { 0 };
	uint32_t huge = 100000;
	uint64_t ns;

	ASSERT_NE(NULL, result);
	/* No CPU attribute. */
	ASSERT_EQ(0, genl_transact(&self->sock, CPULAB_CMD_CPU_OFFLINE, 0, 0, &attrs, CPULAB_A_MAX,
				   NULL, NULL, &self->ack));
	EXPECT_EQ(EINVAL, self->ack.error);
	EXPECT_TRUE(self->ack.has_miss_type);
	EXPECT_EQ(CPULAB_A_CPU, self->ack.miss_type);
	/* Out of range. */
	ASSERT_EQ(0, hotplug_request(&self->sock, false, huge, &ns, &self->ack));
	EXPECT_EQ(EINVAL, self->ack.error);
	EXPECT_NE(NULL, strstr(self->ack.message, "out of range")) TH_LOG("%s", self->ack.message);
	/* CPU 0 is not hotpluggable on these kernels: the kernel's own sysfs says so. */
	if (!sysfs_cpu_is_hotpluggable(0)) {
		ASSERT_EQ(0, hotplug_request(&self->sock, false, 0, &ns, &self->ack));
		EXPECT_EQ(EINVAL, self->ack.error);
		EXPECT_TRUE(genl_ack_names_cpu(&self->ack, 0, CPULAB_STATUS_NOT_HOTPLUGGABLE,
					       " is not hotpluggable (cpu_is_hotpluggable())", NULL))
			TH_LOG("%s", self->ack.message);
		with_offline[0] = 1;
		ASSERT_EQ(0, cycle_request(&self->sock, with_offline, 1, 1, result, &self->ack));
		EXPECT_EQ(EINVAL, self->ack.error);
		EXPECT_FALSE(result->replied);
		with_offline[0] = 0;
	}
	/* Already online. */
	if (self->hotpluggable_count) {
		ASSERT_EQ(0, hotplug_request(&self->sock, true, self->hotpluggable[0], &ns, &self->ack));
		EXPECT_EQ(EINVAL, self->ack.error);
		EXPECT_TRUE(genl_ack_names_cpu(&self->ack, self->hotpluggable[0], CPULAB_STATUS_ALREADY_ONLINE,
					       " is already online", NULL))
			TH_LOG("%s", self->ack.message);
	}
	/* Rounds out of the policy's range; an empty list. */
	ASSERT_EQ(0, cycle_request(&self->sock, NULL, 0, 0, result, &self->ack));
	EXPECT_EQ(0, self->ack.error) TH_LOG("no COUNT is one round: %s", self->ack.message);
	genl_attrs_put(&attrs, CPULAB_A_CYCLE_COUNT, &huge, sizeof(huge));
	ASSERT_EQ(0, genl_transact(&self->sock, CPULAB_CMD_CPU_CYCLE, 0, 0, &attrs, CPULAB_A_MAX, NULL,
				   NULL, &self->ack));
	EXPECT_EQ(ERANGE, self->ack.error);
	ASSERT_EQ(0, cycle_request(&self->sock, empty, sizeof(empty), 1, result, &self->ack));
	EXPECT_EQ(EINVAL, self->ack.error);
	expect_online_unchanged(_metadata, &self->online);

	if (self->hotpluggable_count) {
		unsigned int cpu = self->hotpluggable[self->hotpluggable_count - 1];

		ASSERT_EQ(0, sysfs_set_cpu_online(cpu, false));
		ASSERT_EQ(0, cpu_get(&self->sock, NULL, NLM_F_DUMP, &self->before, &self->ack));
		ASSERT_EQ(0, hotplug_request(&self->sock, false, cpu, &ns, &self->ack));
		EXPECT_EQ(EINVAL, self->ack.error);
		EXPECT_TRUE(genl_ack_names_cpu(&self->ack, cpu, CPULAB_STATUS_ALREADY_OFFLINE,
					       " is already offline", NULL))
			TH_LOG("%s", self->ack.message);
		/* A cycle naming an offline CPU runs no round at all. */
		with_offline[cpu / 8] |= 1u << (cpu % 8);
		if (self->hotpluggable_count > 1)
			with_offline[self->hotpluggable[0] / 8] |= 1u << (self->hotpluggable[0] % 8);
		ASSERT_EQ(0, cycle_request(&self->sock, with_offline, sizeof(with_offline), 1, result,
					   &self->ack));
		EXPECT_EQ(EINVAL, self->ack.error);
		EXPECT_TRUE(genl_ack_names_cpu(&self->ack, cpu, CPULAB_STATUS_ALREADY_OFFLINE,
					       " is already offline", NULL))
			TH_LOG("%s", self->ack.message);
		ASSERT_EQ(0, cpu_get(&self->sock, NULL, NLM_F_DUMP, &self->after, &self->ack));
		if (self->hotpluggable_count > 1) {
			EXPECT_EQ(self->before.cpu[self->hotpluggable[0]].virt_enables,
				  self->after.cpu[self->hotpluggable[0]].virt_enables)
				TH_LOG("the refused cycle touched CPU %u", self->hotpluggable[0]);
		}
		ASSERT_EQ(0, sysfs_set_cpu_online(cpu, true));
	}
	free(result);
}

TEST_F(hotplug, unprivileged_requests_get_eperm)
{
	unsigned int cpu = self->hotpluggable_count ? self->hotpluggable[0] : 0;
	int status;
	pid_t child;

	child = fork();
	ASSERT_LE(0, child);
	if (!child) {
		struct cycle_result *result = malloc(sizeof(*result));
		struct genl_sock sock;
		struct genl_ack ack;
		uint64_t ns;

		if (!result || drop_privileges() || genl_open(&sock) || genl_resolve(&sock, CPULAB_FAMILY_NAME))
			_exit(10);
		if (hotplug_request(&sock, false, cpu, &ns, &ack) || ack.error != EPERM)
			_exit(11);
		if (hotplug_request(&sock, true, cpu, &ns, &ack) || ack.error != EPERM)
			_exit(12);
		if (cycle_request(&sock, NULL, 0, 1, result, &ack) || ack.error != EPERM || result->replied)
			_exit(13);
		_exit(0);
	}
	ASSERT_EQ(child, waitpid(child, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status)) TH_LOG("failed at step %d", WEXITSTATUS(status));
	expect_online_unchanged(_metadata, &self->online);
}

TEST_HARNESS_MAIN
