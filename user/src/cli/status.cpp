// SPDX-License-Identifier: GPL-2.0
// cpulab status [--cpu LIST] [--json]
#include <iostream>
#include <memory>
#include <string>

#include "cli/subcommand.h"
#include "cpulist.h"
#include "errors.h"
#include "netlink_client.h"
#include "render_cpus.h"

namespace cpulab::cli {

namespace {

struct StatusOptions {
	std::string cpulist;
	bool json = false;
};

void run_status(const StatusOptions &options)
{
	const std::vector<uint32_t> wanted = parse_cpu_option(options.cpulist);

	netlink::Client client;
	std::vector<CpuState> cpus;
	if (wanted.empty()) {
		cpus = client.dump_cpus();
	} else {
		// One do per CPU, so a CPU that does not exist gets the kernel's
		// own error rather than silently missing from the output.
		for (const uint32_t cpu : wanted)
			cpus.push_back(client.get_cpu(cpu));
	}

	std::cout << (options.json ? render_cpus_json(cpus) : render_cpus_table(cpus));
}

} // namespace

Subcommand add_status(CLI::App &parent)
{
	auto options = std::make_shared<StatusOptions>();
	CLI::App *app = parent.add_subcommand(
		"status", "Show each CPU: online state, hardware CR4, CR4 shadow, virtualization capability and state");
	app->add_option("--cpu", options->cpulist, "CPUs to show, in cpulist syntax (e.g. 0-3,7); default: all possible");
	app->add_flag("--json", options->json, "Print JSON instead of a table (schema in the README)");
	return {app, [options] { run_status(*options); }};
}

} // namespace cpulab::cli
