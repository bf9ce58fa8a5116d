// SPDX-License-Identifier: GPL-2.0
// Events as `cpulab monitor` prints them: one line each, text or JSON.
#pragma once

#include <string>

#include "event.h"

namespace cpulab {

// "[    12.345678901] #42 cpu 2 virt on -> off (hotplug)"
std::string render_event_line(const Event &event);

// {"seq":42,"time_ns":...,"type":"virt","cpu":2,...}, no trailing newline.
std::string render_event_json(const Event &event);

} // namespace cpulab
