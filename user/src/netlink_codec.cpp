// SPDX-License-Identifier: GPL-2.0
#include "netlink_codec.h"

#include <cstring>
#include <string>

#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "cpulab.h"
#include "protocol_names.h"

namespace cpulab::netlink {

namespace {

// One policy for every attribute a reply or event can carry: each attribute
// has one type in the uapi, whatever message carries it. Exact sizes: a
// reply with a wrong-sized attribute is a protocol error, not something to
// read partially.
struct ReplyPolicies {
	nla_policy table[CPULAB_A_MAX + 1] = {};

	void exact(std::initializer_list<int> types, uint16_t type, uint16_t size)
	{
		for (const int attr : types) {
			table[attr].type = type;
			table[attr].minlen = size;
			table[attr].maxlen = size;
		}
	}

	ReplyPolicies()
	{
		exact({CPULAB_A_ONLINE, CPULAB_A_VIRT_CAP, CPULAB_A_VIRT_STATE, CPULAB_A_VIRT_ERROR,
		       CPULAB_A_VIRT_INJECTION, CPULAB_A_EMERGENCY_CALLBACK, CPULAB_A_EVENT_TYPE,
		       CPULAB_A_EVENT_CAUSE, CPULAB_A_VIRT_STATE_OLD, CPULAB_A_CACHE_INCOHERENT,
		       CPULAB_A_STOP_ALL_STOPPED, CPULAB_A_STOP_RACE, CPULAB_A_STOP_STAGE, CPULAB_A_STOP_NMI_SENT,
		       CPULAB_A_STOP_VIRT_DISABLED, CPULAB_A_STOP_LATE, CPULAB_A_CYCLE_INTERRUPTED,
		       CPULAB_A_CR4_FINDING, CPULAB_A_CR4_BIT, CPULAB_A_CR4_PERTURBED, CPULAB_A_STOP_VERDICT},
		      NLA_U8, sizeof(uint8_t));
		exact({CPULAB_A_CPU, CPULAB_A_VIRT_ERRNO, CPULAB_A_VIRT_REQUESTS, CPULAB_A_CACHE_REASONS,
		       CPULAB_A_CACHE_REASONS_OLD, CPULAB_A_STOP_TARGETS, CPULAB_A_STOP_ENTRIES,
		       CPULAB_A_STOP_WBINVDS, CPULAB_A_CYCLE_ATTEMPTS, CPULAB_A_CYCLE_SUCCESSES,
		       CPULAB_A_CYCLE_FAILURES, CPULAB_A_CYCLE_ERRNO, CPULAB_A_CR4_LAST_AUDIT, CPULAB_A_CR4_AUDITED},
		      NLA_U32, sizeof(uint32_t));
		exact({CPULAB_A_CR4, CPULAB_A_CR4_SHADOW, CPULAB_A_VIRT_ENABLES, CPULAB_A_VIRT_DISABLES,
		       CPULAB_A_VIRT_ENABLE_NS, CPULAB_A_VIRT_DISABLE_NS, CPULAB_A_EVENT_SEQ,
		       CPULAB_A_EVENT_TIME_NS, CPULAB_A_EVENT_LOST, CPULAB_A_CACHE_WBINVDS,
		       CPULAB_A_CACHE_WBINVD_NS, CPULAB_A_CACHE_SET_NS, CPULAB_A_CACHE_CLEAR_NS,
		       CPULAB_A_STOP_TIME_NS, CPULAB_A_STOP_PROCEED_NS, CPULAB_A_STOP_CLEAR_NS,
		       CPULAB_A_STOP_WBINVD_NS, CPULAB_A_HOTPLUG_NS, CPULAB_A_CYCLE_OFFLINE_MIN_NS,
		       CPULAB_A_CYCLE_OFFLINE_MEDIAN_NS, CPULAB_A_CYCLE_OFFLINE_MAX_NS, CPULAB_A_CYCLE_ONLINE_MIN_NS,
		       CPULAB_A_CYCLE_ONLINE_MEDIAN_NS, CPULAB_A_CYCLE_ONLINE_MAX_NS, CPULAB_A_CR4_AUDITS,
		       CPULAB_A_CR4_FINDINGS, CPULAB_A_CR4_LAST_AUDIT_NS, CPULAB_A_CR4_AUDIT_COST_NS,
		       CPULAB_A_CR4_FINDING_BITS, CPULAB_A_CR4_FINDING_NS, CPULAB_A_CR4_PINNED_MASK,
		       CPULAB_A_CR4_PINNED_REFERENCE},
		      NLA_U64, sizeof(uint64_t));
		table[CPULAB_A_VIRT_ERROR_NAME].type = NLA_NUL_STRING;
		for (const int nest : {CPULAB_A_STOP_CPUS, CPULAB_A_CYCLE_CPUS})
			table[nest].type = NLA_NESTED;
	}
};

nla_policy *reply_policies()
{
	static ReplyPolicies policies;
	return policies.table;
}

void require(nlattr **tb, std::initializer_list<int> required, const std::string &what)
{
	for (const int type : required)
		if (!tb[type])
			throw ProtocolError(what + " lacks an attribute");
}

// Parses a reply's top level and checks @required are present.
void parse_reply(nl_msg *msg, nlattr **tb, std::initializer_list<int> required, const char *what)
{
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, CPULAB_A_MAX, reply_policies()) < 0)
		throw ProtocolError(std::string("malformed ") + what + " reply");
	require(tb, required, std::string(what) + " reply");
}

// Parses one nest of a reply and checks @required are present.
void parse_nest(nlattr *nest, nlattr **tb, std::initializer_list<int> required, const char *what)
{
	if (nla_parse_nested(tb, CPULAB_A_MAX, nest, reply_policies()) < 0)
		throw ProtocolError(std::string("malformed ") + what + " nest");
	require(tb, required, std::string(what) + " nest");
}

std::optional<VirtCapability> decode_virt_capability(uint8_t value)
{
	switch (value) {
	case CPULAB_VIRT_CAP_NONE:
		return VirtCapability::none;
	case CPULAB_VIRT_CAP_VMX:
		return VirtCapability::vmx;
	case CPULAB_VIRT_CAP_SVM:
		return VirtCapability::svm;
	}
	return std::nullopt;
}

// Extack TLVs follow the nlmsgerr, after the echoed request unless the
// kernel capped it (NETLINK_CAP_ACK). Both layouts: netlink_ack() in
// net/netlink/af_netlink.c.
void parse_extack(const nlmsghdr *hdr, size_t tlv_offset, KernelError &out)
{
	if (!(hdr->nlmsg_flags & NLM_F_ACK_TLVS) || hdr->nlmsg_len <= tlv_offset)
		return;

	nlattr *tb[NLMSGERR_ATTR_MAX + 1] = {};
	auto *first = reinterpret_cast<nlattr *>(
		const_cast<char *>(reinterpret_cast<const char *>(hdr)) + tlv_offset);
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, first, hdr->nlmsg_len - tlv_offset, nullptr) < 0)
		throw ProtocolError("malformed extended ack");

	if (tb[NLMSGERR_ATTR_MSG]) {
		const char *text = static_cast<const char *>(nla_data(tb[NLMSGERR_ATTR_MSG]));
		out.message.assign(text, strnlen(text, nla_len(tb[NLMSGERR_ATTR_MSG])));
	}
	// A name, or nothing: a cookie that is not one (too long, not the
	// name's characters) is not shown as one.
	if (tb[NLMSGERR_ATTR_COOKIE] && nla_len(tb[NLMSGERR_ATTR_COOKIE]) <= CPULAB_STATUS_NAME_MAX) {
		const char *name = static_cast<const char *>(nla_data(tb[NLMSGERR_ATTR_COOKIE]));
		std::string status(name, static_cast<size_t>(nla_len(tb[NLMSGERR_ATTR_COOKIE])));
		if (!status.empty() && status.find_first_not_of("abcdefghijklmnopqrstuvwxyz-") == std::string::npos)
			out.status = std::move(status);
	}
	if (tb[NLMSGERR_ATTR_OFFS] && nla_len(tb[NLMSGERR_ATTR_OFFS]) == sizeof(uint32_t))
		out.bad_attr_offset = nla_get_u32(tb[NLMSGERR_ATTR_OFFS]);
	if (tb[NLMSGERR_ATTR_MISS_TYPE] && nla_len(tb[NLMSGERR_ATTR_MISS_TYPE]) == sizeof(uint32_t))
		out.missing_attr = nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]);
}

// A cpulab request header for @cmd; attributes are appended by the caller.
NlMsgPtr new_request(int family_id, int flags, uint8_t cmd)
{
	NlMsgPtr msg(nlmsg_alloc());
	if (!msg || !genlmsg_put(msg.get(), NL_AUTO_PORT, NL_AUTO_SEQ, family_id, 0, flags, cmd,
				 CPULAB_FAMILY_VERSION))
		throw std::bad_alloc();
	return msg;
}

} // namespace

NlMsgPtr build_cpu_get_request(int family_id, std::optional<uint32_t> cpu)
{
	NlMsgPtr msg = new_request(family_id, cpu ? 0 : NLM_F_DUMP, CPULAB_CMD_CPU_GET);
	if (cpu && nla_put_u32(msg.get(), CPULAB_A_CPU, *cpu) < 0)
		throw std::bad_alloc();
	return msg;
}

namespace {

// Bit N of byte N/8 is CPU N, as the kernel's cpulab_parse_cpus() reads it.
void put_cpu_bitmap(nl_msg *msg, const std::vector<uint32_t> &cpus)
{
	if (cpus.empty())
		return;
	std::vector<uint8_t> bitmap(cpus.back() / 8 + 1, 0);
	for (const uint32_t cpu : cpus)
		bitmap[cpu / 8] |= static_cast<uint8_t>(1u << (cpu % 8));
	if (nla_put(msg, CPULAB_A_CPUS, static_cast<int>(bitmap.size()), bitmap.data()) < 0)
		throw std::bad_alloc();
}

} // namespace

NlMsgPtr build_virt_request(int family_id, bool enable, const std::vector<uint32_t> &cpus)
{
	NlMsgPtr msg = new_request(family_id, NLM_F_ACK,
				   enable ? CPULAB_CMD_VIRT_ENABLE : CPULAB_CMD_VIRT_DISABLE);
	put_cpu_bitmap(msg.get(), cpus);
	return msg;
}

NlMsgPtr build_cache_request(int family_id, bool mark, const std::vector<uint32_t> &cpus)
{
	NlMsgPtr msg = new_request(family_id, NLM_F_ACK, mark ? CPULAB_CMD_CACHE_MARK : CPULAB_CMD_CACHE_FLUSH);
	put_cpu_bitmap(msg.get(), cpus);
	return msg;
}

NlMsgPtr build_stop_request(int family_id, const StopParams &params)
{
	NlMsgPtr msg = new_request(family_id, 0, CPULAB_CMD_STOP);
	if (nla_put_u8(msg.get(), CPULAB_A_STOP_MODE, params.mode) < 0 ||
	    nla_put_u8(msg.get(), CPULAB_A_STOP_ORDERING, params.ordering) < 0 ||
	    nla_put_u32(msg.get(), CPULAB_A_STOP_WBINVD_DELAY_US, params.wbinvd_delay_us) < 0 ||
	    nla_put_u32(msg.get(), CPULAB_A_STOP_IPI_TIMEOUT_MS, params.ipi_timeout_ms) < 0 ||
	    nla_put_u32(msg.get(), CPULAB_A_STOP_NMI_TIMEOUT_MS, params.nmi_timeout_ms) < 0)
		throw std::bad_alloc();
	// Only when asked for: a module from before the knob refuses the attribute.
	if (params.hold_ms && nla_put_u32(msg.get(), CPULAB_A_STOP_HOLD_MS, params.hold_ms) < 0)
		throw std::bad_alloc();
	return msg;
}

namespace {

StopCpuResult parse_stop_cpu(nlattr *nest)
{
	nlattr *tb[CPULAB_A_MAX + 1] = {};
	parse_nest(nest, tb,
		   {CPULAB_A_CPU, CPULAB_A_STOP_STAGE, CPULAB_A_STOP_CLEAR_NS, CPULAB_A_STOP_ENTRIES,
		    CPULAB_A_STOP_NMI_SENT, CPULAB_A_STOP_WBINVDS, CPULAB_A_STOP_WBINVD_NS,
		    CPULAB_A_STOP_VIRT_DISABLED, CPULAB_A_STOP_LATE},
		   "STOP_CPU");
	StopCpuResult cpu;
	cpu.cpu = nla_get_u32(tb[CPULAB_A_CPU]);
	cpu.stage = nla_get_u8(tb[CPULAB_A_STOP_STAGE]);
	if (cpu.stage > CPULAB_STOP_STAGE_MAX)
		throw ProtocolError("STOP_CPU has an unknown stage");
	cpu.clear_ns = nla_get_u64(tb[CPULAB_A_STOP_CLEAR_NS]);
	cpu.entries = nla_get_u32(tb[CPULAB_A_STOP_ENTRIES]);
	cpu.nmi_sent = nla_get_u8(tb[CPULAB_A_STOP_NMI_SENT]) != 0;
	cpu.wbinvds = nla_get_u32(tb[CPULAB_A_STOP_WBINVDS]);
	cpu.wbinvd_ns = nla_get_u64(tb[CPULAB_A_STOP_WBINVD_NS]);
	cpu.virt_disabled = nla_get_u8(tb[CPULAB_A_STOP_VIRT_DISABLED]) != 0;
	cpu.late = nla_get_u8(tb[CPULAB_A_STOP_LATE]) != 0;
	return cpu;
}

} // namespace

StopResult parse_stop_reply(nl_msg *msg)
{
	nlattr *tb[CPULAB_A_MAX + 1] = {};
	parse_reply(msg, tb,
		    {CPULAB_A_STOP_TARGETS, CPULAB_A_STOP_ALL_STOPPED, CPULAB_A_STOP_TIME_NS, CPULAB_A_STOP_PROCEED_NS,
		     CPULAB_A_STOP_RACE, CPULAB_A_STOP_VERDICT, CPULAB_A_STOP_CPUS},
		    "STOP");
	StopResult result;
	result.targets = nla_get_u32(tb[CPULAB_A_STOP_TARGETS]);
	result.all_stopped = nla_get_u8(tb[CPULAB_A_STOP_ALL_STOPPED]) != 0;
	result.time_ns = nla_get_u64(tb[CPULAB_A_STOP_TIME_NS]);
	result.proceed_ns = nla_get_u64(tb[CPULAB_A_STOP_PROCEED_NS]);
	result.race = nla_get_u8(tb[CPULAB_A_STOP_RACE]) != 0;
	result.verdict = nla_get_u8(tb[CPULAB_A_STOP_VERDICT]);
	if (result.verdict > CPULAB_STOP_VERDICT_MAX)
		throw ProtocolError("STOP reply has an unknown verdict");
	if (result.race != (result.verdict == CPULAB_STOP_VERDICT_RACE))
		throw ProtocolError("STOP reply: the race flag and the verdict disagree");
	nlattr *cpu;
	int remaining;
	nla_for_each_nested(cpu, tb[CPULAB_A_STOP_CPUS], remaining) {
		if (nla_type(cpu) != CPULAB_A_STOP_CPU)
			throw ProtocolError("STOP_CPUS holds something else");
		result.cpus.push_back(parse_stop_cpu(cpu));
	}
	if (result.cpus.size() != result.targets)
		throw ProtocolError("STOP reply: one result per target expected");
	return result;
}

NlMsgPtr build_hotplug_request(int family_id, bool online, uint32_t cpu)
{
	NlMsgPtr msg = new_request(family_id, 0, online ? CPULAB_CMD_CPU_ONLINE : CPULAB_CMD_CPU_OFFLINE);
	if (nla_put_u32(msg.get(), CPULAB_A_CPU, cpu) < 0)
		throw std::bad_alloc();
	return msg;
}

namespace {

LatencyStats get_latency(nlattr **tb, int min, int median, int max)
{
	return {nla_get_u64(tb[min]), nla_get_u64(tb[median]), nla_get_u64(tb[max])};
}

CycleCpuStats parse_cycle_cpu(nlattr *nest)
{
	nlattr *tb[CPULAB_A_MAX + 1] = {};
	parse_nest(nest, tb,
		   {CPULAB_A_CPU, CPULAB_A_CYCLE_ATTEMPTS, CPULAB_A_CYCLE_SUCCESSES, CPULAB_A_CYCLE_FAILURES,
		    CPULAB_A_CYCLE_ERRNO, CPULAB_A_CYCLE_OFFLINE_MIN_NS, CPULAB_A_CYCLE_OFFLINE_MEDIAN_NS,
		    CPULAB_A_CYCLE_OFFLINE_MAX_NS, CPULAB_A_CYCLE_ONLINE_MIN_NS, CPULAB_A_CYCLE_ONLINE_MEDIAN_NS,
		    CPULAB_A_CYCLE_ONLINE_MAX_NS},
		   "CYCLE_CPU");
	CycleCpuStats stats;
	stats.cpu = nla_get_u32(tb[CPULAB_A_CPU]);
	stats.attempts = nla_get_u32(tb[CPULAB_A_CYCLE_ATTEMPTS]);
	stats.successes = nla_get_u32(tb[CPULAB_A_CYCLE_SUCCESSES]);
	stats.failures = nla_get_u32(tb[CPULAB_A_CYCLE_FAILURES]);
	stats.last_errno = nla_get_u32(tb[CPULAB_A_CYCLE_ERRNO]);
	stats.offline = get_latency(tb, CPULAB_A_CYCLE_OFFLINE_MIN_NS, CPULAB_A_CYCLE_OFFLINE_MEDIAN_NS,
				    CPULAB_A_CYCLE_OFFLINE_MAX_NS);
	stats.online = get_latency(tb, CPULAB_A_CYCLE_ONLINE_MIN_NS, CPULAB_A_CYCLE_ONLINE_MEDIAN_NS,
				   CPULAB_A_CYCLE_ONLINE_MAX_NS);
	return stats;
}

} // namespace

HotplugResult parse_hotplug_reply(nl_msg *msg)
{
	nlattr *tb[CPULAB_A_MAX + 1] = {};
	parse_reply(msg, tb, {CPULAB_A_CPU, CPULAB_A_HOTPLUG_NS}, "hotplug");
	return {nla_get_u32(tb[CPULAB_A_CPU]), nla_get_u64(tb[CPULAB_A_HOTPLUG_NS])};
}

NlMsgPtr build_cycle_request(int family_id, const std::vector<uint32_t> &cpus, uint32_t rounds)
{
	NlMsgPtr msg = new_request(family_id, 0, CPULAB_CMD_CPU_CYCLE);
	put_cpu_bitmap(msg.get(), cpus);
	if (nla_put_u32(msg.get(), CPULAB_A_CYCLE_COUNT, rounds) < 0)
		throw std::bad_alloc();
	return msg;
}

CycleResult parse_cycle_reply(nl_msg *msg)
{
	nlattr *tb[CPULAB_A_MAX + 1] = {};
	parse_reply(msg, tb, {CPULAB_A_CYCLE_INTERRUPTED, CPULAB_A_CYCLE_CPUS}, "CPU_CYCLE");
	CycleResult result;
	result.interrupted = nla_get_u8(tb[CPULAB_A_CYCLE_INTERRUPTED]) != 0;
	nlattr *cpu;
	int remaining;
	nla_for_each_nested(cpu, tb[CPULAB_A_CYCLE_CPUS], remaining) {
		if (nla_type(cpu) != CPULAB_A_CYCLE_CPU)
			throw ProtocolError("CYCLE_CPUS holds something else");
		result.cpus.push_back(parse_cycle_cpu(cpu));
	}
	return result;
}

NlMsgPtr build_cr4_audit_request(int family_id, const std::vector<uint32_t> &cpus)
{
	NlMsgPtr msg = new_request(family_id, 0, CPULAB_CMD_CR4_AUDIT);
	put_cpu_bitmap(msg.get(), cpus);
	return msg;
}

Cr4AuditSummary parse_cr4_audit_reply(nl_msg *msg)
{
	nlattr *tb[CPULAB_A_MAX + 1] = {};
	parse_reply(msg, tb,
		    {CPULAB_A_CR4_AUDITED, CPULAB_A_CR4_AUDIT_FINDINGS, CPULAB_A_CR4_PINNED_MASK,
		     CPULAB_A_CR4_PINNED_REFERENCE},
		    "CR4_AUDIT");
	return {nla_get_u32(tb[CPULAB_A_CR4_AUDITED]), nla_get_u64(tb[CPULAB_A_CR4_AUDIT_FINDINGS]),
		nla_get_u64(tb[CPULAB_A_CR4_PINNED_MASK]), nla_get_u64(tb[CPULAB_A_CR4_PINNED_REFERENCE])};
}

NlMsgPtr build_cr4_perturb_request(int family_id, uint32_t cpu, std::optional<uint8_t> bit, bool restore)
{
	NlMsgPtr msg = new_request(family_id, 0, CPULAB_CMD_CR4_PERTURB);
	if (nla_put_u32(msg.get(), CPULAB_A_CPU, cpu) < 0 ||
	    (bit && nla_put_u8(msg.get(), CPULAB_A_CR4_BIT, *bit) < 0) ||
	    (restore && nla_put_flag(msg.get(), CPULAB_A_CR4_RESTORE) < 0))
		throw std::bad_alloc();
	return msg;
}

Cr4PerturbResult parse_cr4_perturb_reply(nl_msg *msg)
{
	nlattr *tb[CPULAB_A_MAX + 1] = {};
	parse_reply(msg, tb, {CPULAB_A_CPU, CPULAB_A_CR4_BIT, CPULAB_A_CR4}, "CR4_PERTURB");
	return {nla_get_u32(tb[CPULAB_A_CPU]), nla_get_u8(tb[CPULAB_A_CR4_BIT]), nla_get_u64(tb[CPULAB_A_CR4])};
}

NlMsgPtr build_inject_request(int family_id, uint32_t cpu, uint8_t injection)
{
	NlMsgPtr msg = new_request(family_id, NLM_F_ACK, CPULAB_CMD_INJECT);
	if (nla_put_u32(msg.get(), CPULAB_A_CPU, cpu) < 0 ||
	    nla_put_u8(msg.get(), CPULAB_A_INJECT_CLASS, injection) < 0)
		throw std::bad_alloc();
	return msg;
}

namespace {

std::optional<VirtState> decode_virt_state(uint8_t value)
{
	if (value > CPULAB_VIRT_STATE_MAX)
		return std::nullopt;
	return static_cast<VirtState>(value);
}

// "" for no cause: the event line shows none.
std::string_view cause_name(uint8_t cause)
{
	if (cause == CPULAB_CAUSE_NONE)
		return "";
	return protocol::name_or_unknown(protocol::event_cause_names, cause);
}

} // namespace

Event parse_event(nl_msg *msg)
{
	const genlmsghdr *genl = static_cast<const genlmsghdr *>(nlmsg_data(nlmsg_hdr(msg)));
	nlattr *tb[CPULAB_A_MAX + 1] = {};
	if (genl->cmd != CPULAB_CMD_EVENT || genlmsg_parse(nlmsg_hdr(msg), 0, tb, CPULAB_A_MAX, reply_policies()) < 0)
		throw ProtocolError("malformed EVENT message");
	if (!tb[CPULAB_A_EVENT_TYPE] || !tb[CPULAB_A_EVENT_SEQ] || !tb[CPULAB_A_EVENT_TIME_NS])
		throw ProtocolError("EVENT lacks TYPE, SEQ or TIME_NS");

	Event event;
	event.seq = nla_get_u64(tb[CPULAB_A_EVENT_SEQ]);
	event.time_ns = nla_get_u64(tb[CPULAB_A_EVENT_TIME_NS]);
	if (tb[CPULAB_A_CPU])
		event.cpu = nla_get_u32(tb[CPULAB_A_CPU]);
	if (tb[CPULAB_A_EVENT_CAUSE])
		event.cause = cause_name(nla_get_u8(tb[CPULAB_A_EVENT_CAUSE]));
	switch (nla_get_u8(tb[CPULAB_A_EVENT_TYPE])) {
	case CPULAB_EVENT_CPU_ONLINE:
		event.type = EventType::cpu_online;
		break;
	case CPULAB_EVENT_CPU_OFFLINE:
		event.type = EventType::cpu_offline;
		break;
	case CPULAB_EVENT_VIRT: {
		event.type = EventType::virt;
		if (!tb[CPULAB_A_VIRT_STATE_OLD] || !tb[CPULAB_A_VIRT_STATE] || !tb[CPULAB_A_VIRT_ERROR_NAME])
			throw ProtocolError("virt EVENT lacks its states");
		const auto old_state = decode_virt_state(nla_get_u8(tb[CPULAB_A_VIRT_STATE_OLD]));
		const auto new_state = decode_virt_state(nla_get_u8(tb[CPULAB_A_VIRT_STATE]));
		if (!old_state || !new_state)
			throw ProtocolError("virt EVENT has an unknown state");
		event.virt_old = *old_state;
		event.virt_new = *new_state;
		event.virt_error = nla_get_string(tb[CPULAB_A_VIRT_ERROR_NAME]);
		if (tb[CPULAB_A_VIRT_ERRNO])
			event.virt_errno = nla_get_u32(tb[CPULAB_A_VIRT_ERRNO]);
		break;
	}
	case CPULAB_EVENT_CACHE:
		event.type = EventType::cache;
		if (!tb[CPULAB_A_CACHE_REASONS_OLD] || !tb[CPULAB_A_CACHE_REASONS])
			throw ProtocolError("cache EVENT lacks its reasons");
		event.cache_reasons_old = nla_get_u32(tb[CPULAB_A_CACHE_REASONS_OLD]);
		event.cache_reasons = nla_get_u32(tb[CPULAB_A_CACHE_REASONS]);
		break;
	case CPULAB_EVENT_STOP:
		event.type = EventType::stop;
		if (!tb[CPULAB_A_STOP_STAGE] || !tb[CPULAB_A_STOP_CLEAR_NS])
			throw ProtocolError("stop EVENT lacks its stage");
		event.stop_stage = nla_get_u8(tb[CPULAB_A_STOP_STAGE]);
		event.stop_clear_ns = nla_get_u64(tb[CPULAB_A_STOP_CLEAR_NS]);
		break;
	case CPULAB_EVENT_CR4:
		event.type = EventType::cr4;
		if (!tb[CPULAB_A_CR4_FINDING] || !tb[CPULAB_A_CR4_FINDING_BITS] || !tb[CPULAB_A_CR4] ||
		    !tb[CPULAB_A_CR4_SHADOW])
			throw ProtocolError("cr4 EVENT lacks its finding or registers");
		event.cr4_finding = nla_get_u8(tb[CPULAB_A_CR4_FINDING]);
		if (event.cr4_finding > CPULAB_CR4_FINDING_MAX)
			throw ProtocolError("cr4 EVENT has an unknown finding");
		event.cr4_finding_bits = nla_get_u64(tb[CPULAB_A_CR4_FINDING_BITS]);
		event.cr4 = nla_get_u64(tb[CPULAB_A_CR4]);
		event.cr4_shadow = nla_get_u64(tb[CPULAB_A_CR4_SHADOW]);
		break;
	case CPULAB_EVENT_LOST:
		event.type = EventType::lost;
		if (!tb[CPULAB_A_EVENT_LOST])
			throw ProtocolError("LOST EVENT lacks its count");
		event.lost = nla_get_u64(tb[CPULAB_A_EVENT_LOST]);
		break;
	default:
		throw ProtocolError("EVENT has an unknown TYPE");
	}
	if (event.type != EventType::lost && !event.cpu)
		throw ProtocolError("EVENT lacks its CPU");
	return event;
}

CpuState parse_cpu_state(nl_msg *msg)
{
	nlattr *tb[CPULAB_A_MAX + 1] = {};
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, CPULAB_A_MAX, reply_policies()) < 0)
		throw ProtocolError("malformed CPU_GET reply");
	if (!tb[CPULAB_A_CPU] || !tb[CPULAB_A_ONLINE])
		throw ProtocolError("CPU_GET reply lacks CPU or ONLINE");
	if (!tb[CPULAB_A_VIRT_STATE] || !tb[CPULAB_A_VIRT_ERROR_NAME])
		throw ProtocolError("CPU_GET reply lacks the virtualization record");

	CpuState state;
	state.cpu = nla_get_u32(tb[CPULAB_A_CPU]);
	state.online = nla_get_u8(tb[CPULAB_A_ONLINE]) != 0;
	if (tb[CPULAB_A_CR4])
		state.cr4 = nla_get_u64(tb[CPULAB_A_CR4]);
	if (tb[CPULAB_A_CR4_SHADOW])
		state.cr4_shadow = nla_get_u64(tb[CPULAB_A_CR4_SHADOW]);
	if (tb[CPULAB_A_VIRT_CAP]) {
		state.virt_capability = decode_virt_capability(nla_get_u8(tb[CPULAB_A_VIRT_CAP]));
		if (!state.virt_capability)
			throw ProtocolError("CPU_GET reply has an unknown VIRT_CAP value");
	}
	const auto virt_state = decode_virt_state(nla_get_u8(tb[CPULAB_A_VIRT_STATE]));
	if (!virt_state)
		throw ProtocolError("CPU_GET reply has an unknown VIRT_STATE value");
	state.virt.state = *virt_state;
	state.virt.error = nla_get_string(tb[CPULAB_A_VIRT_ERROR_NAME]);
	if (tb[CPULAB_A_VIRT_ERRNO])
		state.virt.error_errno = nla_get_u32(tb[CPULAB_A_VIRT_ERRNO]);
	const auto counter = [&tb](int type) { return tb[type] ? nla_get_u64(tb[type]) : 0; };
	state.virt.enables = counter(CPULAB_A_VIRT_ENABLES);
	state.virt.disables = counter(CPULAB_A_VIRT_DISABLES);
	state.virt.enable_ns = counter(CPULAB_A_VIRT_ENABLE_NS);
	state.virt.disable_ns = counter(CPULAB_A_VIRT_DISABLE_NS);
	if (tb[CPULAB_A_VIRT_REQUESTS])
		state.virt.requests = nla_get_u32(tb[CPULAB_A_VIRT_REQUESTS]);
	if (tb[CPULAB_A_VIRT_INJECTION])
		state.virt.armed_injection = nla_get_u8(tb[CPULAB_A_VIRT_INJECTION]);
	if (tb[CPULAB_A_EMERGENCY_CALLBACK]) {
		const uint8_t owner = nla_get_u8(tb[CPULAB_A_EMERGENCY_CALLBACK]);
		if (owner > CPULAB_EMERGENCY_MAX)
			throw ProtocolError("CPU_GET reply has an unknown EMERGENCY_CALLBACK value");
		state.virt.emergency_callback = static_cast<EmergencyOwner>(owner);
	}

	if (tb[CPULAB_A_CACHE_INCOHERENT] && tb[CPULAB_A_CACHE_REASONS]) {
		CacheRecord cache;
		cache.incoherent = nla_get_u8(tb[CPULAB_A_CACHE_INCOHERENT]) != 0;
		cache.reasons = nla_get_u32(tb[CPULAB_A_CACHE_REASONS]);
		cache.wbinvds = counter(CPULAB_A_CACHE_WBINVDS);
		cache.wbinvd_ns = counter(CPULAB_A_CACHE_WBINVD_NS);
		cache.set_ns = counter(CPULAB_A_CACHE_SET_NS);
		cache.clear_ns = counter(CPULAB_A_CACHE_CLEAR_NS);
		state.cache = cache;
	}

	if (tb[CPULAB_A_CR4_AUDITS] && tb[CPULAB_A_CR4_LAST_AUDIT] && tb[CPULAB_A_CR4_FINDING]) {
		Cr4AuditRecord audit;
		audit.audits = counter(CPULAB_A_CR4_AUDITS);
		audit.findings = counter(CPULAB_A_CR4_FINDINGS);
		audit.last_audit = nla_get_u32(tb[CPULAB_A_CR4_LAST_AUDIT]);
		audit.last_audit_ns = counter(CPULAB_A_CR4_LAST_AUDIT_NS);
		audit.audit_cost_ns = counter(CPULAB_A_CR4_AUDIT_COST_NS);
		audit.last_finding = nla_get_u8(tb[CPULAB_A_CR4_FINDING]);
		audit.last_finding_bits = counter(CPULAB_A_CR4_FINDING_BITS);
		audit.last_finding_ns = counter(CPULAB_A_CR4_FINDING_NS);
		audit.pinned_mask = counter(CPULAB_A_CR4_PINNED_MASK);
		audit.pinned_reference = counter(CPULAB_A_CR4_PINNED_REFERENCE);
		if (tb[CPULAB_A_CR4_PERTURBED] && nla_get_u8(tb[CPULAB_A_CR4_PERTURBED])) {
			if (!tb[CPULAB_A_CR4_BIT])
				throw ProtocolError("CPU_GET reply: a perturbed CPU must name its bit");
			audit.perturbed_bit = nla_get_u8(tb[CPULAB_A_CR4_BIT]);
		}
		state.cr4_audit = audit;
	}

	if (state.online != state.cr4.has_value() || state.cr4.has_value() != state.cr4_shadow.has_value())
		throw ProtocolError("CPU_GET reply: register fields must come exactly for online CPUs");
	return state;
}

KernelError parse_error_message(const nlmsghdr *hdr)
{
	if (hdr->nlmsg_len < NLMSG_HDRLEN + sizeof(nlmsgerr))
		throw ProtocolError("truncated netlink error message");
	const auto *err = static_cast<const nlmsgerr *>(NLMSG_DATA(hdr));

	KernelError out;
	out.error = -err->error;
	size_t tlv_offset = NLMSG_HDRLEN + sizeof(nlmsgerr);
	if (!(hdr->nlmsg_flags & NLM_F_CAPPED))
		tlv_offset += NLMSG_ALIGN(err->msg.nlmsg_len) - NLMSG_HDRLEN;
	parse_extack(hdr, tlv_offset, out);
	return out;
}

KernelError parse_done_message(const nlmsghdr *hdr)
{
	KernelError out;
	if (hdr->nlmsg_len < NLMSG_HDRLEN + sizeof(int))
		return out;	// an old-style empty DONE: success
	int error = 0;
	std::memcpy(&error, NLMSG_DATA(hdr), sizeof(error));
	out.error = -error;
	parse_extack(hdr, NLMSG_HDRLEN + sizeof(int), out);
	return out;
}

} // namespace cpulab::netlink
