// SPDX-License-Identifier: GPL-2.0
#include "virt_error.h"

namespace cpulab {

namespace {

constexpr const char *virt_error_names[] = {
	"none",
	"fault-ud",
	"fault-gp",
	"fault-other",
	"vmfail-invalid",
	"vmfail-valid",
	"precheck:feature-control-unlocked",
	"precheck:feature-control-vmx-disabled",
	"precheck:vmx-basic-region-size",
	"precheck:vmx-basic-memory-type",
	"precheck:vmx-basic-32bit-addresses",
	"precheck:cr0-fixed-bits",
	"precheck:cr4-fixed-bits",
	"precheck:svm-disabled",
	"msr-fault",
};
static_assert(sizeof(virt_error_names) / sizeof(virt_error_names[0]) == __CPULAB_VIRT_ERROR_MAX,
	      "every cpulab_virt_error needs a name");

constexpr const char *virt_state_names[] = {"off", "on", "failed", "foreign", "unsupported"};
static_assert(sizeof(virt_state_names) / sizeof(virt_state_names[0]) == __CPULAB_VIRT_STATE_MAX,
	      "every cpulab_virt_state needs a name");

} // namespace

const char *virt_error_name(VirtError error)
{
	const auto index = static_cast<uint8_t>(error);
	return index < __CPULAB_VIRT_ERROR_MAX ? virt_error_names[index] : "unknown";
}

cpulab_status virt_error_status(VirtError error)
{
	switch (error) {
	case VirtError::none:
		return CPULAB_STATUS_OK;
	case VirtError::fault_ud:
	case VirtError::fault_gp:
	case VirtError::fault_other:
		return CPULAB_STATUS_VIRT_FAULT;
	case VirtError::vmfail_invalid:
	case VirtError::vmfail_valid:
		return CPULAB_STATUS_VIRT_VMFAIL;
	case VirtError::feature_control_unlocked:
	case VirtError::feature_control_vmx_disabled:
	case VirtError::vmx_basic_region_size:
	case VirtError::vmx_basic_memory_type:
	case VirtError::vmx_basic_32bit_addresses:
	case VirtError::cr0_fixed_bits:
	case VirtError::cr4_fixed_bits:
	case VirtError::svm_disabled:
		return CPULAB_STATUS_VIRT_PRECHECK;
	case VirtError::msr_fault:
		return CPULAB_STATUS_VIRT_MSR_FAULT;
	}
	return CPULAB_STATUS_VIRT_MSR_FAULT;
}

VirtError vmx_insn_error(cpulab_vmx_insn_result result)
{
	switch (result) {
	case CPULAB_VMX_INSN_OK:
		return VirtError::none;
	case CPULAB_VMX_INSN_VMFAIL_INVALID:
		return VirtError::vmfail_invalid;
	case CPULAB_VMX_INSN_VMFAIL_VALID:
		return VirtError::vmfail_valid;
	case CPULAB_VMX_INSN_FAULT_UD:
		return VirtError::fault_ud;
	case CPULAB_VMX_INSN_FAULT_GP:
		return VirtError::fault_gp;
	case CPULAB_VMX_INSN_FAULT_OTHER:
		break;
	}
	return VirtError::fault_other;
}

} // namespace cpulab

extern "C" const char *cpulab_core_virt_error_name(uint8_t error)
{
	return cpulab::virt_error_name(static_cast<cpulab::VirtError>(error));
}

extern "C" const char *cpulab_core_virt_state_name(uint8_t state)
{
	return state < __CPULAB_VIRT_STATE_MAX ? cpulab::virt_state_names[state] : "unknown";
}
