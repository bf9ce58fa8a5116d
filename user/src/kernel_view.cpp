// SPDX-License-Identifier: GPL-2.0
#include "kernel_view.h"

namespace cpulab {

std::string_view kernel_variable_name(KernelVariable variable)
{
	switch (variable) {
	case KernelVariable::cr4_shadow:
		return "cpu_tlbstate.cr4";
	case KernelVariable::cache_incoherent:
		return "cache_state_incoherent";
	case KernelVariable::virt_users:
		return "virtualization_nr_users";
	}
	return "?";
}

std::string_view kernel_variable_key(KernelVariable variable)
{
	return variable == KernelVariable::cr4_shadow ? "cr4_shadow" : kernel_variable_name(variable);
}

bool KernelView::found(KernelVariable variable) const
{
	switch (variable) {
	case KernelVariable::cr4_shadow:
		return cr4_shadow_found;
	case KernelVariable::cache_incoherent:
		return cache_incoherent_found;
	case KernelVariable::virt_users:
		return virt_users_found;
	}
	return false;
}

const KernelViewCpu *KernelView::cpu(uint32_t cpu) const
{
	return cpu < cpus.size() ? &cpus[cpu] : nullptr;
}

std::string kernel_variable_status(const KernelView &view, KernelVariable variable)
{
	if (!view.read())
		return "not read: " + view.error;
	return view.found(variable) ? "read" : "not in this kernel's BTF";
}

} // namespace cpulab
