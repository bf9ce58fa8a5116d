// SPDX-License-Identifier: GPL-2.0
#ifndef CPULAB_CORE_VIRT_CAPABILITY_H
#define CPULAB_CORE_VIRT_CAPABILITY_H

#include "../../include/uapi/cpulab.h"
#include "cpuid.h"

namespace cpulab {

enum class VirtCapability : uint8_t {
	none = CPULAB_VIRT_CAP_NONE,
	vmx = CPULAB_VIRT_CAP_VMX,
	svm = CPULAB_VIRT_CAP_SVM,
};

// Which extension the calling CPU offers, decided as the kernel decides.
VirtCapability detect_virt_capability(const CpuidReader &cpuid);

} // namespace cpulab

#endif // CPULAB_CORE_VIRT_CAPABILITY_H
