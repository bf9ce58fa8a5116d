// SPDX-License-Identifier: GPL-2.0
// status --check-kernel's verdict: the hardware as cpulab read it against
// the kernel's own per-CPU view (BPF), rule by rule, and a view that was
// not read or lacks a variable.
#include <gtest/gtest.h>

#include "kernel_agreement.h"

namespace {

using cpulab::CpuState;
using cpulab::KernelView;
using cpulab::KernelViewCpu;
using cpulab::VirtCapability;
using cpulab::VirtState;

constexpr uint64_t cr4 = 0x3506f0;
constexpr uint64_t vmxe = 1ull << 13;

// CPUs 0..count-1 online, SVM, virtualization off, shadow equal to CR4.
std::vector<CpuState> svm_cpus(uint32_t count)
{
	std::vector<CpuState> cpus(count);
	for (uint32_t id = 0; id < count; id++) {
		cpus[id].cpu = id;
		cpus[id].online = true;
		cpus[id].cr4 = cr4;
		cpus[id].virt_capability = VirtCapability::svm;
	}
	return cpus;
}

// The kernel's view of 7.1+ (every variable), agreeing with svm_cpus().
KernelView kernel_view(uint32_t count)
{
	KernelView view;
	view.cr4_shadow_found = view.cache_incoherent_found = view.virt_users_found = true;
	view.cpus.assign(count, KernelViewCpu{cr4, false, 0});
	return view;
}

TEST(KernelAgreement, AgreeingReadsGiveNoDisagreement)
{
	auto cpus = svm_cpus(4);
	auto view = kernel_view(4);
	for (uint32_t id = 0; id < 4; id++) {
		cpus[id].virt.state = VirtState::foreign;	// KVM's SVME, as cpulab observes it
		view.cpus[id].virt_users = 1;
	}
	const auto agreement = cpulab::check_kernel_agreement(cpus, view);
	EXPECT_TRUE(agreement.disagreements.empty());
	EXPECT_EQ(4u, agreement.cpus_compared);
	EXPECT_EQ((std::vector<std::string>{"cpu_tlbstate.cr4", "virtualization_nr_users"}), agreement.compared);
}

TEST(KernelAgreement, BitWithoutAReferenceNamesTheCpu)
{
	auto cpus = svm_cpus(4);
	cpus[3].virt.state = VirtState::foreign;
	const auto agreement = cpulab::check_kernel_agreement(cpus, kernel_view(4));
	ASSERT_EQ(1u, agreement.disagreements.size());
	EXPECT_EQ("CPU 3: hardware EFER.SVME is set, but the kernel's owner holds no reference "
		  "(virtualization_nr_users 0)",
		  agreement.disagreements[0]);
}

TEST(KernelAgreement, ReferenceWithoutTheBitNamesTheCpu)
{
	auto cpus = svm_cpus(2);
	auto view = kernel_view(2);
	view.cpus[1].virt_users = 2;
	const auto agreement = cpulab::check_kernel_agreement(cpus, view);
	ASSERT_EQ(1u, agreement.disagreements.size());
	EXPECT_EQ("CPU 1: the kernel's owner holds references (virtualization_nr_users 2), but hardware "
		  "EFER.SVME is clear",
		  agreement.disagreements[0]);
}

TEST(KernelAgreement, VmxIsJudgedByTheRegistersVmxe)
{
	auto cpus = svm_cpus(2);
	auto view = kernel_view(2);
	for (auto &cpu : cpus) {
		cpu.virt_capability = VirtCapability::vmx;
		cpu.virt.state = VirtState::foreign;	// not what the rule reads for VMX
	}
	cpus[0].cr4 = cr4 | vmxe;
	view.cpus[0] = {cr4 | vmxe, false, 1};
	const auto agreement = cpulab::check_kernel_agreement(cpus, view);
	ASSERT_EQ(0u, agreement.disagreements.size()) << agreement.disagreements[0];

	view.cpus[1].virt_users = 1;
	const auto second = cpulab::check_kernel_agreement(cpus, view);
	ASSERT_EQ(1u, second.disagreements.size());
	EXPECT_NE(std::string::npos, second.disagreements[0].find("CPU 1: "));
	EXPECT_NE(std::string::npos, second.disagreements[0].find("CR4.VMXE is clear"));
}

TEST(KernelAgreement, OfflineCpuMustHoldNoReference)
{
	auto cpus = svm_cpus(2);
	cpus[1].online = false;
	cpus[1].cr4.reset();
	auto view = kernel_view(2);
	view.cpus[1].virt_users = 1;
	const auto agreement = cpulab::check_kernel_agreement(cpus, view);
	EXPECT_EQ(1u, agreement.cpus_compared);
	ASSERT_EQ(1u, agreement.disagreements.size());
	EXPECT_EQ("CPU 1: offline, but the kernel's owner holds references (virtualization_nr_users 1)",
		  agreement.disagreements[0]);
}

TEST(KernelAgreement, ShadowAgainstRegisterAndAgainstCpulabsOwnRead)
{
	auto cpus = svm_cpus(2);
	auto view = kernel_view(2);
	view.cpus[0].cr4_shadow = cr4 | 0x4;
	cpus[1].cr4_shadow = cr4 | 0x100;
	const auto agreement = cpulab::check_kernel_agreement(cpus, view);
	ASSERT_EQ(2u, agreement.disagreements.size());
	EXPECT_EQ("CPU 0: the kernel's CR4 shadow (cpu_tlbstate.cr4) is 0x3506f4, the register 0x3506f0",
		  agreement.disagreements[0]);
	EXPECT_EQ("CPU 1: cpulab read the CR4 shadow as 0x3507f0, BPF as 0x3506f0", agreement.disagreements[1]);
}

TEST(KernelAgreement, WhatTheBtfLacksIsNotCompared)
{
	// 6.x: the shadow only; a bit with no refcount to hold it against is fine.
	auto cpus = svm_cpus(2);
	cpus[0].virt.state = VirtState::on;
	KernelView view;
	view.cr4_shadow_found = true;
	view.cpus.assign(2, KernelViewCpu{cr4, std::nullopt, std::nullopt});
	const auto agreement = cpulab::check_kernel_agreement(cpus, view);
	EXPECT_TRUE(agreement.disagreements.empty());
	EXPECT_EQ(std::vector<std::string>{"cpu_tlbstate.cr4"}, agreement.compared);
}

TEST(KernelAgreement, AViewNotReadComparesNothing)
{
	KernelView view;
	view.error = "bpf load: Operation not permitted";
	const auto agreement = cpulab::check_kernel_agreement(svm_cpus(2), view);
	EXPECT_TRUE(agreement.compared.empty());
	EXPECT_TRUE(agreement.disagreements.empty());
	EXPECT_EQ("not read: bpf load: Operation not permitted",
		  cpulab::kernel_variable_status(view, cpulab::KernelVariable::virt_users));
}

} // namespace
