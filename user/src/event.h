// SPDX-License-Identifier: GPL-2.0
// One event from the module's "events" group: plain data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cpu_state.h"

namespace cpulab {

enum class EventType { cpu_online, cpu_offline, virt, cache, stop, cr4, lost };

std::string_view event_type_name(EventType type);

struct Event {
	EventType type = EventType::virt;
	uint64_t seq = 0;
	uint64_t time_ns = 0;	// CLOCK_MONOTONIC in the kernel
	std::optional<uint32_t> cpu;
	std::string cause;	// "hotplug", "request", "suspend"...; "" if none
	// EventType::virt
	VirtState virt_old = VirtState::off;
	VirtState virt_new = VirtState::off;
	std::string virt_error;	// "none" or the failure's name
	uint32_t virt_errno = 0;
	// EventType::cache
	uint32_t cache_reasons_old = 0;
	uint32_t cache_reasons = 0;
	// EventType::stop: enum cpulab_stop_stage, and trigger to mask-clear
	uint8_t stop_stage = 0;
	uint64_t stop_clear_ns = 0;
	// EventType::cr4: enum cpulab_cr4_finding (NONE: a clean audit), its bits,
	// and the registers as the audit read them.
	uint8_t cr4_finding = 0;
	uint64_t cr4_finding_bits = 0;
	uint64_t cr4 = 0;
	std::optional<uint64_t> cr4_shadow;	// absent where the kernel keeps it from modules
	// EventType::lost: how many events the module dropped before this one.
	uint64_t lost = 0;
};

} // namespace cpulab
