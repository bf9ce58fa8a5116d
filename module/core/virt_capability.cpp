// SPDX-License-Identifier: GPL-2.0
#include "virt_capability.h"

namespace cpulab {

VirtCapability detect_virt_capability(const CpuidReader &cpuid)
{
	// VMX needs only the CPUID bit, as in cpu_has_vmx() (6.1
	// arch/x86/include/asm/virtext.h) and kvm_is_vmx_supported() (6.12).
	if (cpuid.has(cpuid_vmx))
		return VirtCapability::vmx;

	// SVM counts only on AMD and Hygon parts, as in cpu_has_svm() (6.1
	// virtext.h) and kvm_is_svm_supported() (6.12 arch/x86/kvm/svm/svm.c):
	// another vendor setting the bit is not an SVM implementation.
	const CpuVendor vendor = cpuid.vendor();
	if ((vendor == CpuVendor::amd || vendor == CpuVendor::hygon) && cpuid.has(cpuid_svm))
		return VirtCapability::svm;

	return VirtCapability::none;
}

} // namespace cpulab
