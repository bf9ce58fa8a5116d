// SPDX-License-Identifier: GPL-2.0
#include "cpu_state.h"

namespace cpulab {

std::string_view virt_capability_name(VirtCapability capability)
{
	switch (capability) {
	case VirtCapability::none:
		return "none";
	case VirtCapability::vmx:
		return "vmx";
	case VirtCapability::svm:
		return "svm";
	}
	return "unknown";
}

std::string_view virt_state_name(VirtState state)
{
	switch (state) {
	case VirtState::off:
		return "off";
	case VirtState::on:
		return "on";
	case VirtState::failed:
		return "failed";
	case VirtState::foreign:
		return "foreign";
	case VirtState::unsupported:
		return "unsupported";
	}
	return "unknown";
}

} // namespace cpulab
