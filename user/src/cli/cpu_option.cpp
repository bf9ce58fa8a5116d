// SPDX-License-Identifier: GPL-2.0
// --cpu LIST, shared by the subcommands that take one.
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
