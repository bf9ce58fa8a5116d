// SPDX-License-Identifier: GPL-2.0
#pragma once

#include <stdexcept>
#include <string>

namespace cpulab {

// The CLI's exit status contract (documented in cpulab(1)).
enum class ExitCode : int {
	ok = 0,
	failed = 1,		// the operation ran and failed
	usage = 2,		// bad command line
	module_missing = 3,	// no "cpulab" generic netlink family
	permission = 4,		// the kernel said EPERM
};

// Anything that ends a command: carries the exit status and the one line the
// user sees on stderr.
class CliError : public std::runtime_error {
public:
	CliError(ExitCode code, const std::string &message)
		: std::runtime_error(message), code_(code) {}
	ExitCode code() const { return code_; }

private:
	ExitCode code_;
};

} // namespace cpulab
