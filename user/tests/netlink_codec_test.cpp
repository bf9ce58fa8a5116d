// SPDX-License-Identifier: GPL-2.0
// The codec against real libnl nl_msg objects, built the way the kernel
// builds them.
#include <cstring>
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

// A reply as the kernel builds it. The virtualization record, present in
// every real reply, is added unless with_virt is false.
NlMsgPtr reply(std::initializer_list<std::pair<int, uint64_t>> u8_u32_u64_attrs, bool with_virt = true)
{
	NlMsgPtr msg(nlmsg_alloc());
	genlmsg_put(msg.get(), 0, 1, family_id, 0, NLM_F_MULTI, CPULAB_CMD_CPU_GET, 1);
	if (with_virt) {
		nla_put_u8(msg.get(), CPULAB_A_VIRT_STATE, CPULAB_VIRT_STATE_FAILED);
		nla_put_u8(msg.get(), CPULAB_A_VIRT_ERROR, CPULAB_VIRT_ERROR_VMFAIL_INVALID);
		nla_put_string(msg.get(), CPULAB_A_VIRT_ERROR_NAME, "vmfail-invalid");
		nla_put_u32(msg.get(), CPULAB_A_VIRT_ERRNO, 5);
		nla_put_u64(msg.get(), CPULAB_A_VIRT_ENABLES, 3);
		nla_put_u64(msg.get(), CPULAB_A_VIRT_DISABLES, 2);
		nla_put_u64(msg.get(), CPULAB_A_VIRT_ENABLE_NS, 1500);
		nla_put_u64(msg.get(), CPULAB_A_VIRT_DISABLE_NS, 900);
		nla_put_u32(msg.get(), CPULAB_A_VIRT_REQUESTS, 2);
	}
	for (const auto &[type, value] : u8_u32_u64_attrs) {
		switch (type) {
		case CPULAB_A_CPU:
			nla_put_u32(msg.get(), type, static_cast<uint32_t>(value));
			break;
		case CPULAB_A_ONLINE:
		case CPULAB_A_VIRT_CAP:
		case CPULAB_A_VIRT_STATE:
			nla_put_u8(msg.get(), type, static_cast<uint8_t>(value));
			break;
		default:
			nla_put_u64(msg.get(), type, value);
		}
	}
	return msg;
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
	NlMsgPtr msg = reply({{CPULAB_A_CPU, 3}, {CPULAB_A_ONLINE, 1}, {CPULAB_A_CR4, 0x3506f0},
			      {CPULAB_A_CR4_SHADOW, 0x3506f0}, {CPULAB_A_VIRT_CAP, CPULAB_VIRT_CAP_VMX}});
	const CpuState state = parse_cpu_state(msg.get());
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
}

TEST(NetlinkCodec, ParsesEmergencyOwner)
{
	NlMsgPtr msg = reply({{CPULAB_A_CPU, 2}, {CPULAB_A_ONLINE, 0}});
	nla_put_u8(msg.get(), CPULAB_A_EMERGENCY_CALLBACK, CPULAB_EMERGENCY_YIELDED);
	EXPECT_EQ(parse_cpu_state(msg.get()).virt.emergency_callback, cpulab::EmergencyOwner::yielded);
	NlMsgPtr bad = reply({{CPULAB_A_CPU, 2}, {CPULAB_A_ONLINE, 0}});
	nla_put_u8(bad.get(), CPULAB_A_EMERGENCY_CALLBACK, CPULAB_EMERGENCY_MAX + 1);
	EXPECT_THROW(parse_cpu_state(bad.get()), ProtocolError);
}

// An event as cpulab_put_event() builds it.
NlMsgPtr event_message(uint8_t type)
{
	NlMsgPtr msg(nlmsg_alloc());
	genlmsg_put(msg.get(), 0, 0, family_id, 0, 0, CPULAB_CMD_EVENT, 1);
	nla_put_u8(msg.get(), CPULAB_A_EVENT_TYPE, type);
	nla_put_u64(msg.get(), CPULAB_A_EVENT_SEQ, 7);
	nla_put_u64(msg.get(), CPULAB_A_EVENT_TIME_NS, 123456);
	return msg;
}

TEST(NetlinkCodec, ParsesVirtEvent)
{
	NlMsgPtr msg = event_message(CPULAB_EVENT_VIRT);
	nla_put_u8(msg.get(), CPULAB_A_VIRT_STATE_OLD, CPULAB_VIRT_STATE_ON);
	nla_put_u8(msg.get(), CPULAB_A_VIRT_STATE, CPULAB_VIRT_STATE_OFF);
	nla_put_u8(msg.get(), CPULAB_A_VIRT_ERROR, CPULAB_VIRT_ERROR_NONE);
	nla_put_string(msg.get(), CPULAB_A_VIRT_ERROR_NAME, "none");
	nla_put_u32(msg.get(), CPULAB_A_VIRT_ERRNO, 0);
	nla_put_u32(msg.get(), CPULAB_A_CPU, 3);
	nla_put_u8(msg.get(), CPULAB_A_EVENT_CAUSE, CPULAB_CAUSE_SUSPEND);
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
	NlMsgPtr lost = event_message(CPULAB_EVENT_LOST);
	nla_put_u64(lost.get(), CPULAB_A_EVENT_LOST, 12);
	EXPECT_EQ(parse_event(lost.get()).lost, 12u);
	EXPECT_FALSE(parse_event(lost.get()).cpu.has_value());

	NlMsgPtr offline = event_message(CPULAB_EVENT_CPU_OFFLINE);
	nla_put_u32(offline.get(), CPULAB_A_CPU, 1);
	nla_put_u8(offline.get(), CPULAB_A_EVENT_CAUSE, CPULAB_CAUSE_HOTPLUG);
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

// A STOP reply as cpulab_stop_doit() builds it.
NlMsgPtr stop_reply(uint32_t targets, uint8_t stage, uint8_t race = 0,
		    uint8_t verdict = CPULAB_STOP_VERDICT_STOPPED)
{
	NlMsgPtr msg(nlmsg_alloc());
	genlmsg_put(msg.get(), 0, 1, family_id, 0, 0, CPULAB_CMD_STOP, 1);
	nla_put_u32(msg.get(), CPULAB_A_STOP_TARGETS, targets);
	nla_put_u8(msg.get(), CPULAB_A_STOP_ALL_STOPPED, 1);
	nla_put_u64(msg.get(), CPULAB_A_STOP_TIME_NS, 5000);
	nla_put_u64(msg.get(), CPULAB_A_STOP_PROCEED_NS, 6000);
	nla_put_u8(msg.get(), CPULAB_A_STOP_RACE, race);
	nla_put_u8(msg.get(), CPULAB_A_STOP_VERDICT, verdict);
	nlattr *cpus = nla_nest_start(msg.get(), CPULAB_A_STOP_CPUS);
	nlattr *cpu = nla_nest_start(msg.get(), CPULAB_A_STOP_CPU);
	nla_put_u32(msg.get(), CPULAB_A_CPU, 3);
	nla_put_u8(msg.get(), CPULAB_A_STOP_STAGE, stage);
	nla_put_u64(msg.get(), CPULAB_A_STOP_CLEAR_NS, 5000);
	nla_put_u32(msg.get(), CPULAB_A_STOP_ENTRIES, 1);
	nla_put_u8(msg.get(), CPULAB_A_STOP_NMI_SENT, 0);
	nla_put_u32(msg.get(), CPULAB_A_STOP_WBINVDS, 1);
	nla_put_u64(msg.get(), CPULAB_A_STOP_WBINVD_NS, 700);
	nla_put_u8(msg.get(), CPULAB_A_STOP_VIRT_DISABLED, 1);
	nla_put_u8(msg.get(), CPULAB_A_STOP_LATE, 0);
	nla_nest_end(msg.get(), cpu);
	nla_nest_end(msg.get(), cpus);
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

TEST(NetlinkCodec, StopVerdictMustBeKnownAndAgreeWithTheRaceFlag)
{
	const uint8_t ipi = CPULAB_STOP_STAGE_IPI;
	EXPECT_EQ(parse_stop_reply(stop_reply(1, ipi, 0, CPULAB_STOP_VERDICT_TIMED_OUT).get()).verdict,
		  CPULAB_STOP_VERDICT_TIMED_OUT);
	EXPECT_TRUE(parse_stop_reply(stop_reply(1, ipi, 1, CPULAB_STOP_VERDICT_RACE).get()).race);
	EXPECT_THROW(parse_stop_reply(stop_reply(1, ipi, 0, CPULAB_STOP_VERDICT_MAX + 1).get()), ProtocolError);
	EXPECT_THROW(parse_stop_reply(stop_reply(1, ipi, 1, CPULAB_STOP_VERDICT_TIMED_OUT).get()), ProtocolError);
	EXPECT_THROW(parse_stop_reply(stop_reply(1, ipi, 0, CPULAB_STOP_VERDICT_RACE).get()), ProtocolError);
}

TEST(NetlinkCodec, ParsesCacheRecordAndCacheEvents)
{
	NlMsgPtr msg = reply({{CPULAB_A_CPU, 2}, {CPULAB_A_ONLINE, 0}});
	nla_put_u8(msg.get(), CPULAB_A_CACHE_INCOHERENT, 1);
	nla_put_u32(msg.get(), CPULAB_A_CACHE_REASONS, CPULAB_CACHE_REASON_MARKED);
	nla_put_u64(msg.get(), CPULAB_A_CACHE_WBINVDS, 4);
	const CpuState state = parse_cpu_state(msg.get());
	ASSERT_TRUE(state.cache.has_value());
	EXPECT_TRUE(state.cache->incoherent);
	EXPECT_EQ(state.cache->wbinvds, 4u);
	EXPECT_EQ(cpulab::cache_reasons_text(state.cache->reasons), "marked");

	NlMsgPtr event = event_message(CPULAB_EVENT_CACHE);
	nla_put_u32(event.get(), CPULAB_A_CPU, 1);
	nla_put_u32(event.get(), CPULAB_A_CACHE_REASONS_OLD, CPULAB_CACHE_REASON_MARKED);
	nla_put_u32(event.get(), CPULAB_A_CACHE_REASONS, 0);
	nla_put_u8(event.get(), CPULAB_A_EVENT_CAUSE, CPULAB_CAUSE_FLUSH);
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
	NlMsgPtr virt = event_message(CPULAB_EVENT_VIRT);
	nla_put_u32(virt.get(), CPULAB_A_CPU, 0);
	EXPECT_THROW(parse_event(virt.get()), ProtocolError);
	// A CPU_GET reply is not an event.
	EXPECT_THROW(parse_event(reply({{CPULAB_A_CPU, 0}, {CPULAB_A_ONLINE, 0}}).get()), ProtocolError);
}

TEST(NetlinkCodec, ParsesOfflineCpuWithoutRegisters)
{
	NlMsgPtr msg = reply({{CPULAB_A_CPU, 2}, {CPULAB_A_ONLINE, 0}});
	const CpuState state = parse_cpu_state(msg.get());
	EXPECT_EQ(state.cpu, 2u);
	EXPECT_FALSE(state.online);
	EXPECT_FALSE(state.cr4.has_value());
	EXPECT_FALSE(state.virt_capability.has_value());
}

TEST(NetlinkCodec, RejectsMalformedReplies)
{
	// Missing CPU.
	EXPECT_THROW(parse_cpu_state(reply({{CPULAB_A_ONLINE, 0}}).get()), ProtocolError);
	// Online but no registers.
	EXPECT_THROW(parse_cpu_state(reply({{CPULAB_A_CPU, 0}, {CPULAB_A_ONLINE, 1}}).get()), ProtocolError);
	// No virtualization record.
	EXPECT_THROW(parse_cpu_state(reply({{CPULAB_A_CPU, 0}, {CPULAB_A_ONLINE, 0}}, false).get()),
		     ProtocolError);
	// Unknown virtualization state.
	{
		NlMsgPtr bad = reply({{CPULAB_A_CPU, 0}, {CPULAB_A_ONLINE, 0}}, false);
		nla_put_u8(bad.get(), CPULAB_A_VIRT_STATE, CPULAB_VIRT_STATE_MAX + 1);
		nla_put_string(bad.get(), CPULAB_A_VIRT_ERROR_NAME, "none");
		EXPECT_THROW(parse_cpu_state(bad.get()), ProtocolError);
	}
	// Unknown capability value.
	EXPECT_THROW(parse_cpu_state(reply({{CPULAB_A_CPU, 0}, {CPULAB_A_ONLINE, 1}, {CPULAB_A_CR4, 1},
					    {CPULAB_A_CR4_SHADOW, 1}, {CPULAB_A_VIRT_CAP, 9}}).get()),
		     ProtocolError);
	// CPU attribute of the wrong size.
	NlMsgPtr msg(nlmsg_alloc());
	genlmsg_put(msg.get(), 0, 1, family_id, 0, 0, CPULAB_CMD_CPU_GET, 1);
	nla_put_u8(msg.get(), CPULAB_A_CPU, 1);
	nla_put_u8(msg.get(), CPULAB_A_ONLINE, 0);
	nla_put_u8(msg.get(), CPULAB_A_VIRT_STATE, 0);
	nla_put_string(msg.get(), CPULAB_A_VIRT_ERROR_NAME, "none");
	EXPECT_THROW(parse_cpu_state(msg.get()), ProtocolError);
}

// An NLMSG_ERROR laid out as netlink_ack() builds it for a capped ack.
std::vector<char> error_message(int error, const char *text, uint32_t offset, int flags,
				const char *cookie = nullptr)
{
	NlMsgPtr msg(nlmsg_alloc());
	nlmsghdr *hdr = nlmsg_put(msg.get(), 0, 1, NLMSG_ERROR, sizeof(nlmsgerr), flags);
	auto *err = static_cast<nlmsgerr *>(nlmsg_data(hdr));
	err->error = -error;
	err->msg.nlmsg_len = NLMSG_HDRLEN + 20;	// what the request was; not echoed (capped)
	nla_put_string(msg.get(), NLMSGERR_ATTR_MSG, text);
	nla_put_u32(msg.get(), NLMSGERR_ATTR_OFFS, offset);
	if (cookie)
		nla_put(msg.get(), NLMSGERR_ATTR_COOKIE, static_cast<int>(strlen(cookie)), cookie);
	const char *bytes = reinterpret_cast<const char *>(nlmsg_hdr(msg.get()));
	return {bytes, bytes + nlmsg_hdr(msg.get())->nlmsg_len};
}

TEST(NetlinkCodec, ParsesExtackFromCappedError)
{
	const auto bytes = error_message(22, "CPU 4096 is out of range: nr_cpu_ids=4", 20,
					 NLM_F_CAPPED | NLM_F_ACK_TLVS, "cpu-out-of-range");
	const KernelError error = parse_error_message(reinterpret_cast<const nlmsghdr *>(bytes.data()));
	EXPECT_EQ(error.error, 22);
	EXPECT_EQ(error.message, "CPU 4096 is out of range: nr_cpu_ids=4");
	EXPECT_EQ(error.status, "cpu-out-of-range");
	EXPECT_EQ(error.bad_attr_offset, 20u);
	EXPECT_FALSE(error.missing_attr.has_value());
}

// A cookie that is no status name (another family's opaque bytes) is not shown.
TEST(NetlinkCodec, IgnoresACookieThatIsNoStatusName)
{
	for (const char *cookie : {"\x01\x02" "binary", "much-too-long-for-a-status-name", "Upper"}) {
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
