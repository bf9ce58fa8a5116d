// SPDX-License-Identifier: GPL-2.0
/*
 * cpulab STOP grid: how slow a flush may be before a STOP stops being
 * clean, for every mode and both orderings, against several IPI and NMI
 * timeouts. Every CPU is marked before every run, so every target flushes
 * for the cell's delay.
 *
 * Each run is judged against what the clock allows, not only against the
 * verdict the module gives itself:
 * - a target whose bit was still set, or cleared after the controller
 *   proceeded, means the controller gave up: the verdict must be timed-out;
 * - the controller proceeded before one flush could have ended (proceed
 *   time below the delay): timed-out too;
 * - timed-out only once the mode's timeouts had run out;
 * - hardened ordering never reports a race (its guarantee; uapi cpulab.h).
 * Each cell's counts are printed as one "# grid" line (make bench-stop
 * turns them into a table): upstream's race column is where a slow flush
 * makes native_stop_other_cpus() unsafe.
 *
 * CPULAB_STOP_GRID=coarse (the default, in make check) or fine (make
 * bench-stop); CPULAB_STOP_GRID_RUNS overrides the runs per cell.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"

#include "cpu_get.h"
#include "cpulab.h"
#include "cpulab_ops.h"
#include "genl.h"

#define NS_PER_MS	UINT64_C(1000000)
#define NS_PER_US	UINT64_C(1000)
#define MAX_DELAY_US	CPULAB_STOP_WBINVD_DELAY_US_MAX

struct timeouts {
	uint32_t ipi_ms, nmi_ms;
};

/*
 * A delay relative to the cell's timeouts: @of_ipi / 100 of the IPI
 * timeout plus @of_nmi / 100 of the NMI one. Relative, so each row of the
 * table means the same thing ("just past the IPI wait") for every pair.
 */
struct delay {
	uint32_t of_ipi, of_nmi;
};

/*
 * Upstream races when the IPI stage gives up during a flush (delay above
 * the IPI timeout) and the NMI's nested flush clears the bit before the NMI
 * stage gives up (delay below the NMI timeout): pairs with the NMI timeout
 * above the IPI one, and a delay half-way between them, find that window.
 */
static const struct timeouts coarse_timeouts[] = { { 1, 1 }, { 1, 10 }, { 5, 10 } };
static const struct delay coarse_delays[] = {
	{ 0, 0 }, { 50, 0 }, { 50, 50 }, { 200, 200 },
};
static const struct timeouts fine_timeouts[] = { { 1, 1 }, { 1, 10 }, { 2, 5 }, { 5, 10 }, { 10, 10 } };
static const struct delay fine_delays[] = {
	{ 0, 0 }, { 25, 0 }, { 50, 0 }, { 90, 0 }, { 110, 0 }, { 50, 50 }, { 100, 50 },
	{ 0, 90 }, { 90, 90 }, { 110, 110 }, { 200, 200 },
};

struct grid {
	const char *name;
	const struct timeouts *timeouts;
	unsigned int n_timeouts;
	const struct delay *delays;
	unsigned int n_delays;
	unsigned int runs;
};

static struct grid chosen_grid(void)
{
	const char *name = getenv("CPULAB_STOP_GRID");
	const char *runs = getenv("CPULAB_STOP_GRID_RUNS");
	struct grid grid = {
		"coarse", coarse_timeouts, ARRAY_SIZE(coarse_timeouts), coarse_delays, ARRAY_SIZE(coarse_delays), 3,
	};

	if (name && !strcmp(name, "fine"))
		grid = (struct grid){
			"fine", fine_timeouts, ARRAY_SIZE(fine_timeouts), fine_delays, ARRAY_SIZE(fine_delays), 10,
		};
	if (runs && atoi(runs) > 0)
		grid.runs = atoi(runs);
	return grid;
}

static const char *mode_name(uint8_t mode)
{
	return mode == CPULAB_STOP_MODE_IPI ? "ipi" : mode == CPULAB_STOP_MODE_NMI ? "nmi" : "ipi+nmi";
}

/* How long the controller waits before it gives up, in this mode (stop.c). */
static uint64_t patience_ns(uint8_t mode, const struct stop_knobs *knobs)
{
	uint64_t ns = 0;

	if (mode != CPULAB_STOP_MODE_NMI)
		ns += knobs->ipi_timeout_ms * NS_PER_MS;
	if (mode != CPULAB_STOP_MODE_IPI)
		ns += knobs->nmi_timeout_ms * NS_PER_MS;
	return ns;
}

struct tally {
	unsigned int runs, stopped, timed_out, races;
	uint64_t proceed_max_ns;
};

/* One run against the clock; counts it into @tally. */
static void judge_run(struct __test_metadata *_metadata, uint8_t mode, uint8_t ordering,
		      const struct stop_knobs *knobs, const struct stop_result *result, struct tally *tally)
{
	const uint64_t delay_ns = knobs->wbinvd_delay_us * NS_PER_US;
	bool unstopped = false;

	ASSERT_TRUE(result->replied);
	ASSERT_EQ(result->targets, result->count);
	ASSERT_LE(result->verdict, CPULAB_STOP_VERDICT_MAX) TH_LOG("no verdict in the reply");
	for (unsigned int i = 0; i < result->count; i++) {
		const struct stop_cpu_result *one = &result->cpus[i];

		if (one->stage == CPULAB_STOP_STAGE_NONE || one->clear_ns > result->proceed_ns)
			unstopped = true;
	}
	if (unstopped)
		EXPECT_EQ(CPULAB_STOP_VERDICT_TIMED_OUT, result->verdict)
			TH_LOG("a target had not stopped at %" PRIu64 " us", result->proceed_ns / NS_PER_US);
	if (delay_ns && result->targets && result->proceed_ns < delay_ns)
		EXPECT_EQ(CPULAB_STOP_VERDICT_TIMED_OUT, result->verdict)
			TH_LOG("proceeded at %" PRIu64 " us, before any %u us flush could end",
			       result->proceed_ns / NS_PER_US, knobs->wbinvd_delay_us);
	if (result->verdict == CPULAB_STOP_VERDICT_TIMED_OUT)
		EXPECT_LE(patience_ns(mode, knobs), result->proceed_ns)
			TH_LOG("timed out at %" PRIu64 " us, before its timeouts ran out",
			       result->proceed_ns / NS_PER_US);
	if (result->verdict == CPULAB_STOP_VERDICT_STOPPED)
		EXPECT_TRUE(result->all_stopped);
	if (ordering == CPULAB_STOP_ORDERING_HARDENED)
		EXPECT_NE(CPULAB_STOP_VERDICT_RACE, result->verdict)
			TH_LOG("hardened raced: delay %u us, IPI %u ms, NMI %u ms", knobs->wbinvd_delay_us,
			       knobs->ipi_timeout_ms, knobs->nmi_timeout_ms);

	tally->runs++;
	tally->stopped += result->verdict == CPULAB_STOP_VERDICT_STOPPED;
	tally->timed_out += result->verdict == CPULAB_STOP_VERDICT_TIMED_OUT;
	tally->races += result->verdict == CPULAB_STOP_VERDICT_RACE;
	if (result->proceed_ns > tally->proceed_max_ns)
		tally->proceed_max_ns = result->proceed_ns;
}

/* What each test holds: its socket, the CPUs before and after, a reply. */
struct grid_state {
	struct genl_sock sock;
	struct cpu_dump before;
	struct cpu_dump after;
	struct stop_result result;
	unsigned int online;
};

/* Opens the family and takes the "before" picture; counts the online CPUs. */
static void open_and_snapshot(struct __test_metadata *_metadata, struct grid_state *state)
{
	const struct cpu_entry *entry;
	struct genl_ack ack;
	unsigned int cpu;

	ASSERT_EQ(0, genl_open(&state->sock));
	ASSERT_EQ(0, genl_resolve(&state->sock, CPULAB_FAMILY_NAME));
	ASSERT_EQ(0, cpu_get(&state->sock, NULL, NLM_F_DUMP, &state->before, &ack));
	ASSERT_EQ(0, ack.error);
	for_each_cpu_with_registers(&state->before, cpu, entry)
		state->online++;
}

/* Leaves no CPU marked. */
static void flush_and_close(struct grid_state *state)
{
	struct genl_ack ack;

	cache_request(&state->sock, false, NULL, 0, &ack);
	genl_close(&state->sock);
}

FIXTURE(stop_grid) {
	struct grid_state s;
};

FIXTURE_VARIANT(stop_grid) {
	uint8_t mode;
	uint8_t ordering;
};

FIXTURE_VARIANT_ADD(stop_grid, ipi_upstream) {
	.mode = CPULAB_STOP_MODE_IPI, .ordering = CPULAB_STOP_ORDERING_UPSTREAM,
};
FIXTURE_VARIANT_ADD(stop_grid, ipi_hardened) {
	.mode = CPULAB_STOP_MODE_IPI, .ordering = CPULAB_STOP_ORDERING_HARDENED,
};
FIXTURE_VARIANT_ADD(stop_grid, ipi_nmi_upstream) {
	.mode = CPULAB_STOP_MODE_IPI_NMI, .ordering = CPULAB_STOP_ORDERING_UPSTREAM,
};
FIXTURE_VARIANT_ADD(stop_grid, ipi_nmi_hardened) {
	.mode = CPULAB_STOP_MODE_IPI_NMI, .ordering = CPULAB_STOP_ORDERING_HARDENED,
};
FIXTURE_VARIANT_ADD(stop_grid, nmi_upstream) {
	.mode = CPULAB_STOP_MODE_NMI, .ordering = CPULAB_STOP_ORDERING_UPSTREAM,
};
FIXTURE_VARIANT_ADD(stop_grid, nmi_hardened) {
	.mode = CPULAB_STOP_MODE_NMI, .ordering = CPULAB_STOP_ORDERING_HARDENED,
};

FIXTURE_SETUP(stop_grid)
{
	open_and_snapshot(_metadata, &self->s);
}

FIXTURE_TEARDOWN(stop_grid)
{
	flush_and_close(&self->s);
}

/* Every CPU marked, one STOP with @knobs, judged and counted. */
static void one_run(struct __test_metadata *_metadata, struct genl_sock *sock, uint8_t mode, uint8_t ordering,
		    const struct stop_knobs *knobs, struct stop_result *result, struct tally *tally)
{
	struct genl_ack ack;

	ASSERT_EQ(0, cache_request(sock, true, NULL, 0, &ack));
	ASSERT_EQ(0, ack.error) TH_LOG("cache mark: %s", ack.message);
	ASSERT_EQ(0, stop_request(sock, knobs, result, &ack));
	ASSERT_EQ(0, ack.error) TH_LOG("STOP: %s", ack.message);
	judge_run(_metadata, mode, ordering, knobs, result, tally);
}

TEST_F(stop_grid, every_cell_is_judged_against_the_clock)
{
	const struct grid grid = chosen_grid();

	if (self->s.online < 2)
		SKIP(return, "one CPU online");
	TH_LOG("%s grid: %u timeout pairs x %u delays, %u runs per cell", grid.name, grid.n_timeouts,
	       grid.n_delays, grid.runs);
	for (unsigned int t = 0; t < grid.n_timeouts; t++) {
		for (unsigned int d = 0; d < grid.n_delays; d++) {
			struct stop_knobs knobs = {
				.mode = variant->mode,
				.ordering = variant->ordering,
				.ipi_timeout_ms = grid.timeouts[t].ipi_ms,
				.nmi_timeout_ms = grid.timeouts[t].nmi_ms,
			};
			struct tally tally = { 0 };
			uint32_t delay_us = (grid.delays[d].of_ipi * knobs.ipi_timeout_ms +
					     grid.delays[d].of_nmi * knobs.nmi_timeout_ms) * 10;

			knobs.wbinvd_delay_us = delay_us < MAX_DELAY_US ? delay_us : MAX_DELAY_US;
			for (unsigned int run = 0; run < grid.runs; run++)
				one_run(_metadata, &self->s.sock, variant->mode, variant->ordering, &knobs,
					&self->s.result, &tally);
			/* One line per cell, in a fixed form: make bench-stop reads it. */
			ksft_print_msg("grid mode %s ordering %s ipi_ms %u nmi_ms %u delay_us %u runs %u "
				       "stopped %u timed_out %u race %u proceed_max_us %" PRIu64 "\n",
				       mode_name(variant->mode),
				       variant->ordering == CPULAB_STOP_ORDERING_HARDENED ? "hardened" : "upstream",
				       knobs.ipi_timeout_ms, knobs.nmi_timeout_ms, knobs.wbinvd_delay_us, tally.runs,
				       tally.stopped, tally.timed_out, tally.races, tally.proceed_max_ns / NS_PER_US);
		}
	}
	EXPECT_CPUS_RESTORED(&self->s.sock, &self->s.before, &self->s.after);
}

/*
 * The report that filed this: ipi+nmi, a 20 ms flush, 5 ms for the IPI
 * stage and the default 10 ms for the NMI one. Hardened: slower than both
 * waits, so every run must be timed-out (or stopped, had the controller
 * itself been held up past the flush), and none a race. Upstream, with the
 * same knobs, is counted for contrast.
 */
FIXTURE(stop_report) {
	struct grid_state s;
};

FIXTURE_SETUP(stop_report)
{
	open_and_snapshot(_metadata, &self->s);
}

FIXTURE_TEARDOWN(stop_report)
{
	flush_and_close(&self->s);
}

TEST_F(stop_report, slow_flush_beyond_both_timeouts_is_timed_out_not_a_race)
{
	static const uint8_t orderings[] = { CPULAB_STOP_ORDERING_UPSTREAM, CPULAB_STOP_ORDERING_HARDENED };
	const unsigned int runs = 100;

	if (self->s.online < 2)
		SKIP(return, "one CPU online");
	for (unsigned int o = 0; o < ARRAY_SIZE(orderings); o++) {
		const struct stop_knobs knobs = {
			.mode = CPULAB_STOP_MODE_IPI_NMI,
			.ordering = orderings[o],
			.wbinvd_delay_us = 20000,
			.ipi_timeout_ms = 5,
			.nmi_timeout_ms = 10,
		};
		struct tally tally = { 0 };

		for (unsigned int run = 0; run < runs; run++)
			one_run(_metadata, &self->s.sock, knobs.mode, knobs.ordering, &knobs, &self->s.result, &tally);
		ksft_print_msg("report-command ordering %s runs %u stopped %u timed_out %u race %u "
			       "proceed_max_us %" PRIu64 "\n",
			       knobs.ordering == CPULAB_STOP_ORDERING_HARDENED ? "hardened" : "upstream", tally.runs,
			       tally.stopped, tally.timed_out, tally.races, tally.proceed_max_ns / NS_PER_US);
		if (knobs.ordering == CPULAB_STOP_ORDERING_HARDENED) {
			EXPECT_EQ(0, tally.races);
			EXPECT_EQ(runs, tally.stopped + tally.timed_out);
		}
	}
	EXPECT_CPUS_RESTORED(&self->s.sock, &self->s.before, &self->s.after);
}

TEST_HARNESS_MAIN
