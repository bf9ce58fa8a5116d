// SPDX-License-Identifier: GPL-2.0
#include "render_events.h"

#include <cinttypes>
#include <cstdio>

#include "cpulab.h"
#include "cr4_names.h"
#include "json_writer.h"
#include "stop_result.h"

namespace cpulab {

namespace {

// dmesg's format: seconds.nanoseconds of CLOCK_MONOTONIC.
std::string timestamp(uint64_t time_ns)
{
	char text[40];
	std::snprintf(text, sizeof(text), "[%6" PRIu64 ".%09" PRIu64 "]", time_ns / 1000000000u,
		      time_ns % 1000000000u);
	return text;
}

} // namespace

std::string render_event_line(const Event &event)
{
	std::string line = timestamp(event.time_ns) + " #" + std::to_string(event.seq);
	if (event.cpu)
		line += " cpu " + std::to_string(*event.cpu);
	switch (event.type) {
	case EventType::cpu_online:
		line += " online";
		break;
	case EventType::cpu_offline:
		line += " offline";
		break;
	case EventType::virt:
		line += " virt " + std::string(virt_state_name(event.virt_old)) + " -> " +
			std::string(virt_state_name(event.virt_new));
		if (event.virt_error != "none")
			line += ": " + event.virt_error + " (errno " + std::to_string(event.virt_errno) + ")";
		break;
	case EventType::cache:
		line += " cache " + cache_reasons_text(event.cache_reasons_old) + " -> " +
			cache_reasons_text(event.cache_reasons);
		break;
	case EventType::stop:
		line += " stopped by " + std::string(stop_stage_name(event.stop_stage)) + " after " +
			std::to_string(event.stop_clear_ns / 1000) + " us";
		break;
	case EventType::cr4:
		line += event.cr4_finding == CPULAB_CR4_FINDING_NONE
				? " cr4 audit clean"
				: " cr4 " + std::string(cr4_finding_name(event.cr4_finding)) + ": " +
					  cr4_bits_text(event.cr4_finding_bits);
		break;
	case EventType::lost:
		line += " lost " + std::to_string(event.lost) + " events in the module";
		break;
	}
	if (!event.cause.empty())
		line += " (" + event.cause + ")";
	return line;
}

std::string render_event_json(const Event &event)
{
	JsonWriter json;
	json.begin_object();
	json.key("seq").value(event.seq);
	json.key("time_ns").value(event.time_ns);
	json.key("type").value(event_type_name(event.type));
	json.key("cpu");
	event.cpu ? json.value(uint64_t{*event.cpu}) : json.null();
	json.key("cause").value(event.cause);
	if (event.type == EventType::virt) {
		json.key("old").value(virt_state_name(event.virt_old));
		json.key("new").value(virt_state_name(event.virt_new));
		json.key("error").value(event.virt_error);
		json.key("errno").value(uint64_t{event.virt_errno});
	}
	if (event.type == EventType::cache) {
		json.key("reasons_old").value(cache_reasons_text(event.cache_reasons_old));
		json.key("reasons").value(cache_reasons_text(event.cache_reasons));
	}
	if (event.type == EventType::stop) {
		json.key("stage").value(stop_stage_name(event.stop_stage));
		json.key("clear_ns").value(event.stop_clear_ns);
	}
	if (event.type == EventType::cr4) {
		json.key("finding").value(cr4_finding_name(event.cr4_finding));
		json.key("bits").begin_array();
		for (const std::string &name : cr4_bit_names(event.cr4_finding_bits))
			json.value(name);
		json.end_array();
		json.key("cr4").value(hex_string(event.cr4));
		json.key("cr4_shadow");
		event.cr4_shadow ? json.value(hex_string(*event.cr4_shadow)) : json.null();
	}
	if (event.type == EventType::lost)
		json.key("lost").value(event.lost);
	json.end_object();
	return json.str();
}

} // namespace cpulab
