// SPDX-License-Identifier: GPL-2.0
// cpulab stop [--mode ipi|ipi+nmi|nmi] [--ordering upstream|hardened]
//             [--wbinvd-delay-us N] [--ipi-timeout-ms N] [--nmi-timeout-ms N] [--hold-ms N]
//             [--runs N] [--json]
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cli/subcommand.h"
#include "netlink_client.h"
#include "render_stop.h"

namespace cpulab::cli {

namespace {

struct StopOptions {
	std::string mode = "ipi+nmi";
	std::string ordering = "upstream";
	StopParams params;
	unsigned int runs = 0;
	bool json = false;
};

void run_stop(StopOptions options)
{
	static const std::map<std::string, uint8_t> modes = {
		{"ipi", CPULAB_STOP_MODE_IPI}, {"ipi+nmi", CPULAB_STOP_MODE_IPI_NMI}, {"nmi", CPULAB_STOP_MODE_NMI}};
	static const std::map<std::string, uint8_t> orderings = {
		{"upstream", CPULAB_STOP_ORDERING_UPSTREAM}, {"hardened", CPULAB_STOP_ORDERING_HARDENED}};
	options.params.mode = modes.at(options.mode);
	options.params.ordering = orderings.at(options.ordering);

	netlink::Client client;
	if (options.runs == 0) {
		const StopResult result = client.stop(options.params);
		std::cout << (options.json ? render_stop_json(options.params, result) : render_stop_table(result));
		return;
	}
	std::vector<StopResult> runs;
	for (unsigned int run = 0; run < options.runs; run++)
		runs.push_back(client.stop(options.params));
	std::cout << (options.json ? render_stop_runs_json(options.params, runs)
				   : render_stop_runs_table(options.params, runs));
}

} // namespace

Subcommand add_stop_command(CLI::App &parent)
{
	auto options = std::make_shared<StopOptions>();
	CLI::App *app = parent.add_subcommand(
		"stop", "Stop every other online CPU as kexec or a crash would (parked, never halted), then release "
			"them and report who was caught by which stage and the verdict: stopped, timed-out (the "
			"timeouts ran out first) or race (it proceeded while a handler ran)");
	app->add_option("--mode", options->mode, "ipi (REBOOT vector), ipi+nmi (native_stop_other_cpus), nmi (crash)")
		->check(CLI::IsMember({"ipi", "ipi+nmi", "nmi"}));
	app->add_option("--ordering", options->ordering,
			"upstream (clear the bit after WBINVD) or hardened (ignore re-entry, wait for handlers: never a race)")
		->check(CLI::IsMember({"upstream", "hardened"}));
	app->add_option("--wbinvd-delay-us", options->params.wbinvd_delay_us,
			"Busy-wait next to each WBINVD (0-" + std::to_string(CPULAB_STOP_WBINVD_DELAY_US_MAX) + ")")
		->check(CLI::Range(0, CPULAB_STOP_WBINVD_DELAY_US_MAX));
	const std::string timeout_range = "(1-" + std::to_string(CPULAB_STOP_TIMEOUT_MS_MAX) + ", default " +
					  std::to_string(CPULAB_STOP_TIMEOUT_MS_DEFAULT) + ")";
	app->add_option("--ipi-timeout-ms", options->params.ipi_timeout_ms, "Wait for the IPI stage " + timeout_range)
		->check(CLI::Range(1, CPULAB_STOP_TIMEOUT_MS_MAX));
	app->add_option("--nmi-timeout-ms", options->params.nmi_timeout_ms, "Wait for the NMI stage " + timeout_range)
		->check(CLI::Range(1, CPULAB_STOP_TIMEOUT_MS_MAX));
	app->add_option("--hold-ms", options->params.hold_ms,
			"Keep the targets parked N ms after proceeding, as a real kexec would never release them; "
			"this CPU runs other tasks meanwhile (0-" + std::to_string(CPULAB_STOP_HOLD_MS_MAX) + ", default 0)")
		->check(CLI::Range(0, CPULAB_STOP_HOLD_MS_MAX));
	app->add_option("--runs", options->runs, "Run N times and print statistics instead of one run's table")
		->check(CLI::Range(1, 100000));
	app->add_flag("--json", options->json, "Print JSON (schema in docs/json.md)");
	return {app, [options] { run_stop(*options); }};
}

} // namespace cpulab::cli
