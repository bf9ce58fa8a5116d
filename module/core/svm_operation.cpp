// SPDX-License-Identifier: GPL-2.0
#include "svm_operation.h"

#include "msr_access.h"
#include "undo_guard.h"

namespace cpulab {

VirtError svm_enable(cpulab_virt_cpu &virt, uint8_t injection)
{
	// [amd/apm2] 15.4 "Enabling SVM": EFER.SVME cannot be set while
	// VM_CR.SVMDIS is set (firmware disabled SVM).
	uint64_t vm_cr_value;
	if (!read_msr(Msr::vm_cr, vm_cr_value))
		return VirtError::msr_fault;
	if (injection == CPULAB_INJECT_PRECHECK)
		vm_cr_value |= vm_cr::svm_disabled;
	if (vm_cr_value & vm_cr::svm_disabled)
		return VirtError::svm_disabled;

	uint64_t efer_value;
	if (!read_msr(Msr::ia32_efer, efer_value))
		return VirtError::msr_fault;

	// The order of svm_enable_virtualization_cpu() in 6.12's KVM: SVME,
	// then the host save area that VMRUN will use.
	const uint64_t start = cpulab_platform_time_ns();
	const bool set_svme = write_msr(Msr::ia32_efer, efer_value | efer::svme);
	virt.enable_ns = cpulab_platform_time_ns() - start;
	if (!set_svme)
		return VirtError::msr_fault;
	UndoGuard svme([efer_value] { (void)write_msr(Msr::ia32_efer, efer_value); });

	if (!write_msr(Msr::vm_hsave_pa, virt.host_save_pa))
		return VirtError::msr_fault;

	svme.commit();
	return VirtError::none;
}

VirtError svm_disable(cpulab_virt_cpu &virt)
{
	VirtError error = VirtError::none;
	uint64_t efer_value;

	if (!write_msr(Msr::vm_hsave_pa, 0))
		error = VirtError::msr_fault;
	if (!read_msr(Msr::ia32_efer, efer_value))
		return VirtError::msr_fault;

	const uint64_t start = cpulab_platform_time_ns();
	const bool cleared = write_msr(Msr::ia32_efer, efer_value & ~efer::svme);
	virt.disable_ns = cpulab_platform_time_ns() - start;
	return cleared ? error : VirtError::msr_fault;
}

} // namespace cpulab
