// SPDX-License-Identifier: GPL-2.0
// Virtualization capability decoding in the core, on captured CPUID leaves.
#include <gtest/gtest.h>

#include "cpulab.h"
#include "cpulab_core.h"
#include "fake_platform.h"

namespace {

using cpulab::fake::machine;

uint8_t capability_with(const std::map<uint32_t, cpulab_cpuid_regs> &leaves)
{
	cpulab::fake::reset(1);
	machine().cpus[0].cpuid = leaves;
	cpulab_cpu_report report{};
	EXPECT_EQ(cpulab_core_read_cpu(0, nullptr, nullptr, nullptr, &report), CPULAB_STATUS_OK);
	return report.virt_capability;
}

TEST(CoreVirtCapability, IntelWithVmx)
{
	EXPECT_EQ(capability_with(cpulab::fake::cpuid_intel_skylake_with_vmx()), CPULAB_VIRT_CAP_VMX);
}

TEST(CoreVirtCapability, AmdWithSvm)
{
	EXPECT_EQ(capability_with(cpulab::fake::cpuid_amd_with_svm()), CPULAB_VIRT_CAP_SVM);
}

TEST(CoreVirtCapability, AmdGuestWithoutSvm)
{
	EXPECT_EQ(capability_with(cpulab::fake::cpuid_amd_epyc_without_svm()), CPULAB_VIRT_CAP_NONE);
}

TEST(CoreVirtCapability, IntelWithVmxCleared)
{
	auto leaves = cpulab::fake::cpuid_intel_skylake_with_vmx();
	leaves[0x1].ecx &= ~(1u << 5);
	EXPECT_EQ(capability_with(leaves), CPULAB_VIRT_CAP_NONE);
}

// cpu_has_svm() ignores the bit on vendors other than AMD and Hygon.
TEST(CoreVirtCapability, SvmBitOnIntelIsNotSvm)
{
	auto leaves = cpulab::fake::cpuid_intel_skylake_with_vmx();
	leaves[0x1].ecx &= ~(1u << 5);
	leaves[0x80000001].ecx |= 1u << 2;
	EXPECT_EQ(capability_with(leaves), CPULAB_VIRT_CAP_NONE);
}

TEST(CoreVirtCapability, HygonWithSvm)
{
	auto leaves = cpulab::fake::cpuid_amd_with_svm();
	// "HygonGenuine" in EBX, EDX, ECX order.
	leaves[0x0].ebx = 0x6f677948;
	leaves[0x0].edx = 0x6e65476e;
	leaves[0x0].ecx = 0x656e6975;
	EXPECT_EQ(capability_with(leaves), CPULAB_VIRT_CAP_SVM);
}

// The SVM bit is only trusted when leaf 0x80000001 exists.
TEST(CoreVirtCapability, SvmBitBeyondExtendedMaximumIsIgnored)
{
	auto leaves = cpulab::fake::cpuid_amd_with_svm();
	leaves[0x80000000].eax = 0x80000000;
	EXPECT_EQ(capability_with(leaves), CPULAB_VIRT_CAP_NONE);
}

// Leaf 1 is only trusted when the basic maximum reaches it.
TEST(CoreVirtCapability, VmxBitBeyondBasicMaximumIsIgnored)
{
	auto leaves = cpulab::fake::cpuid_intel_skylake_with_vmx();
	leaves[0x0].eax = 0;
	EXPECT_EQ(capability_with(leaves), CPULAB_VIRT_CAP_NONE);
}

} // namespace
