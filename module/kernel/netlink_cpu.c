// SPDX-License-Identifier: GPL-2.0
/*
 * CPU_GET: one CPU, or the dump of every possible CPU, with its records.
 * Context: process, may sleep; see netlink.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <net/genetlink.h>

#include "../../include/uapi/cpulab.h"
#include "../core/cpulab_core.h"
#include "cpu_records.h"
#include "cr4.h"
#include "emergency.h"
#include "netlink_internal.h"

static enum cpulab_status cpulab_read_cpu(unsigned int cpu, struct cpulab_cpu_report *report)
{
	struct cpulab_cpu *records = cpulab_cpu(cpu);
	enum cpulab_status status;

	if (!records)
		return CPULAB_STATUS_CPU_OUT_OF_RANGE;
	cpus_read_lock();
	status = cpulab_core_read_cpu(cpu, &records->virt, &records->cache, &records->cr4, report);
	cpus_read_unlock();
	return status;
}

/*
 * Each record is a nest with an attribute set of its own (spec/cpulab.yaml:
 * virt, cache, cr4-audit). virt-cap is read on the CPU, so it comes only
 * for a CPU that was online.
 */
static int cpulab_put_virt(struct sk_buff *skb, const struct cpulab_cpu_report *report)
{
	const struct cpulab_virt_cpu *virt = &report->virt;
	struct nlattr *nest = nla_nest_start(skb, CPULAB_A_VIRT);

	if (!nest)
		return -EMSGSIZE;
	if ((report->registers_valid &&
	     nla_put_u8(skb, CPULAB_A_VIRT_CAP, report->virt_capability)) ||
	    nla_put_u8(skb, CPULAB_A_VIRT_STATE, virt->state) ||
	    nla_put_u8(skb, CPULAB_A_VIRT_ERROR, virt->last_error) ||
	    nla_put_string(skb, CPULAB_A_VIRT_ERROR_NAME,
			   cpulab_core_virt_error_name(virt->last_error)) ||
	    nla_put_u32(skb, CPULAB_A_VIRT_ERRNO, virt->last_errno) ||
	    nla_put_u64_64bit(skb, CPULAB_A_VIRT_ENABLES, virt->enables, CPULAB_A_VIRT_PAD) ||
	    nla_put_u64_64bit(skb, CPULAB_A_VIRT_DISABLES, virt->disables, CPULAB_A_VIRT_PAD) ||
	    nla_put_u64_64bit(skb, CPULAB_A_VIRT_ENABLE_NS, virt->enable_ns, CPULAB_A_VIRT_PAD) ||
	    nla_put_u64_64bit(skb, CPULAB_A_VIRT_DISABLE_NS, virt->disable_ns, CPULAB_A_VIRT_PAD) ||
	    nla_put_u32(skb, CPULAB_A_VIRT_REQUESTS, virt->enable_requests) ||
	    nla_put_u8(skb, CPULAB_A_VIRT_INJECTION, virt->armed_injection) ||
	    nla_put_u8(skb, CPULAB_A_VIRT_EMERGENCY_CALLBACK, cpulab_emergency_owner())) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int cpulab_put_cache(struct sk_buff *skb, const struct cpulab_cache_cpu *cache)
{
	struct nlattr *nest = nla_nest_start(skb, CPULAB_A_CACHE);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u8(skb, CPULAB_A_CACHE_INCOHERENT, cache->incoherent) ||
	    nla_put_u32(skb, CPULAB_A_CACHE_REASONS, cache->reasons) ||
	    nla_put_u64_64bit(skb, CPULAB_A_CACHE_WBINVDS, cache->wbinvds, CPULAB_A_CACHE_PAD) ||
	    nla_put_u64_64bit(skb, CPULAB_A_CACHE_WBINVD_NS, cache->wbinvd_ns, CPULAB_A_CACHE_PAD) ||
	    nla_put_u64_64bit(skb, CPULAB_A_CACHE_SET_NS, cache->set_ns, CPULAB_A_CACHE_PAD) ||
	    nla_put_u64_64bit(skb, CPULAB_A_CACHE_CLEAR_NS, cache->clear_ns, CPULAB_A_CACHE_PAD)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int cpulab_put_cr4_audit(struct sk_buff *skb, const struct cpulab_cr4_cpu *cr4)
{
	struct nlattr *nest = nla_nest_start(skb, CPULAB_A_CR4_AUDIT);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, CPULAB_A_AUDIT_RUNS, cr4->audits, CPULAB_A_AUDIT_PAD) ||
	    nla_put_u64_64bit(skb, CPULAB_A_AUDIT_FINDINGS, cr4->findings, CPULAB_A_AUDIT_PAD) ||
	    nla_put_u32(skb, CPULAB_A_AUDIT_LAST, cr4->last_audit) ||
	    nla_put_u64_64bit(skb, CPULAB_A_AUDIT_LAST_NS, cr4->last_audit_ns, CPULAB_A_AUDIT_PAD) ||
	    nla_put_u64_64bit(skb, CPULAB_A_AUDIT_COST_NS, cr4->audit_cost_ns, CPULAB_A_AUDIT_PAD) ||
	    nla_put_u8(skb, CPULAB_A_AUDIT_FINDING, cr4->last_finding) ||
	    nla_put_u64_64bit(skb, CPULAB_A_AUDIT_FINDING_BITS, cr4->last_finding_bits,
			      CPULAB_A_AUDIT_PAD) ||
	    nla_put_u64_64bit(skb, CPULAB_A_AUDIT_FINDING_NS, cr4->last_finding_ns,
			      CPULAB_A_AUDIT_PAD) ||
	    nla_put_u64_64bit(skb, CPULAB_A_AUDIT_PINNED_MASK, cpulab_cr4_pinned_mask(),
			      CPULAB_A_AUDIT_PAD) ||
	    nla_put_u64_64bit(skb, CPULAB_A_AUDIT_PINNED_REFERENCE, cpulab_cr4_pinned_reference(),
			      CPULAB_A_AUDIT_PAD) ||
	    nla_put_u8(skb, CPULAB_A_AUDIT_PERTURBED, cr4->perturbed) ||
	    (cr4->perturbed && nla_put_u8(skb, CPULAB_A_AUDIT_PERTURBED_BIT, cr4->perturbed_bit))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
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
	    nla_put_u64_64bit(skb, CPULAB_A_CR4, report->cr4, CPULAB_A_PAD))
		goto cancel;
	/* Absent where the kernel keeps its shadow from modules (7.x). */
	if (report->shadow_valid &&
	    nla_put_u64_64bit(skb, CPULAB_A_CR4_SHADOW, report->cr4_shadow, CPULAB_A_PAD))
		goto cancel;
	if (cpulab_put_virt(skb, report) || cpulab_put_cache(skb, &report->cache) ||
	    cpulab_put_cr4_audit(skb, &report->cr4_audit))
		goto cancel;

	genlmsg_end(skb, hdr);
	return 0;

cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

int cpulab_nl_cpu_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *cpu_attr = info->attrs[CPULAB_A_CPU];
	u32 cpu = cpulab_request(info)->cpu;
	struct cpulab_cpu_report report;
	enum cpulab_status status;
	struct sk_buff *reply;
	int ret = 0;

	status = cpulab_read_cpu(cpu, &report);
	if (status != CPULAB_STATUS_OK)
		return cpulab_status_to_errno(info->extack, cpu_attr, cpu, status, NULL);

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
int cpulab_nl_cpu_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct cpulab_cpu_report report;
	enum cpulab_status status;
	unsigned int cpu;
	int ret = 0;

	for (cpu = cb->args[0]; cpu < nr_cpu_ids; cpu++) {
		status = cpulab_read_cpu(cpu, &report);
		if (status == CPULAB_STATUS_CPU_NOT_POSSIBLE)
			continue;
		if (status != CPULAB_STATUS_OK) {
			ret = cpulab_status_to_errno(cb->extack, NULL, cpu, status, NULL);
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
