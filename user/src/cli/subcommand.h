// SPDX-License-Identifier: GPL-2.0
// Each subcommand registers its options on the CLI11 app and returns what
// main() runs if the user chose it. Subcommands hold no netlink code: they
// glue netlink::Client to the renderers.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cpu_state.h"
#include "netlink_client.h"

namespace cpulab::cli {

struct Subcommand {
	CLI::App *app;
	std::function<void()> run;	// throws CliError on failure
};

Subcommand add_status_command(CLI::App &parent);
Subcommand add_virt_command(CLI::App &parent);
Subcommand add_inject_command(CLI::App &parent);
Subcommand add_monitor_command(CLI::App &parent);
Subcommand add_cache_command(CLI::App &parent);
Subcommand add_stop_command(CLI::App &parent);
Subcommand add_cpu_command(CLI::App &parent);
Subcommand add_cr4_command(CLI::App &parent);

// --cpu LIST, parsed; a bad list is a usage error (exit 2).
std::vector<uint32_t> parse_cpu_option(const std::string &cpulist);

// The state of @cpus after a request, for --json: each listed CPU, or
// without a list every CPU (only the online ones if @online_only).
std::vector<CpuState> read_cpu_states(netlink::Client &client, const std::vector<uint32_t> &cpus,
				      bool online_only);

} // namespace cpulab::cli
