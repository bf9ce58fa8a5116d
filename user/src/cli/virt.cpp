// SPDX-License-Identifier: GPL-2.0
// cpulab virt on|off [--cpu LIST] [--json]
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

struct VirtOptions {
	std::string cpulist;
	bool json = false;
};

void run_virt(bool enable, const VirtOptions &options)
{
	const std::vector<uint32_t> cpus = parse_cpu_option(options.cpulist);
	netlink::Client client;
	client.request_virt(enable, cpus);
	if (options.json) {
		std::cout << render_cpus_json(read_cpu_states(client, cpus, false));
		return;
	}
	std::cout << "virtualization " << (enable ? "requested" : "released") << " on "
		  << (cpus.empty() ? "every possible CPU" : "CPUs " + format_cpulist(cpus)) << '\n';
}

} // namespace

Subcommand add_virt_command(CLI::App &parent)
{
	auto options = std::make_shared<VirtOptions>();
	auto enable = std::make_shared<bool>(false);
	CLI::App *app = parent.add_subcommand(
		"virt", "Request (on) or release (off) hardware virtualization; requests are counted per CPU");
	app->require_subcommand(1);
	for (const bool on : {true, false}) {
		CLI::App *sub = app->add_subcommand(on ? "on" : "off",
						    on ? "Request VMXON / EFER.SVME on the CPUs"
						       : "Release a request; a CPU turns off with its last one");
		sub->add_option("--cpu", options->cpulist, "CPUs, in cpulist syntax; default: every possible CPU");
		sub->add_flag("--json", options->json, "Print the CPUs' state afterwards as `status --json` does");
		sub->callback([enable, on] { *enable = on; });
	}
	return {app, [options, enable] { run_virt(*enable, *options); }};
}

} // namespace cpulab::cli
