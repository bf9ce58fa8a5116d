// SPDX-License-Identifier: GPL-2.0
// cpulab inject vmxon --cpu N --class CLASS [--json]
#include <iostream>
#include <memory>
#include <string>

#include "cli/subcommand.h"
#include "cpu_state.h"
#include "errors.h"
#include "netlink_client.h"
#include "render_cpus.h"

namespace cpulab::cli {

namespace {

struct InjectOptions {
	uint32_t cpu = 0;
	std::string injection;
	bool json = false;
};

void run_inject(const InjectOptions &options)
{
	const uint8_t injection = inject_class_by_name(options.injection);
	if (!injection)
		throw CliError(ExitCode::usage, "--class: unknown class \"" + options.injection +
							"\"; expected bad-revision, misaligned-region, vmxe-clear or precheck");
	netlink::Client client;
	client.inject(options.cpu, injection);
	if (options.json) {
		std::cout << render_cpus_json({client.get_cpu(options.cpu)});
		return;
	}
	std::cout << "armed " << options.injection << " for the next enable on CPU " << options.cpu << '\n';
}

} // namespace

Subcommand add_inject_command(CLI::App &parent)
{
	auto options = std::make_shared<InjectOptions>();
	CLI::App *app = parent.add_subcommand("inject", "Arm a one-shot real failure for the next enable");
	app->require_subcommand(1);
	CLI::App *vmxon = app->add_subcommand(
		"vmxon", "Fail the next enable on a CPU: the real instruction with one precondition broken");
	vmxon->add_option("--cpu", options->cpu, "The online CPU to arm")->required();
	vmxon->add_option("--class", options->injection,
			  "bad-revision | misaligned-region | vmxe-clear (VMX), precheck (VMX or SVM)")
		->required();
	vmxon->add_flag("--json", options->json, "Print the CPU's state afterwards as `status --json` does");
	return {app, [options] { run_inject(*options); }};
}

} // namespace cpulab::cli
