// SPDX-License-Identifier: GPL-2.0
// Building cpulab requests and parsing replies, with no socket involved, so
// the unit tests exercise exactly what the client sends and decodes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <netlink/msg.h>

#include "cpu_state.h"
#include "cr4_result.h"
#include "hotplug_result.h"
#include "event.h"
#include "stop_result.h"

struct nlmsghdr;

namespace cpulab::netlink {

struct NlMsgDeleter {
	void operator()(nl_msg *msg) const { nlmsg_free(msg); }
};
using NlMsgPtr = std::unique_ptr<nl_msg, NlMsgDeleter>;

// The kernel sent something that does not follow include/uapi/cpulab.h.
class ProtocolError : public std::runtime_error {
public:
	using std::runtime_error::runtime_error;
};

// CPULAB_CMD_CPU_GET: a do for one CPU, or a dump of all when cpu is empty.
NlMsgPtr build_cpu_get_request(int family_id, std::optional<uint32_t> cpu);

CpuState parse_cpu_state(nl_msg *msg);

// A CPULAB_CMD_EVENT message from the "events" group.
Event parse_event(nl_msg *msg);

// CPULAB_CMD_INJECT: arm @injection on @cpu. NLM_F_ACK is set.
NlMsgPtr build_inject_request(int family_id, uint32_t cpu, uint8_t injection);

// CPULAB_CMD_VIRT_ENABLE / _DISABLE on @cpus (all possible CPUs if empty).
// NLM_F_ACK is set: the ops reply with nothing but the acknowledgement.
NlMsgPtr build_virt_request(int family_id, bool enable, const std::vector<uint32_t> &cpus);

// CPULAB_CMD_CACHE_MARK / _FLUSH on @cpus (all online CPUs if empty). NLM_F_ACK.
NlMsgPtr build_cache_request(int family_id, bool mark, const std::vector<uint32_t> &cpus);

// CPULAB_CMD_STOP with every knob spelled out.
NlMsgPtr build_stop_request(int family_id, const StopParams &params);

StopResult parse_stop_reply(nl_msg *msg);

// CPULAB_CMD_CPU_OFFLINE / _ONLINE on @cpu, and the reply.
NlMsgPtr build_hotplug_request(int family_id, bool online, uint32_t cpu);
HotplugResult parse_hotplug_reply(nl_msg *msg);

// CPULAB_CMD_CPU_CYCLE on @cpus (every online hotpluggable CPU if empty), @rounds rounds.
NlMsgPtr build_cycle_request(int family_id, const std::vector<uint32_t> &cpus, uint32_t rounds);
CycleResult parse_cycle_reply(nl_msg *msg);

// CPULAB_CMD_CR4_AUDIT on @cpus (every online CPU if empty).
NlMsgPtr build_cr4_audit_request(int family_id, const std::vector<uint32_t> &cpus);
Cr4AuditSummary parse_cr4_audit_reply(nl_msg *msg);

// CPULAB_CMD_CR4_PERTURB on @cpu: flip @bit (the kernel's default if
// empty), or put it back with @restore.
NlMsgPtr build_cr4_perturb_request(int family_id, uint32_t cpu, std::optional<uint8_t> bit, bool restore);
Cr4PerturbResult parse_cr4_perturb_reply(nl_msg *msg);

// What an NLMSG_ERROR (or a dump's NLMSG_DONE) says, extack included.
struct KernelError {
	int error = 0;				// positive errno
	std::string message;			// NLMSGERR_ATTR_MSG, verbatim
	std::string status;			// NLMSGERR_ATTR_COOKIE: cpulab's name for it
	std::optional<uint32_t> bad_attr_offset;	// NLMSGERR_ATTR_OFFS
	std::optional<uint32_t> missing_attr;	// NLMSGERR_ATTR_MISS_TYPE
};

// Parses an NLMSG_ERROR message. Throws ProtocolError if it is truncated.
KernelError parse_error_message(const nlmsghdr *hdr);

// Parses a dump's NLMSG_DONE; an error code of 0 means the dump succeeded.
KernelError parse_done_message(const nlmsghdr *hdr);

} // namespace cpulab::netlink
