// SPDX-License-Identifier: GPL-2.0
// cpulab cache mark|flush [--cpu LIST] [--json]
#include <iostream>
#include <memory>
#include <string>

#include "cli/subcommand.h"
#include "cpulist.h"
#include "netlink_client.h"
#include "render_cpus.h"

namespace cpulab::cli {

namespace {

struct CacheOptions {
	std::string cpulist;
	bool json = false;
};

void run_cache(bool mark, const CacheOptions &options)
{
	const std::vector<uint32_t> cpus = parse_cpu_option(options.cpulist);
	netlink::Client client;
	client.cache(mark, cpus);
	if (options.json) {
		std::cout << render_cpus_json(read_cpu_states(client, cpus, true));
		return;
	}
	std::cout << (mark ? "caches marked incoherent on " : "caches flushed (WBINVD) on ")
		  << (cpus.empty() ? "every online CPU" : "CPUs " + format_cpulist(cpus)) << '\n';
}

} // namespace

Subcommand add_cache_command(CLI::App &parent)
{
	auto options = std::make_shared<CacheOptions>();
	auto mark = std::make_shared<bool>(false);
	CLI::App *app = parent.add_subcommand("cache", "Mark CPUs' caches incoherent, or flush them with WBINVD");
	app->require_subcommand(1);
	for (const bool marking : {true, false}) {
		CLI::App *sub = app->add_subcommand(
			marking ? "mark" : "flush",
			marking ? "Set the transient \"marked\" reason, on each CPU itself, as a SEAMCALL-like "
				  "operation would"
				: "Run WBINVD on each CPU itself and clear the transient reasons");
		sub->add_option("--cpu", options->cpulist, "CPUs, in cpulist syntax; default: every online CPU");
		sub->add_flag("--json", options->json, "Print the CPUs' state afterwards as `status --json` does");
		sub->callback([mark, marking] { *mark = marking; });
	}
	return {app, [options, mark] { run_cache(*mark, *options); }};
}

} // namespace cpulab::cli
