// SPDX-License-Identifier: GPL-2.0
// cpulab monitor [--json] [--cpu LIST] [--count N]
#include <algorithm>
#include <csignal>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>

#include <sys/signalfd.h>
#include <unistd.h>

#include "cli/subcommand.h"
#include "errors.h"
#include "event_listener.h"
#include "render_events.h"

namespace cpulab::cli {

namespace {

struct MonitorOptions {
	std::string cpulist;
	bool json = false;
	uint64_t count = 0;	// 0: until interrupted
};

// SIGINT and SIGTERM arrive as a readable fd, so the listener's poll()
// sees them and the command ends through its normal path.
class StopSignals {
public:
	StopSignals()
	{
		sigemptyset(&mask_);
		sigaddset(&mask_, SIGINT);
		sigaddset(&mask_, SIGTERM);
		if (sigprocmask(SIG_BLOCK, &mask_, nullptr) < 0 || (fd_ = signalfd(-1, &mask_, SFD_CLOEXEC)) < 0)
			throw CliError(ExitCode::failed, std::string("signalfd: ") + std::strerror(errno));
	}
	~StopSignals()
	{
		close(fd_);
		sigprocmask(SIG_UNBLOCK, &mask_, nullptr);
	}
	int fd() const { return fd_; }

private:
	sigset_t mask_;
	int fd_ = -1;
};

void run_monitor(const MonitorOptions &options)
{
	const std::vector<uint32_t> cpus = parse_cpu_option(options.cpulist);
	netlink::EventListener listener;
	StopSignals signals;
	uint64_t shown = 0;

	const auto on_event = [&](const Event &event) {
		// A loss is shown whatever the filter: it may hide any CPU's events.
		if (event.cpu && !cpus.empty() && std::find(cpus.begin(), cpus.end(), *event.cpu) == cpus.end())
			return true;
		std::cout << (options.json ? render_event_json(event) : render_event_line(event)) << std::endl;
		return options.count == 0 || ++shown < options.count;
	};
	const auto on_overrun = [&] {
		std::cerr << "cpulab: monitor: the socket overran; the kernel dropped events for this listener\n";
		if (options.json)
			std::cout << R"({"type":"overrun"})" << std::endl;
		else
			std::cout << "overrun: events dropped by the kernel for this listener" << std::endl;
	};

	if (listener.run(signals.fd(), on_event, on_overrun) == netlink::EventListener::End::module_gone)
		std::cerr << "cpulab: monitor: the module was unloaded\n";
}

} // namespace

Subcommand add_monitor_command(CLI::App &parent)
{
	auto options = std::make_shared<MonitorOptions>();
	CLI::App *app = parent.add_subcommand(
		"monitor", "Print each state transition the module publishes, one line per event, until "
			   "interrupted or the module is unloaded");
	app->add_option("--cpu", options->cpulist, "Only events of these CPUs, in cpulist syntax");
	app->add_flag("--json", options->json, "One JSON object per line (schema in docs/json.md)");
	app->add_option("--count", options->count, "Exit after this many events")->check(CLI::PositiveNumber);
	return {app, [options] { run_monitor(*options); }};
}

} // namespace cpulab::cli
