// SPDX-License-Identifier: GPL-2.0
// The codec against real libnl nl_msg objects, built the way the kernel
// builds them.
#include <cstring>
#include <functional>
#include <optional>
#include <vector>

#include <gtest/gtest.h>
#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "cpulab.h"
#include "netlink_codec.h"

namespace {

using cpulab::CpuState;
using cpulab::VirtCapability;
using namespace cpulab::netlink;

constexpr int family_id = 0x1d;

// A CPU_GET reply as cpulab_put_cpu() builds it: the top level, then the
// virt nest every real reply has (with cap only for an online CPU), then
// whatever @more adds.
struct CpuReply {
	uint32_t cpu = 3;
	bool online = false;
	std::optional<uint64_t> cr4, cr4_shadow;
	std::optional<uint8_t> cap;
	bool with_virt = true;
	uint8_t virt_state = CPULAB_VIRT_STATE_FAILED;
	std::optional<uint8_t> emergency;
};

NlMsgPtr cpu_reply(const CpuReply &r, const std::function<void(nl_msg *)> &more = {})
{
	NlMsgPtr msg(nlmsg_alloc());
	genlmsg_put(msg.get(), 0, 1, family_id, 0, NLM_F_MULTI, CPULAB_CMD_CPU_GET, CPULAB_FAMILY_VERSION);
	nla_put_u32(msg.get(), CPULAB_A_CPU, r.cpu);
	nla_put_u8(msg.get(), CPULAB_A_ONLINE, r.online);
	if (r.cr4)
		nla_put_u64(msg.get(), CPULAB_A_CR4, *r.cr4);
	if (r.cr4_shadow)
		nla_put_u64(msg.get(), CPULAB_A_CR4_SHADOW, *r.cr4_shadow);
	if (r.with_virt) {
		nlattr *virt = nla_nest_start(msg.get(), CPULAB_A_VIRT);
		if (r.cap)
			nla_put_u8(msg.get(), CPULAB_A_VIRT_CAP, *r.cap);
		nla_put_u8(msg.get(), CPULAB_A_VIRT_STATE, r.virt_state);
		nla_put_u8(msg.get(), CPULAB_A_VIRT_ERROR, CPULAB_VIRT_ERROR_VMFAIL_INVALID);
		nla_put_string(msg.get(), CPULAB_A_VIRT_ERROR_NAME, "vmfail-invalid");
		nla_put_u32(msg.get(), CPULAB_A_VIRT_ERRNO, 5);
		nla_put_u64(msg.get(), CPULAB_A_VIRT_ENABLES, 3);
		nla_put_u64(msg.get(), CPULAB_A_VIRT_DISABLES, 2);
		nla_put_u64(msg.get(), CPULAB_A_VIRT_ENABLE_NS, 1500);
		nla_put_u64(msg.get(), CPULAB_A_VIRT_DISABLE_NS, 900);
		nla_put_u32(msg.get(), CPULAB_A_VIRT_REQUESTS, 2);
		if (r.emergency)
			nla_put_u8(msg.get(), CPULAB_A_VIRT_EMERGENCY_CALLBACK, *r.emergency);
		nla_nest_end(msg.get(), virt);
	}
	if (more)
		more(msg.get());
	return msg;
}

CpuReply online_cpu()
{
	CpuReply r;
	r.online = true;
	r.cr4 = r.cr4_shadow = 0x3506f0;
	r.cap = CPULAB_VIRT_CAP_VMX;
	return r;
}

TEST(NetlinkCodec, DoRequestCarriesCpu)
{
	NlMsgPtr msg = build_cpu_get_request(family_id, 7);
	nlmsghdr *hdr = nlmsg_hdr(msg.get());
	EXPECT_EQ(hdr->nlmsg_type, family_id);
	EXPECT_EQ(hdr->nlmsg_flags & NLM_F_DUMP, 0);
	auto *genl = static_cast<genlmsghdr *>(nlmsg_data(hdr));
	EXPECT_EQ(genl->cmd, CPULAB_CMD_CPU_GET);
	EXPECT_EQ(genl->version, CPULAB_FAMILY_VERSION);
	EXPECT_EQ(genl->reserved, 0);	// the kernel validates it (resv_start_op 0)
	nlattr *cpu = nlmsg_find_attr(hdr, GENL_HDRLEN, CPULAB_A_CPU);
	ASSERT_NE(cpu, nullptr);
	EXPECT_EQ(nla_len(cpu), 4);
	EXPECT_EQ(nla_get_u32(cpu), 7u);
}

TEST(NetlinkCodec, DumpRequestHasDumpFlagAndNoAttributes)
{
	NlMsgPtr msg = build_cpu_get_request(family_id, std::nullopt);
	nlmsghdr *hdr = nlmsg_hdr(msg.get());
	EXPECT_EQ(hdr->nlmsg_flags & NLM_F_DUMP, NLM_F_DUMP);
	EXPECT_EQ(genlmsg_attrlen(static_cast<genlmsghdr *>(nlmsg_data(hdr)), 0), 0);
}

TEST(NetlinkCodec, VirtRequestCarriesCpuBitmapAndAsksForAck)
{
	NlMsgPtr msg = build_virt_request(family_id, false, {0, 3, 9});
	nlmsghdr *hdr = nlmsg_hdr(msg.get());
	EXPECT_EQ(hdr->nlmsg_flags & NLM_F_ACK, NLM_F_ACK);
	EXPECT_EQ(static_cast<genlmsghdr *>(nlmsg_data(hdr))->cmd, CPULAB_CMD_VIRT_DISABLE);
	nlattr *cpus = nlmsg_find_attr(hdr, GENL_HDRLEN, CPULAB_A_CPUS);
	ASSERT_NE(cpus, nullptr);
	ASSERT_EQ(nla_len(cpus), 2);
	const auto *bits = static_cast<const uint8_t *>(nla_data(cpus));
	EXPECT_EQ(bits[0], 0x09);	// CPUs 0 and 3
	EXPECT_EQ(bits[1], 0x02);	// CPU 9
}

TEST(NetlinkCodec, VirtRequestWithoutCpusMeansAll)
{
	NlMsgPtr msg = build_virt_request(family_id, true, {});
	nlmsghdr *hdr = nlmsg_hdr(msg.get());
	EXPECT_EQ(static_cast<genlmsghdr *>(nlmsg_data(hdr))->cmd, CPULAB_CMD_VIRT_ENABLE);
	EXPECT_EQ(nlmsg_find_attr(hdr, GENL_HDRLEN, CPULAB_A_CPUS), nullptr);
}

TEST(NetlinkCodec, InjectRequestCarriesCpuAndClass)
{
	NlMsgPtr msg = build_inject_request(family_id, 5, CPULAB_INJECT_VMX_VMXE_CLEAR);
	nlmsghdr *hdr = nlmsg_hdr(msg.get());
	EXPECT_EQ(hdr->nlmsg_flags & NLM_F_ACK, NLM_F_ACK);
	EXPECT_EQ(static_cast<genlmsghdr *>(nlmsg_data(hdr))->cmd, CPULAB_CMD_INJECT);
	nlattr *cpu = nlmsg_find_attr(hdr, GENL_HDRLEN, CPULAB_A_CPU);
	nlattr *injection = nlmsg_find_attr(hdr, GENL_HDRLEN, CPULAB_A_INJECT_CLASS);
	ASSERT_NE(cpu, nullptr);
	ASSERT_NE(injection, nullptr);
	EXPECT_EQ(nla_get_u32(cpu), 5u);
	EXPECT_EQ(nla_get_u8(injection), CPULAB_INJECT_VMX_VMXE_CLEAR);
}

TEST(NetlinkCodec, InjectClassNamesRoundTrip)
{
	for (uint8_t injection = 1; injection <= CPULAB_INJECT_MAX; injection++)
		EXPECT_EQ(cpulab::inject_class_by_name(cpulab::inject_class_name(injection)), injection);
	EXPECT_EQ(cpulab::inject_class_by_name("none"), 0);
	EXPECT_EQ(cpulab::inject_class_by_name("bogus"), 0);
}

TEST(NetlinkCodec, ParsesOnlineCpu)
{
	const CpuState state = parse_cpu_state(cpu_reply(online_cpu()).get());
	EXPECT_EQ(state.cpu, 3u);
	EXPECT_TRUE(state.online);
	EXPECT_EQ(state.cr4, 0x3506f0u);
	EXPECT_EQ(state.cr4_shadow, 0x3506f0u);
	EXPECT_EQ(state.virt_capability, VirtCapability::vmx);
	EXPECT_EQ(state.virt.state, cpulab::VirtState::failed);
	EXPECT_EQ(state.virt.error, "vmfail-invalid");
	EXPECT_EQ(state.virt.error_errno, 5u);
	EXPECT_EQ(state.virt.enables, 3u);
	EXPECT_EQ(state.virt.disables, 2u);
	EXPECT_EQ(state.virt.enable_ns, 1500u);
	EXPECT_EQ(state.virt.disable_ns, 900u);
	EXPECT_EQ(state.virt.requests, 2u);
	EXPECT_FALSE(state.virt.emergency_callback.has_value());
	EXPECT_FALSE(state.cache.has_value());
	EXPECT_FALSE(state.cr4_audit.has_value());
}

TEST(NetlinkCodec, ParsesEmergencyOwner)
{
	CpuReply r;
	r.emergency = CPULAB_EMERGENCY_YIELDED;
	EXPECT_EQ(parse_cpu_state(cpu_reply(r).get()).virt.emergency_callback, cpulab::EmergencyOwner::yielded);
	r.emergency = CPULAB_EMERGENCY_MAX + 1;
	EXPECT_THROW(parse_cpu_state(cpu_reply(r).get()), ProtocolError);
}

// An audit nest as cpulab_put_cr4_audit() builds it.
void put_cr4_audit(nl_msg *msg, bool perturbed, bool with_bit)
{
	nlattr *audit = nla_nest_start(msg, CPULAB_A_CR4_AUDIT);
	nla_put_u64(msg, CPULAB_A_AUDIT_RUNS, 4);
	nla_put_u64(msg, CPULAB_A_AUDIT_FINDINGS, 1);
	nla_put_u32(msg, CPULAB_A_AUDIT_LAST, 1u << CPULAB_CR4_FINDING_SHADOW_MISMATCH);
	nla_put_u8(msg, CPULAB_A_AUDIT_FINDING, CPULAB_CR4_FINDING_SHADOW_MISMATCH);
	nla_put_u64(msg, CPULAB_A_AUDIT_FINDING_BITS, 1u << CPULAB_CR4_PERTURBABLE_BIT);
	nla_put_u64(msg, CPULAB_A_AUDIT_PINNED_MASK, 0x3100000);
	nla_put_u8(msg, CPULAB_A_AUDIT_PERTURBED, perturbed);
	if (with_bit)
		nla_put_u8(msg, CPULAB_A_AUDIT_PERTURBED_BIT, CPULAB_CR4_PERTURBABLE_BIT);
	nla_nest_end(msg, audit);
}

TEST(NetlinkCodec, ParsesCr4AuditRecord)
{
	const CpuState state = parse_cpu_state(
		cpu_reply(online_cpu(), [](nl_msg *msg) { put_cr4_audit(msg, true, true); }).get());
	ASSERT_TRUE(state.cr4_audit.has_value());
	EXPECT_EQ(state.cr4_audit->audits, 4u);
	EXPECT_EQ(state.cr4_audit->findings, 1u);
	EXPECT_EQ(state.cr4_audit->last_finding, CPULAB_CR4_FINDING_SHADOW_MISMATCH);
	EXPECT_EQ(state.cr4_audit->pinned_mask, 0x3100000u);
	EXPECT_EQ(state.cr4_audit->perturbed_bit, CPULAB_CR4_PERTURBABLE_BIT);
	// Perturbed, but which bit is not said.
	EXPECT_THROW(parse_cpu_state(
			     cpu_reply(online_cpu(), [](nl_msg *msg) { put_cr4_audit(msg, true, false); }).get()),
		     ProtocolError);
}

// An event as cpulab_put_event() builds it: its nest, with what @more adds.
NlMsgPtr event_message(uint8_t type, const std::function<void(nl_msg *)> &more = {})
{
	NlMsgPtr msg(nlmsg_alloc());
	genlmsg_put(msg.get(), 0, 0, family_id, 0, 0, CPULAB_CMD_EVENT, CPULAB_FAMILY_VERSION);
	nlattr *event = nla_nest_start(msg.get(), CPULAB_A_EVENT);
	nla_put_u8(msg.get(), CPULAB_A_EVENT_TYPE, type);
	nla_put_u64(msg.get(), CPULAB_A_EVENT_SEQ, 7);
	nla_put_u64(msg.get(), CPULAB_A_EVENT_TIME_NS, 123456);
	if (more)
		more(msg.get());
	nla_nest_end(msg.get(), event);
	return msg;
}

TEST(NetlinkCodec, ParsesVirtEvent)
{
	NlMsgPtr msg = event_message(CPULAB_EVENT_VIRT, [](nl_msg *m) {
		nla_put_u32(m, CPULAB_A_EVENT_CPU, 3);
		nla_put_u8(m, CPULAB_A_EVENT_CAUSE, CPULAB_CAUSE_SUSPEND);
		nla_put_u8(m, CPULAB_A_EVENT_VIRT_STATE_OLD, CPULAB_VIRT_STATE_ON);
		nla_put_u8(m, CPULAB_A_EVENT_VIRT_STATE, CPULAB_VIRT_STATE_OFF);
		nla_put_u8(m, CPULAB_A_EVENT_VIRT_ERROR, CPULAB_VIRT_ERROR_NONE);
		nla_put_string(m, CPULAB_A_EVENT_VIRT_ERROR_NAME, "none");
		nla_put_u32(m, CPULAB_A_EVENT_VIRT_ERRNO, 0);
	});
	const cpulab::Event event = parse_event(msg.get());
	EXPECT_EQ(event.type, cpulab::EventType::virt);
	EXPECT_EQ(event.seq, 7u);
	EXPECT_EQ(event.time_ns, 123456u);
	EXPECT_EQ(event.cpu, 3u);
	EXPECT_EQ(event.cause, "suspend");
	EXPECT_EQ(event.virt_old, cpulab::VirtState::on);
	EXPECT_EQ(event.virt_new, cpulab::VirtState::off);
	EXPECT_EQ(event.virt_error, "none");
}

TEST(NetlinkCodec, ParsesLostAndHotplugEvents)
{
	NlMsgPtr lost = event_message(CPULAB_EVENT_LOST, [](nl_msg *m) { nla_put_u64(m, CPULAB_A_EVENT_LOST, 12); });
	EXPECT_EQ(parse_event(lost.get()).lost, 12u);
	EXPECT_FALSE(parse_event(lost.get()).cpu.has_value());

	NlMsgPtr offline = event_message(CPULAB_EVENT_CPU_OFFLINE, [](nl_msg *m) {
		nla_put_u32(m, CPULAB_A_EVENT_CPU, 1);
		nla_put_u8(m, CPULAB_A_EVENT_CAUSE, CPULAB_CAUSE_HOTPLUG);
	});
	EXPECT_EQ(parse_event(offline.get()).type, cpulab::EventType::cpu_offline);
	EXPECT_EQ(parse_event(offline.get()).cause, "hotplug");
}

TEST(NetlinkCodec, StopRequestSpellsOutEveryKnob)
{
	cpulab::StopParams params;
	params.mode = CPULAB_STOP_MODE_NMI;
	params.ordering = CPULAB_STOP_ORDERING_HARDENED;
	params.wbinvd_delay_us = 20000;
	NlMsgPtr msg = build_stop_request(family_id, params);
	nlattr *tb[CPULAB_A_MAX + 1] = {};
	ASSERT_EQ(genlmsg_parse(nlmsg_hdr(msg.get()), 0, tb, CPULAB_A_MAX, nullptr), 0);
	EXPECT_EQ(nla_get_u8(tb[CPULAB_A_STOP_MODE]), CPULAB_STOP_MODE_NMI);
	EXPECT_EQ(nla_get_u8(tb[CPULAB_A_STOP_ORDERING]), CPULAB_STOP_ORDERING_HARDENED);
	EXPECT_EQ(nla_get_u32(tb[CPULAB_A_STOP_WBINVD_DELAY_US]), 20000u);
	EXPECT_EQ(nla_get_u32(tb[CPULAB_A_STOP_IPI_TIMEOUT_MS]), 10u);
	EXPECT_EQ(nlmsg_hdr(msg.get())->nlmsg_flags & NLM_F_ACK, 0);
	// No hold unless asked: a module from before the knob would refuse it.
	EXPECT_EQ(tb[CPULAB_A_STOP_HOLD_MS], nullptr);
	params.hold_ms = 300;
	msg = build_stop_request(family_id, params);
	ASSERT_EQ(genlmsg_parse(nlmsg_hdr(msg.get()), 0, tb, CPULAB_A_MAX, nullptr), 0);
	ASSERT_NE(tb[CPULAB_A_STOP_HOLD_MS], nullptr);
	EXPECT_EQ(nla_get_u32(tb[CPULAB_A_STOP_HOLD_MS]), 300u);
}

// A STOP reply as cpulab_put_stop_result() builds it: one stop-cpu nest
// (CPU 3) whatever @targets says.
NlMsgPtr stop_reply(uint32_t targets, uint8_t stage, uint8_t verdict = CPULAB_STOP_VERDICT_STOPPED)
{
	NlMsgPtr msg(nlmsg_alloc());
	genlmsg_put(msg.get(), 0, 1, family_id, 0, 0, CPULAB_CMD_STOP, CPULAB_FAMILY_VERSION);
	nlattr *result = nla_nest_start(msg.get(), CPULAB_A_STOP_RESULT);
	nla_put_u32(msg.get(), CPULAB_A_STOP_RESULT_TARGETS, targets);
	nla_put_u8(msg.get(), CPULAB_A_STOP_RESULT_ALL_STOPPED, 1);
	nla_put_u64(msg.get(), CPULAB_A_STOP_RESULT_TIME_NS, 5000);
	nla_put_u64(msg.get(), CPULAB_A_STOP_RESULT_PROCEED_NS, 6000);
	nla_put_u8(msg.get(), CPULAB_A_STOP_RESULT_VERDICT, verdict);
	nlattr *cpu = nla_nest_start(msg.get(), CPULAB_A_STOP_RESULT_CPU);
	nla_put_u32(msg.get(), CPULAB_A_STOP_CPU_ID, 3);
	nla_put_u8(msg.get(), CPULAB_A_STOP_CPU_STAGE, stage);
	nla_put_u64(msg.get(), CPULAB_A_STOP_CPU_CLEAR_NS, 5000);
	nla_put_u32(msg.get(), CPULAB_A_STOP_CPU_ENTRIES, 1);
	nla_put_u8(msg.get(), CPULAB_A_STOP_CPU_NMI_SENT, 0);
	nla_put_u32(msg.get(), CPULAB_A_STOP_CPU_WBINVDS, 1);
	nla_put_u64(msg.get(), CPULAB_A_STOP_CPU_WBINVD_NS, 700);
	nla_put_u8(msg.get(), CPULAB_A_STOP_CPU_VIRT_DISABLED, 1);
	nla_put_u8(msg.get(), CPULAB_A_STOP_CPU_LATE, 0);
	nla_nest_end(msg.get(), cpu);
	nla_nest_end(msg.get(), result);
	return msg;
}

TEST(NetlinkCodec, ParsesStopReply)
{
	const cpulab::StopResult result = parse_stop_reply(stop_reply(1, CPULAB_STOP_STAGE_IPI).get());
	EXPECT_TRUE(result.all_stopped);
	EXPECT_EQ(result.proceed_ns, 6000u);
	ASSERT_EQ(result.cpus.size(), 1u);
	EXPECT_EQ(result.cpus[0].cpu, 3u);
	EXPECT_EQ(result.cpus[0].stage, CPULAB_STOP_STAGE_IPI);
	EXPECT_TRUE(result.cpus[0].virt_disabled);
	EXPECT_EQ(result.cpus[0].wbinvd_ns, 700u);
	// One result per target, and known stages only.
	EXPECT_THROW(parse_stop_reply(stop_reply(2, CPULAB_STOP_STAGE_IPI).get()), ProtocolError);
	EXPECT_THROW(parse_stop_reply(stop_reply(1, CPULAB_STOP_STAGE_MAX + 1).get()), ProtocolError);
}

TEST(NetlinkCodec, StopVerdictMustBeKnown)
{
	const uint8_t ipi = CPULAB_STOP_STAGE_IPI;
	EXPECT_EQ(parse_stop_reply(stop_reply(1, ipi, CPULAB_STOP_VERDICT_TIMED_OUT).get()).verdict,
		  CPULAB_STOP_VERDICT_TIMED_OUT);
	EXPECT_EQ(parse_stop_reply(stop_reply(1, ipi, CPULAB_STOP_VERDICT_RACE).get()).verdict,
		  CPULAB_STOP_VERDICT_RACE);
	EXPECT_THROW(parse_stop_reply(stop_reply(1, ipi, CPULAB_STOP_VERDICT_MAX + 1).get()), ProtocolError);
}

// A CPU_CYCLE reply as cpulab_put_cycle() builds it, one cycle-cpu per CPU.
NlMsgPtr cycle_reply(std::initializer_list<uint32_t> cpus)
{
	NlMsgPtr msg(nlmsg_alloc());
	genlmsg_put(msg.get(), 0, 1, family_id, 0, 0, CPULAB_CMD_CPU_CYCLE, CPULAB_FAMILY_VERSION);
	nlattr *result = nla_nest_start(msg.get(), CPULAB_A_CYCLE_RESULT);
	nla_put_u8(msg.get(), CPULAB_A_CYCLE_RESULT_INTERRUPTED, 0);
	for (const uint32_t id : cpus) {
		nlattr *cpu = nla_nest_start(msg.get(), CPULAB_A_CYCLE_RESULT_CPU);
		nla_put_u32(msg.get(), CPULAB_A_CYCLE_CPU_ID, id);
		for (const int count : {CPULAB_A_CYCLE_CPU_ATTEMPTS, CPULAB_A_CYCLE_CPU_SUCCESSES})
			nla_put_u32(msg.get(), count, 2);
		for (const int count : {CPULAB_A_CYCLE_CPU_FAILURES, CPULAB_A_CYCLE_CPU_ERRNO})
			nla_put_u32(msg.get(), count, 0);
		for (const int ns : {CPULAB_A_CYCLE_CPU_OFFLINE_MIN_NS, CPULAB_A_CYCLE_CPU_OFFLINE_MEDIAN_NS,
				     CPULAB_A_CYCLE_CPU_OFFLINE_MAX_NS, CPULAB_A_CYCLE_CPU_ONLINE_MIN_NS,
				     CPULAB_A_CYCLE_CPU_ONLINE_MEDIAN_NS, CPULAB_A_CYCLE_CPU_ONLINE_MAX_NS})
			nla_put_u64(msg.get(), ns, 1000 * id + ns);
		nla_nest_end(msg.get(), cpu);
	}
	nla_nest_end(msg.get(), result);
	return msg;
}

TEST(NetlinkCodec, ParsesCycleReplyWithEveryCpu)
{
	const cpulab::CycleResult result = parse_cycle_reply(cycle_reply({1, 2, 3}).get());
	EXPECT_FALSE(result.interrupted);
	ASSERT_EQ(result.cpus.size(), 3u);
	EXPECT_EQ(result.cpus[2].cpu, 3u);
	EXPECT_EQ(result.cpus[2].successes, 2u);
	EXPECT_EQ(result.cpus[1].online.max_ns, 2000u + CPULAB_A_CYCLE_CPU_ONLINE_MAX_NS);
}

TEST(NetlinkCodec, ParsesCacheRecordAndCacheEvents)
{
	const CpuState state = parse_cpu_state(cpu_reply(CpuReply{}, [](nl_msg *msg) {
						       nlattr *cache = nla_nest_start(msg, CPULAB_A_CACHE);
						       nla_put_u8(msg, CPULAB_A_CACHE_INCOHERENT, 1);
						       nla_put_u32(msg, CPULAB_A_CACHE_REASONS,
								   CPULAB_CACHE_REASON_MARKED);
						       nla_put_u64(msg, CPULAB_A_CACHE_WBINVDS, 4);
						       nla_nest_end(msg, cache);
					       }).get());
	ASSERT_TRUE(state.cache.has_value());
	EXPECT_TRUE(state.cache->incoherent);
	EXPECT_EQ(state.cache->wbinvds, 4u);
	EXPECT_EQ(cpulab::cache_reasons_text(state.cache->reasons), "marked");

	NlMsgPtr event = event_message(CPULAB_EVENT_CACHE, [](nl_msg *m) {
		nla_put_u32(m, CPULAB_A_EVENT_CPU, 1);
		nla_put_u8(m, CPULAB_A_EVENT_CAUSE, CPULAB_CAUSE_FLUSH);
		nla_put_u32(m, CPULAB_A_EVENT_CACHE_REASONS_OLD, CPULAB_CACHE_REASON_MARKED);
		nla_put_u32(m, CPULAB_A_EVENT_CACHE_REASONS, 0);
	});
	const cpulab::Event parsed = parse_event(event.get());
	EXPECT_EQ(parsed.type, cpulab::EventType::cache);
	EXPECT_EQ(parsed.cause, "flush");
	EXPECT_EQ(parsed.cache_reasons_old, uint32_t{CPULAB_CACHE_REASON_MARKED});
}

TEST(NetlinkCodec, RejectsMalformedEvents)
{
	EXPECT_THROW(parse_event(event_message(CPULAB_EVENT_MAX + 1).get()), ProtocolError);
	// A CPU event without its CPU, a LOST without its count, a virt
	// event without its states.
	EXPECT_THROW(parse_event(event_message(CPULAB_EVENT_CPU_ONLINE).get()), ProtocolError);
	EXPECT_THROW(parse_event(event_message(CPULAB_EVENT_LOST).get()), ProtocolError);
	EXPECT_THROW(parse_event(event_message(CPULAB_EVENT_VIRT, [](nl_msg *m) {
				 nla_put_u32(m, CPULAB_A_EVENT_CPU, 0);
			 }).get()),
		     ProtocolError);
	// An event's attributes outside its nest are not an event.
	NlMsgPtr flat(nlmsg_alloc());
	genlmsg_put(flat.get(), 0, 0, family_id, 0, 0, CPULAB_CMD_EVENT, CPULAB_FAMILY_VERSION);
	nla_put_u8(flat.get(), CPULAB_A_EVENT_TYPE, CPULAB_EVENT_CPU_ONLINE);
	EXPECT_THROW(parse_event(flat.get()), ProtocolError);
	// A CPU_GET reply is not an event.
	EXPECT_THROW(parse_event(cpu_reply(CpuReply{}).get()), ProtocolError);
}

TEST(NetlinkCodec, ParsesOfflineCpuWithoutRegisters)
{
	CpuReply r;
	r.cpu = 2;
	const CpuState state = parse_cpu_state(cpu_reply(r).get());
	EXPECT_EQ(state.cpu, 2u);
	EXPECT_FALSE(state.online);
	EXPECT_FALSE(state.cr4.has_value());
	EXPECT_FALSE(state.virt_capability.has_value());
}

// 7.x keeps the CR4 shadow from modules: an online CPU comes without it.
TEST(NetlinkCodec, ParsesOnlineCpuWithoutTheShadow)
{
	CpuReply r = online_cpu();
	r.cr4_shadow.reset();
	const CpuState state = parse_cpu_state(cpu_reply(r).get());
	EXPECT_EQ(state.cr4, 0x3506f0u);
	EXPECT_FALSE(state.cr4_shadow.has_value());
}

TEST(NetlinkCodec, RejectsMalformedReplies)
{
	// A shadow without CR4.
	CpuReply shadow_only;
	shadow_only.cr4_shadow = 0x3506f0;
	EXPECT_THROW(parse_cpu_state(cpu_reply(shadow_only).get()), ProtocolError);
	// Online but no registers; registers but no capability.
	CpuReply no_registers;
	no_registers.online = true;
	EXPECT_THROW(parse_cpu_state(cpu_reply(no_registers).get()), ProtocolError);
	CpuReply no_cap = online_cpu();
	no_cap.cap.reset();
	EXPECT_THROW(parse_cpu_state(cpu_reply(no_cap).get()), ProtocolError);
	// No virtualization record.
	CpuReply no_virt;
	no_virt.with_virt = false;
	EXPECT_THROW(parse_cpu_state(cpu_reply(no_virt).get()), ProtocolError);
	// Unknown virtualization state, unknown capability.
	CpuReply bad_state;
	bad_state.virt_state = CPULAB_VIRT_STATE_MAX + 1;
	EXPECT_THROW(parse_cpu_state(cpu_reply(bad_state).get()), ProtocolError);
	CpuReply bad_cap = online_cpu();
	bad_cap.cap = 9;
	EXPECT_THROW(parse_cpu_state(cpu_reply(bad_cap).get()), ProtocolError);
	// The virt record's attributes at the top level, outside its nest.
	EXPECT_THROW(parse_cpu_state(cpu_reply(no_virt, [](nl_msg *msg) {
					     nla_put_u8(msg, CPULAB_A_VIRT_STATE, CPULAB_VIRT_STATE_ON);
				     }).get()),
		     ProtocolError);
	// CPU attribute of the wrong size.
	NlMsgPtr msg(nlmsg_alloc());
	genlmsg_put(msg.get(), 0, 1, family_id, 0, 0, CPULAB_CMD_CPU_GET, CPULAB_FAMILY_VERSION);
	nla_put_u8(msg.get(), CPULAB_A_CPU, 1);
	nla_put_u8(msg.get(), CPULAB_A_ONLINE, 0);
	EXPECT_THROW(parse_cpu_state(msg.get()), ProtocolError);
}

// An NLMSG_ERROR laid out as netlink_ack() builds it for a capped ack.
std::vector<char> error_message(int error, const char *text, uint32_t offset, int flags,
				const std::string &cookie = {})
{
	NlMsgPtr msg(nlmsg_alloc());
	nlmsghdr *hdr = nlmsg_put(msg.get(), 0, 1, NLMSG_ERROR, sizeof(nlmsgerr), flags);
	auto *err = static_cast<nlmsgerr *>(nlmsg_data(hdr));
	err->error = -error;
	err->msg.nlmsg_len = NLMSG_HDRLEN + 20;	// what the request was; not echoed (capped)
	nla_put_string(msg.get(), NLMSGERR_ATTR_MSG, text);
	nla_put_u32(msg.get(), NLMSGERR_ATTR_OFFS, offset);
	if (!cookie.empty())
		nla_put(msg.get(), NLMSGERR_ATTR_COOKIE, static_cast<int>(cookie.size()), cookie.data());
	const char *bytes = reinterpret_cast<const char *>(nlmsg_hdr(msg.get()));
	return {bytes, bytes + nlmsg_hdr(msg.get())->nlmsg_len};
}

// The cookie as cpulab_set_status_cookie() fills it: the status's number, a u32.
std::string status_cookie(uint32_t status)
{
	return std::string(reinterpret_cast<const char *>(&status), sizeof(status));
}

TEST(NetlinkCodec, ParsesExtackFromCappedError)
{
	const auto bytes = error_message(22, "CPU 4096 is out of range: nr_cpu_ids=4", 20,
					 NLM_F_CAPPED | NLM_F_ACK_TLVS,
					 status_cookie(CPULAB_STATUS_CPU_OUT_OF_RANGE));
	const KernelError error = parse_error_message(reinterpret_cast<const nlmsghdr *>(bytes.data()));
	EXPECT_EQ(error.error, 22);
	EXPECT_EQ(error.message, "CPU 4096 is out of range: nr_cpu_ids=4");
	EXPECT_EQ(error.status, "cpu-out-of-range");
	EXPECT_EQ(error.bad_attr_offset, 20u);
	EXPECT_FALSE(error.missing_attr.has_value());
}

// A cookie that is no status (another size, a number past the enum) is not shown.
TEST(NetlinkCodec, IgnoresACookieThatIsNoStatus)
{
	for (const std::string &cookie : {std::string("\x01\x02" "binary"), std::string("ab"),
					  status_cookie(__CPULAB_STATUS_MAX), status_cookie(~0u)}) {
		const auto bytes = error_message(22, "text", 20, NLM_F_CAPPED | NLM_F_ACK_TLVS, cookie);
		const KernelError error = parse_error_message(reinterpret_cast<const nlmsghdr *>(bytes.data()));
		EXPECT_TRUE(error.status.empty()) << error.status;
		EXPECT_EQ(error.message, "text");
	}
}

TEST(NetlinkCodec, IgnoresTlvsWithoutAckTlvsFlag)
{
	const auto bytes = error_message(1, "ignored", 0, NLM_F_CAPPED);
	const KernelError error = parse_error_message(reinterpret_cast<const nlmsghdr *>(bytes.data()));
	EXPECT_EQ(error.error, 1);
	EXPECT_TRUE(error.message.empty());
}

TEST(NetlinkCodec, RejectsTruncatedError)
{
	nlmsghdr hdr{};
	hdr.nlmsg_len = NLMSG_HDRLEN + 2;
	hdr.nlmsg_type = NLMSG_ERROR;
	EXPECT_THROW(parse_error_message(&hdr), ProtocolError);
}

TEST(NetlinkCodec, DoneWithoutErrorIsSuccess)
{
	struct {
		nlmsghdr hdr;
		int error;
	} done{{NLMSG_HDRLEN + sizeof(int), NLMSG_DONE, NLM_F_MULTI, 1, 0}, 0};
	EXPECT_EQ(parse_done_message(&done.hdr).error, 0);
	done.error = -5;
	EXPECT_EQ(parse_done_message(&done.hdr).error, 5);
}

} // namespace
