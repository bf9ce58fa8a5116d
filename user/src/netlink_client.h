// SPDX-License-Identifier: GPL-2.0
// A connection to the cpulab generic netlink family. Turns replies into
// CpuState records and kernel errors into CliError with the extack text.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "cpu_state.h"
#include "netlink_codec.h"

struct nl_sock;

namespace cpulab::netlink {

class Client {
public:
	// Throws CliError(module_missing) when the family is not registered.
	Client();
	~Client();
	Client(const Client &) = delete;
	Client &operator=(const Client &) = delete;

	CpuState get_cpu(uint32_t cpu);
	std::vector<CpuState> dump_cpus();
	// VIRT_ENABLE / VIRT_DISABLE on @cpus, or on every possible CPU if empty.
	void request_virt(bool enable, const std::vector<uint32_t> &cpus);
	// INJECT: arm a one-shot failure for the next enable on @cpu.
	void inject(uint32_t cpu, uint8_t injection);
	// CACHE_MARK / CACHE_FLUSH on @cpus, or on every online CPU if empty.
	void cache(bool mark, const std::vector<uint32_t> &cpus);
	StopResult stop(const StopParams &params);
	HotplugResult hotplug(bool online, uint32_t cpu);
	// CPU_CYCLE: blocks for as long as the rounds take.
	CycleResult cycle(const std::vector<uint32_t> &cpus, uint32_t rounds);
	Cr4AuditSummary cr4_audit(const std::vector<uint32_t> &cpus);
	Cr4PerturbResult cr4_perturb(uint32_t cpu, std::optional<uint8_t> bit, bool restore);

private:
	// A do whose one reply @parse turns into a T.
	template <typename T>
	T request(const char *what, NlMsgPtr message, T (*parse)(nl_msg *));

	// Sends one request and feeds each reply message to on_reply until the
	// kernel is done. Throws CliError carrying the kernel's extack message.
	void transact(const char *what, NlMsgPtr request,
		      const std::function<void(nl_msg *)> &on_reply);

	// For ops whose only answer is the acknowledgement.
	void transact_ack(const char *what, NlMsgPtr request);

	nl_sock *sock_ = nullptr;
	int family_id_ = 0;
};

} // namespace cpulab::netlink
