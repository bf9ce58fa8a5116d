// SPDX-License-Identifier: GPL-2.0
#include "vmx_operation.h"

#include "control_registers.h"
#include "msr_access.h"
#include "undo_guard.h"

namespace cpulab {

namespace {

// Every condition [intel/vol3] 24.7 and A.1/A.7/A.8 put on VMXON that
// software can check first, so a failure has a name instead of a #GP.
VirtError vmxon_precheck(uint64_t &basic, bool inject_closed_gate)
{
	uint64_t feature_control_value;
	if (!read_msr(Msr::ia32_feature_control, feature_control_value))
		return VirtError::msr_fault;
	if (inject_closed_gate)
		feature_control_value &= ~feature_control::lock;
	if (!(feature_control_value & feature_control::lock))
		return VirtError::feature_control_unlocked;
	if (!(feature_control_value & feature_control::vmx_outside_smx))
		return VirtError::feature_control_vmx_disabled;

	if (!read_msr(Msr::ia32_vmx_basic, basic))
		return VirtError::msr_fault;
	if (vmx_basic::region_size(basic) > vmx_basic::max_region_size)
		return VirtError::vmx_basic_region_size;
	if (vmx_basic::memory_type(basic) != vmx_basic::memory_type_write_back)
		return VirtError::vmx_basic_memory_type;
	if (vmx_basic::addresses_limited_to_32_bits(basic))
		return VirtError::vmx_basic_32bit_addresses;

	uint64_t fixed0, fixed1;
	if (!read_msr(Msr::ia32_vmx_cr0_fixed0, fixed0) ||
	    !read_msr(Msr::ia32_vmx_cr0_fixed1, fixed1))
		return VirtError::msr_fault;
	if (!satisfies_fixed_bits(cpulab_platform_read_cr0(), fixed0, fixed1))
		return VirtError::cr0_fixed_bits;

	// CR4 is judged as it will be at VMXON: with VMXE, which FIXED0 requires.
	if (!read_msr(Msr::ia32_vmx_cr4_fixed0, fixed0) ||
	    !read_msr(Msr::ia32_vmx_cr4_fixed1, fixed1))
		return VirtError::msr_fault;
	if (!satisfies_fixed_bits(cpulab_platform_read_cr4() | cr4::vmxe, fixed0, fixed1))
		return VirtError::cr4_fixed_bits;

	return VirtError::none;
}

} // namespace

VirtError vmx_enable(cpulab_virt_cpu &virt, uint8_t injection)
{
	uint64_t basic = 0;
	const VirtError precheck = vmxon_precheck(basic, injection == CPULAB_INJECT_PRECHECK);
	if (precheck != VirtError::none)
		return precheck;

	// [intel/vol3] 25.11.5 "VMXON Region": the revision identifier in the
	// first 31 bits, bit 31 clear. The rest of the page stays zero. A
	// wrong one makes VMXON VMfailInvalid (31.5 VMXON, "Operation").
	const uint32_t wrong_revision = injection == CPULAB_INJECT_VMX_BAD_REVISION ? 1 : 0;
	*static_cast<volatile uint32_t *>(virt.vmxon_region) = vmx_basic::revision_id(basic) ^ wrong_revision;

	// The order of vmx_enable_virtualization_cpu() in 6.12's KVM: Intel PT
	// first, then CR4.VMXE, then VMXON; the guards unwind in reverse.
	cpulab_platform_intel_pt_handle_vmx(true);
	UndoGuard intel_pt([] { cpulab_platform_intel_pt_handle_vmx(false); });
	// Without CR4.VMXE, VMXON raises #UD (31.5).
	const bool set_vmxe = injection != CPULAB_INJECT_VMX_VMXE_CLEAR;
	if (set_vmxe)
		cpulab_platform_cr4_set_bits(cr4::vmxe);
	UndoGuard vmxe([set_vmxe] {
		if (set_vmxe)
			cpulab_platform_cr4_clear_bits(cr4::vmxe);
	});

	// A pointer that is not 4 KiB aligned is VMfailInvalid (31.5); VMXON
	// checks it before touching memory, and it stays inside the page.
	const uint64_t misalign = injection == CPULAB_INJECT_VMX_MISALIGNED_REGION ? 0x800 : 0;
	const uint64_t start = cpulab_platform_time_ns();
	const VirtError vmxon = vmx_insn_error(cpulab_platform_vmxon(virt.vmxon_region_pa + misalign));
	virt.enable_ns = cpulab_platform_time_ns() - start;
	if (vmxon != VirtError::none)
		return vmxon;

	vmxe.commit();
	intel_pt.commit();
	return VirtError::none;
}

VirtError vmx_disable(cpulab_virt_cpu &virt)
{
	const uint64_t start = cpulab_platform_time_ns();
	const VirtError vmxoff = vmx_insn_error(cpulab_platform_vmxoff());
	virt.disable_ns = cpulab_platform_time_ns() - start;

	// Even a faulting VMXOFF leaves VMXE cleared, as kvm_cpu_vmxoff() does:
	// a CPU must never be left with VMXE set and nobody owning it.
	cpulab_platform_cr4_clear_bits(cr4::vmxe);
	cpulab_platform_intel_pt_handle_vmx(false);
	return vmxoff;
}

} // namespace cpulab
