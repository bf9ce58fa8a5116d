// SPDX-License-Identifier: GPL-2.0
#include "fake_platform.h"

namespace cpulab::fake {

namespace {
FakeMachine the_machine;

FakeCpu &current()
{
	if (!the_machine.in_ipi)
		the_machine.register_read_outside_ipi = true;
	return the_machine.cpus.at(the_machine.current_cpu);
}
} // namespace

FakeMachine &machine()
{
	return the_machine;
}

void reset(unsigned int nr_cpus)
{
	the_machine = FakeMachine{};
	the_machine.cpus.resize(nr_cpus);
}

// Captured on this project's development host (an "AMD EPYC" KVM guest whose
// hypervisor hides SVM) with the cpuid instruction, 2026-11-22.
std::map<uint32_t, cpulab_cpuid_regs> cpuid_amd_epyc_without_svm()
{
	return {
		{0x0, {0x0000000d, 0x68747541, 0x444d4163, 0x69746e65}},
		{0x1, {0x00b00f21, 0x14fe0800, 0xfed83203, 0x178bfbff}},
		{0x80000000, {0x80000021, 0x68747541, 0x444d4163, 0x69746e65}},
		{0x80000001, {0x00b00f21, 0x40000000, 0x440001f1, 0x25d3fbff}},
	};
}

// The same part with SVM exposed: only Fn8000_0001_ECX bit 2 differs.
std::map<uint32_t, cpulab_cpuid_regs> cpuid_amd_with_svm()
{
	auto leaves = cpuid_amd_epyc_without_svm();
	leaves[0x80000001].ecx |= 1u << 2;
	return leaves;
}

// An Intel Core i7-6700 (Skylake): leaf 1 ECX 0x7ffafbbf has VMX (bit 5).
std::map<uint32_t, cpulab_cpuid_regs> cpuid_intel_skylake_with_vmx()
{
	return {
		{0x0, {0x00000016, 0x756e6547, 0x6c65746e, 0x49656e69}},
		{0x1, {0x000506e3, 0x00100800, 0x7ffafbbf, 0xbfebfbff}},
		{0x80000000, {0x80000008, 0x00000000, 0x00000000, 0x00000000}},
		{0x80000001, {0x00000000, 0x00000000, 0x00000121, 0x2c100800}},
	};
}

} // namespace cpulab::fake

using cpulab::fake::the_machine;

extern "C" {

uint64_t cpulab_platform_read_cr4(void)
{
	return cpulab::fake::current().cr4;
}

uint64_t cpulab_platform_read_cr4_shadow(void)
{
	return cpulab::fake::current().cr4_shadow;
}

// Unknown leaves read as zero, like a leaf past the maximum on AMD.
void cpulab_platform_cpuid(uint32_t leaf, uint32_t subleaf, cpulab_cpuid_regs *regs)
{
	(void)subleaf;
	const auto &leaves = cpulab::fake::current().cpuid;
	const auto it = leaves.find(leaf);
	*regs = it == leaves.end() ? cpulab_cpuid_regs{} : it->second;
}

unsigned int cpulab_platform_nr_cpu_ids(void)
{
	return static_cast<unsigned int>(the_machine.cpus.size());
}

bool cpulab_platform_cpu_possible(unsigned int cpu)
{
	return cpu < the_machine.cpus.size() && the_machine.cpus[cpu].possible;
}

bool cpulab_platform_cpu_online(unsigned int cpu)
{
	return cpu < the_machine.cpus.size() && the_machine.cpus[cpu].online;
}

int cpulab_platform_run_on_cpu(unsigned int cpu, void (*fn)(void *), void *arg)
{
	if (cpu >= the_machine.cpus.size() || !the_machine.cpus[cpu].online ||
	    the_machine.cpus[cpu].ipi_fails)
		return -6;	// -ENXIO, as smp_call_function_single() returns
	const unsigned int caller = the_machine.current_cpu;
	the_machine.ipis_sent++;
	the_machine.current_cpu = cpu;
	the_machine.in_ipi = true;
	fn(arg);
	the_machine.in_ipi = false;
	the_machine.current_cpu = caller;
	return 0;
}

} // extern "C"
