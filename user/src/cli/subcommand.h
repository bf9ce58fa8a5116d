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

namespace cpulab::cli {

struct Subcommand {
	CLI::App *app;
	std::function<void()> run;	// throws CliError on failure
};

Subcommand add_status(CLI::App &parent);
Subcommand add_virt(CLI::App &parent);
Subcommand add_inject(CLI::App &parent);
Subcommand add_monitor(CLI::App &parent);
Subcommand add_cache(CLI::App &parent);
Subcommand add_stop(CLI::App &parent);

// --cpu LIST, parsed; a bad list is a usage error (exit 2).
std::vector<uint32_t> parse_cpu_option(const std::string &cpulist);

} // namespace cpulab::cli
