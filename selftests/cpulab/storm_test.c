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
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <linux/kvm.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "cpu_get.h"
#include "cpulab.h"
#include "cpulab_ops.h"
#include "cli_run.h"
#include "genl.h"
#include "kernel_caps.h"
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
	char first_failure[256];	/* virt on 7.1+: what the first failed KVM step said */
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

/* A failed step of the KVM worker: counted, and the first one kept to show. */
static void kvm_step_failed(struct worker_stats *stats, const char *step, const char *output)
{
	if (!stats->unexpected++)
		snprintf(stats->first_failure, sizeof(stats->first_failure), "%s: %s", step, output);
}

/* kvm_modules.sh beside this binary, run with @arguments. 0 if it succeeded. */
static int kvm_modules(struct worker_stats *stats, const char *arguments)
{
	char self_path[4096], command[4300], output[200];
	ssize_t len = readlink("/proc/self/exe", self_path, sizeof(self_path) - 1);
	int status;

	if (len <= 0)
		return -1;
	self_path[len] = '\0';
	snprintf(command, sizeof(command), "sh %s/kvm_modules.sh %s 2>&1", dirname(self_path), arguments);
	status = run_command(command, output, sizeof(output));
	if (status)
		kvm_step_failed(stats, arguments, output);
	return status;
}

/*
 * One KVM cycle on a kernel that owns virtualization: load, a VM made and
 * closed (KVM_CREATE_VM), unload. Every other cycle loads KVM with
 * enable_virt_at_load=0, so that the VM itself takes and drops a reference
 * on every online CPU (kvm_create_vm(), x86_virt_get_ref()) while CPUs
 * come and go; the others take them at load. Each failed step counts as
 * unexpected.
 */
static void kvm_cycle(struct worker_stats *stats)
{
	const char *load = stats->requests % 2 ? "load enable_virt_at_load=0" : "load";
	char error[64];
	int kvm, vm;

	stats->requests++;
	if (kvm_modules(stats, load)) {
		kvm_modules(stats, "unload");
		return;
	}
	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	vm = kvm < 0 ? -1 : ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0) {
		snprintf(error, sizeof(error), "%s", strerror(errno));
		kvm_step_failed(stats, "KVM_CREATE_VM", error);
	} else {
		close(vm);
	}
	if (kvm >= 0)
		close(kvm);
	kvm_modules(stats, "unload");
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
			if (kernel_owns_virt()) {
				kvm_cycle(stats);
				break;
			}
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
		EXPECT_EQ(0, stats->unexpected) TH_LOG("%s: errors outside the documented races%s%s", worker_names[kind],
						       stats->first_failure[0] ? "; the first: " : "",
						       stats->first_failure);
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
	if (kernel_owns_virt()) {
		char output[4096];
		char command[512];
		int status;

		snprintf(command, sizeof(command), "%s status --check-kernel 2>&1", cli_path());
		status = run_command(command, output, sizeof(output));
		EXPECT_EQ(0, status) TH_LOG("the hardware against virtualization_nr_users: %s", output);
		EXPECT_NE(NULL, strstr(output, "virtualization_nr_users")) TH_LOG("%s", output);
	}
	TH_LOG("%u s of guest time, %u CPUs online throughout", seconds, now.count);
	munmap(storm, sizeof(*storm));
}

TEST_HARNESS_MAIN
