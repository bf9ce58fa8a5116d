// SPDX-License-Identifier: GPL-2.0
//
// The per-CPU virtualization state machine: which vendor path to take,
// whether someone else already owns the CPU, and what is recorded.
#include "control_registers.h"
#include "cpuid.h"
#include "cpulab_core.h"
#include "msr_access.h"
#include "svm_operation.h"
#include "virt_capability.h"
#include "virt_error.h"
#include "vmx_operation.h"

namespace cpulab {

namespace {

enum class Ownership { free, foreign, unknown };

// Another hypervisor (KVM with enable_virt_at_load on 6.12, VirtualBox,
// VMware) leaves CR4.VMXE or EFER.SVME set while it owns the CPU, as KVM
// itself tests before enabling (vmx/svm_enable_virtualization_cpu()).
Ownership current_owner(VirtCapability capability)
{
	if (capability == VirtCapability::vmx)
		return cpulab_platform_read_cr4() & cr4::vmxe ? Ownership::foreign : Ownership::free;
	uint64_t efer_value;
	if (!read_msr(Msr::ia32_efer, efer_value))
		return Ownership::unknown;
	return efer_value & efer::svme ? Ownership::foreign : Ownership::free;
}

cpulab_status record_failure(cpulab_virt_cpu &virt, cpulab_virt_state state, VirtError error)
{
	const cpulab_status status = virt_error_status(error);

	virt.state = state;
	virt.failures++;
	virt.last_error = static_cast<uint8_t>(error);
	virt.last_errno = static_cast<uint32_t>(cpulab_core_status_info(status)->errno_value);
	return status;
}

void observe(cpulab_virt_cpu &virt);

cpulab_status enable(cpulab_virt_cpu &virt)
{
	if (virt.state == CPULAB_VIRT_STATE_ON)
		return CPULAB_STATUS_OK;
	// 7.1+: VMXON and EFER.SVME are the kernel's (x86_virt_get_ref()),
	// whose enable fails with -EBUSY if anyone else set VMXE/SVME first.
	// cpulab must not race it: it records what the kernel's owner did.
	if (cpulab_platform_kernel_owns_virt()) {
		observe(virt);
		return CPULAB_STATUS_OK;
	}

	const VirtCapability capability = detect_virt_capability(CpuidReader{});
	if (capability == VirtCapability::none) {
		virt.state = CPULAB_VIRT_STATE_UNSUPPORTED;
		virt.last_error = CPULAB_VIRT_ERROR_NONE;
		virt.last_errno = 0;
		return CPULAB_STATUS_OK;
	}

	switch (current_owner(capability)) {
	case Ownership::foreign:
		// Never touch a CPU another hypervisor owns, and never fail its
		// hotplug for it.
		virt.state = CPULAB_VIRT_STATE_FOREIGN;
		virt.last_error = CPULAB_VIRT_ERROR_NONE;
		virt.last_errno = 0;
		return CPULAB_STATUS_OK;
	case Ownership::unknown:
		return record_failure(virt, CPULAB_VIRT_STATE_FAILED, VirtError::msr_fault);
	case Ownership::free:
		break;
	}

	// One-shot: consumed by this attempt whatever its outcome.
	const uint8_t injection = virt.armed_injection;
	virt.armed_injection = CPULAB_INJECT_NONE;
	const VirtError error = capability == VirtCapability::vmx ? vmx_enable(virt, injection)
								  : svm_enable(virt, injection);
	if (error != VirtError::none)
		return record_failure(virt, CPULAB_VIRT_STATE_FAILED, error);

	virt.state = CPULAB_VIRT_STATE_ON;
	virt.last_error = CPULAB_VIRT_ERROR_NONE;
	virt.last_errno = 0;
	virt.enables++;
	return CPULAB_STATUS_OK;
}

// A CPU cpulab is not asked to enable is still classified by what the
// hardware shows: another owner's CR4.VMXE or EFER.SVME makes it foreign,
// so a kernel started by kexec or kdump reports the state it inherited, and
// on kernels that own VMX/SVM themselves cpulab observes instead of
// fighting. Only the states that record no action of cpulab's change.
void observe(cpulab_virt_cpu &virt)
{
	if (virt.state != CPULAB_VIRT_STATE_OFF && virt.state != CPULAB_VIRT_STATE_FOREIGN)
		return;
	const VirtCapability capability = detect_virt_capability(CpuidReader{});
	if (capability == VirtCapability::none)
		return;
	switch (current_owner(capability)) {
	case Ownership::foreign:
		virt.state = CPULAB_VIRT_STATE_FOREIGN;
		break;
	case Ownership::free:
		virt.state = CPULAB_VIRT_STATE_OFF;
		break;
	case Ownership::unknown:
		break;
	}
}

// Only what cpulab turned on is turned off: foreign, failed and
// unsupported CPUs keep their state.
cpulab_status disable(cpulab_virt_cpu &virt)
{
	if (virt.state != CPULAB_VIRT_STATE_ON)
		return CPULAB_STATUS_OK;

	const VirtCapability capability = detect_virt_capability(CpuidReader{});
	const VirtError error = capability == VirtCapability::vmx ? vmx_disable(virt) : svm_disable(virt);
	virt.disables++;
	if (error != VirtError::none)
		return record_failure(virt, CPULAB_VIRT_STATE_OFF, error);
	virt.state = CPULAB_VIRT_STATE_OFF;
	return CPULAB_STATUS_OK;
}

// kvm_cpu_vmxoff() and kvm_cpu_svm_disable() as the 6.12 emergency
// callbacks use them: the hardware decides, because an NMI may land between
// setting CR4.VMXE and recording the state. A VMXOFF outside VMX operation
// raises #UD, which the fixup catches; VMXE is cleared either way.
void emergency_disable(cpulab_virt_cpu &virt)
{
	if (virt.state == CPULAB_VIRT_STATE_FOREIGN || virt.state == CPULAB_VIRT_STATE_UNSUPPORTED)
		return;
	// The kernel's own emergency disable covers every CPU (7.1+).
	if (cpulab_platform_kernel_owns_virt())
		return;
	const VirtCapability capability = detect_virt_capability(CpuidReader{});
	bool was_on = false;
	if (capability == VirtCapability::vmx && (cpulab_platform_read_cr4() & cr4::vmxe)) {
		(void)vmx_disable(virt);
		was_on = true;
	} else if (capability == VirtCapability::svm) {
		uint64_t efer_value;
		if (read_msr(Msr::ia32_efer, efer_value) && (efer_value & efer::svme)) {
			(void)svm_disable(virt);
			was_on = true;
		}
	}
	if (was_on)
		virt.disables++;
	if (virt.state == CPULAB_VIRT_STATE_ON)
		virt.state = CPULAB_VIRT_STATE_OFF;
}

cpulab_status arm_injection(cpulab_virt_cpu &virt, uint8_t injection)
{
	if (cpulab_platform_kernel_owns_virt())
		return CPULAB_STATUS_KERNEL_OWNS_VIRT;
	const VirtCapability capability = detect_virt_capability(CpuidReader{});
	const bool applies = injection == CPULAB_INJECT_PRECHECK ? capability != VirtCapability::none
								 : capability == VirtCapability::vmx;
	if (injection == CPULAB_INJECT_NONE || injection > CPULAB_INJECT_MAX || !applies)
		return CPULAB_STATUS_CLASS_NOT_APPLICABLE;
	virt.armed_injection = injection;
	return CPULAB_STATUS_OK;
}

cpulab_status request_enable(cpulab_virt_cpu &virt, bool online)
{
	if (cpulab_platform_kernel_owns_virt())
		return CPULAB_STATUS_KERNEL_OWNS_VIRT;
	if (!online) {
		virt.enable_requests++;
		return CPULAB_STATUS_OK;
	}
	const cpulab_status status = enable(virt);
	if (status != CPULAB_STATUS_OK)
		return status;
	if (virt.state == CPULAB_VIRT_STATE_FOREIGN)
		return CPULAB_STATUS_FOREIGN;
	if (virt.state == CPULAB_VIRT_STATE_UNSUPPORTED)
		return CPULAB_STATUS_UNSUPPORTED;
	virt.enable_requests++;
	return CPULAB_STATUS_OK;
}

cpulab_status request_disable(cpulab_virt_cpu &virt, bool online)
{
	if (virt.enable_requests == 0)
		return CPULAB_STATUS_NOTHING_TO_RELEASE;
	virt.enable_requests--;
	if (virt.enable_requests == 0 && online)
		return disable(virt);
	return CPULAB_STATUS_OK;
}

} // namespace

} // namespace cpulab

extern "C" void cpulab_core_virt_emergency_disable(cpulab_virt_cpu *virt)
{
	cpulab::emergency_disable(*virt);
}

extern "C" bool cpulab_core_virt_is_event(const cpulab_virt_cpu *before, const cpulab_virt_cpu *after)
{
	return before->state != after->state || before->failures != after->failures;
}

extern "C" bool cpulab_core_virt_wanted(const cpulab_virt_cpu *virt)
{
	return virt->enable_requests > 0;
}

extern "C" cpulab_status cpulab_core_virt_arm_injection(cpulab_virt_cpu *virt, uint8_t injection)
{
	return cpulab::arm_injection(*virt, injection);
}

extern "C" cpulab_status cpulab_core_virt_request_enable(cpulab_virt_cpu *virt, bool online)
{
	return cpulab::request_enable(*virt, online);
}

extern "C" cpulab_status cpulab_core_virt_request_disable(cpulab_virt_cpu *virt, bool online)
{
	return cpulab::request_disable(*virt, online);
}

extern "C" void cpulab_core_virt_observe(cpulab_virt_cpu *virt)
{
	cpulab::observe(*virt);
}

extern "C" cpulab_status cpulab_core_virt_enable(cpulab_virt_cpu *virt)
{
	return cpulab::enable(*virt);
}

extern "C" cpulab_status cpulab_core_virt_disable(cpulab_virt_cpu *virt)
{
	return cpulab::disable(*virt);
}
