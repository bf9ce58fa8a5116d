// SPDX-License-Identifier: GPL-2.0
#include "kernel_agreement.h"

#include "json_writer.h"

namespace cpulab {

namespace {

constexpr uint64_t cr4_vmxe = 1ull << 13;	// [intel/vol3a] 2.5 Control Registers

// Whether the hardware has virtualization on: CR4.VMXE read on the CPU for
// VMX; for SVM cpulab's record, which the module re-observes from EFER on
// the CPU at each CPU_GET where the kernel owns virtualization.
bool virt_on_in_hardware(const CpuState &cpu)
{
	if (cpu.virt_capability == VirtCapability::vmx)
		return *cpu.cr4 & cr4_vmxe;
	return cpu.virt.state == VirtState::on || cpu.virt.state == VirtState::foreign;
}

const char *virt_bit_name(const CpuState &cpu)
{
	return cpu.virt_capability == VirtCapability::vmx ? "CR4.VMXE" : "EFER.SVME";
}

void compare_cr4(const CpuState &cpu, const KernelViewCpu &kernel, std::vector<std::string> &out)
{
	const std::string prefix = "CPU " + std::to_string(cpu.cpu) + ": ";
	if (*kernel.cr4_shadow != *cpu.cr4)
		out.push_back(prefix + "the kernel's CR4 shadow (cpu_tlbstate.cr4) is " +
			      hex_string(*kernel.cr4_shadow) + ", the register " + hex_string(*cpu.cr4));
	if (cpu.cr4_shadow && *cpu.cr4_shadow != *kernel.cr4_shadow)
		out.push_back(prefix + "cpulab read the CR4 shadow as " + hex_string(*cpu.cr4_shadow) +
			      ", BPF as " + hex_string(*kernel.cr4_shadow));
}

void compare_virt(const CpuState &cpu, int32_t users, std::vector<std::string> &out)
{
	const std::string prefix = "CPU " + std::to_string(cpu.cpu) + ": ";
	const std::string count = "(virtualization_nr_users " + std::to_string(users) + ")";
	if (users < 0) {
		out.push_back(prefix + "the kernel's reference count is negative " + count);
		return;
	}
	if (!cpu.online) {
		if (users > 0)
			out.push_back(prefix + "offline, but the kernel's owner holds references " + count);
		return;
	}
	const bool on = virt_on_in_hardware(cpu);
	if (on && users == 0)
		out.push_back(prefix + "hardware " + virt_bit_name(cpu) +
			      " is set, but the kernel's owner holds no reference " + count);
	else if (!on && users > 0)
		out.push_back(prefix + "the kernel's owner holds references " + count + ", but hardware " +
			      virt_bit_name(cpu) + " is clear");
}

} // namespace

KernelAgreement check_kernel_agreement(const std::vector<CpuState> &cpus, const KernelView &view)
{
	KernelAgreement result;
	if (!view.read())
		return result;
	for (const KernelVariable variable : {KernelVariable::cr4_shadow, KernelVariable::virt_users})
		if (view.found(variable))
			result.compared.emplace_back(kernel_variable_name(variable));
	for (const CpuState &cpu : cpus) {
		const KernelViewCpu *kernel = view.cpu(cpu.cpu);
		if (!kernel)
			continue;
		const bool has_registers = cpu.online && cpu.cr4.has_value();
		if (has_registers)
			result.cpus_compared++;
		if (has_registers && kernel->cr4_shadow)
			compare_cr4(cpu, *kernel, result.disagreements);
		const bool virt_known = cpu.virt_capability && *cpu.virt_capability != VirtCapability::none;
		if (kernel->virt_users && (!cpu.online || (has_registers && virt_known)))
			compare_virt(cpu, *kernel->virt_users, result.disagreements);
	}
	return result;
}

} // namespace cpulab
