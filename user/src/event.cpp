// SPDX-License-Identifier: GPL-2.0
#include "event.h"

namespace cpulab {

std::string_view event_type_name(EventType type)
{
	switch (type) {
	case EventType::cpu_online:
		return "cpu-online";
	case EventType::cpu_offline:
		return "cpu-offline";
	case EventType::virt:
		return "virt";
	case EventType::cache:
		return "cache";
	case EventType::stop:
		return "stop";
	case EventType::cr4:
		return "cr4";
	case EventType::lost:
		return "lost";
	}
	return "unknown";
}

} // namespace cpulab
