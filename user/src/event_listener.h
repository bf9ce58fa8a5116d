// SPDX-License-Identifier: GPL-2.0
// A subscription to the cpulab "events" multicast group, on a socket of its
// own so requests never interleave with events.
#pragma once

#include <functional>
#include <string>

#include "event.h"

struct nl_sock;

namespace cpulab::netlink {

class EventListener {
public:
	// Joins "events" and nlctrl's "notify" (to see the family go away).
	// Throws CliError(module_missing) when the family is not registered.
	EventListener();
	~EventListener();
	EventListener(const EventListener &) = delete;
	EventListener &operator=(const EventListener &) = delete;

	enum class End { stopped, interrupted, module_gone };

	// Delivers events until on_event returns false (stopped), @stop_fd
	// becomes readable (interrupted), or the module is unloaded. A socket
	// overrun (ENOBUFS: the kernel dropped events for us) is reported to
	// on_overrun and listening goes on. Throws CliError on other errors.
	End run(int stop_fd, const std::function<bool(const Event &)> &on_event,
		const std::function<void()> &on_overrun);

private:
	nl_sock *sock_ = nullptr;
	int family_id_ = 0;
};

} // namespace cpulab::netlink
