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

} // namespace cpulab
