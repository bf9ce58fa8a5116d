// SPDX-License-Identifier: GPL-2.0
// One CPU as the kernel reported it: plain data, no netlink in sight.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace cpulab {

enum class VirtCapability { none, vmx, svm };

std::string_view virt_capability_name(VirtCapability capability);

struct CpuState {
	uint32_t cpu = 0;
	bool online = false;
	// Read on the CPU itself; absent for offline CPUs.
	std::optional<uint64_t> cr4;
	std::optional<uint64_t> cr4_shadow;
	std::optional<VirtCapability> virt_capability;
};

} // namespace cpulab
