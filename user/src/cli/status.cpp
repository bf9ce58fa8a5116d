// SPDX-License-Identifier: GPL-2.0
// cpulab status [--cpu LIST] [--json] [-o COLS]
#include <iostream>
#include <memory>
#include <sstream>
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
	std::string output;	// -o COLS, comma-separated
	bool json = false;
};

std::vector<std::string> parse_columns(const std::string &output)
{
	if (output.empty())
		return default_status_columns();
	std::vector<std::string> columns;
	std::string column;
	std::istringstream stream(output);
	while (std::getline(stream, column, ','))
		columns.push_back(column);
	return columns;
}

void run_status(const StatusOptions &options)
{
	if (options.output == "help") {
		for (const std::string &name : status_column_names())
			std::cout << name << '\n';
		return;
	}
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

	if (options.json) {
		std::cout << render_cpus_json(cpus);
		return;
	}
	try {
		std::cout << render_cpus_table(cpus, parse_columns(options.output));
	} catch (const std::invalid_argument &e) {
		std::string known;
		for (const std::string &name : status_column_names())
			known += (known.empty() ? "" : ",") + name;
		throw CliError(ExitCode::usage, std::string("-o: ") + e.what() + "; columns: " + known);
	}
}

} // namespace

Subcommand add_status_command(CLI::App &parent)
{
	auto options = std::make_shared<StatusOptions>();
	CLI::App *app = parent.add_subcommand(
		"status", "Show each CPU: online state, hardware CR4, CR4 shadow, virtualization capability and state");
	app->add_option("--cpu", options->cpulist, "CPUs to show, in cpulist syntax (e.g. 0-3,7); default: all possible");
	app->add_flag("--json", options->json, "Print JSON instead of a table (schema in docs/json.md)");
	app->add_option("-o,--output", options->output,
			"Columns, comma-separated, like lscpu -e=; `-o help` lists them");
	return {app, [options] { run_status(*options); }};
}

} // namespace cpulab::cli
