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
std::vector<char> error_message(int error, const char *text, uint32_t offset, int flags)
{
	NlMsgPtr msg(nlmsg_alloc());
	nlmsghdr *hdr = nlmsg_put(msg.get(), 0, 1, NLMSG_ERROR, sizeof(nlmsgerr), flags);
	auto *err = static_cast<nlmsgerr *>(nlmsg_data(hdr));
	err->error = -error;
	err->msg.nlmsg_len = NLMSG_HDRLEN + 20;	// what the request was; not echoed (capped)
	nla_put_string(msg.get(), NLMSGERR_ATTR_MSG, text);
	nla_put_u32(msg.get(), NLMSGERR_ATTR_OFFS, offset);
	const char *bytes = reinterpret_cast<const char *>(nlmsg_hdr(msg.get()));
	return {bytes, bytes + nlmsg_hdr(msg.get())->nlmsg_len};
}

TEST(NetlinkCodec, ParsesExtackFromCappedError)
{
	const auto bytes = error_message(22, "CPU 4096 out of range (nr_cpu_ids=4)", 20,
					 NLM_F_CAPPED | NLM_F_ACK_TLVS);
	const KernelError error = parse_error_message(reinterpret_cast<const nlmsghdr *>(bytes.data()));
	EXPECT_EQ(error.error, 22);
	EXPECT_EQ(error.message, "CPU 4096 out of range (nr_cpu_ids=4)");
	EXPECT_EQ(error.bad_attr_offset, 20u);
	EXPECT_FALSE(error.missing_attr.has_value());
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
