// SPDX-License-Identifier: GPL-2.0
// What CR4_AUDIT and CR4_PERTURB report: plain data.
#pragma once

#include <cstdint>

namespace cpulab {

struct Cr4AuditSummary {
	uint32_t audited = 0;		// CPUs
	uint64_t findings = 0;		// in this audit
	uint64_t pinned_mask = 0;
	uint64_t pinned_reference = 0;	// the boot CPU's pinned bits
};

struct Cr4PerturbResult {
	uint32_t cpu = 0;
	uint8_t bit = 0;
	uint64_t cr4 = 0;		// hardware CR4 afterwards
};

} // namespace cpulab
