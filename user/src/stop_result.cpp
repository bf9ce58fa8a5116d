// SPDX-License-Identifier: GPL-2.0
#include "stop_result.h"

namespace cpulab {

std::string_view stop_mode_name(uint8_t mode)
{
	switch (mode) {
	case CPULAB_STOP_MODE_IPI:
		return "ipi";
	case CPULAB_STOP_MODE_IPI_NMI:
		return "ipi+nmi";
	case CPULAB_STOP_MODE_NMI:
		return "nmi";
	}
	return "unknown";
}

std::string_view stop_ordering_name(uint8_t ordering)
{
	switch (ordering) {
	case CPULAB_STOP_ORDERING_UPSTREAM:
		return "upstream";
	case CPULAB_STOP_ORDERING_HARDENED:
		return "hardened";
	}
	return "unknown";
}

std::string_view stop_stage_name(uint8_t stage)
{
	switch (stage) {
	case CPULAB_STOP_STAGE_NONE:
		return "none";
	case CPULAB_STOP_STAGE_IPI:
		return "ipi";
	case CPULAB_STOP_STAGE_NMI:
		return "nmi";
	}
	return "unknown";
}

std::string_view stop_verdict_name(uint8_t verdict)
{
	switch (verdict) {
	case CPULAB_STOP_VERDICT_STOPPED:
		return "stopped";
	case CPULAB_STOP_VERDICT_TIMED_OUT:
		return "timed-out";
	case CPULAB_STOP_VERDICT_RACE:
		return "race";
	}
	return "unknown";
}

} // namespace cpulab
