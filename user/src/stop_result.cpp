// SPDX-License-Identifier: GPL-2.0
#include "stop_result.h"

#include "protocol_names.h"

namespace cpulab {

// The CLI's own spelling, older than the spec: "ipi+nmi" says the NMI
// follows the IPI, where the spec's C-safe name is "ipi-nmi". A unit test
// holds every mode to its spec value.
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
	return protocol::name_or_unknown(protocol::stop_ordering_names, ordering);
}

std::string_view stop_stage_name(uint8_t stage)
{
	return protocol::name_or_unknown(protocol::stop_stage_names, stage);
}

std::string_view stop_verdict_name(uint8_t verdict)
{
	return protocol::name_or_unknown(protocol::stop_verdict_names, verdict);
}

} // namespace cpulab
