// SPDX-License-Identifier: GPL-2.0
// `cpulab status` output: a table for people, JSON for programs. The JSON
// schema is documented in the README.
#pragma once

#include <string>
#include <vector>

#include "cpu_state.h"

namespace cpulab {

std::string render_cpus_table(const std::vector<CpuState> &cpus);
std::string render_cpus_json(const std::vector<CpuState> &cpus);

} // namespace cpulab
