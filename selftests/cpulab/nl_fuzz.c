// SPDX-License-Identifier: GPL-2.0
/*
 * cpulab netlink fuzzer: CPULAB_FUZZ_MESSAGES (default 100000) random
 * messages to the family, as root and as uid 1000 without capabilities.
 *
 * Messages: random commands (unknown ones, UNSPEC and EVENT included),
 * random generic netlink versions and reserved bytes, random header flags
 * (NLM_F_DUMP on do-only ops among them), and 0 to 8 attributes of random
 * type, random or wrong length (truncated past the message, oversized,
 * shorter than a header), random payload, NLA_F_NESTED with garbage inside.
 *
 * As root the fuzzer must not make cpulab act (a real STOP or CPU_CYCLE
 * from fuzzing would be a test of luck, not of validation): a message to a
 * mutating op always carries, first, an attribute above every op's maximum,
 * which strict validation (resv_start_op 0) must refuse. Unprivileged,
 * anything goes: GENL_ADMIN_PERM and CAP_SYS_ADMIN must refuse it.
 *
 * Pass: every message answered (an ack, an error or a finished dump)
 * within the socket timeout; as root, cpulab's counters unchanged (nothing
 * acted); afterwards the module still answers a dump, a hotplug cycle and
 * a STOP. The lane's splat scan and rmmod do the rest.
 */
#include <errno.h>
#include <inttypes.h>
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
#include "sysfs_cpus.h"

#define MAX_ERRNO	512

struct fuzz_stats {
	uint64_t messages;
	uint64_t acked;		/* error 0 */
	uint64_t unanswered;	/* I/O failure or timeout */
	uint64_t errors[MAX_ERRNO];
	unsigned int distinct;
};

static uint64_t fuzz_messages(void)
{
	const char *count = getenv("CPULAB_FUZZ_MESSAGES");

	return count ? strtoull(count, NULL, 10) : 100000;
}

/* xorshift64*: reproducible from the seed the test prints. */
static uint64_t fuzz_state;

static uint64_t next_random(void)
{
	fuzz_state ^= fuzz_state >> 12;
	fuzz_state ^= fuzz_state << 25;
	fuzz_state ^= fuzz_state >> 27;
	return fuzz_state * 0x2545f4914f6cdd1dull;
}

static unsigned int below(unsigned int bound)
{
	return (unsigned int)(next_random() % bound);
}

static bool is_mutating(uint8_t cmd)
{
	return cmd >= CPULAB_CMD_VIRT_ENABLE && cmd <= CPULAB_CMD_MAX && cmd != CPULAB_CMD_EVENT;
}

/* Appends one attribute header and payload as given, lengths unchecked. */
static void put_raw(struct genl_attrs *attrs, uint16_t type, uint16_t claimed_len, size_t payload)
{
	struct nlattr *nla;
	size_t room = sizeof(attrs->buf) - attrs->len;

	if (room < NLA_HDRLEN)
		return;
	if (payload > room - NLA_HDRLEN)
		payload = room - NLA_HDRLEN;
	nla = (struct nlattr *)(attrs->buf + attrs->len);
	nla->nla_type = type;
	nla->nla_len = claimed_len;
	for (size_t i = 0; i < payload; i++)
		attrs->buf[attrs->len + NLA_HDRLEN + i] = (char)next_random();
	attrs->len += NLA_ALIGN(NLA_HDRLEN + payload);
	if (attrs->len > sizeof(attrs->buf))
		attrs->len = sizeof(attrs->buf);
}

static uint16_t random_length(void)
{
	static const uint16_t lengths[] = { 0, 1, 2, 3, 4, 5, 7, 8, 9, 12, 16, 33, 64, 255, 600 };

	return lengths[below(sizeof(lengths) / sizeof(lengths[0]))];
}

static void random_attribute(struct genl_attrs *attrs)
{
	uint16_t type = (uint16_t)below(CPULAB_A_MAX + 6);
	uint16_t len = random_length();

	switch (below(8)) {
	case 0:	/* claims more than it has: truncated past the message */
		put_raw(attrs, type, (uint16_t)(NLA_HDRLEN + len + 1 + below(2000)), len);
		break;
	case 1:	/* claims less than a header */
		put_raw(attrs, type, (uint16_t)below(NLA_HDRLEN), len);
		break;
	case 2: {	/* a nest of garbage */
		size_t start = attrs->len;
		unsigned int inner = below(4);

		if (sizeof(attrs->buf) - start < NLA_HDRLEN)
			break;
		put_raw(attrs, type | NLA_F_NESTED, NLA_HDRLEN, 0);
		for (unsigned int i = 0; i < inner; i++)
			random_attribute(attrs);
		((struct nlattr *)(attrs->buf + start))->nla_len = (uint16_t)(attrs->len - start);
		break;
	}
	default:	/* well formed, wrong or right type and length */
		put_raw(attrs, type, (uint16_t)(NLA_HDRLEN + len), len);
	}
}

/* Flags beyond the REQUEST and ACK every message gets. */
static uint16_t random_flags(void)
{
	static const uint16_t flags[] = { 0, 0, 0, NLM_F_DUMP, NLM_F_ROOT, NLM_F_MATCH, NLM_F_ECHO,
					  NLM_F_MULTI, NLM_F_ATOMIC, NLM_F_REPLACE | NLM_F_CREATE,
					  NLM_F_EXCL | NLM_F_APPEND, 0xffff & ~(NLM_F_REQUEST | NLM_F_ACK) };

	return flags[below(sizeof(flags) / sizeof(flags[0]))];
}

static void record(struct fuzz_stats *stats, int ret, const struct genl_ack *ack)
{
	stats->messages++;
	if (ret) {
		stats->unanswered++;
		return;
	}
	if (!ack->error) {
		stats->acked++;
		return;
	}
	if (ack->error > 0 && ack->error < MAX_ERRNO && !stats->errors[ack->error]++)
		stats->distinct++;
}

/* @safe: mutating ops always carry an attribute that strict validation refuses. */
static void fuzz(struct genl_sock *sock, uint64_t count, bool safe, struct fuzz_stats *stats)
{
	memset(stats, 0, sizeof(*stats));
	for (uint64_t i = 0; i < count; i++) {
		struct genl_attrs attrs = { .len = 0 };
		uint8_t cmd = (uint8_t)below(CPULAB_CMD_MAX + 4);
		uint8_t version = below(4) ? (uint8_t)CPULAB_FAMILY_VERSION : (uint8_t)next_random();
		uint8_t reserved = below(16) ? 0 : (uint8_t)next_random();
		unsigned int count_attrs = below(9);
		struct genl_ack ack;
		int ret;

		if (safe && is_mutating(cmd))
			put_raw(&attrs, (uint16_t)(CPULAB_A_MAX + 1 + below(4)), NLA_HDRLEN + 4, 4);
		for (unsigned int a = 0; a < count_attrs; a++)
			random_attribute(&attrs);
		ret = genl_transact_raw(sock, cmd, version, random_flags(), reserved, &attrs, &ack);
		record(stats, ret, &ack);
	}
}

static void report(struct __test_metadata *_metadata, const char *who, const struct fuzz_stats *stats)
{
	char codes[512] = "";
	size_t len = 0;

	for (int error = 1; error < MAX_ERRNO; error++)
		if (stats->errors[error])
			len += snprintf(codes + len, sizeof(codes) - len, " %s:%" PRIu64,
					strerrorname_np(error) ?: "?", stats->errors[error]);
	TH_LOG("%s: %" PRIu64 " messages, %" PRIu64 " acked, %" PRIu64 " unanswered, %u distinct errors:%s",
	       who, stats->messages, stats->acked, stats->unanswered, stats->distinct, codes);
}

FIXTURE(nl_fuzz) {
	struct genl_sock sock;
	struct genl_ack ack;
	struct cpu_dump before;
	struct cpu_dump after;
	struct fuzz_stats stats;
};

FIXTURE_SETUP(nl_fuzz)
{
	const char *seed = getenv("CPULAB_FUZZ_SEED");

	fuzz_state = seed ? strtoull(seed, NULL, 0) : (uint64_t)time(NULL) * 2654435761u + getpid();
	if (!fuzz_state)
		fuzz_state = 1;
	TH_LOG("seed 0x%" PRIx64 " (CPULAB_FUZZ_SEED reproduces it)", fuzz_state);
	ASSERT_EQ(0, genl_open(&self->sock));
	ASSERT_EQ(0, genl_resolve(&self->sock, CPULAB_FAMILY_NAME));
	ASSERT_EQ(0, cpu_get(&self->sock, NULL, NLM_F_DUMP, &self->before, &self->ack));
}

FIXTURE_TEARDOWN(nl_fuzz)
{
	genl_close(&self->sock);
}

/* The module still does its job: a dump, a cycle of one hotpluggable CPU, a STOP. */
static void expect_module_works(struct __test_metadata *_metadata, FIXTURE_DATA(nl_fuzz) *self)
{
	struct stop_knobs knobs = { .mode = CPULAB_STOP_MODE_IPI_NMI, .ipi_timeout_ms = 10, .nmi_timeout_ms = 10 };
	struct stop_result *stop = calloc(1, sizeof(*stop));
	struct cycle_result *cycle = calloc(1, sizeof(*cycle));
	struct cpu_set_sysfs online;
	uint8_t bitmap[32] = { 0 };

	ASSERT_TRUE(stop && cycle);
	ASSERT_EQ(0, cpu_get(&self->sock, NULL, NLM_F_DUMP, &self->after, &self->ack));
	ASSERT_EQ(0, self->ack.error);
	EXPECT_EQ(self->before.count, self->after.count);
	ASSERT_EQ(0, read_cpulist_file("/sys/devices/system/cpu/online", &online));
	if (online.last && sysfs_cpu_is_hotpluggable(online.last)) {
		bitmap[online.last / 8] = 1u << (online.last % 8);
		ASSERT_EQ(0, cycle_request(&self->sock, bitmap, sizeof(bitmap), 1, cycle, &self->ack));
		EXPECT_EQ(0, self->ack.error) TH_LOG("%s", self->ack.message);
		EXPECT_EQ(1, cycle->cpus[0].successes);
	}
	if (online.count > 1) {
		ASSERT_EQ(0, stop_request(&self->sock, &knobs, stop, &self->ack));
		EXPECT_EQ(0, self->ack.error) TH_LOG("%s", self->ack.message);
		EXPECT_TRUE(stop->all_stopped);
	}
	free(stop);
	free(cycle);
}

TEST_F_TIMEOUT(nl_fuzz, root_read_only_and_malformed, 3600)
{
	const char *what;

	fuzz(&self->sock, fuzz_messages(), true, &self->stats);
	report(_metadata, "root", &self->stats);
	EXPECT_EQ(fuzz_messages(), self->stats.messages);
	EXPECT_EQ(0, self->stats.unanswered);
	EXPECT_LT(1, self->stats.distinct);

	/* Nothing acted: every counter a mutating op would move is where it was. */
	ASSERT_EQ(0, cpu_get(&self->sock, NULL, NLM_F_DUMP, &self->after, &self->ack));
	EXPECT_EQ(-1, cpu_dump_first_change(&self->before, &self->after, &what))
		TH_LOG("%s changed", what);
	expect_module_works(_metadata, self);
}

TEST_F_TIMEOUT(nl_fuzz, unprivileged_anything, 3600)
{
	int pipe_fds[2], status;
	pid_t child;

	ASSERT_EQ(0, pipe(pipe_fds));
	child = fork();
	ASSERT_LE(0, child);
	if (!child) {
		struct genl_sock sock;

		if (drop_privileges() || genl_open(&sock) || genl_resolve(&sock, CPULAB_FAMILY_NAME))
			_exit(10);
		fuzz(&sock, fuzz_messages(), false, &self->stats);
		if (write(pipe_fds[1], &self->stats, sizeof(self->stats)) != sizeof(self->stats))
			_exit(11);
		_exit(0);
	}
	close(pipe_fds[1]);
	ASSERT_EQ(sizeof(self->stats), read(pipe_fds[0], &self->stats, sizeof(self->stats)));
	ASSERT_EQ(child, waitpid(child, &status, 0));
	ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	report(_metadata, "uid 1000", &self->stats);
	EXPECT_EQ(fuzz_messages(), self->stats.messages);
	EXPECT_EQ(0, self->stats.unanswered);
	EXPECT_LT(0, self->stats.errors[EPERM]) TH_LOG("no mutating op reached the permission check");
	expect_module_works(_metadata, self);
}

TEST_HARNESS_MAIN
