// SPDX-License-Identifier: GPL-2.0
/*
 * STOP and its per-target results.
 * Context: process, may sleep; see netlink.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <net/genetlink.h>

#include "../../include/uapi/cpulab.h"
#include "../core/cpulab_core.h"
#include "stop.h"
#include "netlink_internal.h"

/*
 * The stop-result nest: the verdict, then a stop-cpu nest per target in
 * CPU order (spec/cpulab.yaml). The caller cancels the message on error.
 */
static int cpulab_put_stop_result(struct sk_buff *skb, const struct cpulab_stop_report *report,
				  const struct cpulab_stop_cpu *results)
{
	struct nlattr *nest = nla_nest_start(skb, CPULAB_A_STOP_RESULT);
	unsigned int cpu;

	if (!nest ||
	    nla_put_u32(skb, CPULAB_A_STOP_RESULT_TARGETS, report->targets) ||
	    nla_put_u8(skb, CPULAB_A_STOP_RESULT_ALL_STOPPED, report->all_stopped) ||
	    nla_put_u64_64bit(skb, CPULAB_A_STOP_RESULT_TIME_NS, report->time_ns,
			      CPULAB_A_STOP_RESULT_PAD) ||
	    nla_put_u64_64bit(skb, CPULAB_A_STOP_RESULT_PROCEED_NS, report->proceed_ns,
			      CPULAB_A_STOP_RESULT_PAD) ||
	    nla_put_u8(skb, CPULAB_A_STOP_RESULT_VERDICT, report->verdict))
		return -EMSGSIZE;
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		const struct cpulab_stop_cpu *stop = &results[cpu];
		struct nlattr *one;

		if (!stop->targeted)
			continue;
		one = nla_nest_start(skb, CPULAB_A_STOP_RESULT_CPU);
		if (!one || nla_put_u32(skb, CPULAB_A_STOP_CPU_ID, cpu) ||
		    nla_put_u8(skb, CPULAB_A_STOP_CPU_STAGE, stop->stage) ||
		    nla_put_u64_64bit(skb, CPULAB_A_STOP_CPU_CLEAR_NS, stop->clear_ns,
				      CPULAB_A_STOP_CPU_PAD) ||
		    nla_put_u32(skb, CPULAB_A_STOP_CPU_ENTRIES, stop->entries) ||
		    nla_put_u8(skb, CPULAB_A_STOP_CPU_NMI_SENT, stop->nmi_sent) ||
		    nla_put_u32(skb, CPULAB_A_STOP_CPU_WBINVDS, stop->wbinvds) ||
		    nla_put_u64_64bit(skb, CPULAB_A_STOP_CPU_WBINVD_NS, stop->wbinvd_ns,
				      CPULAB_A_STOP_CPU_PAD) ||
		    nla_put_u8(skb, CPULAB_A_STOP_CPU_VIRT_DISABLED, stop->virt_disabled) ||
		    nla_put_u8(skb, CPULAB_A_STOP_CPU_LATE, stop->late))
			return -EMSGSIZE;
		nla_nest_end(skb, one);
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* Per target: a nest of 9 attributes, about 100 bytes. */
#define CPULAB_STOP_CPU_REPLY_SIZE 128

int cpulab_nl_stop_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct cpulab_stop_params params = {
		.mode = cpulab_attr_u8_or(info, CPULAB_A_STOP_MODE, CPULAB_STOP_MODE_IPI_NMI),
		.ordering = cpulab_attr_u8_or(info, CPULAB_A_STOP_ORDERING,
					      CPULAB_STOP_ORDERING_UPSTREAM),
		.wbinvd_delay_us = cpulab_attr_u32_or(info, CPULAB_A_STOP_WBINVD_DELAY_US, 0),
		.ipi_timeout_ms = cpulab_attr_u32_or(info, CPULAB_A_STOP_IPI_TIMEOUT_MS,
						     CPULAB_STOP_TIMEOUT_MS_DEFAULT),
		.nmi_timeout_ms = cpulab_attr_u32_or(info, CPULAB_A_STOP_NMI_TIMEOUT_MS,
						     CPULAB_STOP_TIMEOUT_MS_DEFAULT),
		.hold_ms = cpulab_attr_u32_or(info, CPULAB_A_STOP_HOLD_MS, 0),
	};
	struct cpulab_stop_report report;
	struct cpulab_stop_cpu *results;
	struct sk_buff *reply;
	void *hdr;
	int ret;

	results = kcalloc(nr_cpu_ids, sizeof(*results), GFP_KERNEL);
	reply = genlmsg_new(NLMSG_GOODSIZE + (size_t)num_online_cpus() * CPULAB_STOP_CPU_REPLY_SIZE,
			    GFP_KERNEL);
	if (!results || !reply) {
		ret = -ENOMEM;
		goto free;
	}
	ret = cpulab_stop(&params, &report, results);
	if (ret == -EBUSY) {
		NL_SET_ERR_MSG(info->extack, "a STOP is already running");
		goto free;
	}
	if (ret == -EAGAIN) {
		NL_SET_ERR_MSG(info->extack,
			       "a previous STOP's handlers or NMIs have not finished; try again");
		goto free;
	}
	if (ret) {
		NL_SET_ERR_MSG(info->extack, "a stopped CPU did not return in time after its release");
		goto free;
	}
	hdr = genlmsg_put(reply, info->snd_portid, info->snd_seq, &cpulab_family, 0,
			  CPULAB_CMD_STOP);
	if (!hdr || cpulab_put_stop_result(reply, &report, results)) {
		ret = -EMSGSIZE;
		goto free;
	}
	genlmsg_end(reply, hdr);
	kfree(results);
	return genlmsg_reply(reply, info);

free:
	nlmsg_free(reply);
	kfree(results);
	return ret;
}
