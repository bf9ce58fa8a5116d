// SPDX-License-Identifier: GPL-2.0
/*
 * cpulab STOP selftests: every stop mode, stage attribution, the
 * upstream-versus-hardened race, and that the machine is whole afterwards
 * (virtualization back on in hardware, caches flushed, hotplug working).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "cpu_get.h"
#include "cpulab.h"
#include "cpulab_ops.h"
#include "genl.h"
#include "sysfs_cpus.h"

/* The race reproducer: a flush slower than the IPI stage waits. */
#define SLOW_FLUSH_US		4000
#define SLOW_IPI_TIMEOUT_MS	1
#define PATIENT_NMI_TIMEOUT_MS	200
#define UPSTREAM_RUNS		10
#define HARDENED_RUNS		50

FIXTURE(stop) {
	struct genl_sock sock;
	struct cpu_dump before;
	struct cpu_dump after;
	struct genl_ack ack;
	struct stop_result result;
	unsigned int online;
};

FIXTURE_SETUP(stop)
{
	const struct cpu_entry *entry;
	unsigned int cpu;

	ASSERT_EQ(0, genl_open(&self->sock));
	ASSERT_EQ(0, genl_resolve(&self->sock, CPULAB_FAMILY_NAME));
	ASSERT_EQ(0, cpu_get(&self->sock, NULL, NLM_F_DUMP, &self->before, &self->ack));
	ASSERT_EQ(0, self->ack.error);
	for_each_cpu_with_registers(&self->before, cpu, entry)
		self->online++;
}

FIXTURE_TEARDOWN(stop)
{
	genl_close(&self->sock);
}

static const struct stop_cpu_result *find_result(const struct stop_result *result, unsigned int cpu)
{
	for (unsigned int i = 0; i < result->count; i++)
		if (result->cpus[i].cpu == cpu)
			return &result->cpus[i];
	return NULL;
}

TEST_F(stop, every_mode_stops_every_other_cpu)
{
	static const uint8_t modes[] = { CPULAB_STOP_MODE_IPI, CPULAB_STOP_MODE_IPI_NMI, CPULAB_STOP_MODE_NMI };

	if (self->online < 2)
		SKIP(return, "one CPU online");
	for (unsigned int m = 0; m < sizeof(modes); m++) {
		struct stop_knobs knobs = {
			.mode = modes[m],
			.ordering = CPULAB_STOP_ORDERING_HARDENED,
			.ipi_timeout_ms = 100,
			.nmi_timeout_ms = 100,
		};
		const struct cpu_entry *entry;
		unsigned int cpu, stopped = 0;

		ASSERT_EQ(0, cache_request(&self->sock, true, NULL, 0, &self->ack));
		ASSERT_EQ(0, stop_request(&self->sock, &knobs, &self->result, &self->ack));
		ASSERT_EQ(0, self->ack.error) TH_LOG("mode %u: %s", modes[m], self->ack.message);
		ASSERT_TRUE(self->result.replied);
		EXPECT_EQ(self->online - 1, self->result.targets);
		EXPECT_EQ(self->result.targets, self->result.count);
		EXPECT_TRUE(self->result.all_stopped) TH_LOG("mode %u", modes[m]);
		EXPECT_EQ(CPULAB_STOP_VERDICT_STOPPED, self->result.verdict) TH_LOG("mode %u", modes[m]);
		for_each_cpu_with_registers(&self->before, cpu, entry) {
			const struct stop_cpu_result *one = find_result(&self->result, cpu);

			if (!one)
				continue;	/* the controller */
			stopped++;
			if (modes[m] == CPULAB_STOP_MODE_IPI) {
				EXPECT_EQ(CPULAB_STOP_STAGE_IPI, one->stage);
			} else if (modes[m] == CPULAB_STOP_MODE_NMI) {
				EXPECT_EQ(CPULAB_STOP_STAGE_NMI, one->stage);
			} else {
				EXPECT_NE(CPULAB_STOP_STAGE_NONE, one->stage);
			}
			EXPECT_EQ(modes[m] == CPULAB_STOP_MODE_NMI, one->nmi_sent);
			EXPECT_EQ(1, one->entries);
			EXPECT_EQ(1, one->wbinvds) TH_LOG("CPU %u: a marked CPU flushes once", cpu);
			EXPECT_EQ(entry->virt_state == CPULAB_VIRT_STATE_ON, one->virt_disabled) TH_LOG("CPU %u", cpu);
			EXPECT_LT(0, one->clear_ns);
			EXPECT_LE(one->clear_ns, self->result.time_ns);
		}
		EXPECT_EQ(self->online - 1, stopped);
		EXPECT_LE(self->result.time_ns, self->result.proceed_ns);
		TH_LOG("mode %u: %u CPUs stopped in %" PRIu64 " us", modes[m], stopped,
		       self->result.time_ns / 1000);
		EXPECT_CPUS_RESTORED(&self->sock, &self->before, &self->after);
		/* Flushed by the stop: only the controller still holds its mark. */
		for_each_cpu_with_registers(&self->after, cpu, entry)
			if (find_result(&self->result, cpu))
				EXPECT_FALSE(entry->cache_reasons & CPULAB_CACHE_REASON_MARKED) TH_LOG("CPU %u", cpu);
		ASSERT_EQ(0, cache_request(&self->sock, false, NULL, 0, &self->ack));
	}
}

/* Marks every CPU, then runs one slow-flush STOP with @ordering. */
static void slow_flush_stop(struct __test_metadata *_metadata, struct genl_sock *sock, uint8_t ordering,
			    struct stop_result *result)
{
	struct stop_knobs knobs = {
		.mode = CPULAB_STOP_MODE_IPI_NMI,
		.ordering = ordering,
		.wbinvd_delay_us = SLOW_FLUSH_US,
		.ipi_timeout_ms = SLOW_IPI_TIMEOUT_MS,
		.nmi_timeout_ms = PATIENT_NMI_TIMEOUT_MS,
	};
	struct genl_ack ack;

	ASSERT_EQ(0, cache_request(sock, true, NULL, 0, &ack));
	ASSERT_EQ(0, ack.error);
	ASSERT_EQ(0, stop_request(sock, &knobs, result, &ack));
	ASSERT_EQ(0, ack.error) TH_LOG("%s", ack.message);
}

/*
 * Upstream ordering: a flush slower than the IPI timeout draws the NMI,
 * which re-enters the CPU mid-flush, flushes again and clears the bit; the
 * controller proceeds while the interrupted IPI handler is still running.
 */
TEST_F(stop, upstream_ordering_races_a_slow_flush)
{
	unsigned int races = 0, nmi_caught = 0, double_flushes = 0;

	if (self->online < 2)
		SKIP(return, "one CPU online");
	for (unsigned int run = 0; run < UPSTREAM_RUNS; run++) {
		slow_flush_stop(_metadata, &self->sock, CPULAB_STOP_ORDERING_UPSTREAM, &self->result);
		EXPECT_TRUE(self->result.all_stopped);
		/* 200 ms for the NMI stage: never a timeout, so a late handler is a race. */
		EXPECT_NE(CPULAB_STOP_VERDICT_TIMED_OUT, self->result.verdict);
		races += self->result.verdict == CPULAB_STOP_VERDICT_RACE;
		for (unsigned int i = 0; i < self->result.count; i++) {
			nmi_caught += self->result.cpus[i].stage == CPULAB_STOP_STAGE_NMI;
			double_flushes += self->result.cpus[i].wbinvds > 1;
		}
	}
	TH_LOG("upstream: race in %u of %u runs; %u CPU-stops caught by the NMI stage, %u flushed twice",
	       races, UPSTREAM_RUNS, nmi_caught, double_flushes);
	EXPECT_LT(0, races);
	EXPECT_LT(0, nmi_caught);
	EXPECT_CPUS_RESTORED(&self->sock, &self->before, &self->after);
	ASSERT_EQ(0, cache_request(&self->sock, false, NULL, 0, &self->ack));
}

/* Hardened: re-entry is ignored and the controller waits; never a race. */
TEST_F(stop, hardened_ordering_never_races)
{
	unsigned int races = 0, stopped_runs = 0;
	uint64_t slowest = 0;

	if (self->online < 2)
		SKIP(return, "one CPU online");
	for (unsigned int run = 0; run < HARDENED_RUNS; run++) {
		slow_flush_stop(_metadata, &self->sock, CPULAB_STOP_ORDERING_HARDENED, &self->result);
		races += self->result.verdict == CPULAB_STOP_VERDICT_RACE;
		stopped_runs += self->result.all_stopped;
		EXPECT_EQ(CPULAB_STOP_VERDICT_STOPPED, self->result.verdict);
		if (self->result.time_ns > slowest)
			slowest = self->result.time_ns;
		for (unsigned int i = 0; i < self->result.count; i++)
			EXPECT_EQ(1, self->result.cpus[i].wbinvds);
	}
	TH_LOG("hardened: race in %u of %u runs; slowest stop %" PRIu64 " us", races, HARDENED_RUNS,
	       slowest / 1000);
	EXPECT_EQ(0, races);
	EXPECT_EQ(HARDENED_RUNS, stopped_runs);
	EXPECT_CPUS_RESTORED(&self->sock, &self->before, &self->after);
	ASSERT_EQ(0, cache_request(&self->sock, false, NULL, 0, &self->ack));
}

/* Each knob out of range is refused by the policy, naming the attribute. */
TEST_F(stop, bad_knobs_are_refused)
{
	const struct stop_knobs good = {
		.mode = CPULAB_STOP_MODE_IPI_NMI, .ipi_timeout_ms = 10, .nmi_timeout_ms = 10,
	};
	struct stop_knobs knobs;
	struct genl_attrs attrs = { .len = 0 };
	uint32_t cpu = 0;

	knobs = good;
	knobs.mode = CPULAB_STOP_MODE_MAX + 1;
	ASSERT_EQ(0, stop_request(&self->sock, &knobs, &self->result, &self->ack));
	EXPECT_EQ(ERANGE, self->ack.error);
	EXPECT_TRUE(self->ack.has_offset);
	knobs = good;
	knobs.ordering = CPULAB_STOP_ORDERING_MAX + 1;
	ASSERT_EQ(0, stop_request(&self->sock, &knobs, &self->result, &self->ack));
	EXPECT_EQ(ERANGE, self->ack.error);
	knobs = good;
	knobs.wbinvd_delay_us = CPULAB_STOP_WBINVD_DELAY_US_MAX + 1;
	ASSERT_EQ(0, stop_request(&self->sock, &knobs, &self->result, &self->ack));
	EXPECT_EQ(ERANGE, self->ack.error);
	knobs = good;
	knobs.ipi_timeout_ms = 0;
	ASSERT_EQ(0, stop_request(&self->sock, &knobs, &self->result, &self->ack));
	EXPECT_EQ(ERANGE, self->ack.error);
	knobs = good;
	knobs.nmi_timeout_ms = CPULAB_STOP_TIMEOUT_MS_MAX + 1;
	ASSERT_EQ(0, stop_request(&self->sock, &knobs, &self->result, &self->ack));
	EXPECT_EQ(ERANGE, self->ack.error);
	knobs = good;
	knobs.hold_ms = CPULAB_STOP_HOLD_MS_MAX + 1;
	ASSERT_EQ(0, stop_request(&self->sock, &knobs, &self->result, &self->ack));
	EXPECT_EQ(ERANGE, self->ack.error);
	EXPECT_FALSE(self->result.replied);

	/* An attribute STOP does not take. */
	genl_attrs_put(&attrs, CPULAB_A_CPU, &cpu, sizeof(cpu));
	ASSERT_EQ(0, genl_transact(&self->sock, CPULAB_CMD_STOP, 0, 0, &attrs, CPULAB_A_MAX, NULL, NULL,
				   &self->ack));
	EXPECT_EQ(EINVAL, self->ack.error);
}

static uint64_t monotonic_ns(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (uint64_t)now.tv_sec * 1000000000ull + now.tv_nsec;
}

/*
 * --hold-ms: the targets stay parked after the controller proceeded, so
 * the request lasts at least the hold, and then everything comes back as
 * after any STOP. (The kdump lane crashes the controller during a hold.)
 */
TEST_F(stop, hold_keeps_the_targets_parked_then_releases_them)
{
	const struct stop_knobs knobs = {
		.mode = CPULAB_STOP_MODE_IPI_NMI, .ordering = CPULAB_STOP_ORDERING_HARDENED,
		.ipi_timeout_ms = 100, .nmi_timeout_ms = 100, .hold_ms = 200,
	};
	uint64_t start, took;

	if (self->online < 2)
		SKIP(return, "one CPU online");
	start = monotonic_ns();
	ASSERT_EQ(0, stop_request(&self->sock, &knobs, &self->result, &self->ack));
	took = monotonic_ns() - start;
	ASSERT_EQ(0, self->ack.error) TH_LOG("%s", self->ack.message);
	EXPECT_EQ(CPULAB_STOP_VERDICT_STOPPED, self->result.verdict);
	EXPECT_EQ(self->online - 1, self->result.targets);
	EXPECT_GE(took, 200ull * 1000000) TH_LOG("the request took %" PRIu64 " us", took / 1000);
	EXPECT_CPUS_RESTORED(&self->sock, &self->before, &self->after);
}

/* With every other CPU offline, a STOP is a clean no-op. */
TEST_F(stop, one_cpu_online_is_a_noop)
{
	struct stop_knobs knobs = { .mode = CPULAB_STOP_MODE_IPI_NMI, .ipi_timeout_ms = 10, .nmi_timeout_ms = 10 };
	const struct cpu_entry *entry;
	bool taken_down[SELFTEST_MAX_CPUS] = { false };
	unsigned int cpu, still_online = 0;

	for_each_cpu_with_registers(&self->before, cpu, entry)
		if (sysfs_cpu_is_hotpluggable(cpu) && !sysfs_set_cpu_online(cpu, false))
			taken_down[cpu] = true;
	for_each_cpu_with_registers(&self->before, cpu, entry)
		still_online += !taken_down[cpu];
	if (still_online == 1) {
		ASSERT_EQ(0, stop_request(&self->sock, &knobs, &self->result, &self->ack));
		EXPECT_EQ(0, self->ack.error);
		EXPECT_EQ(0, self->result.targets);
		EXPECT_EQ(0, self->result.count);
		EXPECT_TRUE(self->result.all_stopped);
		EXPECT_EQ(CPULAB_STOP_VERDICT_STOPPED, self->result.verdict);
	}
	for (cpu = 0; cpu < SELFTEST_MAX_CPUS; cpu++)
		if (taken_down[cpu])
			ASSERT_EQ(0, sysfs_set_cpu_online(cpu, true));
	if (still_online != 1)
		SKIP(return, "%u CPUs cannot be taken offline", still_online - 1);

	/* And everything works again afterwards: a full STOP. */
	ASSERT_EQ(0, stop_request(&self->sock, &knobs, &self->result, &self->ack));
	EXPECT_EQ(self->online - 1, self->result.targets);
	EXPECT_TRUE(self->result.all_stopped);
	EXPECT_CPUS_RESTORED(&self->sock, &self->before, &self->after);
}

/*
 * Two controllers at once: every answer is a result or EBUSY. While one
 * STOP has every other CPU parked, the other cannot even run, so EBUSY is
 * rare; the count is reported.
 */
TEST_F(stop, concurrent_stops_get_ebusy_or_a_result)
{
	struct stop_knobs knobs = { .mode = CPULAB_STOP_MODE_IPI, .ipi_timeout_ms = 20, .nmi_timeout_ms = 1 };
	unsigned int busy = 0, done = 0;
	int status;
	pid_t child;

	if (self->online < 3)
		SKIP(return, "needs two CPUs besides a controller's targets");
	child = fork();
	ASSERT_LE(0, child);
	if (!child) {
		struct genl_sock sock;
		struct genl_ack ack;
		struct stop_result *result = malloc(sizeof(*result));

		if (!result || genl_open(&sock) || genl_resolve(&sock, CPULAB_FAMILY_NAME))
			_exit(10);
		for (int i = 0; i < 30; i++)
			if (stop_request(&sock, &knobs, result, &ack) || (ack.error && ack.error != EBUSY))
				_exit(11);
		_exit(0);
	}
	for (int i = 0; i < 30; i++) {
		ASSERT_EQ(0, stop_request(&self->sock, &knobs, &self->result, &self->ack));
		if (self->ack.error == EBUSY) {
			busy++;
			EXPECT_NE(NULL, strstr(self->ack.message, "already running"));
		} else {
			EXPECT_EQ(0, self->ack.error) TH_LOG("%s", self->ack.message);
			done++;
		}
	}
	ASSERT_EQ(child, waitpid(child, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	TH_LOG("30 STOPs here beside 30 in a second process: %u ran, %u got EBUSY", done, busy);
	EXPECT_CPUS_RESTORED(&self->sock, &self->before, &self->after);
}

/* STOP and the cache ops need CAP_SYS_ADMIN. */
TEST_F(stop, unprivileged_stop_and_cache_get_eperm)
{
	int status;
	pid_t child = fork();

	ASSERT_LE(0, child);
	if (!child) {
		struct stop_knobs knobs = { .mode = CPULAB_STOP_MODE_IPI, .ipi_timeout_ms = 1, .nmi_timeout_ms = 1 };
		struct genl_sock sock;
		struct genl_ack ack;
		struct stop_result *result = malloc(sizeof(*result));

		if (!result || drop_privileges() || genl_open(&sock) || genl_resolve(&sock, CPULAB_FAMILY_NAME))
			_exit(10);
		if (stop_request(&sock, &knobs, result, &ack) || ack.error != EPERM || result->replied)
			_exit(11);
		if (cache_request(&sock, true, NULL, 0, &ack) || ack.error != EPERM)
			_exit(12);
		if (cache_request(&sock, false, NULL, 0, &ack) || ack.error != EPERM)
			_exit(13);
		_exit(0);
	}
	ASSERT_EQ(child, waitpid(child, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status)) TH_LOG("failed at step %d", WEXITSTATUS(status));
}

TEST_HARNESS_MAIN
