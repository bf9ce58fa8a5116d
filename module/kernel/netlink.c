// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink family "cpulab": the family, its policies and ops,
 * permissions and request parsing (pre_doit/post_doit), the one mapping of
 * statuses to -errno and extack text, and event sending. Each object's
 * doits and encoders live in netlink_<object>.c.
 *
 * Context: every handler here runs in process context and may sleep. The
 * family sets parallel_ops, so handlers run concurrently and do not hold
 * genl_mutex; they share no mutable module state, and each CPU read holds
 * cpus_read_lock() so the online mask cannot change under it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/capability.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/version.h>
#include <net/genetlink.h>

#include "../../include/uapi/cpulab.h"
#include "../core/cpulab_core.h"
#include "event_record.h"
#include "netlink.h"
#include "netlink_gen.h"
#include "netlink_internal.h"

/*
 * NL_SET_ERR_MSG() takes only a literal; the table's texts are static too,
 * and netlink_ack() reads them after the handler returns, which they
 * outlive.
 */
static void cpulab_set_static_msg(struct netlink_ext_ack *extack, const char *text)
{
	if (extack)
		extack->_msg = text;
}

#ifndef NL_SET_ERR_MSG_FMT
/*
 * 6.1 has no formatted extack, so a message about a CPU cannot name it:
 * "a CPU" and the table's message, built once at load (nr_cpu_ids is fixed
 * after boot) and never written again. The bad-attribute pointer and the
 * CPU's record say which CPU.
 */
static char cpulab_status_text[CPULAB_STATUS_COUNT][128];

static void cpulab_build_status_texts(void)
{
	unsigned int i;

	for (i = 0; i < CPULAB_STATUS_COUNT; i++) {
		const struct cpulab_status_info *row = cpulab_core_status_info(i);

		if (i == CPULAB_STATUS_CPU_OUT_OF_RANGE)
			snprintf(cpulab_status_text[i], sizeof(cpulab_status_text[i]),
				 "a CPU%s: nr_cpu_ids=%u", row->message, nr_cpu_ids);
		else
			snprintf(cpulab_status_text[i], sizeof(cpulab_status_text[i]), "%s%s",
				 row->about_cpu ? "a CPU" : "", row->message);
	}
}
#endif

/*
 * The status for the client, beside the errno and the text: its number, a
 * u32 in host order, which fits the 8-byte cookie of 7.3 as well as the
 * 20 bytes of older kernels (NETLINK_MAX_COOKIE_LEN).
 */
static void cpulab_set_status_cookie(struct netlink_ext_ack *extack, enum cpulab_status status)
{
	u32 number = status;

	static_assert(sizeof(number) <= NETLINK_MAX_COOKIE_LEN);
	if (!extack)
		return;
	memcpy(extack->cookie, &number, sizeof(number));
	extack->cookie_len = sizeof(number);
}

int cpulab_status_to_errno(struct netlink_ext_ack *extack, const struct nlattr *bad_attr,
			   u32 cpu, enum cpulab_status status, const char *detail)
{
	const struct cpulab_status_info *row = cpulab_core_status_info(status);

	if (status == CPULAB_STATUS_OK)
		return 0;
	NL_SET_BAD_ATTR(extack, bad_attr);
	cpulab_set_status_cookie(extack, status);
	if (!row->about_cpu) {
		cpulab_set_static_msg(extack, row->message);
		return -row->errno_value;
	}
#ifdef NL_SET_ERR_MSG_FMT
	if (status == CPULAB_STATUS_CPU_OUT_OF_RANGE)
		NL_SET_ERR_MSG_FMT(extack, "CPU %u%s: nr_cpu_ids=%u", cpu, row->message,
				   nr_cpu_ids);
	else if (detail)
		NL_SET_ERR_MSG_FMT(extack, "CPU %u%s: %s", cpu, row->message, detail);
	else
		NL_SET_ERR_MSG_FMT(extack, "CPU %u%s", cpu, row->message);
#else
	/* An unknown status has no row of its own: the table's fallback. */
	cpulab_set_static_msg(extack, (unsigned int)status < CPULAB_STATUS_COUNT ?
				      cpulab_status_text[status] : row->message);
#endif
	return -row->errno_value;
}


/*
 * CPULAB_A_CPUS, or @all without it (an empty list for NULL); each bit must
 * be a possible CPU.
 */
static int cpulab_parse_cpus(struct genl_info *info, const struct cpumask *all,
			     struct cpumask *cpus)
{
	const struct nlattr *attr = info->attrs[CPULAB_A_CPUS];
	const u8 *bits;
	unsigned int bit;
	int ret;

	if (!attr) {
		if (all)
			cpumask_copy(cpus, all);
		return 0;
	}
	/*
	 * At most CPULAB_CPUS_MAX_BYTES, not NR_CPUS / 8: a kernel built for 8
	 * CPUs must give "CPU 9 out of range" to a bitmap a client sized for
	 * another (the debug lane's NR_CPUS=8 found it). Checked here, not by
	 * the policy's .len: 6.12's ynl-gen-c has no max-len for binary
	 * attributes. ERANGE, as the policy would answer.
	 */
	if (nla_len(attr) > CPULAB_CPUS_MAX_BYTES) {
		NL_SET_ERR_MSG(info->extack, "CPU bitmap longer than CPUS_MAX_BYTES");
		NL_SET_BAD_ATTR(info->extack, attr);
		return -ERANGE;
	}
	bits = nla_data(attr);
	cpumask_clear(cpus);
	for (bit = 0; bit < nla_len(attr) * 8U; bit++) {
		if (!(bits[bit / 8] & (1U << (bit % 8))))
			continue;
		ret = cpulab_status_to_errno(info->extack, attr, bit, cpulab_core_check_cpu(bit),
					     NULL);
		if (ret)
			return ret;
		cpumask_set_cpu(bit, cpus);
	}
	if (cpumask_empty(cpus)) {
		NL_SET_ERR_MSG(info->extack, "empty CPU list");
		NL_SET_BAD_ATTR(info->extack, attr);
		return -EINVAL;
	}
	return 0;
}

/* CPULAB_A_CPU, present and naming a possible CPU. */
static int cpulab_parse_cpu(struct genl_info *info, u32 *cpu)
{
	struct nlattr *cpu_attr = info->attrs[CPULAB_A_CPU];

	if (GENL_REQ_ATTR_CHECK(info, CPULAB_A_CPU)) {
		NL_SET_ERR_MSG(info->extack, "missing attribute CPU");
		return -EINVAL;
	}
	*cpu = nla_get_u32(cpu_attr);
	return cpulab_status_to_errno(info->extack, cpu_attr, *cpu, cpulab_core_check_cpu(*cpu),
				      NULL);
}

int cpulab_reply(struct genl_info *info, u8 cmd, size_t size,
		 int (*put)(struct sk_buff *skb, const void *data), const void *data)
{
	struct sk_buff *reply = genlmsg_new(size, GFP_KERNEL);
	void *hdr;

	if (!reply)
		return -ENOMEM;
	hdr = genlmsg_put(reply, info->snd_portid, info->snd_seq, &cpulab_family, 0, cmd);
	if (!hdr || put(reply, data)) {
		nlmsg_free(reply);
		return -EMSGSIZE;
	}
	genlmsg_end(reply, hdr);
	return genlmsg_reply(reply, info);
}


/*
 * What pre_doit parses for each op (see CPULAB_NL_CPU in
 * netlink_internal.h). The generated per-op table (netlink_gen.c) has no
 * internal_flags, so the choice lives here, by command; an op missing from
 * this table parses nothing.
 */
static const u8 cpulab_op_parse[CPULAB_CMD_MAX + 1] = {
	[CPULAB_CMD_CPU_GET] = CPULAB_NL_CPU,		/* the dump runs no pre_doit */
	[CPULAB_CMD_VIRT_ENABLE] = CPULAB_NL_CPUS_OR_POSSIBLE,
	[CPULAB_CMD_VIRT_DISABLE] = CPULAB_NL_CPUS_OR_POSSIBLE,
	[CPULAB_CMD_INJECT] = CPULAB_NL_CPU,
	[CPULAB_CMD_CACHE_MARK] = CPULAB_NL_CPUS_OR_ONLINE,
	[CPULAB_CMD_CACHE_FLUSH] = CPULAB_NL_CPUS_OR_ONLINE,
	[CPULAB_CMD_CPU_OFFLINE] = CPULAB_NL_CPU,
	[CPULAB_CMD_CPU_ONLINE] = CPULAB_NL_CPU,
	[CPULAB_CMD_CPU_CYCLE] = CPULAB_NL_CPUS_OR_NONE,
	[CPULAB_CMD_CR4_AUDIT] = CPULAB_NL_CPUS_OR_ONLINE,
	[CPULAB_CMD_CR4_PERTURB] = CPULAB_NL_CPU,
};

/* Any user may join: see the events group in spec/cpulab.yaml. */
static const struct genl_multicast_group cpulab_mcgrps[] = {
	[CPULAB_NLGRP_EVENTS] = { .name = CPULAB_MCGRP_EVENTS },
};

/* The event's type-specific attributes, inside its nest. */
static int cpulab_put_event_detail(struct sk_buff *skb, const struct cpulab_event *event)
{
	switch (event->type) {
	case CPULAB_EVENT_LOST:
		return nla_put_u64_64bit(skb, CPULAB_A_EVENT_LOST, event->lost, CPULAB_A_EVENT_PAD);
	case CPULAB_EVENT_VIRT:
		return nla_put_u8(skb, CPULAB_A_EVENT_VIRT_STATE_OLD, event->virt_old) ||
		       nla_put_u8(skb, CPULAB_A_EVENT_VIRT_STATE, event->virt_new) ||
		       nla_put_u8(skb, CPULAB_A_EVENT_VIRT_ERROR, event->virt_error) ||
		       nla_put_string(skb, CPULAB_A_EVENT_VIRT_ERROR_NAME,
				      cpulab_core_virt_error_name(event->virt_error)) ||
		       nla_put_u32(skb, CPULAB_A_EVENT_VIRT_ERRNO, event->virt_errno);
	case CPULAB_EVENT_CACHE:
		return nla_put_u32(skb, CPULAB_A_EVENT_CACHE_REASONS_OLD, event->cache_reasons_old) ||
		       nla_put_u32(skb, CPULAB_A_EVENT_CACHE_REASONS, event->cache_reasons) ||
		       nla_put_u8(skb, CPULAB_A_EVENT_CACHE_INCOHERENT, event->cache_incoherent);
	case CPULAB_EVENT_STOP:
		return nla_put_u8(skb, CPULAB_A_EVENT_STOP_STAGE, event->stop_stage) ||
		       nla_put_u64_64bit(skb, CPULAB_A_EVENT_STOP_CLEAR_NS, event->stop_clear_ns,
					 CPULAB_A_EVENT_PAD);
	case CPULAB_EVENT_CR4:
		return nla_put_u8(skb, CPULAB_A_EVENT_CR4_FINDING, event->cr4_finding) ||
		       nla_put_u64_64bit(skb, CPULAB_A_EVENT_CR4_FINDING_BITS, event->cr4_bits,
					 CPULAB_A_EVENT_PAD) ||
		       nla_put_u64_64bit(skb, CPULAB_A_EVENT_CR4, event->cr4, CPULAB_A_EVENT_PAD) ||
		       (event->cr4_shadow_valid &&
			nla_put_u64_64bit(skb, CPULAB_A_EVENT_CR4_SHADOW, event->cr4_shadow,
					  CPULAB_A_EVENT_PAD));
	}
	return 0;
}

/* The event nest (spec/cpulab.yaml); a lost event names no CPU. */
static int cpulab_put_event(struct sk_buff *skb, const struct cpulab_event *event)
{
	struct nlattr *nest = nla_nest_start(skb, CPULAB_A_EVENT);

	if (!nest ||
	    nla_put_u8(skb, CPULAB_A_EVENT_TYPE, event->type) ||
	    nla_put_u64_64bit(skb, CPULAB_A_EVENT_SEQ, event->seq, CPULAB_A_EVENT_PAD) ||
	    nla_put_u64_64bit(skb, CPULAB_A_EVENT_TIME_NS, event->time_ns, CPULAB_A_EVENT_PAD) ||
	    (event->type != CPULAB_EVENT_LOST &&
	     (nla_put_u32(skb, CPULAB_A_EVENT_CPU, event->cpu) ||
	      nla_put_u8(skb, CPULAB_A_EVENT_CAUSE, event->cause))) ||
	    cpulab_put_event_detail(skb, event))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
typedef struct genl_split_ops cpulab_genl_op;
#else
typedef struct genl_ops cpulab_genl_op;
#endif

/*
 * GENL_ADMIN_PERM checks CAP_NET_ADMIN (genl_family_rcv_msg()); cpulab's
 * mutating ops execute VMXON, WBINVD and NMIs and take CPUs offline, so
 * they need CAP_SYS_ADMIN as well, checked here on the opener's
 * credentials (netlink_capable()) before any handler runs.
 */
static void cpulab_request_free(struct cpulab_nl_request *request)
{
	if (!request)
		return;
	free_cpumask_var(request->cpus);
	kfree(request);
}

static const struct cpumask *cpulab_default_cpus(u8 parse)
{
	if (parse & CPULAB_NL_CPUS_OR_POSSIBLE)
		return cpu_possible_mask;
	if (parse & CPULAB_NL_CPUS_OR_ONLINE)
		return cpu_online_mask;
	return NULL;
}

static int cpulab_pre_doit(const cpulab_genl_op *op, struct sk_buff *skb, struct genl_info *info)
{
	struct cpulab_nl_request *request;
	int ret = 0;
	u8 parse;

	if ((op->flags & GENL_ADMIN_PERM) && !netlink_capable(skb, CAP_SYS_ADMIN)) {
		NL_SET_ERR_MSG(info->extack, "this operation needs CAP_SYS_ADMIN");
		return -EPERM;
	}
	parse = op->cmd <= CPULAB_CMD_MAX ? cpulab_op_parse[op->cmd] : 0;
	if (!parse)
		return 0;
	/* kzalloc: a cpumask_var_t never allocated frees as NULL. */
	request = kzalloc(sizeof(*request), GFP_KERNEL);
	if (!request)
		return -ENOMEM;
	if (parse & CPULAB_NL_CPU)
		ret = cpulab_parse_cpu(info, &request->cpu);
	if (!ret && (parse & CPULAB_NL_CPUS)) {
		if (zalloc_cpumask_var(&request->cpus, GFP_KERNEL))
			ret = cpulab_parse_cpus(info, cpulab_default_cpus(parse),
						request->cpus);
		else
			ret = -ENOMEM;
	}
	if (ret) {
		cpulab_request_free(request);
		return ret;
	}
	info->user_ptr[0] = request;
	return 0;
}

/* Called after every doit whose pre_doit succeeded. */
static void cpulab_post_doit(const cpulab_genl_op *op, struct sk_buff *skb, struct genl_info *info)
{
	cpulab_request_free(info->user_ptr[0]);
	info->user_ptr[0] = NULL;
}

struct genl_family cpulab_family = {
	.name = CPULAB_FAMILY_NAME,
	.version = CPULAB_FAMILY_VERSION,
	.module = THIS_MODULE,
	.ops = cpulab_nl_ops,
	.n_ops = ARRAY_SIZE(cpulab_nl_ops),
	/* Every op gets strict attribute and reserved-header validation. */
	.resv_start_op = 0,
	.parallel_ops = true,
	.pre_doit = cpulab_pre_doit,
	.post_doit = cpulab_post_doit,
	.mcgrps = cpulab_mcgrps,
	.n_mcgrps = ARRAY_SIZE(cpulab_mcgrps),
};

void cpulab_netlink_send_event(const struct cpulab_event *event)
{
	struct sk_buff *skb;
	void *hdr;

	if (!genl_has_listeners(&cpulab_family, &init_net, CPULAB_NLGRP_EVENTS))
		return;
	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return;	/* the listener sees the gap in CPULAB_A_EVENT_SEQ */
	hdr = genlmsg_put(skb, 0, 0, &cpulab_family, 0, CPULAB_CMD_EVENT);
	if (!hdr || cpulab_put_event(skb, event)) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_end(skb, hdr);
	/* -ESRCH (nobody listening any more) and -ENOBUFS reach no one: ignore. */
	genlmsg_multicast(&cpulab_family, skb, 0, CPULAB_NLGRP_EVENTS, GFP_KERNEL);
}

int cpulab_netlink_init(void)
{
#ifndef NL_SET_ERR_MSG_FMT
	cpulab_build_status_texts();
#endif
	return genl_register_family(&cpulab_family);
}

void cpulab_netlink_exit(void)
{
	genl_unregister_family(&cpulab_family);
}
