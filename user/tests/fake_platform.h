// SPDX-License-Identifier: GPL-2.0
// A scriptable machine behind module/core/platform.h for the core's tests.
//
// It models "which CPU is executing": register reads return the current
// CPU's values, and only run_on_cpu() changes the current CPU. A core that
// read CR4 on the calling CPU instead of the target would see the wrong
// values, and the tests would catch it.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "platform.h"

namespace cpulab::fake {

struct FakeCpu {
	bool possible = true;
	bool online = true;
	bool ipi_fails = false;	// run_on_cpu() refuses, like -ENXIO
	uint64_t cr0 = 0;
	uint64_t cr4 = 0;
	uint64_t cr4_shadow = 0;
	std::map<uint32_t, cpulab_cpuid_regs> cpuid;	// by leaf (sub-leaf 0)
	std::map<uint32_t, uint64_t> msrs;		// absent: the access faults
	std::map<uint32_t, uint64_t> msr_write_faults;	// MSR -> value whose write faults

	// VMX: what the next VMXON/VMXOFF does, and what happened.
	cpulab_vmx_insn_result vmxon_result = CPULAB_VMX_INSN_OK;
	cpulab_vmx_insn_result vmxoff_result = CPULAB_VMX_INSN_OK;
	bool in_vmx_operation = false;
	uint64_t vmxon_pa = 0;
	int intel_pt_vmx_depth = 0;	// +1 per intel_pt_handle_vmx(1), -1 per (0)
	unsigned int wbinvds = 0;	// WBINVDs executed on this CPU
};

struct FakeMachine {
	std::vector<FakeCpu> cpus;
	unsigned int current_cpu = 0;	// the CPU the test itself "runs" on
	unsigned int ipis_sent = 0;
	bool in_ipi = false;
	// Physical memory the fake VMXON can read: region PA -> its bytes.
	std::map<uint64_t, const void *> memory;
	// Set when a register is read outside run_on_cpu(): the core must never
	// read hardware state from process context, where it could migrate.
	bool register_read_outside_ipi = false;
	// A 7.x kernel: the CR4 shadow is KVM's only, and VMX/SVM are the kernel's.
	bool shadow_exported = true;
	bool kernel_owns_virt = false;
};

// The machine the C platform functions act on; reset() between tests.
FakeMachine &machine();
void reset(unsigned int nr_cpus);

// CPUID leaves captured from real CPUs (see fake_platform.cpp for sources).
std::map<uint32_t, cpulab_cpuid_regs> cpuid_amd_epyc_without_svm();
std::map<uint32_t, cpulab_cpuid_regs> cpuid_amd_with_svm();
std::map<uint32_t, cpulab_cpuid_regs> cpuid_intel_skylake_with_vmx();

// A CPU ready for VMXON: Skylake CPUID, FEATURE_CONTROL locked with VMX,
// VMX_BASIC/FIXED MSRs and CR0/CR4 as Linux runs them.
void make_vmx_ready(FakeCpu &cpu);
// A CPU ready for SVM: AMD CPUID with SVM, VM_CR clear, EFER as Linux runs it.
void make_svm_ready(FakeCpu &cpu);

} // namespace cpulab::fake
