// SPDX-License-Identifier: GPL-2.0
// --cpu LIST, shared by the subcommands that take one, and what they print after a request.
#include "cli/subcommand.h"
#include "cpulist.h"
#include "errors.h"

namespace cpulab::cli {

std::vector<uint32_t> parse_cpu_option(const std::string &cpulist)
{
	if (cpulist.empty())
		return {};
	try {
		return parse_cpulist(cpulist);
	} catch (const CpulistError &e) {
		throw CliError(ExitCode::usage, std::string("--cpu: ") + e.what());
	}
}

} // namespace cpulab::cli

namespace cpulab::cli {

std::vector<CpuState> read_cpu_states(netlink::Client &client, const std::vector<uint32_t> &cpus,
				      bool online_only)
{
	std::vector<CpuState> states;
	if (!cpus.empty()) {
		for (const uint32_t cpu : cpus)
			states.push_back(client.get_cpu(cpu));
		return states;
	}
	for (CpuState &state : client.dump_cpus())
		if (state.online || !online_only)
			states.push_back(state);
	return states;
}

} // namespace cpulab::cli
