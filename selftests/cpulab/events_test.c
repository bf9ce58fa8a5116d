// SPDX-License-Identifier: GPL-2.0
/*
 * cpulab events selftests: the "events" multicast group, received on a
 * socket of the test's own, against what the kernel did (sysfs hotplug,
 * suspend) and what the hardware shows afterwards. CPULAB_EXPECT_VIRT=off
 * as in virt_test.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
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
#include "json.h"
#include "kernel_caps.h"
#include "sysfs_cpus.h"

#define MAX_EVENTS	512
/*
 * Guest time: Bochs' clock runs as slowly as its CPUs do. Below the
 * harness's 30 s per test, so a missing event fails with its message.
 */
#define EVENT_WAIT_MS	15000

struct event {
	uint8_t type;
	uint8_t cause;
	bool has_cpu;
	uint32_t cpu;
	uint64_t seq;
	uint64_t time_ns;
	uint8_t virt_old;
	uint8_t virt_new;
	uint32_t virt_errno;
	char virt_error[64];
	uint8_t cr4_finding;
};

struct event_log {
	struct event events[MAX_EVENTS];
	unsigned int count;
};

static void on_event(const struct nlattr *const *tb, void *arg)
{
	struct event_log *log = arg;
	struct event *event;

	if (log->count == MAX_EVENTS)
		return;
	event = &log->events[log->count++];
	memset(event, 0, sizeof(*event));
	if (tb[CPULAB_A_EVENT_TYPE])
		event->type = genl_attr_u8(tb[CPULAB_A_EVENT_TYPE]);
	if (tb[CPULAB_A_EVENT_CAUSE])
		event->cause = genl_attr_u8(tb[CPULAB_A_EVENT_CAUSE]);
	if (tb[CPULAB_A_EVENT_SEQ])
		event->seq = genl_attr_u64(tb[CPULAB_A_EVENT_SEQ]);
	if (tb[CPULAB_A_EVENT_TIME_NS])
		event->time_ns = genl_attr_u64(tb[CPULAB_A_EVENT_TIME_NS]);
	event->has_cpu = tb[CPULAB_A_EVENT_CPU] != NULL;
	if (event->has_cpu)
		event->cpu = genl_attr_u32(tb[CPULAB_A_EVENT_CPU]);
	if (tb[CPULAB_A_EVENT_VIRT_STATE_OLD])
		event->virt_old = genl_attr_u8(tb[CPULAB_A_EVENT_VIRT_STATE_OLD]);
	if (tb[CPULAB_A_EVENT_VIRT_STATE])
		event->virt_new = genl_attr_u8(tb[CPULAB_A_EVENT_VIRT_STATE]);
	if (tb[CPULAB_A_EVENT_VIRT_ERRNO])
		event->virt_errno = genl_attr_u32(tb[CPULAB_A_EVENT_VIRT_ERRNO]);
	if (tb[CPULAB_A_EVENT_CR4_FINDING])
		event->cr4_finding = genl_attr_u8(tb[CPULAB_A_EVENT_CR4_FINDING]);
	if (tb[CPULAB_A_EVENT_VIRT_ERROR_NAME])
		snprintf(event->virt_error, sizeof(event->virt_error), "%s",
			 (const char *)tb[CPULAB_A_EVENT_VIRT_ERROR_NAME] + NLA_HDRLEN);
}

static uint64_t now_ms(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec * 1000ull + now.tv_nsec / 1000000;
}

/* The index of the first event from @from on matching, or -1. */
static int find_event(const struct event_log *log, unsigned int from, uint8_t type,
		      uint8_t cause, unsigned int cpu)
{
	for (unsigned int i = from; i < log->count; i++) {
		const struct event *event = &log->events[i];

		if (event->type == type && event->cause == cause && event->has_cpu &&
		    event->cpu == cpu)
			return i;
	}
	return -1;
}

/* Receives until an event from @from on matches or EVENT_WAIT_MS pass. */
static int wait_for_event_from(struct genl_sock *listener, struct event_log *log,
			       unsigned int from, uint8_t type, uint8_t cause, unsigned int cpu)
{
	uint64_t deadline = now_ms() + EVENT_WAIT_MS;
	int found;

	while ((found = find_event(log, from, type, cause, cpu)) < 0 && now_ms() < deadline) {
		int ret = cpulab_receive_events(listener, 1000, on_event, log);

		if (ret < 0)
			return ret;
	}
	return found;
}

static int wait_for_event(struct genl_sock *listener, struct event_log *log, uint8_t type,
			  uint8_t cause, unsigned int cpu)
{
	return wait_for_event_from(listener, log, 0, type, cause, cpu);
}

/*
 * Events go out in the order they happen, so one the test causes itself
 * marks the end of everything before it: a CR4 audit of @cpu is that
 * marker. Receives up to it and leaves it and what follows out of the log,
 * so "nothing else was published" needs no quiet period (under Bochs,
 * where guest time crawls, each quiet second cost a minute).
 */
static int sync_events(struct genl_sock *sock, struct genl_sock *listener, struct event_log *log,
		       unsigned int cpu)
{
	uint8_t bitmap[SELFTEST_MAX_CPUS / 8] = { 0 };
	unsigned int from = log->count;
	struct genl_ack ack;
	uint64_t findings;
	int marker;

	bitmap[cpu / 8] = 1u << (cpu % 8);
	if (cr4_audit_request(sock, bitmap, cpu / 8 + 1, &findings, &ack) || ack.error)
		return -1;
	marker = wait_for_event_from(listener, log, from, CPULAB_EVENT_CR4, CPULAB_CAUSE_AUDIT, cpu);
	if (marker < 0)
		return -1;
	log->count = marker;
	return 0;
}

static bool expect_enabled(void)
{
	const char *expect = getenv("CPULAB_EXPECT_VIRT");

	return !expect || strcmp(expect, "off");
}

/* Events are numbered without gaps and their times never go back. */
static void expect_ordered(struct __test_metadata *_metadata, const struct event_log *log)
{
	for (unsigned int i = 1; i < log->count; i++) {
		EXPECT_EQ(log->events[i - 1].seq + 1, log->events[i].seq)
			TH_LOG("event %u: sequence gap", i);
		EXPECT_LE(log->events[i - 1].time_ns, log->events[i].time_ns)
			TH_LOG("event %u: time went back", i);
		EXPECT_NE(CPULAB_EVENT_LOST, log->events[i].type);
	}
}

FIXTURE(events) {
	struct genl_sock sock;
	struct genl_sock listener;
	struct cpu_dump snapshot;
	struct cpu_dump after;
	struct genl_ack ack;
	struct event_log log;
	unsigned int hotpluggable_cpu;	/* SELFTEST_MAX_CPUS if none */
	unsigned int marker_cpu;	/* whose audits mark sync points */
};

FIXTURE_SETUP(events)
{
	const struct cpu_entry *entry;
	unsigned int cpu;

	ASSERT_EQ(0, genl_open(&self->sock));
	ASSERT_EQ(0, genl_resolve(&self->sock, CPULAB_FAMILY_NAME));
	ASSERT_EQ(0, genl_open(&self->listener));
	ASSERT_EQ(0, genl_resolve(&self->listener, CPULAB_FAMILY_NAME));
	ASSERT_NE(0, self->listener.events_group) TH_LOG("the family has no \"events\" group");
	ASSERT_EQ(0, genl_join_events(&self->listener));
	ASSERT_EQ(0, cpu_get(&self->sock, NULL, NLM_F_DUMP, &self->snapshot, &self->ack));
	ASSERT_EQ(0, self->ack.error);
	self->hotpluggable_cpu = SELFTEST_MAX_CPUS;
	self->marker_cpu = SELFTEST_MAX_CPUS;
	for_each_cpu_with_registers(&self->snapshot, cpu, entry) {
		if (self->marker_cpu == SELFTEST_MAX_CPUS)
			self->marker_cpu = cpu;
		if (cpu && sysfs_cpu_is_hotpluggable(cpu))
			self->hotpluggable_cpu = cpu;
	}
	ASSERT_GT(SELFTEST_MAX_CPUS, self->marker_cpu);
	/* Only what the test itself causes from here on. */
	ASSERT_EQ(0, sync_events(&self->sock, &self->listener, &self->log, self->marker_cpu));
	self->log.count = 0;
}

FIXTURE_TEARDOWN(events)
{
	genl_close(&self->listener);
	genl_close(&self->sock);
}

/*
 * A CPU going offline and online is published in the order the callbacks
 * ran: virtualization off, offline, online, virtualization on.
 */
/*
 * One offline/online through cpulab's own CPU_OFFLINE/CPU_ONLINE, read as a
 * developer reads it: offline, virt off, online, virt on, CR4 audit clean.
 */
TEST_F(events, hotplug_is_published_in_order)
{
	unsigned int cpu = self->hotpluggable_cpu;
	const struct cpu_entry *before = &self->snapshot.cpu[cpu];
	int off, offline, online, on, audit;
	struct genl_ack ack;
	uint64_t ns;
	bool virt_on;

	if (cpu == SELFTEST_MAX_CPUS)
		SKIP(return, "no hotpluggable CPU online");
	virt_on = before->virt_state == CPULAB_VIRT_STATE_ON;
	ASSERT_EQ(0, hotplug_request(&self->sock, false, cpu, &ns, &ack));
	ASSERT_EQ(0, ack.error) TH_LOG("CPU_OFFLINE: %s", ack.message);
	ASSERT_EQ(0, hotplug_request(&self->sock, true, cpu, &ns, &ack));
	ASSERT_EQ(0, ack.error) TH_LOG("CPU_ONLINE: %s", ack.message);
	online = wait_for_event(&self->listener, &self->log, CPULAB_EVENT_CPU_ONLINE,
				CPULAB_CAUSE_HOTPLUG, cpu);
	ASSERT_LE(0, online) TH_LOG("no CPU_ONLINE event for CPU %u", cpu);
	audit = wait_for_event_from(&self->listener, &self->log, online + 1, CPULAB_EVENT_CR4,
				    CPULAB_CAUSE_HOTPLUG, cpu);
	ASSERT_LE(0, audit) TH_LOG("no CR4 audit event after CPU %u came online", cpu);
	EXPECT_EQ(CPULAB_CR4_FINDING_NONE, self->log.events[audit].cr4_finding);

	offline = find_event(&self->log, 0, CPULAB_EVENT_CPU_OFFLINE, CPULAB_CAUSE_HOTPLUG, cpu);
	ASSERT_LE(0, offline);
	EXPECT_LT(offline, online);
	off = find_event(&self->log, 0, CPULAB_EVENT_VIRT, CPULAB_CAUSE_HOTPLUG, cpu);
	if (virt_on) {
		ASSERT_LE(0, off);
		EXPECT_GT(off, offline);
		EXPECT_LT(off, online);
		EXPECT_EQ(CPULAB_VIRT_STATE_ON, self->log.events[off].virt_old);
		EXPECT_EQ(CPULAB_VIRT_STATE_OFF, self->log.events[off].virt_new);
		on = find_event(&self->log, off + 1, CPULAB_EVENT_VIRT, CPULAB_CAUSE_HOTPLUG, cpu);
		ASSERT_LE(0, on);
		EXPECT_GT(on, online);
		EXPECT_LT(on, audit);
		EXPECT_EQ(CPULAB_VIRT_STATE_OFF, self->log.events[on].virt_old);
		EXPECT_EQ(CPULAB_VIRT_STATE_ON, self->log.events[on].virt_new);
		EXPECT_STREQ("none", self->log.events[on].virt_error);
	} else {
		EXPECT_EQ(-1, off) TH_LOG("a virt event for a CPU cpulab does not run");
	}
	expect_ordered(_metadata, &self->log);

	/* The last event's state is the hardware's. */
	ASSERT_EQ(0, cpu_get_one(&self->sock, cpu, &self->after, &self->ack));
	ASSERT_EQ(0, self->ack.error);
	EXPECT_EQ(virt_on, hardware_virt_enabled(cpu, &self->after.cpu[cpu]));
	TH_LOG("CPU %u: %u events, %" PRIu64 " us from first to last", cpu, self->log.count,
	       (self->log.events[self->log.count - 1].time_ns - self->log.events[0].time_ns) / 1000);
}

/* A failed enable is an event with its error; so is the recovery. */
TEST_F(events, failed_enable_is_published_with_its_error)
{
	const struct cpu_entry *entry;
	unsigned int cpu = SELFTEST_MAX_CPUS;
	int off, failed, on;

	if (kernel_owns_virt())
		SKIP(return, SKIP_REASON_KERNEL_OWNS_VIRT ": cpulab enables nothing to fail");
	for_each_cpu_with_registers(&self->snapshot, cpu, entry)
		if (entry->virt_state == CPULAB_VIRT_STATE_ON && entry->virt_requests == 1)
			break;
	if (!expect_enabled() || cpu == SELFTEST_MAX_CPUS)
		SKIP(return, "no CPU with virtualization on by one request");

	ASSERT_EQ(0, virt_request_cpu(&self->sock, false, cpu, &self->ack));
	ASSERT_EQ(0, self->ack.error);
	ASSERT_EQ(0, inject(&self->sock, cpu, CPULAB_INJECT_PRECHECK, &self->ack));
	ASSERT_EQ(0, self->ack.error);
	ASSERT_EQ(0, virt_request_cpu(&self->sock, true, cpu, &self->ack));
	EXPECT_NE(0, self->ack.error);
	ASSERT_EQ(0, virt_request_cpu(&self->sock, true, cpu, &self->ack));
	ASSERT_EQ(0, self->ack.error) TH_LOG("recovery: %s", self->ack.message);

	off = wait_for_event(&self->listener, &self->log, CPULAB_EVENT_VIRT, CPULAB_CAUSE_REQUEST, cpu);
	ASSERT_LE(0, off);
	failed = wait_for_event_from(&self->listener, &self->log, off + 1, CPULAB_EVENT_VIRT,
				     CPULAB_CAUSE_REQUEST, cpu);
	ASSERT_LE(0, failed);
	on = wait_for_event_from(&self->listener, &self->log, failed + 1, CPULAB_EVENT_VIRT,
				 CPULAB_CAUSE_REQUEST, cpu);
	ASSERT_LE(0, on);
	/* Nothing else follows. */
	ASSERT_EQ(0, sync_events(&self->sock, &self->listener, &self->log, self->marker_cpu));
	EXPECT_EQ(CPULAB_VIRT_STATE_OFF, self->log.events[off].virt_new);
	EXPECT_EQ(CPULAB_VIRT_STATE_OFF, self->log.events[failed].virt_old);
	EXPECT_EQ(CPULAB_VIRT_STATE_FAILED, self->log.events[failed].virt_new);
	EXPECT_EQ(0, strncmp(self->log.events[failed].virt_error, "precheck:", 9))
		TH_LOG("error %s", self->log.events[failed].virt_error);
	EXPECT_EQ(EOPNOTSUPP, self->log.events[failed].virt_errno);
	EXPECT_EQ(CPULAB_VIRT_STATE_FAILED, self->log.events[on].virt_old);
	EXPECT_EQ(CPULAB_VIRT_STATE_ON, self->log.events[on].virt_new);
	EXPECT_EQ(3, self->log.count) TH_LOG("only the three transitions are events");
	expect_ordered(_metadata, &self->log);

	ASSERT_EQ(0, cpu_get_one(&self->sock, cpu, &self->after, &self->ack));
	EXPECT_EQ(1, hardware_virt_enabled(cpu, &self->after.cpu[cpu]));
}

/*
 * Anyone may listen (the group carries what CPU_GET shows unprivileged).
 * Child exit codes: 0 received, 10+ the step that failed.
 */
static int listen_unprivileged(int ready_fd, unsigned int cpu)
{
	struct genl_sock listener;
	struct event_log *log = calloc(1, sizeof(*log));

	if (!log || drop_privileges())
		return 10;
	if (genl_open(&listener) || genl_resolve(&listener, CPULAB_FAMILY_NAME))
		return 11;
	if (genl_join_events(&listener))
		return 12;
	if (write(ready_fd, "r", 1) != 1)
		return 13;
	if (wait_for_event(&listener, log, CPULAB_EVENT_CPU_OFFLINE, CPULAB_CAUSE_HOTPLUG, cpu) < 0)
		return 14;
	return 0;
}

TEST_F(events, unprivileged_listener_receives_events)
{
	unsigned int cpu = self->hotpluggable_cpu;
	int ready[2], status;
	char byte;
	pid_t child;

	if (cpu == SELFTEST_MAX_CPUS)
		SKIP(return, "no hotpluggable CPU online");
	ASSERT_EQ(0, pipe(ready));
	child = fork();
	ASSERT_LE(0, child);
	if (!child) {
		close(ready[0]);
		_exit(listen_unprivileged(ready[1], cpu));
	}
	close(ready[1]);
	EXPECT_EQ(1, read(ready[0], &byte, 1)) TH_LOG("the listener did not get ready");
	close(ready[0]);
	EXPECT_EQ(0, sysfs_set_cpu_online(cpu, false));
	EXPECT_EQ(0, sysfs_set_cpu_online(cpu, true));
	ASSERT_EQ(child, waitpid(child, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status)) TH_LOG("failed at step %d", WEXITSTATUS(status));
}

static int write_sysfs(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t written;
	int saved;

	if (fd < 0)
		return -errno;
	written = write(fd, text, strlen(text));
	saved = errno;
	close(fd);
	return written < 0 ? -saved : 0;
}

static bool file_contains(const char *path, const char *word)
{
	char text[256] = "";
	FILE *file = fopen(path, "re");

	if (!file)
		return false;
	if (!fgets(text, sizeof(text), file))
		text[0] = '\0';
	fclose(file);
	return strstr(text, word) != NULL;
}

/*
 * Suspend to RAM with pm_test=core: the kernel takes the other CPUs down,
 * runs syscore suspend on the last one, then resumes without sleeping
 * (kernel/power/suspend.c, suspend_enter()). cpulab's syscore hooks turn
 * that CPU off and on again; the hotplug callbacks do the rest.
 */
TEST_F(events, suspend_and_resume_restore_virtualization)
{
	const struct cpu_entry *entry, *now;
	unsigned int cpu, boot_cpu;
	int suspended, resumed;

	if (!file_contains("/sys/power/state", "mem") || access("/sys/power/pm_test", W_OK))
		SKIP(return, "no suspend to RAM or no pm_test");
	ASSERT_EQ(0, write_sysfs("/sys/power/pm_test", "core"));
	write_sysfs("/sys/module/suspend/parameters/pm_test_delay", "0");
	if (file_contains("/sys/power/mem_sleep", "deep"))
		ASSERT_EQ(0, write_sysfs("/sys/power/mem_sleep", "deep"));
	EXPECT_EQ(0, write_sysfs("/sys/power/state", "mem"));
	ASSERT_EQ(0, write_sysfs("/sys/power/pm_test", "none"));

	/* The kernel keeps the first online CPU (freeze_secondary_cpus()). */
	for (boot_cpu = 0; boot_cpu < SELFTEST_MAX_CPUS; boot_cpu++)
		if (self->snapshot.cpu[boot_cpu].has_registers)
			break;
	ASSERT_GT(SELFTEST_MAX_CPUS, boot_cpu);
	entry = &self->snapshot.cpu[boot_cpu];
	if (entry->virt_state == CPULAB_VIRT_STATE_ON) {
		resumed = wait_for_event(&self->listener, &self->log, CPULAB_EVENT_VIRT,
					 CPULAB_CAUSE_RESUME, boot_cpu);
		ASSERT_LE(0, resumed) TH_LOG("no resume event on CPU %u", boot_cpu);
		suspended = find_event(&self->log, 0, CPULAB_EVENT_VIRT, CPULAB_CAUSE_SUSPEND,
				       boot_cpu);
		ASSERT_LE(0, suspended);
		EXPECT_LT(suspended, resumed);
		EXPECT_EQ(CPULAB_VIRT_STATE_OFF, self->log.events[suspended].virt_new);
		EXPECT_EQ(CPULAB_VIRT_STATE_ON, self->log.events[resumed].virt_new);
	} else {
		ASSERT_EQ(0, sync_events(&self->sock, &self->listener, &self->log, self->marker_cpu));
		EXPECT_EQ(-1, find_event(&self->log, 0, CPULAB_EVENT_VIRT, CPULAB_CAUSE_RESUME,
					 boot_cpu));
	}

	/* Every CPU is back as it was, by cpulab's record and the hardware. */
	ASSERT_EQ(0, cpu_get(&self->sock, NULL, NLM_F_DUMP, &self->after, &self->ack));
	for_each_cpu_with_registers(&self->snapshot, cpu, entry) {
		now = &self->after.cpu[cpu];
		ASSERT_TRUE(now->has_registers) TH_LOG("CPU %u did not come back", cpu);
		EXPECT_EQ(entry->virt_state, now->virt_state) TH_LOG("CPU %u", cpu);
		if (entry->virt_cap != CPULAB_VIRT_CAP_NONE)
			EXPECT_EQ(entry->virt_state == CPULAB_VIRT_STATE_ON,
				  hardware_virt_enabled(cpu, now)) TH_LOG("CPU %u", cpu);
		if (entry->virt_state == CPULAB_VIRT_STATE_ON) {
			EXPECT_EQ(entry->virt_enables + 1, now->virt_enables) TH_LOG("CPU %u", cpu);
			EXPECT_EQ(entry->virt_disables + 1, now->virt_disables) TH_LOG("CPU %u", cpu);
		}
	}
	TH_LOG("boot CPU %u went through syscore suspend and resume", boot_cpu);
}

/* `cpulab monitor --json --cpu N --count 2` prints two events of CPU N. */
TEST_F(events, cli_monitor_prints_json_lines)
{
	const char *cli = getenv("CPULAB_CLI");
	unsigned int cpu = self->hotpluggable_cpu;
	char cpu_text[16], output[4096] = "", *line, *save;
	uint64_t last_seq = 0;
	unsigned int lines = 0;
	int out[2], status = 0;
	ssize_t got, total = 0;
	pid_t child;

	if (cpu == SELFTEST_MAX_CPUS)
		SKIP(return, "no hotpluggable CPU online");
	snprintf(cpu_text, sizeof(cpu_text), "%u", cpu);
	ASSERT_EQ(0, pipe(out));
	child = fork();
	ASSERT_LE(0, child);
	if (!child) {
		dup2(out[1], STDOUT_FILENO);
		close(out[0]);
		execlp(cli && *cli ? cli : "cpulab", "cpulab", "monitor", "--json", "--count", "2",
		       "--cpu", cpu_text, (char *)NULL);
		_exit(127);
	}
	close(out[1]);
	/*
	 * Cycle until the monitor, once subscribed, has seen its two events.
	 * Short pauses, many tries: under Bochs a guest second costs a minute.
	 */
	for (int cycle = 0; cycle < 400 && waitpid(child, &status, WNOHANG) == 0; cycle++) {
		usleep(20000);
		sysfs_set_cpu_online(cpu, false);
		sysfs_set_cpu_online(cpu, true);
	}
	if (waitpid(child, &status, WNOHANG) == 0) {
		kill(child, SIGKILL);
		waitpid(child, &status, 0);
		ASSERT_TRUE(false) TH_LOG("the monitor never saw two events");
	}
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	while ((got = read(out[0], output + total, sizeof(output) - 1 - total)) > 0)
		total += got;
	close(out[0]);

	for (line = strtok_r(output, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct json_value *json = json_parse(line);
		const struct json_value *field;

		ASSERT_NE(NULL, json) TH_LOG("not JSON: %s", line);
		field = json_get(json, "cpu");
		ASSERT_NE(NULL, field);
		EXPECT_EQ(cpu, (unsigned int)field->number);
		field = json_get(json, "type");
		ASSERT_NE(NULL, field);
		/* What one offline/online of the CPU publishes; the monitor may join mid-cycle. */
		EXPECT_TRUE(!strcmp(field->string, "cpu-offline") || !strcmp(field->string, "cpu-online") ||
			    !strcmp(field->string, "virt") || !strcmp(field->string, "cr4"))
			TH_LOG("type %s", field->string);
		field = json_get(json, "seq");
		ASSERT_NE(NULL, field);
		EXPECT_LT(last_seq, (uint64_t)field->number);
		last_seq = (uint64_t)field->number;
		json_free(json);
		lines++;
	}
	EXPECT_EQ(2, lines);
}

TEST_HARNESS_MAIN
