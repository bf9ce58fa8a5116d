// SPDX-License-Identifier: GPL-2.0
// The agreement check of `cpulab status --check-kernel`: the hardware, as
// the module read it on each CPU, against the kernel's own per-CPU view
// (kernel_view.h). Pure: it takes both reads and returns the verdict.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cpu_state.h"
#include "kernel_view.h"

namespace cpulab {

struct KernelAgreement {
	uint32_t cpus_compared = 0;		// online CPUs with registers
	std::vector<std::string> compared;	// the kernel variables compared
	std::vector<std::string> disagreements;	// one line each, naming the CPU
};

// Rules, each applied where both sides were read:
// - the kernel's CR4 shadow (cpu_tlbstate.cr4) equals the register, and
//   cpulab's own read of the shadow, where the kernel exports it;
// - x86/virt's reference count (virtualization_nr_users) is non-zero
//   exactly where the hardware has virtualization on (CR4.VMXE, or
//   EFER.SVME as cpulab's record observed it), and zero on an offline
//   CPU: x86_virt_get_ref() sets the bit with the first reference and
//   x86_virt_put_ref() clears it with the last (arch/x86/virt/hw.c).
KernelAgreement check_kernel_agreement(const std::vector<CpuState> &cpus, const KernelView &view);

} // namespace cpulab
