// SPDX-License-Identifier: GPL-2.0
#include "cpuid.h"

namespace cpulab {

namespace {

constexpr uint32_t register_value(const cpulab_cpuid_regs &regs, CpuidRegister reg)
{
	switch (reg) {
	case CpuidRegister::eax:
		return regs.eax;
	case CpuidRegister::ebx:
		return regs.ebx;
	case CpuidRegister::ecx:
		return regs.ecx;
	case CpuidRegister::edx:
		return regs.edx;
	}
	return 0;
}

// Leaf 0 spells the vendor in EBX, EDX, ECX order, four ASCII bytes each.
constexpr bool vendor_is(const cpulab_cpuid_regs &leaf0, const char (&name)[13])
{
	const uint32_t parts[3] = {leaf0.ebx, leaf0.edx, leaf0.ecx};
	for (int i = 0; i < 12; i++) {
		const uint32_t byte = (parts[i / 4] >> (8 * (i % 4))) & 0xff;
		if (byte != static_cast<unsigned char>(name[i]))
			return false;
	}
	return true;
}

cpulab_cpuid_regs read_leaf(uint32_t leaf, uint32_t subleaf)
{
	cpulab_cpuid_regs regs{};
	cpulab_platform_cpuid(leaf, subleaf, &regs);
	return regs;
}

} // namespace

CpuidReader::CpuidReader()
{
	const cpulab_cpuid_regs leaf0 = read_leaf(cpuid_leaf::basic_max_and_vendor, 0);
	basic_max_ = leaf0.eax;
	extended_max_ = read_leaf(cpuid_leaf::extended_max, 0).eax;

	if (vendor_is(leaf0, "GenuineIntel"))
		vendor_ = CpuVendor::intel;
	else if (vendor_is(leaf0, "AuthenticAMD"))
		vendor_ = CpuVendor::amd;
	else if (vendor_is(leaf0, "HygonGenuine"))
		vendor_ = CpuVendor::hygon;
	else
		vendor_ = CpuVendor::other;
}

bool CpuidReader::has(const CpuidFeature &feature) const
{
	const bool extended = feature.leaf >= cpuid_leaf::extended_max;
	// An extended maximum below 0x80000000 means no extended leaves at all.
	if (extended ? (extended_max_ < cpuid_leaf::extended_max || feature.leaf > extended_max_)
		     : feature.leaf > basic_max_)
		return false;
	const uint32_t value = register_value(read_leaf(feature.leaf, feature.subleaf), feature.reg);
	return (value >> feature.bit) & 1u;
}

} // namespace cpulab
