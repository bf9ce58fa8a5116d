// SPDX-License-Identifier: GPL-2.0
// The stop protocol's bookkeeping against the fake platform. The fake runs
// one handler at a time, so the interleavings that matter (a late NMI, a
// re-entry) are set up explicitly.
#include <gtest/gtest.h>

#include "cpulab.h"
#include "cpulab_core.h"
#include "fake_platform.h"

namespace {

using cpulab::fake::machine;

class StopProtocol : public ::testing::Test {
protected:
	void SetUp() override
	{
		cpulab::fake::reset(2);
		cpulab::fake::make_svm_ready(machine().cpus[1]);
		virt_.host_save_pa = 0x5678000;
		stops_[1] = cpulab_stop_cpu{};
	}

	void begin(uint8_t ordering)
	{
		cpulab_core_stop_begin(&run_, ordering, 0, 1000000);
		cpulab_core_stop_arm(&run_, &stops_[1]);
	}

	// The handler on CPU 1, in "IPI" (or "NMI") context.
	void handler_on_cpu1(uint8_t stage)
	{
		stage_ = stage;
		ASSERT_EQ(cpulab_platform_run_on_cpu(1, [](void *arg) {
			auto *self = static_cast<StopProtocol *>(arg);
			cpulab_core_stop_handler(&self->run_, &self->stops_[1], &self->virt_, &self->cache_,
						 self->stage_);
		}, this), 0);
	}

	void enable_virt_on_cpu1()
	{
		ASSERT_EQ(cpulab_platform_run_on_cpu(1, [](void *arg) {
			EXPECT_EQ(cpulab_core_virt_enable(static_cast<cpulab_virt_cpu *>(arg)), 0);
		}, &virt_), 0);
	}

	cpulab_stop_run run_{};
	cpulab_stop_cpu stops_[2]{};
	cpulab_virt_cpu virt_{};
	cpulab_cache_cpu cache_{};
	uint8_t stage_ = 0;
};

TEST_F(StopProtocol, TargetStopsFlushesParksAndRestores)
{
	enable_virt_on_cpu1();
	cache_.reasons = CPULAB_CACHE_REASON_MARKED;
	cache_.incoherent = 1;
	begin(CPULAB_STOP_ORDERING_UPSTREAM);
	EXPECT_FALSE(cpulab_core_stop_stopped(&run_, stops_, 2));

	cpulab_core_stop_release(&run_);	// so the park returns at once
	handler_on_cpu1(CPULAB_STOP_STAGE_IPI);

	EXPECT_TRUE(cpulab_core_stop_stopped(&run_, stops_, 2));
	EXPECT_EQ(stops_[1].stage, CPULAB_STOP_STAGE_IPI);
	EXPECT_EQ(stops_[1].entries, 1u);
	EXPECT_EQ(stops_[1].wbinvds, 1u);
	EXPECT_EQ(machine().cpus[1].wbinvds, 1u);
	EXPECT_GT(stops_[1].clear_ns, 0u);
	EXPECT_EQ(stops_[1].virt_disabled, 1);
	EXPECT_FALSE(cache_.incoherent);
	// Released: virtualization is back on, in the hardware too.
	EXPECT_EQ(virt_.state, CPULAB_VIRT_STATE_ON);
	EXPECT_NE(machine().cpus[1].msrs[0xc0000080] & (1u << 12), 0u);
	EXPECT_EQ(virt_.disables, 1u);
	EXPECT_EQ(virt_.enables, 2u);
	EXPECT_EQ(stops_[1].depth, 0);
	EXPECT_TRUE(cpulab_core_stop_settled(stops_, 2));
}

TEST_F(StopProtocol, ParkIsBoundedWithoutRelease)
{
	cpulab_core_stop_begin(&run_, CPULAB_STOP_ORDERING_UPSTREAM, 0, 50000);
	cpulab_core_stop_arm(&run_, &stops_[1]);
	handler_on_cpu1(CPULAB_STOP_STAGE_IPI);	// returns only because of the deadline
	EXPECT_TRUE(cpulab_core_stop_settled(stops_, 2));
}

TEST_F(StopProtocol, CleanStopIsStopped)
{
	begin(CPULAB_STOP_ORDERING_UPSTREAM);
	cpulab_core_stop_release(&run_);	// the fake runs the handler to its end
	handler_on_cpu1(CPULAB_STOP_STAGE_IPI);
	cpulab_core_stop_proceed(&run_, stops_, 2);
	EXPECT_EQ(cpulab_core_stop_verdict(&run_, stops_, 2), CPULAB_STOP_VERDICT_STOPPED);
}

// Upstream: a late NMI re-enters a CPU that already stopped, after the
// controller moved on believing everyone was stopped.
TEST_F(StopProtocol, ReentryAfterProceedingIsARace)
{
	begin(CPULAB_STOP_ORDERING_UPSTREAM);
	cpulab_core_stop_release(&run_);
	handler_on_cpu1(CPULAB_STOP_STAGE_IPI);
	cpulab_core_stop_proceed(&run_, stops_, 2);
	EXPECT_EQ(cpulab_core_stop_verdict(&run_, stops_, 2), CPULAB_STOP_VERDICT_STOPPED);
	handler_on_cpu1(CPULAB_STOP_STAGE_NMI);
	EXPECT_EQ(stops_[1].late, 1);
	EXPECT_EQ(cpulab_core_stop_verdict(&run_, stops_, 2), CPULAB_STOP_VERDICT_RACE);
}

// A target that never stopped before the controller gave up: the
// controller knew, so a handler entering afterwards is not a race.
TEST_F(StopProtocol, ProceedingWithATargetNotStoppedIsTimedOut)
{
	for (const uint8_t ordering : {CPULAB_STOP_ORDERING_UPSTREAM, CPULAB_STOP_ORDERING_HARDENED}) {
		begin(ordering);
		cpulab_core_stop_proceed(&run_, stops_, 2);
		EXPECT_EQ(run_.timed_out, 1);
		cpulab_core_stop_release(&run_);
		handler_on_cpu1(CPULAB_STOP_STAGE_IPI);
		EXPECT_EQ(stops_[1].late, 1);
		EXPECT_EQ(cpulab_core_stop_verdict(&run_, stops_, 2), CPULAB_STOP_VERDICT_TIMED_OUT) << int{ordering};
	}
}

TEST_F(StopProtocol, HandlerInFlightAtProceedingIsARace)
{
	begin(CPULAB_STOP_ORDERING_UPSTREAM);
	stops_[1].in_flight = 1;	// an IPI handler interrupted mid-flush
	run_.remaining = 0;		// its bit cleared by a nested NMI
	EXPECT_TRUE(cpulab_core_stop_stopped(&run_, stops_, 2));
	cpulab_core_stop_proceed(&run_, stops_, 2);
	EXPECT_EQ(cpulab_core_stop_verdict(&run_, stops_, 2), CPULAB_STOP_VERDICT_RACE);
}

// Hardened, a flush slower than both timeouts: still in flight when the
// controller gives up, which is a timeout and never a race.
TEST_F(StopProtocol, HardenedHandlerSlowerThanTheTimeoutsIsTimedOut)
{
	begin(CPULAB_STOP_ORDERING_HARDENED);
	stops_[1].in_flight = 1;
	run_.remaining = 0;		// even with its bit already cleared
	cpulab_core_stop_proceed(&run_, stops_, 2);
	EXPECT_EQ(run_.race_at_proceed, 0);
	EXPECT_EQ(cpulab_core_stop_verdict(&run_, stops_, 2), CPULAB_STOP_VERDICT_TIMED_OUT);
}

TEST_F(StopProtocol, HardenedWaitsForHandlersAndIgnoresReentry)
{
	begin(CPULAB_STOP_ORDERING_HARDENED);
	stops_[1].in_flight = 1;
	run_.remaining = 0;
	EXPECT_FALSE(cpulab_core_stop_stopped(&run_, stops_, 2));
	stops_[1].in_flight = 0;
	EXPECT_TRUE(cpulab_core_stop_stopped(&run_, stops_, 2));

	// A CPU that already began stopping: a second entry does nothing.
	stops_[1].entered = 1;
	cache_.reasons = CPULAB_CACHE_REASON_MARKED;
	cache_.incoherent = 1;
	cpulab_core_stop_release(&run_);
	handler_on_cpu1(CPULAB_STOP_STAGE_NMI);
	EXPECT_EQ(stops_[1].entries, 0u);
	EXPECT_EQ(machine().cpus[1].wbinvds, 0u);
	EXPECT_TRUE(cache_.incoherent);
	cpulab_core_stop_proceed(&run_, stops_, 2);
	EXPECT_EQ(cpulab_core_stop_verdict(&run_, stops_, 2), CPULAB_STOP_VERDICT_STOPPED);
}

// Upstream re-entry: an NMI lands while the IPI handler (depth 1) is
// mid-way. The nested handler stops the CPU but leaves restoring to the
// outer one, which would otherwise find its records changed under it.
TEST_F(StopProtocol, NestedHandlerLeavesRestoringToTheOuterOne)
{
	enable_virt_on_cpu1();
	begin(CPULAB_STOP_ORDERING_UPSTREAM);
	stops_[1].depth = 1;	// the interrupted IPI handler
	stops_[1].entered = 1;
	cpulab_core_stop_release(&run_);
	handler_on_cpu1(CPULAB_STOP_STAGE_NMI);
	EXPECT_EQ(stops_[1].stage, CPULAB_STOP_STAGE_NMI);
	EXPECT_EQ(stops_[1].entries, 1u);
	EXPECT_EQ(virt_.state, CPULAB_VIRT_STATE_OFF);	// not re-enabled by the nested one
	EXPECT_EQ(machine().cpus[1].msrs[0xc0000080] & (1u << 12), 0u);
	EXPECT_EQ(stops_[1].depth, 1);
}

TEST_F(StopProtocol, NmiIsClaimedOnlyWhenSent)
{
	begin(CPULAB_STOP_ORDERING_UPSTREAM);
	cpulab_core_stop_release(&run_);
	EXPECT_FALSE(cpulab_core_stop_nmi(&run_, &stops_[1], &virt_, &cache_));
	EXPECT_EQ(stops_[1].entries, 0u);
	stops_[1].nmi_pending = 1;
	EXPECT_FALSE(cpulab_core_stop_settled(stops_, 2));
	EXPECT_TRUE(cpulab_core_stop_nmi(&run_, &stops_[1], &virt_, &cache_));
	EXPECT_EQ(stops_[1].stage, CPULAB_STOP_STAGE_NMI);
	EXPECT_EQ(stops_[1].nmi_pending, 0);
	EXPECT_TRUE(cpulab_core_stop_settled(stops_, 2));
}

} // namespace
