// SPDX-License-Identifier: GPL-2.0
#include "render_stop.h"

#include <algorithm>

#include "json_writer.h"
#include "table.h"

namespace cpulab {

namespace {

std::string microseconds(uint64_t ns)
{
	const uint64_t tenths = ns / 100;
	return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

void params_json(JsonWriter &json, const StopParams &params)
{
	json.key("mode").value(stop_mode_name(params.mode));
	json.key("ordering").value(stop_ordering_name(params.ordering));
	json.key("wbinvd_delay_us").value(uint64_t{params.wbinvd_delay_us});
	json.key("ipi_timeout_ms").value(uint64_t{params.ipi_timeout_ms});
	json.key("nmi_timeout_ms").value(uint64_t{params.nmi_timeout_ms});
}

struct TimeStats {
	uint64_t min = 0, median = 0, max = 0;
};

// Over the runs where every target stopped.
TimeStats time_to_stop(const std::vector<StopResult> &runs)
{
	std::vector<uint64_t> times;
	for (const StopResult &run : runs)
		if (run.all_stopped)
			times.push_back(run.time_ns);
	if (times.empty())
		return {};
	std::sort(times.begin(), times.end());
	return {times.front(), times[times.size() / 2], times.back()};
}

unsigned int count_verdict(const std::vector<StopResult> &runs, uint8_t verdict)
{
	return static_cast<unsigned int>(std::count_if(runs.begin(), runs.end(), [verdict](const StopResult &run) {
		return run.verdict == verdict;
	}));
}

// Loud for the two outcomes that need a reader's attention.
std::string verdict_text(uint8_t verdict)
{
	switch (verdict) {
	case CPULAB_STOP_VERDICT_TIMED_OUT:
		return "TIMED OUT (a target had not stopped when the last timeout ran out)";
	case CPULAB_STOP_VERDICT_RACE:
		return "RACE (it proceeded while a stop handler was running, or one entered later)";
	}
	return std::string(stop_verdict_name(verdict));
}

} // namespace

std::string render_stop_table(const StopResult &result)
{
	const std::vector<TableColumn> columns = {
		{"CPU", Align::right},	   {"STAGE", Align::left},    {"CLEAR_US", Align::right},
		{"ENTRIES", Align::right}, {"NMI_SENT", Align::left}, {"WBINVDS", Align::right},
		{"WBINVD_US", Align::right}, {"VIRT_OFF", Align::left}, {"LATE", Align::left},
	};
	std::vector<std::vector<std::string>> rows;
	for (const StopCpuResult &cpu : result.cpus)
		rows.push_back({std::to_string(cpu.cpu), std::string(stop_stage_name(cpu.stage)),
				cpu.clear_ns ? microseconds(cpu.clear_ns) : "-", std::to_string(cpu.entries),
				cpu.nmi_sent ? "yes" : "no", std::to_string(cpu.wbinvds), microseconds(cpu.wbinvd_ns),
				cpu.virt_disabled ? "yes" : "no", cpu.late ? "yes" : "no"});
	std::string text = result.cpus.empty() ? "no other CPU online: nothing to stop\n" : render_table(columns, rows);
	text += std::string(result.all_stopped ? "all " : "NOT all ") + std::to_string(result.targets) +
		" targets stopped in " + microseconds(result.time_ns) + " us; proceeded at " +
		microseconds(result.proceed_ns) + " us; verdict: " + verdict_text(result.verdict) + "\n";
	return text;
}

std::string render_stop_json(const StopParams &params, const StopResult &result)
{
	JsonWriter json;
	json.begin_object();
	params_json(json, params);
	json.key("targets").value(uint64_t{result.targets});
	json.key("all_stopped").value(result.all_stopped);
	json.key("time_ns").value(result.time_ns);
	json.key("proceed_ns").value(result.proceed_ns);
	json.key("race").value(result.verdict == CPULAB_STOP_VERDICT_RACE);
	json.key("verdict").value(stop_verdict_name(result.verdict));
	json.key("cpus").begin_array();
	for (const StopCpuResult &cpu : result.cpus) {
		json.begin_object();
		json.key("cpu").value(uint64_t{cpu.cpu});
		json.key("stage").value(stop_stage_name(cpu.stage));
		json.key("clear_ns").value(cpu.clear_ns);
		json.key("entries").value(uint64_t{cpu.entries});
		json.key("nmi_sent").value(cpu.nmi_sent);
		json.key("wbinvds").value(uint64_t{cpu.wbinvds});
		json.key("wbinvd_ns").value(cpu.wbinvd_ns);
		json.key("virt_disabled").value(cpu.virt_disabled);
		json.key("late").value(cpu.late);
		json.end_object();
	}
	json.end_array().end_object();
	return json.str() + '\n';
}

std::string render_stop_runs_table(const StopParams &params, const std::vector<StopResult> &runs)
{
	const TimeStats stats = time_to_stop(runs);
	return std::to_string(runs.size()) + " runs (" + std::string(stop_mode_name(params.mode)) + ", " +
	       std::string(stop_ordering_name(params.ordering)) + "): time to stop min " + microseconds(stats.min) +
	       " / median " + microseconds(stats.median) + " / max " + microseconds(stats.max) +
	       " us; races " + std::to_string(count_verdict(runs, CPULAB_STOP_VERDICT_RACE)) + ", timed out " +
	       std::to_string(count_verdict(runs, CPULAB_STOP_VERDICT_TIMED_OUT)) + "\n";
}

std::string render_stop_runs_json(const StopParams &params, const std::vector<StopResult> &runs)
{
	const TimeStats stats = time_to_stop(runs);
	JsonWriter json;
	json.begin_object();
	params_json(json, params);
	json.key("runs").value(uint64_t{runs.size()});
	json.key("all_stopped_runs").value(uint64_t(std::count_if(
		runs.begin(), runs.end(), [](const StopResult &run) { return run.all_stopped; })));
	json.key("races").value(uint64_t{count_verdict(runs, CPULAB_STOP_VERDICT_RACE)});
	json.key("timed_out_runs").value(uint64_t{count_verdict(runs, CPULAB_STOP_VERDICT_TIMED_OUT)});
	json.key("time_ns").begin_object();
	json.key("min").value(stats.min);
	json.key("median").value(stats.median);
	json.key("max").value(stats.max);
	json.end_object();
	json.end_object();
	return json.str() + '\n';
}

} // namespace cpulab
