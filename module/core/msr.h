// SPDX-License-Identifier: GPL-2.0
//
// The model-specific registers cpulab touches, with the SDM's and APM's
// names, and their fields. Access is separate: platform.h.
#ifndef CPULAB_CORE_MSR_H
#define CPULAB_CORE_MSR_H

#include "abi_types.h"

namespace cpulab {

enum class Msr : uint32_t {
	// [intel/vol4] Table 2-2 "IA-32 Architectural MSRs".
	ia32_feature_control = 0x3a,
	ia32_vmx_basic = 0x480,
	ia32_vmx_cr0_fixed0 = 0x486,
	ia32_vmx_cr0_fixed1 = 0x487,
	ia32_vmx_cr4_fixed0 = 0x488,
	ia32_vmx_cr4_fixed1 = 0x489,
	ia32_efer = 0xc0000080,
	// [amd/apm2] 15.30 "SVM-Related MSRs".
	vm_cr = 0xc0010114,
	vm_hsave_pa = 0xc0010117,
};

constexpr uint64_t bit(unsigned int position)
{
	return uint64_t{1} << position;
}

constexpr uint64_t field(uint64_t value, unsigned int low, unsigned int high)
{
	return (value >> low) & ((uint64_t{1} << (high - low + 1)) - 1);
}

// [intel/vol3] 24.7 "Enabling and Entering VMX Operation": VMXON #GPs
// unless the lock bit and the VMX-outside-SMX bit are both set.
namespace feature_control {
inline constexpr uint64_t lock = bit(0);
inline constexpr uint64_t vmx_outside_smx = bit(2);
} // namespace feature_control

// [intel/vol3] A.1 "Basic VMX Information".
namespace vmx_basic {
constexpr uint32_t revision_id(uint64_t basic) { return field(basic, 0, 30); }
constexpr uint32_t region_size(uint64_t basic) { return field(basic, 32, 44); }
constexpr bool addresses_limited_to_32_bits(uint64_t basic) { return field(basic, 48, 48); }
constexpr uint32_t memory_type(uint64_t basic) { return field(basic, 50, 53); }
inline constexpr uint32_t memory_type_write_back = 6;
inline constexpr uint32_t max_region_size = 4096;
} // namespace vmx_basic

// [amd/apm2] 15.30.1 "VM_CR MSR": bit 4 SVMDIS.
namespace vm_cr {
inline constexpr uint64_t svm_disabled = bit(4);
} // namespace vm_cr

// [amd/apm2] 3.1.7 "Extended Feature Enable Register": bit 12 SVME.
namespace efer {
inline constexpr uint64_t svme = bit(12);
} // namespace efer

} // namespace cpulab

#endif // CPULAB_CORE_MSR_H
