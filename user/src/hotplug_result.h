// SPDX-License-Identifier: GPL-2.0
// What CPU_OFFLINE, CPU_ONLINE and CPU_CYCLE report: plain data.
#pragma once

#include <cstdint>
#include <vector>

namespace cpulab {

struct HotplugResult {
	uint32_t cpu = 0;
	uint64_t ns = 0;	// remove_cpu()/add_cpu() wall time in the module
};

struct LatencyStats {
	uint64_t min_ns = 0;
	uint64_t median_ns = 0;
	uint64_t max_ns = 0;
};

struct CycleCpuStats {
	uint32_t cpu = 0;
	uint32_t attempts = 0;
	uint32_t successes = 0;
	uint32_t failures = 0;
	uint32_t last_errno = 0;	// positive, 0 if none
	LatencyStats offline;
	LatencyStats online;
};

struct CycleResult {
	bool interrupted = false;
	std::vector<CycleCpuStats> cpus;
};

} // namespace cpulab
