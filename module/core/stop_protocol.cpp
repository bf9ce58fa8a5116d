// SPDX-License-Identifier: GPL-2.0
//
// The kexec/crash stop protocol, emulated safely: what each target does
// when the REBOOT-vector IPI or the crash NMI reaches it, and what the
// controller concludes. Mirrors native_stop_other_cpus and
// stop_this_cpu() (arch/x86/kernel/smp.c, process.c), except that targets
// park under a bound and come back.
//
// Context: the handler runs in IPI or NMI context and may be re-entered by
// an NMI on the same CPU, so every shared field is accessed with atomics
// and nothing takes a lock.
#include "cache_coherence.h"
#include "cpulab_core.h"

namespace cpulab {

namespace {

template <typename T> T load(const T &field)
{
	return __atomic_load_n(&field, __ATOMIC_ACQUIRE);
}

template <typename T> void store(T &field, T value)
{
	__atomic_store_n(&field, value, __ATOMIC_RELEASE);
}

template <typename T> T exchange(T &field, T value)
{
	return __atomic_exchange_n(&field, value, __ATOMIC_ACQ_REL);
}

template <typename T> void add(T &field, T delta)
{
	__atomic_fetch_add(&field, delta, __ATOMIC_ACQ_REL);
}

bool hardened(const cpulab_stop_run &run)
{
	return run.ordering == CPULAB_STOP_ORDERING_HARDENED;
}

// Steps 1-3 of the kernel's stop_this_cpu(), which then halts for good:
// leave VMX/SVM, flush if incoherent, then clear the bit the controller
// waits on. Here the CPU parks afterwards instead. Returns whether
// virtualization was on.
bool quiesce_for_park(cpulab_stop_run &run, cpulab_stop_cpu &stop, cpulab_virt_cpu &virt,
		      cpulab_cache_cpu &cache, uint8_t stage)
{
	const bool virt_was_on = virt.state == CPULAB_VIRT_STATE_ON;
	cpulab_core_virt_emergency_disable(&virt);
	if (virt_was_on)
		store(stop.virt_disabled, uint8_t{1});

	if (cache.incoherent) {
		const uint64_t spent = cache_flush(cache, run.wbinvd_delay_ns);
		add(stop.wbinvd_ns, spent);
		add(stop.wbinvds, 1u);
	}

	// Upstream clears the bit here, after the flush: a late NMI can still
	// re-enter this CPU and flush again once the controller has moved on.
	if (exchange(stop.in_mask, uint8_t{0})) {
		store(stop.stage, stage);
		store(stop.clear_ns, cpulab_platform_time_ns() - run.trigger_ns);
		add(run.remaining, -1);
	}
	return virt_was_on;
}

void park(const cpulab_stop_run &run)
{
	while (!load(run.released) && cpulab_platform_time_ns() < run.park_deadline_ns)
		cpulab_platform_cpu_relax();
}

void handle_stop(cpulab_stop_run &run, cpulab_stop_cpu &stop, cpulab_virt_cpu &virt,
		 cpulab_cache_cpu &cache, uint8_t stage)
{
	add(stop.active, 1);
	// Hardened: a CPU that already began stopping ignores re-entry, as
	// in the 2025 TDX kexec fix (a per-CPU "already stopping" flag).
	if (exchange(stop.entered, uint8_t{1}) && hardened(run)) {
		add(stop.active, -1);
		return;
	}
	add(stop.entries, 1u);
	if (load(run.proceeded))
		store(stop.late, uint8_t{1});
	// An NMI can re-enter this CPU in the middle of the IPI handler's
	// own steps (upstream ordering). Only the outermost handler restores:
	// the nested one would find half-updated records, and the outer one
	// resumes its steps after the NMI returns.
	const bool outermost = __atomic_add_fetch(&stop.depth, 1, __ATOMIC_ACQ_REL) == 1;

	add(stop.in_flight, 1);
	const bool virt_was_on = quiesce_for_park(run, stop, virt, cache, stage);
	add(stop.in_flight, -1);

	park(run);

	// Released: put back what the stop took away.
	if (outermost) {
		if (virt_was_on)
			(void)cpulab_core_virt_enable(&virt);
		cpulab_core_cache_online(&cache);
	}
	add(stop.depth, -1);
	add(stop.active, -1);
}

} // namespace

} // namespace cpulab

extern "C" void cpulab_core_stop_begin(cpulab_stop_run *run, uint8_t ordering, uint64_t wbinvd_delay_ns,
				       uint64_t park_bound_ns)
{
	*run = cpulab_stop_run{};
	run->ordering = ordering;
	run->wbinvd_delay_ns = wbinvd_delay_ns;
	run->trigger_ns = cpulab_platform_time_ns();
	run->park_deadline_ns = run->trigger_ns + park_bound_ns;
}

extern "C" void cpulab_core_stop_arm(cpulab_stop_run *run, cpulab_stop_cpu *stop)
{
	*stop = cpulab_stop_cpu{};
	stop->targeted = 1;
	stop->in_mask = 1;
	cpulab::add(run->remaining, 1);
}

extern "C" void cpulab_core_stop_handler(cpulab_stop_run *run, cpulab_stop_cpu *stop, cpulab_virt_cpu *virt,
					 cpulab_cache_cpu *cache, uint8_t stage)
{
	cpulab::handle_stop(*run, *stop, *virt, *cache, stage);
}

extern "C" bool cpulab_core_stop_nmi(cpulab_stop_run *run, cpulab_stop_cpu *stop, cpulab_virt_cpu *virt,
				     cpulab_cache_cpu *cache)
{
	// Counted active before the flag is consumed, so the controller never
	// sees "no NMI pending, nothing active" while this one is starting.
	cpulab::add(stop->active, 1);
	const bool ours = cpulab::exchange(stop->nmi_pending, uint8_t{0}) != 0;
	if (ours)
		cpulab::handle_stop(*run, *stop, *virt, *cache, CPULAB_STOP_STAGE_NMI);
	cpulab::add(stop->active, -1);
	return ours;
}

extern "C" bool cpulab_core_stop_stopped(const cpulab_stop_run *run, const cpulab_stop_cpu *stops,
					 unsigned int count)
{
	if (cpulab::load(run->remaining) > 0)
		return false;
	if (!cpulab::hardened(*run))
		return true;
	for (unsigned int i = 0; i < count; i++)
		if (stops[i].targeted && cpulab::load(stops[i].in_flight) > 0)
			return false;
	return true;
}

extern "C" void cpulab_core_stop_proceed(cpulab_stop_run *run, const cpulab_stop_cpu *stops, unsigned int count)
{
	// Flagged first, so a handler entering from now on is marked late.
	cpulab::store(run->proceeded, uint8_t{1});
	// The glue proceeds before its deadline only once stopped() held, so
	// not stopped now means the timeouts ran out (native_stop_other_cpus
	// then goes on anyway, after saying so).
	run->timed_out = !cpulab_core_stop_stopped(run, stops, count);
	// Stamped after the check: a target that cleared its bit before it
	// has clear_ns <= proceed_ns, which the selftests rely on.
	run->proceed_ns = cpulab_platform_time_ns();
	if (run->timed_out)
		return;
	for (unsigned int i = 0; i < count; i++)
		if (stops[i].targeted && cpulab::load(stops[i].in_flight) > 0)
			run->race_at_proceed = 1;
}

extern "C" void cpulab_core_stop_release(cpulab_stop_run *run)
{
	cpulab::store(run->released, uint8_t{1});
}

extern "C" bool cpulab_core_stop_settled(const cpulab_stop_cpu *stops, unsigned int count)
{
	for (unsigned int i = 0; i < count; i++)
		if (stops[i].targeted &&
		    (cpulab::load(stops[i].active) > 0 || cpulab::load(stops[i].nmi_pending)))
			return false;
	return true;
}

extern "C" uint8_t cpulab_core_stop_verdict(const cpulab_stop_run *run, const cpulab_stop_cpu *stops,
					   unsigned int count)
{
	// Timed-out first: a controller that knew it had not stopped everyone
	// did not race; whatever ran on the CPUs it gave up on is expected.
	if (run->timed_out)
		return CPULAB_STOP_VERDICT_TIMED_OUT;
	if (run->race_at_proceed)
		return CPULAB_STOP_VERDICT_RACE;
	for (unsigned int i = 0; i < count; i++)
		if (stops[i].targeted && stops[i].late)
			return CPULAB_STOP_VERDICT_RACE;
	return CPULAB_STOP_VERDICT_STOPPED;
}
