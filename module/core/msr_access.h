// SPDX-License-Identifier: GPL-2.0
//
// Typed, fault-tolerant MSR access over platform.h. True when it worked.
#ifndef CPULAB_CORE_MSR_ACCESS_H
#define CPULAB_CORE_MSR_ACCESS_H

#include "msr.h"
#include "platform.h"

namespace cpulab {

[[nodiscard]] inline bool read_msr(Msr msr, uint64_t &value)
{
	return cpulab_platform_rdmsr_safe(static_cast<uint32_t>(msr), &value) == 0;
}

[[nodiscard]] inline bool write_msr(Msr msr, uint64_t value)
{
	return cpulab_platform_wrmsr_safe(static_cast<uint32_t>(msr), value) == 0;
}

} // namespace cpulab

#endif // CPULAB_CORE_MSR_ACCESS_H
