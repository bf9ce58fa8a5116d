// SPDX-License-Identifier: GPL-2.0
// A STOP's knobs and its outcome as the kernel reported it: plain data.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "cpulab.h"

namespace cpulab {

struct StopParams {
	uint8_t mode = CPULAB_STOP_MODE_IPI_NMI;
	uint8_t ordering = CPULAB_STOP_ORDERING_UPSTREAM;
	uint32_t wbinvd_delay_us = 0;
	uint32_t ipi_timeout_ms = CPULAB_STOP_TIMEOUT_MS_DEFAULT;
	uint32_t nmi_timeout_ms = CPULAB_STOP_TIMEOUT_MS_DEFAULT;
	uint32_t hold_ms = 0;		// targets kept parked after proceeding
};

struct StopCpuResult {
	uint32_t cpu = 0;
	uint8_t stage = CPULAB_STOP_STAGE_NONE;
	uint64_t clear_ns = 0;		// trigger to its bit cleared
	uint32_t entries = 0;		// handler entries, IPI and NMI
	bool nmi_sent = false;
	uint32_t wbinvds = 0;
	uint64_t wbinvd_ns = 0;
	bool virt_disabled = false;
	bool late = false;		// a handler ran at or after proceeding
};

struct StopResult {
	uint32_t targets = 0;
	bool all_stopped = false;
	uint8_t verdict = CPULAB_STOP_VERDICT_STOPPED;
	uint64_t time_ns = 0;		// trigger to the last bit cleared
	uint64_t proceed_ns = 0;	// trigger to proceeding
	std::vector<StopCpuResult> cpus;
};

// "ipi", "ipi+nmi", "nmi"; "upstream", "hardened"; "none", "ipi", "nmi";
// "stopped", "timed-out", "race".
std::string_view stop_mode_name(uint8_t mode);
std::string_view stop_ordering_name(uint8_t ordering);
std::string_view stop_stage_name(uint8_t stage);
std::string_view stop_verdict_name(uint8_t verdict);

} // namespace cpulab
