// SPDX-License-Identifier: GPL-2.0
/*
 * CACHE_MARK and CACHE_FLUSH.
 * Context: process, may sleep; see netlink.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <net/genetlink.h>

#include "../../include/uapi/cpulab.h"
#include "../core/cpulab_core.h"
#include "cache.h"
#include "netlink_internal.h"

/* Without a list: the CPUs online at parse time (the request re-checks them). */
static int cpulab_cache_request_doit(struct genl_info *info, bool mark)
{
	unsigned int failed_cpu = 0;
	enum cpulab_status status;

	status = cpulab_cache_request(cpulab_request(info)->cpus, mark, &failed_cpu);
	return cpulab_status_to_errno(info->extack, info->attrs[CPULAB_A_CPUS], failed_cpu, status,
				      NULL);
}

int cpulab_nl_cache_mark_doit(struct sk_buff *skb, struct genl_info *info)
{
	return cpulab_cache_request_doit(info, true);
}

int cpulab_nl_cache_flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	return cpulab_cache_request_doit(info, false);
}
