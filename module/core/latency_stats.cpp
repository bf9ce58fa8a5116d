// SPDX-License-Identifier: GPL-2.0
//
// min/median/max for CPU_CYCLE, as rcutorture's onoff statistics report
// them. Insertion sort: a cycle has at most 1000 samples per CPU and runs
// in process context, and the core has no library sort.
#include "cpulab_core.h"

extern "C" void cpulab_core_latency_stats(uint64_t *samples, uint32_t count,
					  cpulab_latency_stats *stats)
{
	*stats = {};
	if (!count)
		return;
	for (uint32_t i = 1; i < count; i++) {
		const uint64_t value = samples[i];
		uint32_t j = i;
		for (; j > 0 && samples[j - 1] > value; j--)
			samples[j] = samples[j - 1];
		samples[j] = value;
	}
	stats->min_ns = samples[0];
	stats->median_ns = samples[(count - 1) / 2];
	stats->max_ns = samples[count - 1];
}
