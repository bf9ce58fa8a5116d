// SPDX-License-Identifier: GPL-2.0
/*
 * CR4_AUDIT and CR4_PERTURB.
 * Context: process, may sleep; see netlink.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <net/genetlink.h>

#include "../../include/uapi/cpulab.h"
#include "../core/cpulab_core.h"
#include "cpu_records.h"
#include "cr4.h"
#include "netlink_internal.h"

struct cpulab_audit_reply {
	u32 audited;
	u64 findings;
};

static int cpulab_put_audit(struct sk_buff *skb, const void *data)
{
	const struct cpulab_audit_reply *reply = data;

	return nla_put_u32(skb, CPULAB_A_CR4_AUDITED, reply->audited) ||
	       nla_put_u64_64bit(skb, CPULAB_A_CR4_AUDIT_FINDINGS, reply->findings, CPULAB_A_PAD) ||
	       nla_put_u64_64bit(skb, CPULAB_A_CR4_PINNED_MASK, cpulab_cr4_pinned_mask(),
				 CPULAB_A_PAD) ||
	       nla_put_u64_64bit(skb, CPULAB_A_CR4_PINNED_REFERENCE, cpulab_cr4_pinned_reference(),
				 CPULAB_A_PAD) ? -EMSGSIZE : 0;
}

int cpulab_nl_cr4_audit_doit(struct sk_buff *skb, struct genl_info *info)
{
	const struct cpumask *cpus = cpulab_request(info)->cpus;
	struct cpulab_audit_reply reply = {};
	unsigned int failed_cpu = 0;
	enum cpulab_status status;

	reply.audited = cpumask_weight(cpus);
	status = cpulab_cr4_audit(cpus, &failed_cpu, &reply.findings);
	if (status != CPULAB_STATUS_OK)
		return cpulab_status_to_errno(info->extack, info->attrs[CPULAB_A_CPUS], failed_cpu,
					      status, NULL);
	return cpulab_reply(info, CPULAB_CMD_CR4_AUDIT, NLMSG_GOODSIZE, cpulab_put_audit, &reply);
}

struct cpulab_perturb_reply {
	u32 cpu;
	u8 bit;
	u64 cr4;
};

static int cpulab_put_perturb(struct sk_buff *skb, const void *data)
{
	const struct cpulab_perturb_reply *reply = data;

	return nla_put_u32(skb, CPULAB_A_CPU, reply->cpu) ||
	       nla_put_u8(skb, CPULAB_A_CR4_BIT, reply->bit) ||
	       nla_put_u64_64bit(skb, CPULAB_A_CR4, reply->cr4, CPULAB_A_PAD) ? -EMSGSIZE : 0;
}

int cpulab_nl_cr4_perturb_doit(struct sk_buff *skb, struct genl_info *info)
{
	bool restore = nla_get_flag(info->attrs[CPULAB_A_CR4_RESTORE]);
	struct cpulab_perturb_reply reply = {
		.cpu = cpulab_request(info)->cpu,
		.bit = cpulab_attr_u8_or(info, CPULAB_A_CR4_BIT, CPULAB_CR4_PERTURBABLE_BIT),
	};
	enum cpulab_status status;
	const struct nlattr *bad_attr;

	if (restore && info->attrs[CPULAB_A_CR4_BIT]) {
		NL_SET_ERR_MSG(info->extack, "RESTORE puts back the perturbed bit; it takes no BIT");
		NL_SET_BAD_ATTR(info->extack, info->attrs[CPULAB_A_CR4_BIT]);
		return -EINVAL;
	}
	status = cpulab_cr4_perturb(reply.cpu, reply.bit, restore, &reply.cr4);
	if (status == CPULAB_STATUS_OK) {
		if (restore)
			reply.bit = cpulab_cpu(reply.cpu)->cr4.perturbed_bit;
		return cpulab_reply(info, CPULAB_CMD_CR4_PERTURB, NLMSG_GOODSIZE, cpulab_put_perturb,
				    &reply);
	}
	/* The bit is at fault only when it is refused; otherwise the CPU. */
	bad_attr = status == CPULAB_STATUS_NOT_PERTURBABLE ? info->attrs[CPULAB_A_CR4_BIT]
							   : info->attrs[CPULAB_A_CPU];
	return cpulab_status_to_errno(info->extack, bad_attr, reply.cpu, status, NULL);
}
