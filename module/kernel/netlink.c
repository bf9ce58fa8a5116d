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
#include <linux/capability.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/version.h>
#include <net/genetlink.h>

#include "../../include/uapi/cpulab.h"
#include "../core/cpulab_core.h"
#include "cache.h"
#include "cr4.h"
#include "hotplug.h"
#include "emergency.h"
#include "event_record.h"
#include "netlink.h"
#include "stop.h"
#include "virt.h"

static struct genl_family cpulab_family;

/*
 * What cpulab_pre_doit() parses for an op, chosen by the op's
 * internal_flags, as net/devlink/ does for its objects: the parsed request
 * lives in info->user_ptr[0] until cpulab_post_doit() frees it, so no doit
 * allocates, parses or frees a CPU list itself.
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

static struct cpulab_nl_request *cpulab_request(const struct genl_info *info)
{
	return info->user_ptr[0];
}

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
	error = cpulab_core_read_cpu(cpu, cpulab_virt_record(cpu), cpulab_cache_record(cpu),
				     cpulab_cr4_record(cpu), report);
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
				 virt->disable_ns, CPULAB_A_PAD) ||
	       nla_put_u32(skb, CPULAB_A_VIRT_REQUESTS, virt->enable_requests) ||
	       nla_put_u8(skb, CPULAB_A_VIRT_INJECTION, virt->armed_injection) ||
	       nla_put_u8(skb, CPULAB_A_EMERGENCY_CALLBACK, cpulab_emergency_owner());
}

static int cpulab_put_cache(struct sk_buff *skb, const struct cpulab_cache_cpu *cache)
{
	return nla_put_u8(skb, CPULAB_A_CACHE_INCOHERENT, cache->incoherent) ||
	       nla_put_u32(skb, CPULAB_A_CACHE_REASONS, cache->reasons) ||
	       nla_put_u64_64bit(skb, CPULAB_A_CACHE_WBINVDS, cache->wbinvds, CPULAB_A_PAD) ||
	       nla_put_u64_64bit(skb, CPULAB_A_CACHE_WBINVD_NS, cache->wbinvd_ns, CPULAB_A_PAD) ||
	       nla_put_u64_64bit(skb, CPULAB_A_CACHE_SET_NS, cache->set_ns, CPULAB_A_PAD) ||
	       nla_put_u64_64bit(skb, CPULAB_A_CACHE_CLEAR_NS, cache->clear_ns, CPULAB_A_PAD);
}

static int cpulab_put_cr4_audit(struct sk_buff *skb, const struct cpulab_cr4_cpu *cr4)
{
	return nla_put_u64_64bit(skb, CPULAB_A_CR4_AUDITS, cr4->audits, CPULAB_A_PAD) ||
	       nla_put_u64_64bit(skb, CPULAB_A_CR4_FINDINGS, cr4->findings, CPULAB_A_PAD) ||
	       nla_put_u32(skb, CPULAB_A_CR4_LAST_AUDIT, cr4->last_audit) ||
	       nla_put_u64_64bit(skb, CPULAB_A_CR4_LAST_AUDIT_NS, cr4->last_audit_ns, CPULAB_A_PAD) ||
	       nla_put_u64_64bit(skb, CPULAB_A_CR4_AUDIT_COST_NS, cr4->audit_cost_ns, CPULAB_A_PAD) ||
	       nla_put_u8(skb, CPULAB_A_CR4_FINDING, cr4->last_finding) ||
	       nla_put_u64_64bit(skb, CPULAB_A_CR4_FINDING_BITS, cr4->last_finding_bits,
				 CPULAB_A_PAD) ||
	       nla_put_u64_64bit(skb, CPULAB_A_CR4_FINDING_NS, cr4->last_finding_ns, CPULAB_A_PAD) ||
	       nla_put_u64_64bit(skb, CPULAB_A_CR4_PINNED_MASK, cpulab_cr4_pinned_mask(),
				 CPULAB_A_PAD) ||
	       nla_put_u64_64bit(skb, CPULAB_A_CR4_PINNED_REFERENCE, cpulab_cr4_pinned_reference(),
				 CPULAB_A_PAD) ||
	       nla_put_u8(skb, CPULAB_A_CR4_PERTURBED, cr4->perturbed) ||
	       (cr4->perturbed && nla_put_u8(skb, CPULAB_A_CR4_BIT, cr4->perturbed_bit));
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
	if (cpulab_put_virt(skb, &report->virt) || cpulab_put_cache(skb, &report->cache) ||
	    cpulab_put_cr4_audit(skb, &report->cr4_audit))
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
	u32 cpu = cpulab_request(info)->cpu;
	struct cpulab_cpu_report report;
	enum cpulab_core_error error;
	struct sk_buff *reply;
	int ret = 0;

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
	bits = nla_data(attr);
	cpumask_clear(cpus);
	for (bit = 0; bit < nla_len(attr) * 8U; bit++) {
		if (!(bits[bit / 8] & (1U << (bit % 8))))
			continue;
		ret = cpulab_core_error_to_errno(info->extack, attr, bit,
						 cpulab_core_check_cpu(bit));
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

static void cpulab_report_request_error(struct netlink_ext_ack *extack,
					unsigned int cpu, bool enable, int error)
{
	switch (error) {
	case -EBUSY:
		cpulab_set_cpu_err(extack, "a CPU is owned by another hypervisor",
				   "CPU %u is owned by another hypervisor", cpu);
		break;
	case -EOPNOTSUPP:
		/*
		 * A failed precheck (the CPU's configuration forbids it) shares
		 * this errno; only the state says the CPU has no extension.
		 */
		if (cpulab_virt_record(cpu)->state != CPULAB_VIRT_STATE_UNSUPPORTED)
			goto failed;
		cpulab_set_cpu_err(extack, "a CPU has no VMX or SVM",
				   "CPU %u has no VMX or SVM", cpu);
		break;
	case -EALREADY:
		cpulab_set_cpu_err(extack, "a CPU has no enable request to release",
				   "CPU %u has no enable request to release", cpu);
		break;
	case -ESHUTDOWN:
		NL_SET_ERR_MSG(extack, "the system is shutting down");
		break;
	default:
failed:
		cpulab_set_cpu_err(extack,
				   "virtualization failed on a CPU; its VIRT_ERROR names why",
				   "CPU %u: %s virtualization failed: %s", cpu,
				   enable ? "enabling" : "disabling",
				   cpulab_core_virt_error_name(cpulab_virt_record(cpu)->last_error));
	}
}

static int cpulab_virt_request_doit(struct genl_info *info, bool enable)
{
	unsigned int failed_cpu = 0;
	int ret;

	ret = cpulab_virt_request(cpulab_request(info)->cpus, enable, &failed_cpu);
	if (ret)
		cpulab_report_request_error(info->extack, failed_cpu, enable, ret);
	return ret;
}

static int cpulab_virt_enable_doit(struct sk_buff *skb, struct genl_info *info)
{
	return cpulab_virt_request_doit(info, true);
}

static int cpulab_virt_disable_doit(struct sk_buff *skb, struct genl_info *info)
{
	return cpulab_virt_request_doit(info, false);
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
	return cpulab_core_error_to_errno(info->extack, cpu_attr, *cpu,
					  cpulab_core_check_cpu(*cpu));
}

static int cpulab_inject_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *cpu_attr = info->attrs[CPULAB_A_CPU];
	struct nlattr *class_attr = info->attrs[CPULAB_A_INJECT_CLASS];
	u32 cpu = cpulab_request(info)->cpu;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, CPULAB_A_INJECT_CLASS)) {
		NL_SET_ERR_MSG(info->extack, "missing attribute INJECT_CLASS");
		return -EINVAL;
	}

	ret = cpulab_virt_arm_injection(cpu, nla_get_u8(class_attr));
	if (ret == -EINVAL) {
		cpulab_set_cpu_err(info->extack, "the CPU is offline; arm it while it is online",
				   "CPU %u is offline; arm it while it is online", cpu);
		NL_SET_BAD_ATTR(info->extack, cpu_attr);
	} else if (ret == -EOPNOTSUPP) {
		cpulab_set_cpu_err(info->extack,
				   "this class does not apply to the CPU's virtualization extension",
				   "CPU %u: this class does not apply to its virtualization extension",
				   cpu);
		NL_SET_BAD_ATTR(info->extack, class_attr);
	}
	return ret;
}

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

static int cpulab_cache_mark_doit(struct sk_buff *skb, struct genl_info *info)
{
	return cpulab_cache_request_doit(info, true);
}

static int cpulab_cache_flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	return cpulab_cache_request_doit(info, false);
}

static u32 cpulab_attr_u32_or(const struct genl_info *info, int type, u32 fallback)
{
	return info->attrs[type] ? nla_get_u32(info->attrs[type]) : fallback;
}

static u8 cpulab_attr_u8_or(const struct genl_info *info, int type, u8 fallback)
{
	return info->attrs[type] ? nla_get_u8(info->attrs[type]) : fallback;
}

static int cpulab_put_stop_cpus(struct sk_buff *skb, const struct cpulab_stop_cpu *results)
{
	struct nlattr *cpus = nla_nest_start(skb, CPULAB_A_STOP_CPUS);
	unsigned int cpu;

	if (!cpus)
		return -EMSGSIZE;
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		const struct cpulab_stop_cpu *stop = &results[cpu];
		struct nlattr *one;

		if (!stop->targeted)
			continue;
		one = nla_nest_start(skb, CPULAB_A_STOP_CPU);
		if (!one || nla_put_u32(skb, CPULAB_A_CPU, cpu) ||
		    nla_put_u8(skb, CPULAB_A_STOP_STAGE, stop->stage) ||
		    nla_put_u64_64bit(skb, CPULAB_A_STOP_CLEAR_NS, stop->clear_ns, CPULAB_A_PAD) ||
		    nla_put_u32(skb, CPULAB_A_STOP_ENTRIES, stop->entries) ||
		    nla_put_u8(skb, CPULAB_A_STOP_NMI_SENT, stop->nmi_sent) ||
		    nla_put_u32(skb, CPULAB_A_STOP_WBINVDS, stop->wbinvds) ||
		    nla_put_u64_64bit(skb, CPULAB_A_STOP_WBINVD_NS, stop->wbinvd_ns, CPULAB_A_PAD) ||
		    nla_put_u8(skb, CPULAB_A_STOP_VIRT_DISABLED, stop->virt_disabled) ||
		    nla_put_u8(skb, CPULAB_A_STOP_LATE, stop->late))
			return -EMSGSIZE;
		nla_nest_end(skb, one);
	}
	nla_nest_end(skb, cpus);
	return 0;
}

/* Per target: a nest of 9 attributes, about 100 bytes. */
#define CPULAB_STOP_CPU_REPLY_SIZE 128

static int cpulab_stop_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct cpulab_stop_params params = {
		.mode = cpulab_attr_u8_or(info, CPULAB_A_STOP_MODE, CPULAB_STOP_MODE_IPI_NMI),
		.ordering = cpulab_attr_u8_or(info, CPULAB_A_STOP_ORDERING,
					      CPULAB_STOP_ORDERING_UPSTREAM),
		.wbinvd_delay_us = cpulab_attr_u32_or(info, CPULAB_A_STOP_WBINVD_DELAY_US, 0),
		.ipi_timeout_ms = cpulab_attr_u32_or(info, CPULAB_A_STOP_IPI_TIMEOUT_MS, 10),
		.nmi_timeout_ms = cpulab_attr_u32_or(info, CPULAB_A_STOP_NMI_TIMEOUT_MS, 10),
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
	if (!hdr || nla_put_u32(reply, CPULAB_A_STOP_TARGETS, report.targets) ||
	    nla_put_u8(reply, CPULAB_A_STOP_ALL_STOPPED, report.all_stopped) ||
	    nla_put_u64_64bit(reply, CPULAB_A_STOP_TIME_NS, report.time_ns, CPULAB_A_PAD) ||
	    nla_put_u64_64bit(reply, CPULAB_A_STOP_PROCEED_NS, report.proceed_ns, CPULAB_A_PAD) ||
	    nla_put_u8(reply, CPULAB_A_STOP_RACE, report.verdict == CPULAB_STOP_VERDICT_RACE) ||
	    nla_put_u8(reply, CPULAB_A_STOP_VERDICT, report.verdict) ||
	    cpulab_put_stop_cpus(reply, results)) {
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

/* Sends the reply built by @put, which returns -EMSGSIZE when it did not fit. */
static int cpulab_reply(struct genl_info *info, u8 cmd, size_t size,
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

static void cpulab_report_hotplug_refusal(struct netlink_ext_ack *extack, unsigned int cpu,
					  enum cpulab_hotplug_refusal refusal)
{
	switch (refusal) {
	case CPULAB_HOTPLUG_NOT_PRESENT:
		cpulab_set_cpu_err(extack, "the CPU is not present", "CPU %u is not present", cpu);
		break;
	case CPULAB_HOTPLUG_NOT_HOTPLUGGABLE:
		cpulab_set_cpu_err(extack, "the CPU is not hotpluggable (cpu_is_hotpluggable())",
				   "CPU %u is not hotpluggable (cpu_is_hotpluggable())", cpu);
		break;
	case CPULAB_HOTPLUG_ALREADY_OFFLINE:
		cpulab_set_cpu_err(extack, "the CPU is already offline",
				   "CPU %u is already offline", cpu);
		break;
	case CPULAB_HOTPLUG_ALREADY_ONLINE:
		cpulab_set_cpu_err(extack, "the CPU is already online",
				   "CPU %u is already online", cpu);
		break;
	case CPULAB_HOTPLUG_OK:
		break;
	}
}

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
	enum cpulab_hotplug_refusal refusal = CPULAB_HOTPLUG_OK;
	struct cpulab_hotplug_reply reply = { .cpu = cpulab_request(info)->cpu };
	int ret;

	ret = cpulab_hotplug_set(reply.cpu, online, &refusal, &reply.ns);
	if (refusal) {
		cpulab_report_hotplug_refusal(info->extack, reply.cpu, refusal);
		NL_SET_BAD_ATTR(info->extack, info->attrs[CPULAB_A_CPU]);
		return ret;
	}
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

static int cpulab_cpu_offline_doit(struct sk_buff *skb, struct genl_info *info)
{
	return cpulab_hotplug_doit(info, false);
}

static int cpulab_cpu_online_doit(struct sk_buff *skb, struct genl_info *info)
{
	return cpulab_hotplug_doit(info, true);
}

struct cpulab_cycle_reply {
	const struct cpulab_cycle_cpu *stats;
	unsigned int count;
	bool interrupted;
};

static int cpulab_put_cycle(struct sk_buff *skb, const void *data)
{
	const struct cpulab_cycle_reply *reply = data;
	struct nlattr *cpus;
	unsigned int i;

	if (nla_put_u8(skb, CPULAB_A_CYCLE_INTERRUPTED, reply->interrupted))
		return -EMSGSIZE;
	cpus = nla_nest_start(skb, CPULAB_A_CYCLE_CPUS);
	if (!cpus)
		return -EMSGSIZE;
	for (i = 0; i < reply->count; i++) {
		const struct cpulab_cycle_cpu *stats = &reply->stats[i];
		struct nlattr *one = nla_nest_start(skb, CPULAB_A_CYCLE_CPU);

		if (!one || nla_put_u32(skb, CPULAB_A_CPU, stats->cpu) ||
		    nla_put_u32(skb, CPULAB_A_CYCLE_ATTEMPTS, stats->attempts) ||
		    nla_put_u32(skb, CPULAB_A_CYCLE_SUCCESSES, stats->successes) ||
		    nla_put_u32(skb, CPULAB_A_CYCLE_FAILURES, stats->failures) ||
		    nla_put_u32(skb, CPULAB_A_CYCLE_ERRNO, stats->last_errno) ||
		    nla_put_u64_64bit(skb, CPULAB_A_CYCLE_OFFLINE_MIN_NS, stats->offline_min_ns, CPULAB_A_PAD) ||
		    nla_put_u64_64bit(skb, CPULAB_A_CYCLE_OFFLINE_MEDIAN_NS, stats->offline_median_ns,
				      CPULAB_A_PAD) ||
		    nla_put_u64_64bit(skb, CPULAB_A_CYCLE_OFFLINE_MAX_NS, stats->offline_max_ns, CPULAB_A_PAD) ||
		    nla_put_u64_64bit(skb, CPULAB_A_CYCLE_ONLINE_MIN_NS, stats->online_min_ns, CPULAB_A_PAD) ||
		    nla_put_u64_64bit(skb, CPULAB_A_CYCLE_ONLINE_MEDIAN_NS, stats->online_median_ns,
				      CPULAB_A_PAD) ||
		    nla_put_u64_64bit(skb, CPULAB_A_CYCLE_ONLINE_MAX_NS, stats->online_max_ns, CPULAB_A_PAD))
			return -EMSGSIZE;
		nla_nest_end(skb, one);
	}
	nla_nest_end(skb, cpus);
	return 0;
}

/* Per CPU: a nest of 11 attributes, about 140 bytes. */
#define CPULAB_CYCLE_CPU_REPLY_SIZE 160

static int cpulab_cpu_cycle_doit(struct sk_buff *skb, struct genl_info *info)
{
	enum cpulab_hotplug_refusal refusal = CPULAB_HOTPLUG_OK;
	struct cpulab_cycle_reply reply = {};
	struct cpulab_cycle_cpu *stats = NULL;
	struct cpumask *cpus = cpulab_request(info)->cpus;
	unsigned int failed_cpu = 0, cpu;
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
	ret = cpulab_hotplug_cycle(cpus, cpulab_attr_u32_or(info, CPULAB_A_CYCLE_COUNT, 1), stats,
				   &failed_cpu, &refusal, &reply.interrupted);
	if (refusal) {
		cpulab_report_hotplug_refusal(info->extack, failed_cpu, refusal);
		NL_SET_BAD_ATTR(info->extack, info->attrs[CPULAB_A_CPUS]);
	} else if (ret == -EINTR) {
		NL_SET_ERR_MSG(info->extack, "interrupted while waiting for another cpulab hotplug request");
	}
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

struct cpulab_audit_reply {
	u32 audited;
	u64 findings;
};

static int cpulab_put_audit(struct sk_buff *skb, const void *data)
{
	const struct cpulab_audit_reply *reply = data;

	return nla_put_u32(skb, CPULAB_A_CR4_AUDITED, reply->audited) ||
	       nla_put_u64_64bit(skb, CPULAB_A_CR4_FINDINGS, reply->findings, CPULAB_A_PAD) ||
	       nla_put_u64_64bit(skb, CPULAB_A_CR4_PINNED_MASK, cpulab_cr4_pinned_mask(),
				 CPULAB_A_PAD) ||
	       nla_put_u64_64bit(skb, CPULAB_A_CR4_PINNED_REFERENCE, cpulab_cr4_pinned_reference(),
				 CPULAB_A_PAD) ? -EMSGSIZE : 0;
}

static int cpulab_cr4_audit_doit(struct sk_buff *skb, struct genl_info *info)
{
	const struct cpumask *cpus = cpulab_request(info)->cpus;
	struct cpulab_audit_reply reply = {};
	unsigned int failed_cpu = 0;
	int ret;

	reply.audited = cpumask_weight(cpus);
	ret = cpulab_cr4_audit(cpus, &failed_cpu, &reply.findings);
	if (ret == -ENODEV) {
		cpulab_set_cpu_err(info->extack, "a CPU in the list is offline", "CPU %u is offline",
				   failed_cpu);
		NL_SET_BAD_ATTR(info->extack, info->attrs[CPULAB_A_CPUS]);
	} else if (ret) {
		cpulab_set_cpu_err(info->extack, "a CPU did not run the audit",
				   "CPU %u did not run the audit", failed_cpu);
	}
	if (!ret)
		ret = cpulab_reply(info, CPULAB_CMD_CR4_AUDIT, NLMSG_GOODSIZE, cpulab_put_audit, &reply);
	return ret;
}

struct cpulab_perturb_reply {
	u32 cpu;
	u8 bit;
	u64 cr4;
};

static int cpulab_put_perturb(struct sk_buff *skb, const void *data)
{
	const struct cpulab_perturb_reply *reply = data;

	return nla_put_u32(skb, CPULAB_A_CPU, reply->cpu) ||
	       nla_put_u8(skb, CPULAB_A_CR4_BIT, reply->bit) ||
	       nla_put_u64_64bit(skb, CPULAB_A_CR4, reply->cr4, CPULAB_A_PAD) ? -EMSGSIZE : 0;
}

static int cpulab_cr4_perturb_doit(struct sk_buff *skb, struct genl_info *info)
{
	bool restore = nla_get_flag(info->attrs[CPULAB_A_CR4_RESTORE]);
	struct cpulab_perturb_reply reply = {
		.cpu = cpulab_request(info)->cpu,
		.bit = cpulab_attr_u8_or(info, CPULAB_A_CR4_BIT, 8),
	};
	int ret;

	if (restore && info->attrs[CPULAB_A_CR4_BIT]) {
		NL_SET_ERR_MSG(info->extack, "RESTORE puts back the perturbed bit; it takes no BIT");
		NL_SET_BAD_ATTR(info->extack, info->attrs[CPULAB_A_CR4_BIT]);
		return -EINVAL;
	}
	ret = cpulab_cr4_perturb(reply.cpu, reply.bit, restore, &reply.cr4);
	switch (ret) {
	case 0:
		if (restore)
			reply.bit = cpulab_cr4_record(reply.cpu)->perturbed_bit;
		return cpulab_reply(info, CPULAB_CMD_CR4_PERTURB, NLMSG_GOODSIZE, cpulab_put_perturb,
				    &reply);
	case -ENODEV:
		cpulab_set_cpu_err(info->extack, "the CPU is offline", "CPU %u is offline", reply.cpu);
		NL_SET_BAD_ATTR(info->extack, info->attrs[CPULAB_A_CPU]);
		break;
	case -EINVAL:
		NL_SET_ERR_MSG(info->extack,
			       "only CR4.PCE (bit 8) may be perturbed: every other bit changes what running code relies on");
		NL_SET_BAD_ATTR(info->extack, info->attrs[CPULAB_A_CR4_BIT]);
		break;
	case -EALREADY:
		if (restore)
			cpulab_set_cpu_err(info->extack, "the CPU is not perturbed",
					   "CPU %u is not perturbed", reply.cpu);
		else
			cpulab_set_cpu_err(info->extack, "the CPU is already perturbed; restore it first",
					   "CPU %u is already perturbed; restore it first", reply.cpu);
		break;
	case -EBUSY:
		cpulab_set_cpu_err(info->extack,
				   "the bit is set in the CPU's shadow (a task uses it); not taking it away",
				   "CPU %u has the bit set in its shadow (a task uses it); not taking it away",
				   reply.cpu);
		break;
	default:
		cpulab_set_cpu_err(info->extack, "the CPU did not run the request",
				   "CPU %u did not run the request", reply.cpu);
	}
	return ret;
}

static const struct nla_policy cpulab_inject_policy[CPULAB_A_INJECT_CLASS + 1] = {
	[CPULAB_A_CPU] = { .type = NLA_U32 },
	[CPULAB_A_INJECT_CLASS] = NLA_POLICY_RANGE(NLA_U8, CPULAB_INJECT_VMX_BAD_REVISION,
						   CPULAB_INJECT_MAX),
};

/* Strict: anything but a u32 CPU, including any other attribute, is refused. */
static const struct nla_policy cpulab_cpu_policy[CPULAB_A_CPU + 1] = {
	[CPULAB_A_CPU] = { .type = NLA_U32 },
};

/*
 * Delays above 100 ms would push a STOP toward the lockup detectors. Not
 * const: 6.1's policy takes a non-const pointer. Never written.
 */
static struct netlink_range_validation cpulab_stop_delay_range = {
	.min = 0,
	.max = 100000,
};

/*
 * Every knob optional; each is range-checked by the policy itself. The
 * reply's attributes between the knobs are NLA_UNSPEC here, which strict
 * validation refuses in a request.
 */
static const struct nla_policy cpulab_stop_policy[CPULAB_A_STOP_HOLD_MS + 1] = {
	[CPULAB_A_STOP_MODE] = NLA_POLICY_MAX(NLA_U8, CPULAB_STOP_MODE_MAX),
	[CPULAB_A_STOP_ORDERING] = NLA_POLICY_MAX(NLA_U8, CPULAB_STOP_ORDERING_MAX),
	[CPULAB_A_STOP_WBINVD_DELAY_US] = NLA_POLICY_FULL_RANGE(NLA_U32, &cpulab_stop_delay_range),
	[CPULAB_A_STOP_IPI_TIMEOUT_MS] = NLA_POLICY_RANGE(NLA_U32, 1, 250),
	[CPULAB_A_STOP_NMI_TIMEOUT_MS] = NLA_POLICY_RANGE(NLA_U32, 1, 250),
	[CPULAB_A_STOP_HOLD_MS] = NLA_POLICY_RANGE(NLA_U32, 0, 500),
};

static const struct nla_policy cpulab_cycle_policy[CPULAB_A_CYCLE_COUNT + 1] = {
	[CPULAB_A_CPUS] = { .type = NLA_BINARY, .len = CPULAB_CPUS_MAX_BYTES },
	[CPULAB_A_CYCLE_COUNT] = NLA_POLICY_RANGE(NLA_U32, 1, 1000),
};

static const struct nla_policy cpulab_perturb_policy[CPULAB_A_CR4_RESTORE + 1] = {
	[CPULAB_A_CPU] = { .type = NLA_U32 },
	[CPULAB_A_CR4_BIT] = NLA_POLICY_MAX(NLA_U8, 63),
	[CPULAB_A_CR4_RESTORE] = { .type = NLA_FLAG },
};

/*
 * A bitmap of at most CPULAB_CPUS_MAX_BYTES, not NR_CPUS / 8: a kernel built
 * for 8 CPUs must give "CPU 9 out of range" to the bitmap a client sized for
 * another, not ERANGE (the debug lane's NR_CPUS=8 found it). Every other
 * attribute is refused.
 */
static const struct nla_policy cpulab_cpus_policy[CPULAB_A_CPUS + 1] = {
	[CPULAB_A_CPUS] = { .type = NLA_BINARY, .len = CPULAB_CPUS_MAX_BYTES },
};

/* A mutating op: a doit, a strict policy, CAP_NET_ADMIN and CAP_SYS_ADMIN (cpulab_pre_doit()). */
#define CPULAB_ADMIN_OP(_cmd, _doit, _policy, _parse)				\
	{									\
		.cmd = (_cmd),							\
		.doit = (_doit),						\
		.policy = (_policy),						\
		.maxattr = ARRAY_SIZE(_policy) - 1,				\
		.flags = GENL_ADMIN_PERM,					\
		.internal_flags = (_parse),					\
	}

static const struct genl_ops cpulab_ops[] = {
	{
		.cmd = CPULAB_CMD_CPU_GET,
		.doit = cpulab_cpu_get_doit,
		.dumpit = cpulab_cpu_get_dumpit,
		.policy = cpulab_cpu_policy,
		.maxattr = ARRAY_SIZE(cpulab_cpu_policy) - 1,
		/* The dump takes no CPU and runs no pre_doit. */
		.internal_flags = CPULAB_NL_CPU,
	},
	CPULAB_ADMIN_OP(CPULAB_CMD_VIRT_ENABLE, cpulab_virt_enable_doit, cpulab_cpus_policy,
			CPULAB_NL_CPUS_OR_POSSIBLE),
	CPULAB_ADMIN_OP(CPULAB_CMD_VIRT_DISABLE, cpulab_virt_disable_doit, cpulab_cpus_policy,
			CPULAB_NL_CPUS_OR_POSSIBLE),
	CPULAB_ADMIN_OP(CPULAB_CMD_CACHE_MARK, cpulab_cache_mark_doit, cpulab_cpus_policy,
			CPULAB_NL_CPUS_OR_ONLINE),
	CPULAB_ADMIN_OP(CPULAB_CMD_CACHE_FLUSH, cpulab_cache_flush_doit, cpulab_cpus_policy,
			CPULAB_NL_CPUS_OR_ONLINE),
	CPULAB_ADMIN_OP(CPULAB_CMD_STOP, cpulab_stop_doit, cpulab_stop_policy, 0),
	CPULAB_ADMIN_OP(CPULAB_CMD_INJECT, cpulab_inject_doit, cpulab_inject_policy, CPULAB_NL_CPU),
	CPULAB_ADMIN_OP(CPULAB_CMD_CPU_OFFLINE, cpulab_cpu_offline_doit, cpulab_cpu_policy,
			CPULAB_NL_CPU),
	CPULAB_ADMIN_OP(CPULAB_CMD_CPU_ONLINE, cpulab_cpu_online_doit, cpulab_cpu_policy,
			CPULAB_NL_CPU),
	CPULAB_ADMIN_OP(CPULAB_CMD_CPU_CYCLE, cpulab_cpu_cycle_doit, cpulab_cycle_policy,
			CPULAB_NL_CPUS_OR_NONE),
	CPULAB_ADMIN_OP(CPULAB_CMD_CR4_AUDIT, cpulab_cr4_audit_doit, cpulab_cpus_policy,
			CPULAB_NL_CPUS_OR_ONLINE),
	CPULAB_ADMIN_OP(CPULAB_CMD_CR4_PERTURB, cpulab_cr4_perturb_doit, cpulab_perturb_policy,
			CPULAB_NL_CPU),
};

/* Any user may join: see CPULAB_MCGRP_EVENTS in the protocol header. */
enum { CPULAB_MCGRP_EVENTS_ID };

static const struct genl_multicast_group cpulab_mcgrps[] = {
	[CPULAB_MCGRP_EVENTS_ID] = { .name = CPULAB_MCGRP_EVENTS },
};

static int cpulab_put_event(struct sk_buff *skb, const struct cpulab_event *event)
{
	if (nla_put_u8(skb, CPULAB_A_EVENT_TYPE, event->type) ||
	    nla_put_u64_64bit(skb, CPULAB_A_EVENT_SEQ, event->seq, CPULAB_A_PAD) ||
	    nla_put_u64_64bit(skb, CPULAB_A_EVENT_TIME_NS, event->time_ns, CPULAB_A_PAD))
		return -EMSGSIZE;
	switch (event->type) {
	case CPULAB_EVENT_LOST:
		return nla_put_u64_64bit(skb, CPULAB_A_EVENT_LOST, event->lost, CPULAB_A_PAD);
	case CPULAB_EVENT_VIRT:
		if (nla_put_u8(skb, CPULAB_A_VIRT_STATE_OLD, event->virt_old) ||
		    nla_put_u8(skb, CPULAB_A_VIRT_STATE, event->virt_new) ||
		    nla_put_u8(skb, CPULAB_A_VIRT_ERROR, event->virt_error) ||
		    nla_put_string(skb, CPULAB_A_VIRT_ERROR_NAME,
				   cpulab_core_virt_error_name(event->virt_error)) ||
		    nla_put_u32(skb, CPULAB_A_VIRT_ERRNO, event->virt_errno))
			return -EMSGSIZE;
		break;
	case CPULAB_EVENT_CACHE:
		if (nla_put_u32(skb, CPULAB_A_CACHE_REASONS_OLD, event->cache_reasons_old) ||
		    nla_put_u32(skb, CPULAB_A_CACHE_REASONS, event->cache_reasons) ||
		    nla_put_u8(skb, CPULAB_A_CACHE_INCOHERENT, event->cache_incoherent))
			return -EMSGSIZE;
		break;
	case CPULAB_EVENT_STOP:
		if (nla_put_u8(skb, CPULAB_A_STOP_STAGE, event->stop_stage) ||
		    nla_put_u64_64bit(skb, CPULAB_A_STOP_CLEAR_NS, event->stop_clear_ns,
				      CPULAB_A_PAD))
			return -EMSGSIZE;
		break;
	case CPULAB_EVENT_CR4:
		if (nla_put_u8(skb, CPULAB_A_CR4_FINDING, event->cr4_finding) ||
		    nla_put_u64_64bit(skb, CPULAB_A_CR4_FINDING_BITS, event->cr4_bits, CPULAB_A_PAD) ||
		    nla_put_u64_64bit(skb, CPULAB_A_CR4, event->cr4, CPULAB_A_PAD) ||
		    nla_put_u64_64bit(skb, CPULAB_A_CR4_SHADOW, event->cr4_shadow, CPULAB_A_PAD))
			return -EMSGSIZE;
		break;
	}
	return nla_put_u32(skb, CPULAB_A_CPU, event->cpu) ||
	       nla_put_u8(skb, CPULAB_A_EVENT_CAUSE, event->cause) ? -EMSGSIZE : 0;
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

	if ((op->flags & GENL_ADMIN_PERM) && !netlink_capable(skb, CAP_SYS_ADMIN)) {
		NL_SET_ERR_MSG(info->extack, "this operation needs CAP_SYS_ADMIN");
		return -EPERM;
	}
	if (!op->internal_flags)
		return 0;
	/* kzalloc: a cpumask_var_t never allocated frees as NULL. */
	request = kzalloc(sizeof(*request), GFP_KERNEL);
	if (!request)
		return -ENOMEM;
	if (op->internal_flags & CPULAB_NL_CPU)
		ret = cpulab_parse_cpu(info, &request->cpu);
	if (!ret && (op->internal_flags & CPULAB_NL_CPUS)) {
		if (zalloc_cpumask_var(&request->cpus, GFP_KERNEL))
			ret = cpulab_parse_cpus(info, cpulab_default_cpus(op->internal_flags),
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

static struct genl_family cpulab_family = {
	.name = CPULAB_FAMILY_NAME,
	.version = CPULAB_FAMILY_VERSION,
	.module = THIS_MODULE,
	.ops = cpulab_ops,
	.n_ops = ARRAY_SIZE(cpulab_ops),
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

	if (!genl_has_listeners(&cpulab_family, &init_net, CPULAB_MCGRP_EVENTS_ID))
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
	genlmsg_multicast(&cpulab_family, skb, 0, CPULAB_MCGRP_EVENTS_ID, GFP_KERNEL);
}

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
