// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink family "cpulab": validation, permissions, encoding, and
 * the mapping of core errors to -errno and extack text.
 *
 * Context: every handler here runs in process context and may sleep. The
 * family sets parallel_ops, so handlers run concurrently and do not hold
 * genl_mutex; they share no mutable module state, and each CPU read holds
 * cpus_read_lock() so the online mask cannot change under it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/kernel.h>
#include <net/genetlink.h>

#include "../../include/uapi/cpulab.h"
#include "../core/cpulab_core.h"
#include "netlink.h"
#include "virt.h"

static struct genl_family cpulab_family;

#ifndef NL_SET_ERR_MSG_FMT
/*
 * 6.1 has no formatted extack: netlink_ack() reads the message after the
 * handler returns, so the text must outlive the request. nr_cpu_ids is fixed
 * after boot, so this is built once at load and is never written again.
 */
static char cpu_out_of_range_msg[64];
#endif

static void cpulab_set_cpu_out_of_range(struct netlink_ext_ack *extack,
					u32 cpu)
{
#ifdef NL_SET_ERR_MSG_FMT
	NL_SET_ERR_MSG_FMT(extack, "CPU %u out of range (nr_cpu_ids=%u)", cpu,
			   nr_cpu_ids);
#else
	if (extack)
		extack->_msg = cpu_out_of_range_msg;
#endif
}

/* Maps a core error to -errno with an extack message naming the problem. */
static int cpulab_core_error_to_errno(struct netlink_ext_ack *extack,
				      const struct nlattr *cpu_attr, u32 cpu,
				      enum cpulab_core_error error)
{
	switch (error) {
	case CPULAB_CORE_OK:
		return 0;
	case CPULAB_CORE_ERR_CPU_OUT_OF_RANGE:
		cpulab_set_cpu_out_of_range(extack, cpu);
		NL_SET_BAD_ATTR(extack, cpu_attr);
		return -EINVAL;
	case CPULAB_CORE_ERR_CPU_NOT_POSSIBLE:
		NL_SET_ERR_MSG(extack, "CPU is not in cpu_possible_mask");
		NL_SET_BAD_ATTR(extack, cpu_attr);
		return -EINVAL;
	case CPULAB_CORE_ERR_CPU_UNREACHABLE:
		NL_SET_ERR_MSG(extack, "online CPU did not run the read IPI");
		return -EIO;
	case CPULAB_CORE_ERR_COUNT:
		break;
	}
	NL_SET_ERR_MSG(extack, "unexpected core error");
	return -EINVAL;
}

static enum cpulab_core_error cpulab_read_cpu(unsigned int cpu,
					      struct cpulab_cpu_report *report)
{
	enum cpulab_core_error error;

	cpus_read_lock();
	error = cpulab_core_read_cpu(cpu, cpulab_virt_record(cpu), report);
	cpus_read_unlock();
	return error;
}

static int cpulab_put_virt(struct sk_buff *skb,
			   const struct cpulab_virt_cpu *virt)
{
	return nla_put_u8(skb, CPULAB_A_VIRT_STATE, virt->state) ||
	       nla_put_u8(skb, CPULAB_A_VIRT_ERROR, virt->last_error) ||
	       nla_put_string(skb, CPULAB_A_VIRT_ERROR_NAME,
			      cpulab_core_virt_error_name(virt->last_error)) ||
	       nla_put_u32(skb, CPULAB_A_VIRT_ERRNO, virt->last_errno) ||
	       nla_put_u64_64bit(skb, CPULAB_A_VIRT_ENABLES, virt->enables,
				 CPULAB_A_PAD) ||
	       nla_put_u64_64bit(skb, CPULAB_A_VIRT_DISABLES, virt->disables,
				 CPULAB_A_PAD) ||
	       nla_put_u64_64bit(skb, CPULAB_A_VIRT_ENABLE_NS, virt->enable_ns,
				 CPULAB_A_PAD) ||
	       nla_put_u64_64bit(skb, CPULAB_A_VIRT_DISABLE_NS,
				 virt->disable_ns, CPULAB_A_PAD);
}

static int cpulab_put_cpu(struct sk_buff *skb,
			  const struct cpulab_cpu_report *report, u32 portid,
			  u32 seq, int flags)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &cpulab_family, flags,
			  CPULAB_CMD_CPU_GET);
	if (!hdr)
		return -EMSGSIZE;

	if (nla_put_u32(skb, CPULAB_A_CPU, report->cpu) ||
	    nla_put_u8(skb, CPULAB_A_ONLINE, report->online))
		goto cancel;
	if (report->registers_valid &&
	    (nla_put_u64_64bit(skb, CPULAB_A_CR4, report->cr4, CPULAB_A_PAD) ||
	     nla_put_u64_64bit(skb, CPULAB_A_CR4_SHADOW, report->cr4_shadow,
			       CPULAB_A_PAD) ||
	     nla_put_u8(skb, CPULAB_A_VIRT_CAP, report->virt_capability)))
		goto cancel;
	if (cpulab_put_virt(skb, &report->virt))
		goto cancel;

	genlmsg_end(skb, hdr);
	return 0;

cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int cpulab_cpu_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *cpu_attr = info->attrs[CPULAB_A_CPU];
	struct cpulab_cpu_report report;
	enum cpulab_core_error error;
	struct sk_buff *reply;
	u32 cpu;
	int ret = 0;

	if (!cpu_attr) {
		NL_SET_ERR_MSG(info->extack, "missing attribute CPU");
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, CPULAB_A_CPU);
		return -EINVAL;
	}
	cpu = nla_get_u32(cpu_attr);

	error = cpulab_read_cpu(cpu, &report);
	if (error)
		return cpulab_core_error_to_errno(info->extack, cpu_attr, cpu,
						  error);

	reply = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!reply)
		return -ENOMEM;
	ret = cpulab_put_cpu(reply, &report, info->snd_portid, info->snd_seq, 0);
	if (ret) {
		nlmsg_free(reply);
		return ret;
	}
	return genlmsg_reply(reply, info);
}

/* cb->args[0]: the next CPU id to emit, so a dump resumes across skbs. */
static int cpulab_cpu_get_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	struct cpulab_cpu_report report;
	enum cpulab_core_error error;
	unsigned int cpu;
	int ret = 0;

	for (cpu = cb->args[0]; cpu < nr_cpu_ids; cpu++) {
		error = cpulab_read_cpu(cpu, &report);
		if (error == CPULAB_CORE_ERR_CPU_NOT_POSSIBLE)
			continue;
		if (error) {
			ret = cpulab_core_error_to_errno(cb->extack, NULL, cpu,
							 error);
			/* Deliver what is queued; the next call reports the error. */
			break;
		}
		ret = cpulab_put_cpu(skb, &report,
				     NETLINK_CB(cb->skb).portid,
				     cb->nlh->nlmsg_seq, NLM_F_MULTI);
		if (ret)
			break;
	}
	cb->args[0] = cpu;
	if (cpu < nr_cpu_ids && skb->len == 0)
		return ret;
	return skb->len;
}

/* Strict: anything but a u32 CPU, including any other attribute, is refused. */
static const struct nla_policy cpulab_cpu_get_policy[CPULAB_A_CPU + 1] = {
	[CPULAB_A_CPU] = { .type = NLA_U32 },
};

static const struct genl_ops cpulab_ops[] = {
	{
		.cmd = CPULAB_CMD_CPU_GET,
		.doit = cpulab_cpu_get_doit,
		.dumpit = cpulab_cpu_get_dumpit,
		.policy = cpulab_cpu_get_policy,
		.maxattr = ARRAY_SIZE(cpulab_cpu_get_policy) - 1,
	},
};

static struct genl_family cpulab_family = {
	.name = CPULAB_FAMILY_NAME,
	.version = CPULAB_FAMILY_VERSION,
	.module = THIS_MODULE,
	.ops = cpulab_ops,
	.n_ops = ARRAY_SIZE(cpulab_ops),
	/* Every op gets strict attribute and reserved-header validation. */
	.resv_start_op = 0,
	.parallel_ops = true,
};

int cpulab_netlink_init(void)
{
#ifndef NL_SET_ERR_MSG_FMT
	snprintf(cpu_out_of_range_msg, sizeof(cpu_out_of_range_msg),
		 "CPU out of range (nr_cpu_ids=%u)", nr_cpu_ids);
#endif
	return genl_register_family(&cpulab_family);
}

void cpulab_netlink_exit(void)
{
	genl_unregister_family(&cpulab_family);
}
