// SPDX-License-Identifier: GPL-2.0
#include "fake_platform.h"

#include <cstring>

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

// MSR values as read on the bochs-6.12 lane's corei7_skylake_x would be the
// ideal seed; these are the architectural shapes such a CPU reports: VMX
// revision 1, 4 KiB region, write-back (A.1), and the usual fixed bits.
void make_vmx_ready(FakeCpu &cpu)
{
	cpu.cpuid = cpuid_intel_skylake_with_vmx();
	cpu.msrs[0x3a] = 0x5;				// locked | VMX outside SMX
	cpu.msrs[0x480] = 0x00da040000000001ull;	// rev 1, size 0x400, WB, no 32-bit limit
	cpu.msrs[0x486] = 0x80000021;			// CR0 fixed0: PG, NE, PE
	cpu.msrs[0x487] = 0xffffffff;
	cpu.msrs[0x488] = 0x2000;			// CR4 fixed0: VMXE
	cpu.msrs[0x489] = 0x3767ff;
	cpu.msrs[0xc0000080] = 0xd01;			// EFER: SCE, LME, LMA, NXE
	cpu.cr0 = 0x80050033;
	cpu.cr4 = cpu.cr4_shadow = 0x3506f0;
}

void make_svm_ready(FakeCpu &cpu)
{
	cpu.cpuid = cpuid_amd_with_svm();
	cpu.msrs[0xc0010114] = 0;			// VM_CR: SVMDIS clear
	cpu.msrs[0xc0000080] = 0xd01;
	cpu.msrs[0xc0010117] = 0;			// VM_HSAVE_PA
	cpu.cr0 = 0x80050033;
	cpu.cr4 = cpu.cr4_shadow = 0x3506f0;
}

} // namespace cpulab::fake

using cpulab::fake::the_machine;

extern "C" {

uint64_t cpulab_platform_read_cr4(void)
{
	return cpulab::fake::current().cr4;
}

bool cpulab_platform_read_cr4_shadow(uint64_t *shadow)
{
	if (!the_machine.shadow_exported)
		return false;
	*shadow = cpulab::fake::current().cr4_shadow;
	return true;
}

bool cpulab_platform_kernel_owns_virt(void)
{
	return the_machine.kernel_owns_virt;
}

// Unknown leaves read as zero, like a leaf past the maximum on AMD.
void cpulab_platform_cpuid(uint32_t leaf, uint32_t subleaf, cpulab_cpuid_regs *regs)
{
	(void)subleaf;
	const auto &leaves = cpulab::fake::current().cpuid;
	const auto it = leaves.find(leaf);
	*regs = it == leaves.end() ? cpulab_cpuid_regs{} : it->second;
}

uint64_t cpulab_platform_read_cr0(void)
{
	return cpulab::fake::current().cr0;
}

// The hardware register only, as CR4_PERTURB needs.
void cpulab_platform_write_cr4_raw(uint64_t value)
{
	cpulab::fake::current().cr4 = value;
}

// Like cr4_set_bits(): hardware and shadow change together.
void cpulab_platform_cr4_set_bits(uint64_t mask)
{
	auto &cpu = cpulab::fake::current();
	cpu.cr4 |= mask;
	cpu.cr4_shadow |= mask;
}

void cpulab_platform_cr4_clear_bits(uint64_t mask)
{
	auto &cpu = cpulab::fake::current();
	cpu.cr4 &= ~mask;
	cpu.cr4_shadow &= ~mask;
}

int cpulab_platform_rdmsr_safe(uint32_t msr, uint64_t *value)
{
	const auto &msrs = cpulab::fake::current().msrs;
	const auto it = msrs.find(msr);
	*value = it == msrs.end() ? 0 : it->second;
	return it == msrs.end() ? -5 : 0;
}

int cpulab_platform_wrmsr_safe(uint32_t msr, uint64_t value)
{
	auto &cpu = cpulab::fake::current();
	const auto fault = cpu.msr_write_faults.find(msr);
	if (!cpu.msrs.count(msr) || (fault != cpu.msr_write_faults.end() && fault->second == value))
		return -5;
	cpu.msrs[msr] = value;
	return 0;
}

// [intel/vol3] 31.5 VMXON, as the real instruction: #UD without CR4.VMXE;
// VMfailInvalid for a pointer not 4 KiB aligned or a region whose revision
// identifier is not IA32_VMX_BASIC's.
cpulab_vmx_insn_result cpulab_platform_vmxon(uint64_t region_pa)
{
	auto &cpu = cpulab::fake::current();
	if (!(cpu.cr4 & (1u << 13)))
		return CPULAB_VMX_INSN_FAULT_UD;
	if (region_pa & 0xfff)
		return CPULAB_VMX_INSN_VMFAIL_INVALID;
	const auto region = the_machine.memory.find(region_pa);
	if (region != the_machine.memory.end()) {
		uint32_t revision;
		std::memcpy(&revision, region->second, sizeof(revision));
		if (revision != (cpu.msrs[0x480] & 0x7fffffff))
			return CPULAB_VMX_INSN_VMFAIL_INVALID;
	}
	if (cpu.vmxon_result == CPULAB_VMX_INSN_OK) {
		cpu.in_vmx_operation = true;
		cpu.vmxon_pa = region_pa;
	}
	return cpu.vmxon_result;
}

cpulab_vmx_insn_result cpulab_platform_vmxoff(void)
{
	auto &cpu = cpulab::fake::current();
	if (!cpu.in_vmx_operation)
		return CPULAB_VMX_INSN_FAULT_UD;
	if (cpu.vmxoff_result == CPULAB_VMX_INSN_OK)
		cpu.in_vmx_operation = false;
	return cpu.vmxoff_result;
}

void cpulab_platform_wbinvd(void)
{
	cpulab::fake::current().wbinvds++;
}

void cpulab_platform_cpu_relax(void)
{
}

void cpulab_platform_intel_pt_handle_vmx(bool on)
{
	cpulab::fake::current().intel_pt_vmx_depth += on ? 1 : -1;
}

uint64_t cpulab_platform_time_ns(void)
{
	static uint64_t now;
	return now += 100;
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
