// SPDX-License-Identifier: GPL-2.0
//
// Per-CPU cache incoherence: whether a CPU owes a WBINVD before the next
// kernel runs, and why. Modeled on upstream's per-CPU
// cache_state_incoherent (6.18, arch/x86/kernel/process.c, the TDX kexec
// series), which 6.1 and 6.12 neither have nor export.
#ifndef CPULAB_CORE_CACHE_COHERENCE_H
#define CPULAB_CORE_CACHE_COHERENCE_H

#include "cpulab_core.h"

namespace cpulab {

// Runs WBINVD on the calling CPU, then busy-waits @delay_ns more (a slow
// flush, for the stop race); clears the transient reasons. Returns the ns spent.
uint64_t cache_flush(cpulab_cache_cpu &cache, uint64_t delay_ns);

// Spins until @deadline_ns (CLOCK_MONOTONIC), politely (PAUSE).
void spin_until(uint64_t deadline_ns);

} // namespace cpulab

#endif // CPULAB_CORE_CACHE_COHERENCE_H
