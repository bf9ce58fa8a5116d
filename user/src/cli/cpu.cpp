// SPDX-License-Identifier: GPL-2.0
// cpulab cpu offline|online --cpu LIST [--json]
// cpulab cpu cycle [--cpu LIST] [--count N] [--json]
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <thread>

#include <sys/eventfd.h>
#include <unistd.h>

#include "cli/subcommand.h"
#include "errors.h"
#include "event_listener.h"
#include "netlink_client.h"
#include "render_hotplug.h"

namespace cpulab::cli {

namespace {

struct CpuOptions {
	std::string cpulist;
	uint32_t count = CPULAB_CYCLE_COUNT_DEFAULT;
	bool json = false;
};

enum class CpuAction { offline, online, cycle };

void run_hotplug(bool online, const CpuOptions &options)
{
	const std::vector<uint32_t> cpus = parse_cpu_option(options.cpulist);
	if (cpus.empty())
		throw CliError(ExitCode::usage, "--cpu is required for offline and online");
	netlink::Client client;
	std::vector<HotplugResult> results;
	for (const uint32_t cpu : cpus)
		results.push_back(client.hotplug(online, cpu));
	std::cout << (options.json ? render_hotplug_json(online, results) : render_hotplug_table(online, results));
}

// While a long CPU_CYCLE runs, a second socket counts the module's online
// events and shows "cycle: 12/40" on the terminal. Not for pipes or JSON.
class CycleProgress {
public:
	explicit CycleProgress(uint64_t total) : total_(total)
	{
		stop_fd_ = eventfd(0, EFD_CLOEXEC);
		if (stop_fd_ < 0)
			return;
		try {
			listener_ = std::make_unique<netlink::EventListener>();
		} catch (const CliError &) {
			return;	// the cycle itself will report a missing module
		}
		thread_ = std::thread([this] { listen(); });
	}
	~CycleProgress()
	{
		if (thread_.joinable()) {
			const uint64_t one = 1;
			if (write(stop_fd_, &one, sizeof(one)) == sizeof(one))
				thread_.join();
			else
				thread_.detach();
			std::fprintf(stderr, "\r%*s\r", 60, "");
		}
		if (stop_fd_ >= 0)
			close(stop_fd_);
	}

private:
	void listen()
	{
		try {
			listener_->run(
				stop_fd_,
				[this](const Event &event) {
					if (event.type == EventType::cpu_online && event.cause == "hotplug")
						std::fprintf(stderr, "\rcycle: %llu/%llu CPUs back online",
							     static_cast<unsigned long long>(++done_),
							     static_cast<unsigned long long>(total_));
					return true;
				},
				[] {});
		} catch (const std::exception &) {
			// Progress is a courtesy: the cycle's reply is what counts.
		}
	}

	uint64_t total_;
	std::atomic<uint64_t> done_{0};
	int stop_fd_ = -1;
	std::unique_ptr<netlink::EventListener> listener_;
	std::thread thread_;
};

// What the module cycles without a list: the online CPUs that sysfs lets
// go offline (those with an "online" file), as cpu-on-off-test.sh counts them.
uint64_t count_hotpluggable_online()
{
	uint64_t count = 0;
	// Only the progress total depends on this: without sysfs it stays 0.
	std::error_code error;
	for (const auto &entry : std::filesystem::directory_iterator("/sys/devices/system/cpu", error)) {
		const std::string name = entry.path().filename().string();
		if (name.size() < 4 || name.compare(0, 3, "cpu") != 0 ||
		    name.find_first_not_of("0123456789", 3) != std::string::npos)
			continue;
		std::ifstream online(entry.path() / "online");
		char state = 0;
		if (online >> state && state == '1')
			count++;
	}
	return count;
}

void run_cycle(const CpuOptions &options)
{
	const std::vector<uint32_t> cpus = parse_cpu_option(options.cpulist);
	netlink::Client client;
	CycleResult result;
	{
		std::unique_ptr<CycleProgress> progress;
		if (!options.json && isatty(STDERR_FILENO) && options.count > 1) {
			const uint64_t cpu_count = cpus.empty() ? count_hotpluggable_online() : cpus.size();
			progress = std::make_unique<CycleProgress>(cpu_count * options.count);
		}
		result = client.cycle(cpus, options.count);
	}
	std::cout << (options.json ? render_cycle_json(options.count, result)
				   : render_cycle_table(options.count, result));
	uint32_t failures = 0;
	for (const CycleCpuStats &cpu : result.cpus)
		failures += cpu.failures;
	if (failures)
		throw CliError(ExitCode::failed, std::to_string(failures) + " hotplug transitions failed");
	if (result.interrupted)
		throw CliError(ExitCode::failed, "the cycle was interrupted before its last round");
}

} // namespace

Subcommand add_cpu_command(CLI::App &parent)
{
	auto options = std::make_shared<CpuOptions>();
	auto action = std::make_shared<CpuAction>(CpuAction::cycle);
	CLI::App *app = parent.add_subcommand(
		"cpu", "Take CPUs offline and online through the module (remove_cpu()/add_cpu()), timed");
	app->require_subcommand(1);
	const struct {
		CpuAction action;
		const char *name;
		const char *help;
	} actions[] = {
		{CpuAction::offline, "offline", "Take the CPUs offline, one at a time"},
		{CpuAction::online, "online", "Bring the CPUs online, one at a time"},
		{CpuAction::cycle, "cycle",
		 "Offline and online each CPU, COUNT rounds; per-CPU min/median/max latencies"},
	};
	for (const auto &entry : actions) {
		CLI::App *sub = app->add_subcommand(entry.name, entry.help);
		const bool cycling = entry.action == CpuAction::cycle;
		sub->add_option("--cpu", options->cpulist,
				cycling ? "CPUs, in cpulist syntax; default: every online hotpluggable CPU"
					: "CPUs, in cpulist syntax (required)");
		if (cycling)
			sub->add_option("--count", options->count,
					"Rounds, 1.." + std::to_string(CPULAB_CYCLE_COUNT_MAX) + " (default " +
						std::to_string(CPULAB_CYCLE_COUNT_DEFAULT) + ")")
				->check(CLI::Range(1, CPULAB_CYCLE_COUNT_MAX));
		sub->add_flag("--json", options->json, "Print JSON (schema in docs/json.md)");
		sub->callback([action, which = entry.action] { *action = which; });
	}
	return {app, [options, action] {
			if (*action == CpuAction::cycle)
				run_cycle(*options);
			else
				run_hotplug(*action == CpuAction::online, *options);
		}};
}

} // namespace cpulab::cli
