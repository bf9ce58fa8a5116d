// SPDX-License-Identifier: GPL-2.0
#include "cr4_audit.h"

#include "control_registers.h"
#include "cr4_pinning.h"
#include "platform.h"
#include "virt_capability.h"
#include "virt_error.h"

namespace cpulab {

namespace {

void add_finding(Cr4Findings &findings, cpulab_cr4_finding kind, uint64_t bits)
{
	if (!bits)
		return;
	findings.kinds |= 1u << kind;
	findings.bits[kind] |= bits;
}

} // namespace

Cr4Findings audit_cr4(const Cr4AuditInput &input)
{
	Cr4Findings findings{};
	const uint64_t pinned_here = input.cr4 & input.pinned_mask;
	const uint64_t pinned_boot = input.pinned_reference & input.pinned_mask;

	// cr4_update_irqsoff() writes the shadow and the register together, so
	// any difference was written past the kernel's accessors. Without the
	// shadow there is nothing to compare.
	if (input.shadow_valid)
		add_finding(findings, CPULAB_CR4_FINDING_SHADOW_MISMATCH, input.cr4 ^ input.shadow);
	// cr4_init() and native_write_cr4() give every CPU the boot CPU's
	// cr4_pinned_bits: a CPU that differs came up, or was written, around them.
	add_finding(findings, CPULAB_CR4_FINDING_PINNED_MISSING, pinned_boot & ~pinned_here);
	add_finding(findings, CPULAB_CR4_FINDING_PINNED_EXTRA, pinned_here & ~pinned_boot);
	// [intel/vol3] 24.7 "Enabling and Entering VMX Operation": VMXE must be
	// set for VMXON and stays set in VMX operation; KVM clears it after
	// VMXOFF. A set VMXE that nobody claims is a leak; a clear VMXE under
	// cpulab's VMXON cannot be (VMX operation forbids clearing it).
	if (input.cr4 & cr4::vmxe) {
		if (!input.owns_vmx && !input.vmx_foreign)
			add_finding(findings, CPULAB_CR4_FINDING_VMXE_OWNER, cr4::vmxe);
	} else if (input.owns_vmx) {
		add_finding(findings, CPULAB_CR4_FINDING_VMXE_OWNER, cr4::vmxe);
	}
	add_finding(findings, CPULAB_CR4_FINDING_UNKNOWN_BIT, input.cr4 & ~cr4::known_bits());
	return findings;
}

// CR4.PCE, and only in the direction that grants: with it set, RDPMC at
// CPL 3 is allowed ([intel/vol2b] RDPMC), which reveals counter values but
// changes nothing any code relies on (the kernel decides from the shadow,
// cr4_update_pce_mm()). The next CR4 write from the shadow silently undoes
// it. Every other bit changes behaviour: TSD makes the vDSO's RDTSC fault,
// PGE/PCIDE/PAE/LA57 change paging, OSFXSR/OSXSAVE break SIMD state, and
// pinned bits would make native_write_cr4() WARN.
bool cr4_perturbable(unsigned int bit)
{
	return bit == CPULAB_CR4_PERTURBABLE_BIT;
}

} // namespace cpulab

extern "C" void cpulab_core_cr4_audit(cpulab_cr4_cpu *record, const cpulab_virt_cpu *virt,
				      uint64_t pinned_mask, uint64_t pinned_reference,
				      cpulab_cr4_audit_result *result)
{
	const uint64_t start = cpulab_platform_time_ns();
	cpulab::Cr4AuditInput input{};
	input.cr4 = cpulab_platform_read_cr4();
	input.shadow_valid = cpulab_platform_read_cr4_shadow(&input.shadow);
	input.pinned_mask = pinned_mask;
	input.pinned_reference = pinned_reference;
	if (virt) {
		input.owns_vmx = virt->state == CPULAB_VIRT_STATE_ON &&
				 cpulab::detect_virt_capability(cpulab::CpuidReader{}) ==
					 cpulab::VirtCapability::vmx;
		// Where the kernel owns VMX (7.1+) its reference count, not
		// cpulab, accounts for VMXE, and a module cannot read it:
		// kernel_virt_test judges VMXE against KVM's references.
		input.vmx_foreign = virt->state == CPULAB_VIRT_STATE_FOREIGN ||
				    cpulab_platform_kernel_owns_virt();
	}
	const cpulab::Cr4Findings findings = cpulab::audit_cr4(input);

	*result = {};
	result->cr4 = input.cr4;
	result->cr4_shadow = input.shadow;
	result->shadow_valid = input.shadow_valid;
	result->kinds = findings.kinds;
	for (unsigned int kind = 0; kind < __CPULAB_CR4_FINDING_MAX; kind++)
		result->bits[kind] = findings.bits[kind];

	const uint64_t now = cpulab_platform_time_ns();
	record->audits++;
	record->last_audit = findings.kinds;
	record->last_audit_ns = now;
	record->audit_cost_ns = now - start;
	for (unsigned int kind = 1; kind < __CPULAB_CR4_FINDING_MAX; kind++) {
		if (!(findings.kinds & (1u << kind)))
			continue;
		record->findings++;
		record->last_finding = static_cast<uint8_t>(kind);
		record->last_finding_bits = findings.bits[kind];
		record->last_finding_ns = now;
	}
}

extern "C" uint64_t cpulab_core_cr4_pinned_mask(uint32_t linux_version_code)
{
	return cpulab::cr4::pinned_mask_for(linux_version_code);
}

extern "C" cpulab_status cpulab_core_cr4_perturb(cpulab_cr4_cpu *record, uint8_t bit)
{
	if (!cpulab::cr4_perturbable(bit))
		return CPULAB_STATUS_NOT_PERTURBABLE;
	if (record->perturbed)
		return CPULAB_STATUS_ALREADY_PERTURBED;
	// Without the shadow cpulab cannot tell whether a task relies on the
	// bit, nor put the register back to what the kernel believes.
	uint64_t shadow;
	if (!cpulab_platform_read_cr4_shadow(&shadow))
		return CPULAB_STATUS_SHADOW_NOT_EXPORTED;
	const uint64_t mask = cpulab::bit(bit);
	if (shadow & mask)
		return CPULAB_STATUS_BIT_IN_USE;
	cpulab_platform_write_cr4_raw(cpulab_platform_read_cr4() | mask);
	record->perturbed = 1;
	record->perturbed_bit = bit;
	return CPULAB_STATUS_OK;
}

extern "C" cpulab_status cpulab_core_cr4_restore(cpulab_cr4_cpu *record)
{
	if (!record->perturbed)
		return CPULAB_STATUS_NOT_PERTURBED;
	const uint64_t mask = cpulab::bit(record->perturbed_bit);
	const uint64_t cr4 = cpulab_platform_read_cr4();
	// A perturbation happened only with the shadow readable (perturb).
	uint64_t shadow = 0;
	(void)cpulab_platform_read_cr4_shadow(&shadow);
	const uint64_t wanted = (cr4 & ~mask) | (shadow & mask);
	if (wanted != cr4)
		cpulab_platform_write_cr4_raw(wanted);
	record->perturbed = 0;
	return CPULAB_STATUS_OK;
}

extern "C" const char *cpulab_core_cr4_finding_name(uint8_t finding)
{
	return finding < __CPULAB_CR4_FINDING_MAX ? cpulab::cr4_finding_names[finding] : "unknown";
}
