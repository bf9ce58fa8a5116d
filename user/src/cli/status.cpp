// SPDX-License-Identifier: GPL-2.0
// cpulab status [--cpu LIST] [--json] [-o COLS] [--check-kernel]
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "cli/subcommand.h"
#include "cpulist.h"
#include "errors.h"
#include "kernel_agreement.h"
#include "kernel_view.h"
#include "netlink_client.h"
#include "render_cpus.h"

namespace cpulab::cli {

namespace {

struct StatusOptions {
	std::string cpulist;
	std::string output;	// -o COLS, comma-separated
	bool json = false;
	bool check_kernel = false;
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

// The kernel's own view, or the command fails saying why it was not read.
KernelView read_kernel_view_or_fail()
{
	KernelView kernel = read_kernel_view();
	if (!kernel.read())
		throw CliError(ExitCode::failed, "--check-kernel: the kernel's view was not read: " + kernel.error);
	return kernel;
}

// --check-kernel. The two sides are read one after the other, and a CR4
// write between them (a task's TSD, say) is a real but passing difference,
// so a disagreement is read again once and only one that stays counts.
void check_kernel(netlink::Client &client, const std::vector<uint32_t> &wanted, std::vector<CpuState> &cpus)
{
	KernelAgreement agreement = check_kernel_agreement(cpus, read_kernel_view_or_fail());
	if (!agreement.disagreements.empty()) {
		cpus = read_cpu_states(client, wanted, false);
		agreement = check_kernel_agreement(cpus, read_kernel_view_or_fail());
	}
	if (agreement.compared.empty())
		throw CliError(ExitCode::failed, "--check-kernel: this kernel's BTF has none of cpu_tlbstate and "
						 "virtualization_nr_users: nothing to compare");
	std::string compared;
	for (const std::string &name : agreement.compared)
		compared += (compared.empty() ? "" : ", ") + name;
	for (const std::string &line : agreement.disagreements)
		std::cerr << "cpulab: " << line << '\n';
	if (!agreement.disagreements.empty())
		throw CliError(ExitCode::failed, std::to_string(agreement.disagreements.size()) +
						 " disagreement(s) between the hardware and the kernel (" + compared + ")");
	std::cout << "the hardware agrees with the kernel on " << agreement.cpus_compared << " online CPUs ("
		  << compared << ")\n";
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
	// Without --cpu one dump; with it one do per CPU, so a CPU that does
	// not exist gets the kernel's own error rather than going missing.
	std::vector<CpuState> cpus = read_cpu_states(client, wanted, false);

	if (options.check_kernel) {
		check_kernel(client, wanted, cpus);
		return;
	}
	if (options.json) {
		const KernelView kernel = read_kernel_view();
		std::cout << render_cpus_json(cpus, &kernel);
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
	app->add_flag("--check-kernel", options->check_kernel,
		      "Compare the hardware with the kernel's own per-CPU view (BPF): the CR4 shadow, and "
		      "x86/virt's reference count where the kernel has one; exit 1 naming each CPU that "
		      "disagrees")
		->excludes("--json")
		->excludes("--output");
	return {app, [options] { run_status(*options); }};
}

} // namespace cpulab::cli
