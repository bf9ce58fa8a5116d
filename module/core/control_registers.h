// SPDX-License-Identifier: GPL-2.0
//
// Control-register bits cpulab relies on. [intel/vol3] 2.5 "Control Registers".
#ifndef CPULAB_CORE_CONTROL_REGISTERS_H
#define CPULAB_CORE_CONTROL_REGISTERS_H

#include "msr.h"

namespace cpulab::cr4 {
inline constexpr uint64_t vmxe = bit(13);
} // namespace cpulab::cr4

namespace cpulab {

// [intel/vol3] A.7/A.8 "VMX-Fixed Bits in CR0/CR4": a bit set in FIXED0
// must be 1, a bit clear in FIXED1 must be 0.
constexpr bool satisfies_fixed_bits(uint64_t value, uint64_t fixed0, uint64_t fixed1)
{
	return (value & fixed0) == fixed0 && (value & ~fixed1) == 0;
}

} // namespace cpulab

#endif // CPULAB_CORE_CONTROL_REGISTERS_H
