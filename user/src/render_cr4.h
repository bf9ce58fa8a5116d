// SPDX-License-Identifier: GPL-2.0
// `cpulab cr4`: each CPU's CR4, decoded, and what the audit found.
#pragma once

#include <string>
#include <vector>

#include "cpu_state.h"
#include "cr4_result.h"

namespace cpulab {

std::string render_cr4_table(const Cr4AuditSummary &summary, const std::vector<CpuState> &cpus);
std::string render_cr4_json(const Cr4AuditSummary &summary, const std::vector<CpuState> &cpus);

std::string render_cr4_perturb_line(const Cr4PerturbResult &result, bool restore);
std::string render_cr4_perturb_json(const Cr4PerturbResult &result, bool restore);

} // namespace cpulab
