// SPDX-License-Identifier: GPL-2.0
/*
 * cpulab storm: for CPULAB_STORM_SECONDS (default 60; the Bochs lanes use
 * fewer), concurrently: CPU_CYCLE of every hotpluggable CPU, three
 * processes dumping CPU_GET, VIRT_ENABLE/VIRT_DISABLE pairs, CACHE_MARK and
 * CACHE_FLUSH, STOPs, CR4 audits, and a listener on the events group.
 *
 * Each worker counts its requests and every errno it got; only the races
 * the protocol documents are allowed (EBUSY/EAGAIN for a STOP that meets
 * another, ENODEV for a cache or audit request that meets a CPU going
 * offline). Afterwards: every CPU that was online is online, every CPU's
 * reported virtualization state is what its CR4.VMXE or EFER.SVME shows,
 * the requests are back where they were, no audit found anything, and the
 * listener's sequence numbers have no gap the module did not announce.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "cpu_get.h"
#include "cpulab.h"
#include "cpulab_ops.h"
#include "genl.h"
#include "sysfs_cpus.h"

#define MAX_ERRNO 256

enum worker_kind {
	WORKER_HOTPLUG, WORKER_DUMP_A, WORKER_DUMP_B, WORKER_DUMP_C, WORKER_VIRT, WORKER_CACHE,
	WORKER_STOP, WORKER_AUDIT, WORKER_MONITOR, WORKER_COUNT
};

static const char *const worker_names[WORKER_COUNT] = {
	"hotplug", "dump", "dump", "dump", "virt", "cache", "stop", "audit", "monitor",
};

struct worker_stats {
	uint64_t requests;
	uint64_t errors[MAX_ERRNO];
	uint64_t unexpected;	/* errors outside the documented races */
	uint64_t findings;	/* audit findings */
	uint64_t events;	/* monitor: events received */
	uint64_t lost;		/* monitor: events the module announced as lost */
	uint64_t overruns;	/* monitor: ENOBUFS on the socket */
	uint64_t gaps;		/* monitor: sequence gaps nobody announced */
	int failed_step;
};

struct storm {
	atomic_int stop;
	struct worker_stats workers[WORKER_COUNT];
};

static unsigned int storm_seconds(void)
{
	const char *seconds = getenv("CPULAB_STORM_SECONDS");

	return seconds ? (unsigned int)strtoul(seconds, NULL, 10) : 60;
}

/*
 * CPULAB_STORM_ONLY=hotplug,stop,... runs only the named workers, to narrow
 * a failure down; unset, all of them run.
 */
static bool worker_enabled(enum worker_kind kind)
{
	const char *only = getenv("CPULAB_STORM_ONLY");
	const char *name = worker_names[kind];
	size_t len = strlen(name);

	if (!only || !*only)
		return true;
	for (const char *at = strstr(only, name); at; at = strstr(at + 1, name))
		if ((at == only || at[-1] == ',') && (at[len] == ',' || at[len] == '\0'))
			return true;
	return false;
}

static bool allowed(enum worker_kind kind, int error)
{
	switch (kind) {
	case WORKER_STOP:
		return error == EBUSY || error == EAGAIN;
	case WORKER_CACHE:
	case WORKER_AUDIT:
		return error == ENODEV;
	default:
		return false;
	}
}

static void count(struct worker_stats *stats, enum worker_kind kind, int ret, const struct genl_ack *ack)
{
	int error = ret ? -ret : ack->error;

	stats->requests++;
	if (!error)
		return;
	if (error > 0 && error < MAX_ERRNO)
		stats->errors[error]++;
	if (!allowed(kind, error))
		stats->unexpected++;
}

struct monitor_state {
	struct worker_stats *stats;
	uint64_t last_seq;
};

static void on_event(const struct nlattr *const *tb, void *arg)
{
	struct monitor_state *state = arg;
	uint64_t seq = genl_attr_u64(tb[CPULAB_A_EVENT_SEQ]);

	state->stats->events++;
	if (genl_attr_u8(tb[CPULAB_A_EVENT_TYPE]) == CPULAB_EVENT_LOST)
		state->stats->lost += genl_attr_u64(tb[CPULAB_A_EVENT_LOST]);
	else if (state->last_seq && seq != state->last_seq + 1)
		state->stats->gaps++;
	state->last_seq = seq;
}

static void run_worker(struct storm *storm, enum worker_kind kind, const uint8_t *hotpluggable,
		       size_t bitmap_len, bool any_hotpluggable)
{
	struct worker_stats *stats = &storm->workers[kind];
	struct stop_knobs knobs = { .mode = CPULAB_STOP_MODE_IPI_NMI, .ipi_timeout_ms = 10, .nmi_timeout_ms = 10 };
	struct monitor_state monitor = { .stats = stats };
	struct cycle_result *cycle = calloc(1, sizeof(*cycle));
	struct stop_result *stop = calloc(1, sizeof(*stop));
	struct cpu_dump *dump = calloc(1, sizeof(*dump));
	struct genl_sock sock;
	struct genl_ack ack;
	uint64_t findings;
	int ret;

	if (!cycle || !stop || !dump || genl_open(&sock) || genl_resolve(&sock, CPULAB_FAMILY_NAME)) {
		stats->failed_step = 1;
		return;
	}
	if (kind == WORKER_MONITOR && genl_join_events(&sock)) {
		stats->failed_step = 2;
		return;
	}
	while (!atomic_load(&storm->stop)) {
		switch (kind) {
		case WORKER_HOTPLUG:
			if (!any_hotpluggable)
				return;
			ret = cycle_request(&sock, hotpluggable, bitmap_len, 1, cycle, &ack);
			count(stats, kind, ret, &ack);
			for (unsigned int i = 0; i < cycle->count; i++)
				if (cycle->cpus[i].failures)
					stats->unexpected++;
			break;
		case WORKER_DUMP_A:
		case WORKER_DUMP_B:
		case WORKER_DUMP_C:
			ret = cpu_get(&sock, NULL, NLM_F_DUMP, dump, &ack);
			count(stats, kind, ret, &ack);
			break;
		case WORKER_VIRT:
			/* A pair: the request count goes up and back, never below where it was. */
			ret = virt_request(&sock, true, NULL, 0, &ack);
			count(stats, kind, ret, &ack);
			if (!ret && !ack.error) {
				ret = virt_request(&sock, false, NULL, 0, &ack);
				count(stats, kind, ret, &ack);
			}
			break;
		case WORKER_CACHE:
			ret = cache_request(&sock, true, NULL, 0, &ack);
			count(stats, kind, ret, &ack);
			ret = cache_request(&sock, false, NULL, 0, &ack);
			count(stats, kind, ret, &ack);
			break;
		case WORKER_STOP:
			ret = stop_request(&sock, &knobs, stop, &ack);
			count(stats, kind, ret, &ack);
			break;
		case WORKER_AUDIT:
			ret = cr4_audit_request(&sock, NULL, 0, &findings, &ack);
			count(stats, kind, ret, &ack);
			if (!ret && !ack.error)
				stats->findings += findings;
			break;
		case WORKER_MONITOR:
			ret = cpulab_receive_events(&sock, 200, on_event, &monitor);
			if (ret == -ENOBUFS)
				stats->overruns++;
			else if (ret < 0)
				stats->unexpected++;
			break;
		case WORKER_COUNT:
			break;
		}
	}
	genl_close(&sock);
}

FIXTURE(storm) {
	struct genl_sock sock;
	struct genl_ack ack;
	struct cpu_dump before;
	struct cpu_dump after;
	struct cpu_set_sysfs online;
};

FIXTURE_SETUP(storm)
{
	ASSERT_EQ(0, genl_open(&self->sock));
	ASSERT_EQ(0, genl_resolve(&self->sock, CPULAB_FAMILY_NAME));
	ASSERT_EQ(0, read_cpulist_file("/sys/devices/system/cpu/online", &self->online));
	ASSERT_EQ(0, cpu_get(&self->sock, NULL, NLM_F_DUMP, &self->before, &self->ack));
	ASSERT_EQ(0, self->ack.error);
}

FIXTURE_TEARDOWN(storm)
{
	genl_close(&self->sock);
}

TEST_F_TIMEOUT(storm, everything_at_once_ends_consistent, 900)
{
	struct storm *storm = mmap(NULL, sizeof(*storm), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	uint8_t hotpluggable[SELFTEST_MAX_CPUS / 8] = { 0 };
	bool any_hotpluggable = false;
	pid_t children[WORKER_COUNT];
	struct cpu_set_sysfs now;
	unsigned int seconds = storm_seconds();
	const struct cpu_entry *entry;
	unsigned int id;

	ASSERT_NE(MAP_FAILED, storm);
	memset(storm, 0, sizeof(*storm));
	for (unsigned int cpu = 0; cpu <= self->online.last; cpu++)
		if (self->online.cpu[cpu] && sysfs_cpu_is_hotpluggable(cpu)) {
			hotpluggable[cpu / 8] |= 1u << (cpu % 8);
			any_hotpluggable = true;
		}
	for (int kind = 0; kind < WORKER_COUNT; kind++) {
		children[kind] = fork();
		ASSERT_LE(0, children[kind]);
		if (!children[kind]) {
			if (worker_enabled(kind))
				run_worker(storm, kind, hotpluggable, self->online.last / 8 + 1,
					   any_hotpluggable);
			_exit(0);
		}
	}
	sleep(seconds);
	atomic_store(&storm->stop, 1);
	for (int kind = 0; kind < WORKER_COUNT; kind++) {
		int status;

		ASSERT_EQ(children[kind], waitpid(children[kind], &status, 0));
		EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) TH_LOG("%s", worker_names[kind]);
	}

	for (int kind = 0; kind < WORKER_COUNT; kind++) {
		const struct worker_stats *stats = &storm->workers[kind];
		char errors[256] = "";
		size_t len = 0;

		for (int error = 1; error < MAX_ERRNO; error++)
			if (stats->errors[error])
				len += snprintf(errors + len, sizeof(errors) - len, " %s:%" PRIu64,
						strerrorname_np(error) ?: "?", stats->errors[error]);
		TH_LOG("%s: %" PRIu64 " requests, errors:%s%s", worker_names[kind], stats->requests,
		       len ? errors : " none", kind == WORKER_MONITOR ? "" : "");
		EXPECT_EQ(0, stats->failed_step) TH_LOG("%s", worker_names[kind]);
		EXPECT_EQ(0, stats->unexpected) TH_LOG("%s: errors outside the documented races", worker_names[kind]);
		if (kind != WORKER_MONITOR && !(kind == WORKER_HOTPLUG && !any_hotpluggable) &&
		    worker_enabled(kind)) {
			EXPECT_LT(0, stats->requests) TH_LOG("%s never ran", worker_names[kind]);
		}
	}
	TH_LOG("monitor: %" PRIu64 " events, %" PRIu64 " announced lost, %" PRIu64 " socket overruns, %" PRIu64
	       " unannounced gaps", storm->workers[WORKER_MONITOR].events, storm->workers[WORKER_MONITOR].lost,
	       storm->workers[WORKER_MONITOR].overruns, storm->workers[WORKER_MONITOR].gaps);
	EXPECT_LT(0, storm->workers[WORKER_MONITOR].events);
	/* A gap is fine only where the module said LOST or the socket overran. */
	if (!storm->workers[WORKER_MONITOR].overruns) {
		EXPECT_EQ(0, storm->workers[WORKER_MONITOR].gaps);
	}
	EXPECT_EQ(0, storm->workers[WORKER_AUDIT].findings);

	/* No lost CPU, and the hardware agrees with what cpulab reports. */
	ASSERT_EQ(0, read_cpulist_file("/sys/devices/system/cpu/online", &now));
	EXPECT_EQ(self->online.count, now.count);
	ASSERT_EQ(0, cpu_get(&self->sock, NULL, NLM_F_DUMP, &self->after, &self->ack));
	for_each_cpu_with_registers(&self->after, id, entry) {
		bool on = entry->virt_state == CPULAB_VIRT_STATE_ON || entry->virt_state == CPULAB_VIRT_STATE_FOREIGN;

		EXPECT_EQ(on, hardware_virt_enabled(id, entry)) TH_LOG("CPU %u: reported %u", id, entry->virt_state);
		EXPECT_EQ(self->before.cpu[id].virt_requests, entry->virt_requests) TH_LOG("CPU %u", id);
		EXPECT_EQ(self->before.cpu[id].virt_state, entry->virt_state) TH_LOG("CPU %u", id);
		if (entry->has_shadow) {
			EXPECT_EQ(entry->cr4, entry->cr4_shadow) TH_LOG("CPU %u", id);
		}
	}
	TH_LOG("%u s of guest time, %u CPUs online throughout", seconds, now.count);
	munmap(storm, sizeof(*storm));
}

TEST_HARNESS_MAIN
