// SPDX-License-Identifier: GPL-2.0
#include "netlink_codec.h"

#include <cstring>

#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "cpulab.h"

namespace cpulab::netlink {

namespace {

// Exact sizes: a reply with a wrong-sized attribute is a protocol error, not
// something to read partially.
nla_policy reply_policy(uint16_t type, uint16_t size)
{
	nla_policy policy{};
	policy.type = type;
	policy.minlen = size;
	policy.maxlen = size;
	return policy;
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

NlMsgPtr build_virt_request(int family_id, bool enable, const std::vector<uint32_t> &cpus)
{
	NlMsgPtr msg = new_request(family_id, NLM_F_ACK,
				   enable ? CPULAB_CMD_VIRT_ENABLE : CPULAB_CMD_VIRT_DISABLE);
	if (!cpus.empty()) {
		// Bit N of byte N/8 is CPU N, as the kernel's cpulab_parse_cpus() reads it.
		std::vector<uint8_t> bitmap(cpus.back() / 8 + 1, 0);
		for (const uint32_t cpu : cpus)
			bitmap[cpu / 8] |= static_cast<uint8_t>(1u << (cpu % 8));
		if (nla_put(msg.get(), CPULAB_A_CPUS, static_cast<int>(bitmap.size()), bitmap.data()) < 0)
			throw std::bad_alloc();
	}
	return msg;
}

NlMsgPtr build_inject_request(int family_id, uint32_t cpu, uint8_t injection)
{
	NlMsgPtr msg = new_request(family_id, NLM_F_ACK, CPULAB_CMD_INJECT);
	if (nla_put_u32(msg.get(), CPULAB_A_CPU, cpu) < 0 ||
	    nla_put_u8(msg.get(), CPULAB_A_INJECT_CLASS, injection) < 0)
		throw std::bad_alloc();
	return msg;
}

CpuState parse_cpu_state(nl_msg *msg)
{
	nla_policy policy[CPULAB_A_MAX + 1] = {};
	policy[CPULAB_A_CPU] = reply_policy(NLA_U32, sizeof(uint32_t));
	policy[CPULAB_A_ONLINE] = reply_policy(NLA_U8, sizeof(uint8_t));
	policy[CPULAB_A_CR4] = reply_policy(NLA_U64, sizeof(uint64_t));
	policy[CPULAB_A_CR4_SHADOW] = reply_policy(NLA_U64, sizeof(uint64_t));
	policy[CPULAB_A_VIRT_CAP] = reply_policy(NLA_U8, sizeof(uint8_t));

	policy[CPULAB_A_VIRT_STATE] = reply_policy(NLA_U8, sizeof(uint8_t));
	policy[CPULAB_A_VIRT_ERROR] = reply_policy(NLA_U8, sizeof(uint8_t));
	policy[CPULAB_A_VIRT_ERROR_NAME].type = NLA_NUL_STRING;
	policy[CPULAB_A_VIRT_ERRNO] = reply_policy(NLA_U32, sizeof(uint32_t));
	for (const int counter : {CPULAB_A_VIRT_ENABLES, CPULAB_A_VIRT_DISABLES, CPULAB_A_VIRT_ENABLE_NS,
				  CPULAB_A_VIRT_DISABLE_NS})
		policy[counter] = reply_policy(NLA_U64, sizeof(uint64_t));
	policy[CPULAB_A_VIRT_REQUESTS] = reply_policy(NLA_U32, sizeof(uint32_t));
	policy[CPULAB_A_VIRT_INJECTION] = reply_policy(NLA_U8, sizeof(uint8_t));

	nlattr *tb[CPULAB_A_MAX + 1] = {};
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, CPULAB_A_MAX, policy) < 0)
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
	const uint8_t virt_state = nla_get_u8(tb[CPULAB_A_VIRT_STATE]);
	if (virt_state > CPULAB_VIRT_STATE_MAX)
		throw ProtocolError("CPU_GET reply has an unknown VIRT_STATE value");
	state.virt.state = static_cast<VirtState>(virt_state);
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
