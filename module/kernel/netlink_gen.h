/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	spec/cpulab.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_CPULAB_GEN_H
#define _LINUX_CPULAB_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/cpulab.h>

extern const struct nla_policy cpulab_cpu_get_nl_policy[CPULAB_A_CPU + 1];

extern const struct nla_policy cpulab_virt_enable_nl_policy[CPULAB_A_CPUS + 1];

extern const struct nla_policy cpulab_virt_disable_nl_policy[CPULAB_A_CPUS + 1];

extern const struct nla_policy cpulab_inject_nl_policy[CPULAB_A_INJECT_CLASS + 1];

extern const struct nla_policy cpulab_cache_mark_nl_policy[CPULAB_A_CPUS + 1];

extern const struct nla_policy cpulab_cache_flush_nl_policy[CPULAB_A_CPUS + 1];

extern const struct nla_policy cpulab_stop_nl_policy[CPULAB_A_STOP_HOLD_MS + 1];

extern const struct nla_policy cpulab_cpu_offline_nl_policy[CPULAB_A_CPU + 1];

extern const struct nla_policy cpulab_cpu_online_nl_policy[CPULAB_A_CPU + 1];

extern const struct nla_policy cpulab_cpu_cycle_nl_policy[CPULAB_A_CYCLE_COUNT + 1];

extern const struct nla_policy cpulab_cr4_audit_nl_policy[CPULAB_A_CPUS + 1];

extern const struct nla_policy cpulab_cr4_perturb_nl_policy[CPULAB_A_CR4_RESTORE + 1];

/* Ops table for cpulab */
extern const struct genl_ops cpulab_nl_ops[12];

int cpulab_nl_cpu_get_doit(struct sk_buff *skb, struct genl_info *info);
int cpulab_nl_cpu_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int cpulab_nl_virt_enable_doit(struct sk_buff *skb, struct genl_info *info);
int cpulab_nl_virt_disable_doit(struct sk_buff *skb, struct genl_info *info);
int cpulab_nl_inject_doit(struct sk_buff *skb, struct genl_info *info);
int cpulab_nl_cache_mark_doit(struct sk_buff *skb, struct genl_info *info);
int cpulab_nl_cache_flush_doit(struct sk_buff *skb, struct genl_info *info);
int cpulab_nl_stop_doit(struct sk_buff *skb, struct genl_info *info);
int cpulab_nl_cpu_offline_doit(struct sk_buff *skb, struct genl_info *info);
int cpulab_nl_cpu_online_doit(struct sk_buff *skb, struct genl_info *info);
int cpulab_nl_cpu_cycle_doit(struct sk_buff *skb, struct genl_info *info);
int cpulab_nl_cr4_audit_doit(struct sk_buff *skb, struct genl_info *info);
int cpulab_nl_cr4_perturb_doit(struct sk_buff *skb, struct genl_info *info);

enum {
	CPULAB_NLGRP_EVENTS,
};

#endif /* _LINUX_CPULAB_GEN_H */
