// SPDX-License-Identifier: GPL-2.0
/*
 * CPU_OFFLINE, CPU_ONLINE and CPU_CYCLE: cpulab's own hotplug requests.
 * Context: process, may sleep; see netlink.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "../../include/uapi/cpulab.h"
#include "../core/cpulab_core.h"
#include "hotplug_request.h"
#include "netlink_internal.h"

struct cpulab_hotplug_reply {
	u32 cpu;
	u64 ns;
};

static int cpulab_put_hotplug(struct sk_buff *skb, const void *data)
{
	const struct cpulab_hotplug_reply *reply = data;

	return nla_put_u32(skb, CPULAB_A_CPU, reply->cpu) ||
	       nla_put_u64_64bit(skb, CPULAB_A_HOTPLUG_NS, reply->ns, CPULAB_A_PAD) ? -EMSGSIZE : 0;
}

static int cpulab_hotplug_doit(struct genl_info *info, bool online)
{
	struct cpulab_hotplug_reply reply = { .cpu = cpulab_request(info)->cpu };
	enum cpulab_status refusal = CPULAB_STATUS_OK;
	int ret;

	ret = cpulab_hotplug_set(reply.cpu, online, &refusal, &reply.ns);
	if (refusal != CPULAB_STATUS_OK)
		return cpulab_status_to_errno(info->extack, info->attrs[CPULAB_A_CPU], reply.cpu,
					      refusal, NULL);
	if (ret == -EALREADY)
		NL_SET_ERR_MSG(info->extack, "another hotplug got there first");
	else if (ret == -EINTR)
		NL_SET_ERR_MSG(info->extack, "interrupted while waiting for another cpulab hotplug request");
	else if (ret)
		cpulab_set_cpu_err(info->extack, "the kernel refused the hotplug transition",
				   "CPU %u: the kernel refused the %s (%d)", reply.cpu,
				   online ? "online" : "offline", ret);
	if (ret)
		return ret;
	return cpulab_reply(info, online ? CPULAB_CMD_CPU_ONLINE : CPULAB_CMD_CPU_OFFLINE,
			    NLMSG_GOODSIZE, cpulab_put_hotplug, &reply);
}

int cpulab_nl_cpu_offline_doit(struct sk_buff *skb, struct genl_info *info)
{
	return cpulab_hotplug_doit(info, false);
}

int cpulab_nl_cpu_online_doit(struct sk_buff *skb, struct genl_info *info)
{
	return cpulab_hotplug_doit(info, true);
}

struct cpulab_cycle_reply {
	const struct cpulab_cycle_cpu *stats;
	unsigned int count;
	bool interrupted;
};

/* The cycle-result nest, with a cycle-cpu nest per CPU (spec/cpulab.yaml). */
static int cpulab_put_cycle(struct sk_buff *skb, const void *data)
{
	const struct cpulab_cycle_reply *reply = data;
	struct nlattr *nest = nla_nest_start(skb, CPULAB_A_CYCLE_RESULT);
	unsigned int i;

	if (!nest || nla_put_u8(skb, CPULAB_A_CYCLE_RESULT_INTERRUPTED, reply->interrupted))
		return -EMSGSIZE;
	for (i = 0; i < reply->count; i++) {
		const struct cpulab_cycle_cpu *stats = &reply->stats[i];
		struct nlattr *one = nla_nest_start(skb, CPULAB_A_CYCLE_RESULT_CPU);

		if (!one || nla_put_u32(skb, CPULAB_A_CYCLE_CPU_ID, stats->cpu) ||
		    nla_put_u32(skb, CPULAB_A_CYCLE_CPU_ATTEMPTS, stats->attempts) ||
		    nla_put_u32(skb, CPULAB_A_CYCLE_CPU_SUCCESSES, stats->successes) ||
		    nla_put_u32(skb, CPULAB_A_CYCLE_CPU_FAILURES, stats->failures) ||
		    nla_put_u32(skb, CPULAB_A_CYCLE_CPU_ERRNO, stats->last_errno) ||
		    nla_put_u64_64bit(skb, CPULAB_A_CYCLE_CPU_OFFLINE_MIN_NS, stats->offline_min_ns,
				      CPULAB_A_CYCLE_CPU_PAD) ||
		    nla_put_u64_64bit(skb, CPULAB_A_CYCLE_CPU_OFFLINE_MEDIAN_NS,
				      stats->offline_median_ns, CPULAB_A_CYCLE_CPU_PAD) ||
		    nla_put_u64_64bit(skb, CPULAB_A_CYCLE_CPU_OFFLINE_MAX_NS, stats->offline_max_ns,
				      CPULAB_A_CYCLE_CPU_PAD) ||
		    nla_put_u64_64bit(skb, CPULAB_A_CYCLE_CPU_ONLINE_MIN_NS, stats->online_min_ns,
				      CPULAB_A_CYCLE_CPU_PAD) ||
		    nla_put_u64_64bit(skb, CPULAB_A_CYCLE_CPU_ONLINE_MEDIAN_NS,
				      stats->online_median_ns, CPULAB_A_CYCLE_CPU_PAD) ||
		    nla_put_u64_64bit(skb, CPULAB_A_CYCLE_CPU_ONLINE_MAX_NS, stats->online_max_ns,
				      CPULAB_A_CYCLE_CPU_PAD))
			return -EMSGSIZE;
		nla_nest_end(skb, one);
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* Per CPU: a nest of 11 attributes, about 140 bytes. */
#define CPULAB_CYCLE_CPU_REPLY_SIZE 160

int cpulab_nl_cpu_cycle_doit(struct sk_buff *skb, struct genl_info *info)
{
	enum cpulab_status refusal = CPULAB_STATUS_OK;
	struct cpulab_cycle_reply reply = {};
	struct cpulab_cycle_cpu *stats = NULL;
	struct cpumask *cpus = cpulab_request(info)->cpus;
	unsigned int failed_cpu = 0, cpu;
	u32 rounds;
	int ret;

	if (!info->attrs[CPULAB_A_CPUS]) {
		/* Every CPU that can go and come back, as cpu-on-off-test.sh -a. */
		for_each_online_cpu(cpu)
			if (cpu_is_hotpluggable(cpu))
				cpumask_set_cpu(cpu, cpus);
		if (cpumask_empty(cpus)) {
			NL_SET_ERR_MSG(info->extack, "no online CPU is hotpluggable");
			return -EOPNOTSUPP;
		}
	}
	reply.count = cpumask_weight(cpus);
	stats = kcalloc(reply.count, sizeof(*stats), GFP_KERNEL);
	if (!stats)
		return -ENOMEM;
	rounds = cpulab_attr_u32_or(info, CPULAB_A_CYCLE_COUNT, CPULAB_CYCLE_COUNT_DEFAULT);
	ret = cpulab_hotplug_cycle(cpus, rounds, stats, &failed_cpu, &refusal, &reply.interrupted);
	if (refusal != CPULAB_STATUS_OK)
		ret = cpulab_status_to_errno(info->extack, info->attrs[CPULAB_A_CPUS], failed_cpu,
					     refusal, NULL);
	else if (ret == -EINTR)
		NL_SET_ERR_MSG(info->extack, "interrupted while waiting for another cpulab hotplug request");
	if (ret)
		goto out;
	reply.stats = stats;
	ret = cpulab_reply(info, CPULAB_CMD_CPU_CYCLE,
			   NLMSG_GOODSIZE + (size_t)reply.count * CPULAB_CYCLE_CPU_REPLY_SIZE,
			   cpulab_put_cycle, &reply);
out:
	kfree(stats);
	return ret;
}
