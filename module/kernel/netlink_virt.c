// SPDX-License-Identifier: GPL-2.0
/*
 * VIRT_ENABLE, VIRT_DISABLE and INJECT.
 * Context: process, may sleep; see netlink.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <net/genetlink.h>

#include "../../include/uapi/cpulab.h"
#include "../core/cpulab_core.h"
#include "cpu_records.h"
#include "virt.h"
#include "netlink_internal.h"

/* A hardware failure's class, which its record names; nothing for a refusal. */
static const char *cpulab_virt_failure_class(unsigned int cpu, enum cpulab_status status)
{
	switch (status) {
	case CPULAB_STATUS_VIRT_FAULT:
	case CPULAB_STATUS_VIRT_VMFAIL:
	case CPULAB_STATUS_VIRT_PRECHECK:
	case CPULAB_STATUS_VIRT_MSR_FAULT:
		return cpulab_core_virt_error_name(cpulab_cpu(cpu)->virt.last_error);
	default:
		return NULL;
	}
}

static int cpulab_virt_request_doit(struct genl_info *info, bool enable)
{
	unsigned int failed_cpu = 0;
	enum cpulab_status status;

	status = cpulab_virt_request(cpulab_request(info)->cpus, enable, &failed_cpu);
	return cpulab_status_to_errno(info->extack, info->attrs[CPULAB_A_CPUS], failed_cpu, status,
				      cpulab_virt_failure_class(failed_cpu, status));
}

int cpulab_nl_virt_enable_doit(struct sk_buff *skb, struct genl_info *info)
{
	return cpulab_virt_request_doit(info, true);
}

int cpulab_nl_virt_disable_doit(struct sk_buff *skb, struct genl_info *info)
{
	return cpulab_virt_request_doit(info, false);
}

int cpulab_nl_inject_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *cpu_attr = info->attrs[CPULAB_A_CPU];
	struct nlattr *class_attr = info->attrs[CPULAB_A_INJECT_CLASS];
	u32 cpu = cpulab_request(info)->cpu;
	enum cpulab_status status;

	if (GENL_REQ_ATTR_CHECK(info, CPULAB_A_INJECT_CLASS)) {
		NL_SET_ERR_MSG(info->extack, "missing attribute INJECT_CLASS");
		return -EINVAL;
	}

	status = cpulab_virt_arm_injection(cpu, nla_get_u8(class_attr));
	/* The class is at fault when it does not apply; otherwise the CPU. */
	if (status == CPULAB_STATUS_CLASS_NOT_APPLICABLE)
		cpu_attr = class_attr;
	return cpulab_status_to_errno(info->extack, cpu_attr, cpu, status, NULL);
}
