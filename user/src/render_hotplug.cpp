// SPDX-License-Identifier: GPL-2.0
#include "render_hotplug.h"

#include <cstring>

#include "json_writer.h"
#include "table.h"

namespace cpulab {

namespace {

std::string milliseconds(uint64_t ns)
{
	const uint64_t hundredths = ns / 10000;
	const uint64_t fraction = hundredths % 100;
	return std::to_string(hundredths / 100) + (fraction < 10 ? ".0" : ".") + std::to_string(fraction);
}

std::string errno_text(uint32_t error)
{
	return error ? std::string(strerrorname_np(static_cast<int>(error)) ?: "?") : "-";
}

void latency_json(JsonWriter &json, const char *name, const LatencyStats &stats)
{
	json.key(name).begin_object();
	json.key("min_ns").value(stats.min_ns);
	json.key("median_ns").value(stats.median_ns);
	json.key("max_ns").value(stats.max_ns);
	json.end_object();
}

} // namespace

std::string render_hotplug_table(bool online, const std::vector<HotplugResult> &results)
{
	std::vector<std::vector<std::string>> rows;
	for (const HotplugResult &result : results)
		rows.push_back({std::to_string(result.cpu), online ? "online" : "offline", milliseconds(result.ns)});
	return render_table({{"CPU", Align::right}, {"NOW", Align::left}, {"MS", Align::right}}, rows);
}

std::string render_hotplug_json(bool online, const std::vector<HotplugResult> &results)
{
	JsonWriter json;
	json.begin_object().key("action").value(online ? "online" : "offline").key("cpus").begin_array();
	for (const HotplugResult &result : results) {
		json.begin_object();
		json.key("cpu").value(uint64_t{result.cpu});
		json.key("ns").value(result.ns);
		json.end_object();
	}
	json.end_array().end_object();
	return json.str() + '\n';
}

// rcutorture's onoff line, per CPU, in a table.
std::string render_cycle_table(uint32_t rounds, const CycleResult &result)
{
	const std::vector<TableColumn> columns = {
		{"CPU", Align::right},	    {"TRIES", Align::right},	{"OK", Align::right},
		{"FAIL", Align::right},	    {"ERRNO", Align::left},	{"OFF_MIN", Align::right},
		{"OFF_MED", Align::right},  {"OFF_MAX", Align::right},	{"ON_MIN", Align::right},
		{"ON_MED", Align::right},   {"ON_MAX", Align::right},
	};
	std::vector<std::vector<std::string>> rows;
	for (const CycleCpuStats &cpu : result.cpus)
		rows.push_back({std::to_string(cpu.cpu), std::to_string(cpu.attempts), std::to_string(cpu.successes),
				std::to_string(cpu.failures), errno_text(cpu.last_errno),
				milliseconds(cpu.offline.min_ns), milliseconds(cpu.offline.median_ns),
				milliseconds(cpu.offline.max_ns), milliseconds(cpu.online.min_ns),
				milliseconds(cpu.online.median_ns), milliseconds(cpu.online.max_ns)});
	std::string out = render_table(columns, rows);
	out += std::to_string(rounds) + " rounds requested; latencies in ms";
	out += result.interrupted ? "; interrupted by a signal\n" : "\n";
	return out;
}

std::string render_cycle_json(uint32_t rounds, const CycleResult &result)
{
	JsonWriter json;
	json.begin_object();
	json.key("rounds").value(uint64_t{rounds});
	json.key("interrupted").value(result.interrupted);
	json.key("cpus").begin_array();
	for (const CycleCpuStats &cpu : result.cpus) {
		json.begin_object();
		json.key("cpu").value(uint64_t{cpu.cpu});
		json.key("attempts").value(uint64_t{cpu.attempts});
		json.key("successes").value(uint64_t{cpu.successes});
		json.key("failures").value(uint64_t{cpu.failures});
		json.key("errno").value(uint64_t{cpu.last_errno});
		latency_json(json, "offline", cpu.offline);
		latency_json(json, "online", cpu.online);
		json.end_object();
	}
	json.end_array().end_object();
	return json.str() + '\n';
}

} // namespace cpulab
