// SPDX-License-Identifier: GPL-2.0
// A STOP's outcome as `cpulab stop` prints it, and the statistics of --runs.
#pragma once

#include <string>
#include <vector>

#include "stop_result.h"

namespace cpulab {

// Per-CPU table, then one verdict line.
std::string render_stop_table(const StopResult &result);
std::string render_stop_json(const StopParams &params, const StopResult &result);

// min/median/max time to stop and the race count over several runs.
std::string render_stop_runs_table(const StopParams &params, const std::vector<StopResult> &runs);
std::string render_stop_runs_json(const StopParams &params, const std::vector<StopResult> &runs);

} // namespace cpulab
