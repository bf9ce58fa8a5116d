// SPDX-License-Identifier: GPL-2.0
//
// The CR4 audit rules, as a pure function of what was read, so the unit
// tests can drive every finding without a CPU that really diverges.
#ifndef CPULAB_CORE_CR4_AUDIT_H
#define CPULAB_CORE_CR4_AUDIT_H

#include "cpulab_core.h"

namespace cpulab {

struct Cr4AuditInput {
	uint64_t cr4;			// hardware, read on the CPU
	uint64_t shadow;		// cr4_read_shadow() on the same CPU
	bool shadow_valid;		// the kernel let cpulab read it (platform.h)
	uint64_t pinned_mask;		// the running kernel's cr4_pinned_mask
	uint64_t pinned_reference;	// the boot CPU's CR4 & pinned_mask
	bool owns_vmx;			// cpulab executed VMXON here and has not left
	bool vmx_foreign;		// another hypervisor was in VMX here when cpulab looked
};

struct Cr4Findings {
	uint64_t bits[__CPULAB_CR4_FINDING_MAX];
	uint32_t kinds;

	constexpr bool has(cpulab_cr4_finding kind) const { return kinds & (1u << kind); }
};

Cr4Findings audit_cr4(const Cr4AuditInput &input);

// Stable names, indexed by enum cpulab_cr4_finding; the CLI prints these.
inline constexpr const char *cr4_finding_names[] = {
	"none", "shadow-mismatch", "pinned-missing", "pinned-extra", "vmxe-owner", "unknown-bit",
};
static_assert(sizeof(cr4_finding_names) / sizeof(cr4_finding_names[0]) == __CPULAB_CR4_FINDING_MAX,
	      "every cpulab_cr4_finding needs a name");

// The only bit CR4_PERTURB may flip (see cr4_audit.cpp for why).
bool cr4_perturbable(unsigned int bit);

} // namespace cpulab

#endif // CPULAB_CORE_CR4_AUDIT_H
