// SPDX-License-Identifier: GPL-2.0
// cpulab cr4 [--cpu LIST] [--json]
// cpulab cr4 perturb --cpu N [--bit NAME] [--json]
// cpulab cr4 restore --cpu N [--json]
#include <iostream>
#include <memory>
#include <string>

#include "cli/subcommand.h"
#include "cr4_names.h"
#include "errors.h"
#include "netlink_client.h"
#include "render_cr4.h"

namespace cpulab::cli {

namespace {

struct Cr4Options {
	std::string cpulist;
	uint32_t cpu = 0;
	std::string bit;
	bool json = false;
};

enum class Cr4Action { audit, perturb, restore };

void run_audit(const Cr4Options &options)
{
	const std::vector<uint32_t> cpus = parse_cpu_option(options.cpulist);
	netlink::Client client;
	const Cr4AuditSummary summary = client.cr4_audit(cpus);
	const std::vector<CpuState> states = read_cpu_states(client, cpus, true);
	std::cout << (options.json ? render_cr4_json(summary, states) : render_cr4_table(summary, states));
}

void run_perturb(bool restore, const Cr4Options &options)
{
	std::optional<uint8_t> bit;
	if (!options.bit.empty()) {
		const auto found = cr4_bit_by_name(options.bit);
		if (!found)
			throw CliError(ExitCode::usage, "--bit: \"" + options.bit + "\" is not a CR4 bit name");
		bit = static_cast<uint8_t>(*found);
	}
	netlink::Client client;
	const Cr4PerturbResult result = client.cr4_perturb(options.cpu, bit, restore);
	std::cout << (options.json ? render_cr4_perturb_json(result, restore)
				   : render_cr4_perturb_line(result, restore));
}

} // namespace

Subcommand add_cr4_command(CLI::App &parent)
{
	auto options = std::make_shared<Cr4Options>();
	auto action = std::make_shared<Cr4Action>(Cr4Action::audit);
	CLI::App *app = parent.add_subcommand(
		"cr4", "Audit CR4 on each CPU (hardware against shadow, pinned bits, VMXE owner) and show it decoded");
	app->require_subcommand(0, 1);
	app->add_option("--cpu", options->cpulist, "CPUs to audit, in cpulist syntax; default: every online CPU");
	app->add_flag("--json", options->json, "Print JSON (schema in docs/json.md)");

	CLI::App *perturb = app->add_subcommand(
		"perturb", "Flip CR4.PCE in one CPU's hardware register only, so the audit has something to find");
	perturb->add_option("--cpu", options->cpu, "The online CPU")->required();
	perturb->add_option("--bit", options->bit, "The bit, by name; only pce is allowed (the default)");
	perturb->add_flag("--json", options->json, "Print JSON");
	perturb->callback([action] { *action = Cr4Action::perturb; });

	CLI::App *restore = app->add_subcommand("restore", "Put a perturbed bit back to the shadow's value");
	restore->add_option("--cpu", options->cpu, "The online CPU")->required();
	restore->add_flag("--json", options->json, "Print JSON");
	restore->callback([action] { *action = Cr4Action::restore; });

	return {app, [options, action] {
			if (*action == Cr4Action::audit)
				run_audit(*options);
			else
				run_perturb(*action == Cr4Action::restore, *options);
		}};
}

} // namespace cpulab::cli
