/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What netlink.c shares with the per-object files (netlink_cpu.c,
 * netlink_virt.c, netlink_cache.c, netlink_stop.c, netlink_hotplug.c,
 * netlink_cr4.c), as net/devlink/devl_internal.h does for devlink.
 */
#ifndef CPULAB_KERNEL_NETLINK_INTERNAL_H
#define CPULAB_KERNEL_NETLINK_INTERNAL_H

#include <linux/cpumask.h>
#include <net/genetlink.h>

#include "../core/cpulab_core.h"
#include "netlink_gen.h"	/* the doits' prototypes, one file per object */

extern struct genl_family cpulab_family;

/*
 * What cpulab_pre_doit() parses for an op, chosen by the op's command
 * (cpulab_op_parse[] in netlink.c) as net/devlink/ does by internal_flags:
 * the parsed request lives in info->user_ptr[0] until cpulab_post_doit()
 * frees it, so no doit allocates, parses or frees a CPU list itself.
 */
#define CPULAB_NL_CPU			BIT(0)	/* CPU: required, a possible CPU */
#define CPULAB_NL_CPUS_OR_POSSIBLE	BIT(1)	/* CPUS, or every possible CPU */
#define CPULAB_NL_CPUS_OR_ONLINE	BIT(2)	/* CPUS, or the CPUs online now */
#define CPULAB_NL_CPUS_OR_NONE		BIT(3)	/* CPUS, or empty: the doit decides */
#define CPULAB_NL_CPUS (CPULAB_NL_CPUS_OR_POSSIBLE | CPULAB_NL_CPUS_OR_ONLINE | CPULAB_NL_CPUS_OR_NONE)

struct cpulab_nl_request {
	u32 cpu;		/* CPULAB_NL_CPU */
	cpumask_var_t cpus;	/* CPULAB_NL_CPUS_* */
};

static inline struct cpulab_nl_request *cpulab_request(const struct genl_info *info)
{
	return info->user_ptr[0];
}

/*
 * A message naming the CPU where the kernel can format one; on 6.1 the
 * static text, with the CPU left to the bad-attribute pointer and the
 * CPU's record.
 */
#ifdef NL_SET_ERR_MSG_FMT
#define cpulab_set_cpu_err(extack, static_msg, fmt, args...) \
	NL_SET_ERR_MSG_FMT(extack, fmt, ##args)
#else
#define cpulab_set_cpu_err(extack, static_msg, fmt, args...) \
	NL_SET_ERR_MSG(extack, static_msg)
#endif

/*
 * The one mapping of a status to -errno and an extack message (its row in
 * core/status.cpp): "CPU <cpu>" and the row's message, then ": @detail"
 * when given (6.2+); the static "a CPU" text on 6.1, where @detail is left
 * to the attributes (VIRT_ERROR). Points the extack at @bad_attr when
 * given, and puts the status's number in its cookie. OK returns 0 and sets
 * nothing.
 */
int cpulab_status_to_errno(struct netlink_ext_ack *extack, const struct nlattr *bad_attr,
			   u32 cpu, enum cpulab_status status, const char *detail);

/* Sends the reply built by @put, which returns -EMSGSIZE when it did not fit. */
int cpulab_reply(struct genl_info *info, u8 cmd, size_t size,
		 int (*put)(struct sk_buff *skb, const void *data), const void *data);

static inline u32 cpulab_attr_u32_or(const struct genl_info *info, int type, u32 fallback)
{
	return info->attrs[type] ? nla_get_u32(info->attrs[type]) : fallback;
}

static inline u8 cpulab_attr_u8_or(const struct genl_info *info, int type, u8 fallback)
{
	return info->attrs[type] ? nla_get_u8(info->attrs[type]) : fallback;
}

#endif /* CPULAB_KERNEL_NETLINK_INTERNAL_H */
