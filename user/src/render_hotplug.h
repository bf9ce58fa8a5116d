// SPDX-License-Identifier: GPL-2.0
// `cpulab cpu offline|online|cycle`: latencies and cycle statistics.
#pragma once

#include <string>
#include <vector>

#include "hotplug_result.h"

namespace cpulab {

std::string render_hotplug_table(bool online, const std::vector<HotplugResult> &results);
std::string render_hotplug_json(bool online, const std::vector<HotplugResult> &results);

std::string render_cycle_table(uint32_t rounds, const CycleResult &result);
std::string render_cycle_json(uint32_t rounds, const CycleResult &result);

} // namespace cpulab
