// SPDX-License-Identifier: GPL-2.0
// Each subcommand registers its options on the CLI11 app and returns what
// main() runs if the user chose it. Subcommands hold no netlink code: they
// glue netlink::Client to the renderers.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace cpulab::cli {

struct Subcommand {
	CLI::App *app;
	std::function<void()> run;	// throws CliError on failure
};

Subcommand add_status(CLI::App &parent);

} // namespace cpulab::cli
