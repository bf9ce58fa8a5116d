// SPDX-License-Identifier: GPL-2.0
#ifndef CPULAB_CORE_VIRT_ERROR_H
#define CPULAB_CORE_VIRT_ERROR_H

#include "../../include/uapi/cpulab.h"
#include "abi_types.h"
#include "cpulab_core.h"
#include "platform.h"

namespace cpulab {

enum class VirtError : uint8_t {
	none = CPULAB_VIRT_ERROR_NONE,
	fault_ud = CPULAB_VIRT_ERROR_FAULT_UD,
	fault_gp = CPULAB_VIRT_ERROR_FAULT_GP,
	fault_other = CPULAB_VIRT_ERROR_FAULT_OTHER,
	vmfail_invalid = CPULAB_VIRT_ERROR_VMFAIL_INVALID,
	vmfail_valid = CPULAB_VIRT_ERROR_VMFAIL_VALID,
	feature_control_unlocked = CPULAB_VIRT_ERROR_FEATURE_CONTROL_UNLOCKED,
	feature_control_vmx_disabled = CPULAB_VIRT_ERROR_FEATURE_CONTROL_VMX_DISABLED,
	vmx_basic_region_size = CPULAB_VIRT_ERROR_VMX_BASIC_REGION_SIZE,
	vmx_basic_memory_type = CPULAB_VIRT_ERROR_VMX_BASIC_MEMORY_TYPE,
	vmx_basic_32bit_addresses = CPULAB_VIRT_ERROR_VMX_BASIC_32BIT_ADDRESSES,
	cr0_fixed_bits = CPULAB_VIRT_ERROR_CR0_FIXED_BITS,
	cr4_fixed_bits = CPULAB_VIRT_ERROR_CR4_FIXED_BITS,
	svm_disabled = CPULAB_VIRT_ERROR_SVM_DISABLED,
	msr_fault = CPULAB_VIRT_ERROR_MSR_FAULT,
};

const char *virt_error_name(VirtError error);

// The status a failure class is reported with (its errno: status.cpp).
cpulab_status virt_error_status(VirtError error);

// A VMX instruction's outcome as a failure class.
VirtError vmx_insn_error(cpulab_vmx_insn_result result);

} // namespace cpulab

#endif // CPULAB_CORE_VIRT_ERROR_H
