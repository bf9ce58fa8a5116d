// SPDX-License-Identifier: GPL-2.0
// `cpulab status` output: a table for people, JSON for programs. The JSON
// schema is documented in docs/json.md.
#pragma once

#include <string>
#include <vector>

#include "cpu_state.h"
#include "kernel_view.h"

namespace cpulab {

// The column names `status -o` accepts, in display order of the full set,
// and the default set (fits 80 columns with typical values).
std::vector<std::string> status_column_names();
std::vector<std::string> default_status_columns();

// Throws std::invalid_argument naming an unknown column.
std::string render_cpus_table(const std::vector<CpuState> &cpus,
			      const std::vector<std::string> &columns = default_status_columns());
// With @kernel (status --json), each CPU also gets the kernel's own view
// ("kernel") and the document says which variables were read
// ("kernel_view").
std::string render_cpus_json(const std::vector<CpuState> &cpus, const KernelView *kernel = nullptr);

} // namespace cpulab
