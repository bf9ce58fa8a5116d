// SPDX-License-Identifier: GPL-2.0
#include "netlink_codec.h"

#include <cstring>
#include <string>

#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "cpulab.h"
#include "protocol_names.h"
#include "protocol_policies.h"

namespace cpulab::netlink {

namespace {

void require(nlattr **tb, std::initializer_list<int> required, const std::string &what)
{
	for (const int type : required)
		if (!tb[type])
			throw ProtocolError(what + " lacks an attribute");
}

// Parses a reply's top level (spec/cpulab.yaml's cpulab set) and checks
// @required are present.
void parse_reply(nl_msg *msg, nlattr **tb, std::initializer_list<int> required, const char *what)
{
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, protocol::cpulab_max, protocol::cpulab_policy()) < 0)
		throw ProtocolError(std::string("malformed ") + what + " reply");
	require(tb, required, std::string(what) + " reply");
}

// Parses a nest of attribute set @max/@policy (the generated
// protocol_policies.h) and checks @required are present.
void parse_nest(nlattr *nest, int max, const nla_policy *policy, nlattr **tb,
		std::initializer_list<int> required, const char *what)
{
	if (nla_parse_nested(tb, max, nest, const_cast<nla_policy *>(policy)) < 0)
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
	// cpulab's cookie is a status number (a u32); shown by its protocol
	// name, and a cookie that is not one is not shown as one.
	if (tb[NLMSGERR_ATTR_COOKIE] && nla_len(tb[NLMSGERR_ATTR_COOKIE]) == sizeof(uint32_t)) {
		const auto name = protocol::name_of(protocol::status_names,
						    nla_get_u32(tb[NLMSGERR_ATTR_COOKIE]));
		if (name)
			out.status = std::string(*name);
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
	nlattr *tb[protocol::stop_cpu_max + 1] = {};
	parse_nest(nest, protocol::stop_cpu_max, protocol::stop_cpu_policy(), tb,
		   {CPULAB_A_STOP_CPU_ID, CPULAB_A_STOP_CPU_STAGE, CPULAB_A_STOP_CPU_CLEAR_NS,
		    CPULAB_A_STOP_CPU_ENTRIES, CPULAB_A_STOP_CPU_NMI_SENT, CPULAB_A_STOP_CPU_WBINVDS,
		    CPULAB_A_STOP_CPU_WBINVD_NS, CPULAB_A_STOP_CPU_VIRT_DISABLED, CPULAB_A_STOP_CPU_LATE},
		   "stop-cpu");
	StopCpuResult cpu;
	cpu.cpu = nla_get_u32(tb[CPULAB_A_STOP_CPU_ID]);
	cpu.stage = nla_get_u8(tb[CPULAB_A_STOP_CPU_STAGE]);
	if (cpu.stage > CPULAB_STOP_STAGE_MAX)
		throw ProtocolError("stop-cpu has an unknown stage");
	cpu.clear_ns = nla_get_u64(tb[CPULAB_A_STOP_CPU_CLEAR_NS]);
	cpu.entries = nla_get_u32(tb[CPULAB_A_STOP_CPU_ENTRIES]);
	cpu.nmi_sent = nla_get_u8(tb[CPULAB_A_STOP_CPU_NMI_SENT]) != 0;
	cpu.wbinvds = nla_get_u32(tb[CPULAB_A_STOP_CPU_WBINVDS]);
	cpu.wbinvd_ns = nla_get_u64(tb[CPULAB_A_STOP_CPU_WBINVD_NS]);
	cpu.virt_disabled = nla_get_u8(tb[CPULAB_A_STOP_CPU_VIRT_DISABLED]) != 0;
	cpu.late = nla_get_u8(tb[CPULAB_A_STOP_CPU_LATE]) != 0;
	return cpu;
}

} // namespace

StopResult parse_stop_reply(nl_msg *msg)
{
	nlattr *top[protocol::cpulab_max + 1] = {};
	parse_reply(msg, top, {CPULAB_A_STOP_RESULT}, "STOP");
	nlattr *tb[protocol::stop_result_max + 1] = {};
	parse_nest(top[CPULAB_A_STOP_RESULT], protocol::stop_result_max, protocol::stop_result_policy(), tb,
		   {CPULAB_A_STOP_RESULT_TARGETS, CPULAB_A_STOP_RESULT_ALL_STOPPED, CPULAB_A_STOP_RESULT_TIME_NS,
		    CPULAB_A_STOP_RESULT_PROCEED_NS, CPULAB_A_STOP_RESULT_VERDICT},
		   "stop-result");
	StopResult result;
	result.targets = nla_get_u32(tb[CPULAB_A_STOP_RESULT_TARGETS]);
	result.all_stopped = nla_get_u8(tb[CPULAB_A_STOP_RESULT_ALL_STOPPED]) != 0;
	result.time_ns = nla_get_u64(tb[CPULAB_A_STOP_RESULT_TIME_NS]);
	result.proceed_ns = nla_get_u64(tb[CPULAB_A_STOP_RESULT_PROCEED_NS]);
	result.verdict = nla_get_u8(tb[CPULAB_A_STOP_RESULT_VERDICT]);
	if (result.verdict > CPULAB_STOP_VERDICT_MAX)
		throw ProtocolError("stop-result has an unknown verdict");
	// The per-target nests repeat one attribute (multi-attr), so the parse
	// above kept only the last: walk them all.
	nlattr *cpu;
	int remaining;
	nla_for_each_nested(cpu, top[CPULAB_A_STOP_RESULT], remaining) {
		if (nla_type(cpu) == CPULAB_A_STOP_RESULT_CPU)
			result.cpus.push_back(parse_stop_cpu(cpu));
	}
	if (result.cpus.size() != result.targets)
		throw ProtocolError("stop-result: one stop-cpu per target expected");
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
	nlattr *tb[protocol::cycle_cpu_max + 1] = {};
	parse_nest(nest, protocol::cycle_cpu_max, protocol::cycle_cpu_policy(), tb,
		   {CPULAB_A_CYCLE_CPU_ID, CPULAB_A_CYCLE_CPU_ATTEMPTS, CPULAB_A_CYCLE_CPU_SUCCESSES,
		    CPULAB_A_CYCLE_CPU_FAILURES, CPULAB_A_CYCLE_CPU_ERRNO, CPULAB_A_CYCLE_CPU_OFFLINE_MIN_NS,
		    CPULAB_A_CYCLE_CPU_OFFLINE_MEDIAN_NS, CPULAB_A_CYCLE_CPU_OFFLINE_MAX_NS,
		    CPULAB_A_CYCLE_CPU_ONLINE_MIN_NS, CPULAB_A_CYCLE_CPU_ONLINE_MEDIAN_NS,
		    CPULAB_A_CYCLE_CPU_ONLINE_MAX_NS},
		   "cycle-cpu");
	CycleCpuStats stats;
	stats.cpu = nla_get_u32(tb[CPULAB_A_CYCLE_CPU_ID]);
	stats.attempts = nla_get_u32(tb[CPULAB_A_CYCLE_CPU_ATTEMPTS]);
	stats.successes = nla_get_u32(tb[CPULAB_A_CYCLE_CPU_SUCCESSES]);
	stats.failures = nla_get_u32(tb[CPULAB_A_CYCLE_CPU_FAILURES]);
	stats.last_errno = nla_get_u32(tb[CPULAB_A_CYCLE_CPU_ERRNO]);
	stats.offline = get_latency(tb, CPULAB_A_CYCLE_CPU_OFFLINE_MIN_NS, CPULAB_A_CYCLE_CPU_OFFLINE_MEDIAN_NS,
				    CPULAB_A_CYCLE_CPU_OFFLINE_MAX_NS);
	stats.online = get_latency(tb, CPULAB_A_CYCLE_CPU_ONLINE_MIN_NS, CPULAB_A_CYCLE_CPU_ONLINE_MEDIAN_NS,
				   CPULAB_A_CYCLE_CPU_ONLINE_MAX_NS);
	return stats;
}

} // namespace

HotplugResult parse_hotplug_reply(nl_msg *msg)
{
	nlattr *tb[protocol::cpulab_max + 1] = {};
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
	nlattr *top[protocol::cpulab_max + 1] = {};
	parse_reply(msg, top, {CPULAB_A_CYCLE_RESULT}, "CPU_CYCLE");
	nlattr *tb[protocol::cycle_result_max + 1] = {};
	parse_nest(top[CPULAB_A_CYCLE_RESULT], protocol::cycle_result_max, protocol::cycle_result_policy(), tb,
		   {CPULAB_A_CYCLE_RESULT_INTERRUPTED}, "cycle-result");
	CycleResult result;
	result.interrupted = nla_get_u8(tb[CPULAB_A_CYCLE_RESULT_INTERRUPTED]) != 0;
	nlattr *cpu;
	int remaining;
	nla_for_each_nested(cpu, top[CPULAB_A_CYCLE_RESULT], remaining) {
		if (nla_type(cpu) == CPULAB_A_CYCLE_RESULT_CPU)
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
	nlattr *tb[protocol::cpulab_max + 1] = {};
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
	nlattr *tb[protocol::cpulab_max + 1] = {};
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
	nlattr *top[protocol::cpulab_max + 1] = {};
	if (genl->cmd != CPULAB_CMD_EVENT ||
	    genlmsg_parse(nlmsg_hdr(msg), 0, top, protocol::cpulab_max, protocol::cpulab_policy()) < 0 ||
	    !top[CPULAB_A_EVENT])
		throw ProtocolError("malformed EVENT message");
	nlattr *tb[protocol::event_max + 1] = {};
	parse_nest(top[CPULAB_A_EVENT], protocol::event_max, protocol::event_policy(), tb,
		   {CPULAB_A_EVENT_TYPE, CPULAB_A_EVENT_SEQ, CPULAB_A_EVENT_TIME_NS}, "event");

	Event event;
	event.seq = nla_get_u64(tb[CPULAB_A_EVENT_SEQ]);
	event.time_ns = nla_get_u64(tb[CPULAB_A_EVENT_TIME_NS]);
	if (tb[CPULAB_A_EVENT_CPU])
		event.cpu = nla_get_u32(tb[CPULAB_A_EVENT_CPU]);
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
		require(tb, {CPULAB_A_EVENT_VIRT_STATE_OLD, CPULAB_A_EVENT_VIRT_STATE, CPULAB_A_EVENT_VIRT_ERROR_NAME},
			"virt event");
		const auto old_state = decode_virt_state(nla_get_u8(tb[CPULAB_A_EVENT_VIRT_STATE_OLD]));
		const auto new_state = decode_virt_state(nla_get_u8(tb[CPULAB_A_EVENT_VIRT_STATE]));
		if (!old_state || !new_state)
			throw ProtocolError("virt event has an unknown state");
		event.virt_old = *old_state;
		event.virt_new = *new_state;
		event.virt_error = nla_get_string(tb[CPULAB_A_EVENT_VIRT_ERROR_NAME]);
		if (tb[CPULAB_A_EVENT_VIRT_ERRNO])
			event.virt_errno = nla_get_u32(tb[CPULAB_A_EVENT_VIRT_ERRNO]);
		break;
	}
	case CPULAB_EVENT_CACHE:
		event.type = EventType::cache;
		require(tb, {CPULAB_A_EVENT_CACHE_REASONS_OLD, CPULAB_A_EVENT_CACHE_REASONS}, "cache event");
		event.cache_reasons_old = nla_get_u32(tb[CPULAB_A_EVENT_CACHE_REASONS_OLD]);
		event.cache_reasons = nla_get_u32(tb[CPULAB_A_EVENT_CACHE_REASONS]);
		break;
	case CPULAB_EVENT_STOP:
		event.type = EventType::stop;
		require(tb, {CPULAB_A_EVENT_STOP_STAGE, CPULAB_A_EVENT_STOP_CLEAR_NS}, "stop event");
		event.stop_stage = nla_get_u8(tb[CPULAB_A_EVENT_STOP_STAGE]);
		event.stop_clear_ns = nla_get_u64(tb[CPULAB_A_EVENT_STOP_CLEAR_NS]);
		break;
	case CPULAB_EVENT_CR4:
		event.type = EventType::cr4;
		// No shadow where the kernel keeps it from modules (7.x).
		require(tb, {CPULAB_A_EVENT_CR4_FINDING, CPULAB_A_EVENT_CR4_FINDING_BITS, CPULAB_A_EVENT_CR4},
			"cr4 event");
		event.cr4_finding = nla_get_u8(tb[CPULAB_A_EVENT_CR4_FINDING]);
		if (event.cr4_finding > CPULAB_CR4_FINDING_MAX)
			throw ProtocolError("cr4 event has an unknown finding");
		event.cr4_finding_bits = nla_get_u64(tb[CPULAB_A_EVENT_CR4_FINDING_BITS]);
		event.cr4 = nla_get_u64(tb[CPULAB_A_EVENT_CR4]);
		if (tb[CPULAB_A_EVENT_CR4_SHADOW])
			event.cr4_shadow = nla_get_u64(tb[CPULAB_A_EVENT_CR4_SHADOW]);
		break;
	case CPULAB_EVENT_LOST:
		event.type = EventType::lost;
		require(tb, {CPULAB_A_EVENT_LOST}, "lost event");
		event.lost = nla_get_u64(tb[CPULAB_A_EVENT_LOST]);
		break;
	default:
		throw ProtocolError("event has an unknown type");
	}
	if (event.type != EventType::lost && !event.cpu)
		throw ProtocolError("event lacks its CPU");
	return event;
}

namespace {

// The virt nest: present for every possible CPU.
void parse_virt(nlattr *nest, CpuState &state)
{
	nlattr *tb[protocol::virt_max + 1] = {};
	parse_nest(nest, protocol::virt_max, protocol::virt_policy(), tb,
		   {CPULAB_A_VIRT_STATE, CPULAB_A_VIRT_ERROR_NAME}, "virt");
	if (tb[CPULAB_A_VIRT_CAP]) {
		state.virt_capability = decode_virt_capability(nla_get_u8(tb[CPULAB_A_VIRT_CAP]));
		if (!state.virt_capability)
			throw ProtocolError("virt nest has an unknown cap value");
	}
	const auto virt_state = decode_virt_state(nla_get_u8(tb[CPULAB_A_VIRT_STATE]));
	if (!virt_state)
		throw ProtocolError("virt nest has an unknown state value");
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
	if (tb[CPULAB_A_VIRT_EMERGENCY_CALLBACK]) {
		const uint8_t owner = nla_get_u8(tb[CPULAB_A_VIRT_EMERGENCY_CALLBACK]);
		if (owner > CPULAB_EMERGENCY_MAX)
			throw ProtocolError("virt nest has an unknown emergency-callback value");
		state.virt.emergency_callback = static_cast<EmergencyOwner>(owner);
	}
}

CacheRecord parse_cache(nlattr *nest)
{
	nlattr *tb[protocol::cache_max + 1] = {};
	parse_nest(nest, protocol::cache_max, protocol::cache_policy(), tb,
		   {CPULAB_A_CACHE_INCOHERENT, CPULAB_A_CACHE_REASONS}, "cache");
	const auto counter = [&tb](int type) { return tb[type] ? nla_get_u64(tb[type]) : 0; };
	CacheRecord cache;
	cache.incoherent = nla_get_u8(tb[CPULAB_A_CACHE_INCOHERENT]) != 0;
	cache.reasons = nla_get_u32(tb[CPULAB_A_CACHE_REASONS]);
	cache.wbinvds = counter(CPULAB_A_CACHE_WBINVDS);
	cache.wbinvd_ns = counter(CPULAB_A_CACHE_WBINVD_NS);
	cache.set_ns = counter(CPULAB_A_CACHE_SET_NS);
	cache.clear_ns = counter(CPULAB_A_CACHE_CLEAR_NS);
	return cache;
}

Cr4AuditRecord parse_cr4_audit(nlattr *nest)
{
	nlattr *tb[protocol::cr4_audit_max + 1] = {};
	parse_nest(nest, protocol::cr4_audit_max, protocol::cr4_audit_policy(), tb,
		   {CPULAB_A_AUDIT_RUNS, CPULAB_A_AUDIT_LAST, CPULAB_A_AUDIT_FINDING}, "cr4-audit");
	const auto counter = [&tb](int type) { return tb[type] ? nla_get_u64(tb[type]) : 0; };
	Cr4AuditRecord audit;
	audit.audits = counter(CPULAB_A_AUDIT_RUNS);
	audit.findings = counter(CPULAB_A_AUDIT_FINDINGS);
	audit.last_audit = nla_get_u32(tb[CPULAB_A_AUDIT_LAST]);
	audit.last_audit_ns = counter(CPULAB_A_AUDIT_LAST_NS);
	audit.audit_cost_ns = counter(CPULAB_A_AUDIT_COST_NS);
	audit.last_finding = nla_get_u8(tb[CPULAB_A_AUDIT_FINDING]);
	audit.last_finding_bits = counter(CPULAB_A_AUDIT_FINDING_BITS);
	audit.last_finding_ns = counter(CPULAB_A_AUDIT_FINDING_NS);
	audit.pinned_mask = counter(CPULAB_A_AUDIT_PINNED_MASK);
	audit.pinned_reference = counter(CPULAB_A_AUDIT_PINNED_REFERENCE);
	if (tb[CPULAB_A_AUDIT_PERTURBED] && nla_get_u8(tb[CPULAB_A_AUDIT_PERTURBED])) {
		if (!tb[CPULAB_A_AUDIT_PERTURBED_BIT])
			throw ProtocolError("cr4-audit: a perturbed CPU must name its bit");
		audit.perturbed_bit = nla_get_u8(tb[CPULAB_A_AUDIT_PERTURBED_BIT]);
	}
	return audit;
}

} // namespace

CpuState parse_cpu_state(nl_msg *msg)
{
	nlattr *tb[protocol::cpulab_max + 1] = {};
	parse_reply(msg, tb, {CPULAB_A_CPU, CPULAB_A_ONLINE, CPULAB_A_VIRT}, "CPU_GET");

	CpuState state;
	state.cpu = nla_get_u32(tb[CPULAB_A_CPU]);
	state.online = nla_get_u8(tb[CPULAB_A_ONLINE]) != 0;
	if (tb[CPULAB_A_CR4])
		state.cr4 = nla_get_u64(tb[CPULAB_A_CR4]);
	if (tb[CPULAB_A_CR4_SHADOW])
		state.cr4_shadow = nla_get_u64(tb[CPULAB_A_CR4_SHADOW]);
	parse_virt(tb[CPULAB_A_VIRT], state);
	if (tb[CPULAB_A_CACHE])
		state.cache = parse_cache(tb[CPULAB_A_CACHE]);
	if (tb[CPULAB_A_CR4_AUDIT])
		state.cr4_audit = parse_cr4_audit(tb[CPULAB_A_CR4_AUDIT]);

	// The shadow comes with CR4 where the kernel lets a module read it.
	if (state.online != state.cr4.has_value() || (state.cr4_shadow && !state.cr4) ||
	    state.cr4.has_value() != state.virt_capability.has_value())
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
