// SPDX-License-Identifier: GPL-2.0
/*
 * VIRT_ENABLE, VIRT_DISABLE and INJECT.
 * Context: process, may sleep; see netlink.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <net/genetlink.h>

#include "../../include/uapi/cpulab.h"
#include "../core/cpulab_core.h"
#include "virt.h"
#include "netlink_internal.h"

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

int cpulab_virt_enable_doit(struct sk_buff *skb, struct genl_info *info)
{
	return cpulab_virt_request_doit(info, true);
}

int cpulab_virt_disable_doit(struct sk_buff *skb, struct genl_info *info)
{
	return cpulab_virt_request_doit(info, false);
}

int cpulab_inject_doit(struct sk_buff *skb, struct genl_info *info)
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
