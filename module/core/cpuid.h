// SPDX-License-Identifier: GPL-2.0
//
// CPUID leaves and feature bits as descriptors, and a reader that knows the
// calling CPU's valid leaf ranges. Reading a leaf above the maximum returns
// the highest basic leaf's data on Intel ([intel/vol2a] CPUID, "If a value
// entered for CPUID.EAX is higher than the maximum..."), so every feature
// test checks the range first.
#ifndef CPULAB_CORE_CPUID_H
#define CPULAB_CORE_CPUID_H

#include "platform.h"

namespace cpulab {

enum class CpuidRegister : uint8_t { eax, ebx, ecx, edx };

struct CpuidFeature {
	uint32_t leaf;
	uint32_t subleaf;
	CpuidRegister reg;
	uint8_t bit;
};

namespace cpuid_leaf {
inline constexpr uint32_t basic_max_and_vendor = 0x0;
inline constexpr uint32_t extended_max = 0x80000000;
} // namespace cpuid_leaf

// [intel/vol2a] CPUID, Table 3-10 "Feature Information Returned in ECX": bit 5 VMX.
inline constexpr CpuidFeature cpuid_vmx{0x1, 0, CpuidRegister::ecx, 5};
// [amd/apm3] CPUID Fn8000_0001_ECX bit 2: SVM.
inline constexpr CpuidFeature cpuid_svm{0x80000001, 0, CpuidRegister::ecx, 2};

enum class CpuVendor : uint8_t { intel, amd, hygon, other };

// Reads CPUID on the calling CPU; construct it on the CPU you mean to ask.
class CpuidReader {
public:
	CpuidReader();

	CpuVendor vendor() const { return vendor_; }
	bool has(const CpuidFeature &feature) const;

private:
	uint32_t basic_max_;
	uint32_t extended_max_;
	CpuVendor vendor_;
};

} // namespace cpulab

#endif // CPULAB_CORE_CPUID_H
