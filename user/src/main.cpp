// SPDX-License-Identifier: GPL-2.0
// cpulab: the command line for the cpulab kernel module.
#include <iostream>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/subcommand.h"
#include "errors.h"

int main(int argc, char **argv)
{
	CLI::App app{"cpulab: query and drive the x86 CPU lifecycle state kept by the cpulab kernel module"};
	app.require_subcommand(1);

	const std::vector<cpulab::cli::Subcommand> subcommands = {
		cpulab::cli::add_status_command(app),
		cpulab::cli::add_virt_command(app),
		cpulab::cli::add_inject_command(app),
		cpulab::cli::add_monitor_command(app),
		cpulab::cli::add_cache_command(app),
		cpulab::cli::add_stop_command(app),
		cpulab::cli::add_cpu_command(app),
		cpulab::cli::add_cr4_command(app),
	};

	try {
		app.parse(argc, argv);
	} catch (const CLI::ParseError &e) {
		// --help is a ParseError with exit code 0; anything else is usage.
		return app.exit(e) == 0 ? 0 : static_cast<int>(cpulab::ExitCode::usage);
	}

	try {
		for (const auto &subcommand : subcommands)
			if (subcommand.app->parsed())
				subcommand.run();
	} catch (const cpulab::CliError &e) {
		std::cerr << "cpulab: " << e.what() << '\n';
		return static_cast<int>(e.code());
	} catch (const std::exception &e) {
		std::cerr << "cpulab: " << e.what() << '\n';
		return static_cast<int>(cpulab::ExitCode::failed);
	}
	return 0;
}
