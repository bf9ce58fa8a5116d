// SPDX-License-Identifier: GPL-2.0
// The kernel's cpulist syntax ("0-3,7"), as in /sys/devices/system/cpu/online.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "cpulab.h"

namespace cpulab {

// The protocol's bitmap limit (x86's largest NR_CPUS): a CPU above it could
// not be sent, and "0-4000000000" cannot eat memory.
inline constexpr uint32_t cpulist_max_cpu = CPULAB_CPUS_MAX_BYTES * 8 - 1;

class CpulistError : public std::invalid_argument {
public:
	using std::invalid_argument::invalid_argument;
};

// Parses "N", "N-M" and comma-separated lists of them. Returns the CPUs in
// ascending order without duplicates. Throws CpulistError naming the problem.
std::vector<uint32_t> parse_cpulist(std::string_view text);

// The inverse: "0-3,7".
std::string format_cpulist(const std::vector<uint32_t> &cpus);

} // namespace cpulab
