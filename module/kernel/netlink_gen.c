// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	spec/cpulab.yaml */
/* YNL-GEN kernel source */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "netlink_gen.h"

#include <uapi/cpulab.h>

/* Integer value ranges */
static const struct netlink_range_validation cpulab_a_stop_wbinvd_delay_us_range = {
	.max	= CPULAB_STOP_WBINVD_DELAY_US_MAX,
};

/* CPULAB_CMD_CPU_GET - do */
const struct nla_policy cpulab_cpu_get_nl_policy[CPULAB_A_CPU + 1] = {
	[CPULAB_A_CPU] = { .type = NLA_U32, },
};

/* CPULAB_CMD_VIRT_ENABLE - do */
const struct nla_policy cpulab_virt_enable_nl_policy[CPULAB_A_CPUS + 1] = {
	[CPULAB_A_CPUS] = { .type = NLA_BINARY, },
};

/* CPULAB_CMD_VIRT_DISABLE - do */
const struct nla_policy cpulab_virt_disable_nl_policy[CPULAB_A_CPUS + 1] = {
	[CPULAB_A_CPUS] = { .type = NLA_BINARY, },
};

/* CPULAB_CMD_INJECT - do */
const struct nla_policy cpulab_inject_nl_policy[CPULAB_A_INJECT_CLASS + 1] = {
	[CPULAB_A_CPU] = { .type = NLA_U32, },
	[CPULAB_A_INJECT_CLASS] = NLA_POLICY_RANGE(NLA_U8, 1, 4),
};

/* CPULAB_CMD_CACHE_MARK - do */
const struct nla_policy cpulab_cache_mark_nl_policy[CPULAB_A_CPUS + 1] = {
	[CPULAB_A_CPUS] = { .type = NLA_BINARY, },
};

/* CPULAB_CMD_CACHE_FLUSH - do */
const struct nla_policy cpulab_cache_flush_nl_policy[CPULAB_A_CPUS + 1] = {
	[CPULAB_A_CPUS] = { .type = NLA_BINARY, },
};

/* CPULAB_CMD_STOP - do */
const struct nla_policy cpulab_stop_nl_policy[CPULAB_A_STOP_HOLD_MS + 1] = {
	[CPULAB_A_STOP_MODE] = NLA_POLICY_MAX(NLA_U8, 2),
	[CPULAB_A_STOP_ORDERING] = NLA_POLICY_MAX(NLA_U8, 1),
	[CPULAB_A_STOP_WBINVD_DELAY_US] = NLA_POLICY_FULL_RANGE(NLA_U32, &cpulab_a_stop_wbinvd_delay_us_range),
	[CPULAB_A_STOP_IPI_TIMEOUT_MS] = NLA_POLICY_RANGE(NLA_U32, 1, CPULAB_STOP_TIMEOUT_MS_MAX),
	[CPULAB_A_STOP_NMI_TIMEOUT_MS] = NLA_POLICY_RANGE(NLA_U32, 1, CPULAB_STOP_TIMEOUT_MS_MAX),
	[CPULAB_A_STOP_HOLD_MS] = NLA_POLICY_MAX(NLA_U32, CPULAB_STOP_HOLD_MS_MAX),
};

/* CPULAB_CMD_CPU_OFFLINE - do */
const struct nla_policy cpulab_cpu_offline_nl_policy[CPULAB_A_CPU + 1] = {
	[CPULAB_A_CPU] = { .type = NLA_U32, },
};

/* CPULAB_CMD_CPU_ONLINE - do */
const struct nla_policy cpulab_cpu_online_nl_policy[CPULAB_A_CPU + 1] = {
	[CPULAB_A_CPU] = { .type = NLA_U32, },
};

/* CPULAB_CMD_CPU_CYCLE - do */
const struct nla_policy cpulab_cpu_cycle_nl_policy[CPULAB_A_CYCLE_COUNT + 1] = {
	[CPULAB_A_CPUS] = { .type = NLA_BINARY, },
	[CPULAB_A_CYCLE_COUNT] = NLA_POLICY_RANGE(NLA_U32, 1, CPULAB_CYCLE_COUNT_MAX),
};

/* CPULAB_CMD_CR4_AUDIT - do */
const struct nla_policy cpulab_cr4_audit_nl_policy[CPULAB_A_CPUS + 1] = {
	[CPULAB_A_CPUS] = { .type = NLA_BINARY, },
};

/* CPULAB_CMD_CR4_PERTURB - do */
const struct nla_policy cpulab_cr4_perturb_nl_policy[CPULAB_A_CR4_RESTORE + 1] = {
	[CPULAB_A_CPU] = { .type = NLA_U32, },
	[CPULAB_A_CR4_BIT] = NLA_POLICY_MAX(NLA_U8, 63),
	[CPULAB_A_CR4_RESTORE] = { .type = NLA_FLAG, },
};

/* Ops table for cpulab */
const struct genl_ops cpulab_nl_ops[12] = {
	{
		.cmd		= CPULAB_CMD_CPU_GET,
		.doit		= cpulab_nl_cpu_get_doit,
		.dumpit		= cpulab_nl_cpu_get_dumpit,
		.policy		= cpulab_cpu_get_nl_policy,
		.maxattr	= CPULAB_A_CPU,
	},
	{
		.cmd		= CPULAB_CMD_VIRT_ENABLE,
		.doit		= cpulab_nl_virt_enable_doit,
		.policy		= cpulab_virt_enable_nl_policy,
		.maxattr	= CPULAB_A_CPUS,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= CPULAB_CMD_VIRT_DISABLE,
		.doit		= cpulab_nl_virt_disable_doit,
		.policy		= cpulab_virt_disable_nl_policy,
		.maxattr	= CPULAB_A_CPUS,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= CPULAB_CMD_INJECT,
		.doit		= cpulab_nl_inject_doit,
		.policy		= cpulab_inject_nl_policy,
		.maxattr	= CPULAB_A_INJECT_CLASS,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= CPULAB_CMD_CACHE_MARK,
		.doit		= cpulab_nl_cache_mark_doit,
		.policy		= cpulab_cache_mark_nl_policy,
		.maxattr	= CPULAB_A_CPUS,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= CPULAB_CMD_CACHE_FLUSH,
		.doit		= cpulab_nl_cache_flush_doit,
		.policy		= cpulab_cache_flush_nl_policy,
		.maxattr	= CPULAB_A_CPUS,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= CPULAB_CMD_STOP,
		.doit		= cpulab_nl_stop_doit,
		.policy		= cpulab_stop_nl_policy,
		.maxattr	= CPULAB_A_STOP_HOLD_MS,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= CPULAB_CMD_CPU_OFFLINE,
		.doit		= cpulab_nl_cpu_offline_doit,
		.policy		= cpulab_cpu_offline_nl_policy,
		.maxattr	= CPULAB_A_CPU,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= CPULAB_CMD_CPU_ONLINE,
		.doit		= cpulab_nl_cpu_online_doit,
		.policy		= cpulab_cpu_online_nl_policy,
		.maxattr	= CPULAB_A_CPU,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= CPULAB_CMD_CPU_CYCLE,
		.doit		= cpulab_nl_cpu_cycle_doit,
		.policy		= cpulab_cpu_cycle_nl_policy,
		.maxattr	= CPULAB_A_CYCLE_COUNT,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= CPULAB_CMD_CR4_AUDIT,
		.doit		= cpulab_nl_cr4_audit_doit,
		.policy		= cpulab_cr4_audit_nl_policy,
		.maxattr	= CPULAB_A_CPUS,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= CPULAB_CMD_CR4_PERTURB,
		.doit		= cpulab_nl_cr4_perturb_doit,
		.policy		= cpulab_cr4_perturb_nl_policy,
		.maxattr	= CPULAB_A_CR4_RESTORE,
		.flags		= GENL_ADMIN_PERM,
	},
};

static const struct genl_multicast_group cpulab_nl_mcgrps[] = {
	[CPULAB_NLGRP_EVENTS] = { "events", },
};
