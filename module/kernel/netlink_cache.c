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
	int ret;

	ret = cpulab_cache_request(cpulab_request(info)->cpus, mark, &failed_cpu);
	if (ret == -ENODEV)
		cpulab_set_cpu_err(info->extack, "a CPU in the list is offline",
				   "CPU %u is offline", failed_cpu);
	else if (ret)
		cpulab_set_cpu_err(info->extack, "a CPU did not run the request",
				   "CPU %u did not run the request", failed_cpu);
	if (ret)
		NL_SET_BAD_ATTR(info->extack, info->attrs[CPULAB_A_CPUS]);
	return ret;
}

int cpulab_cache_mark_doit(struct sk_buff *skb, struct genl_info *info)
{
	return cpulab_cache_request_doit(info, true);
}

int cpulab_cache_flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	return cpulab_cache_request_doit(info, false);
}
