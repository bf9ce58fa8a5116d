// SPDX-License-Identifier: GPL-2.0
// The kernel's cpulist syntax ("0-3,7"), as in /sys/devices/system/cpu/online.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cpulab {

// Far above any NR_CPUS, low enough that "0-4000000000" cannot eat memory.
inline constexpr uint32_t cpulist_max_cpu = 65535;

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
