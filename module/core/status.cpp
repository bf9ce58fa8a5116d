// SPDX-License-Identifier: GPL-2.0
//
// The one table of outcomes: each status's errno, stable name and message.
// The errnos are the ones the protocol has always used for these cases, so
// a client that tests errno alone still sees what it did.
#include "cpulab_core.h"
#include "errno_abi.h"

namespace cpulab {

namespace {

// A row names its status, so an entry out of order fails the build.
struct StatusRow {
	cpulab_status status;
	cpulab_status_info info;
};

constexpr StatusRow status_table[] = {
	{CPULAB_STATUS_OK, {0, "ok", "", false}},
	{CPULAB_STATUS_CPU_OUT_OF_RANGE, {CPULAB_ERRNO_EINVAL, "cpu-out-of-range", " is out of range", true}},
	{CPULAB_STATUS_CPU_NOT_POSSIBLE, {CPULAB_ERRNO_EINVAL, "cpu-not-possible",
					    " is not in cpu_possible_mask", true}},
	{CPULAB_STATUS_CPU_UNREACHABLE, {CPULAB_ERRNO_EIO, "cpu-unreachable", " did not run the request", true}},
	{CPULAB_STATUS_OFFLINE, {CPULAB_ERRNO_ENODEV, "offline", " is offline", true}},
	{CPULAB_STATUS_FOREIGN, {CPULAB_ERRNO_EBUSY, "foreign", " is owned by another hypervisor", true}},
	{CPULAB_STATUS_UNSUPPORTED, {CPULAB_ERRNO_EOPNOTSUPP, "unsupported", " has no VMX or SVM", true}},
	{CPULAB_STATUS_NOTHING_TO_RELEASE, {CPULAB_ERRNO_EALREADY, "nothing-to-release",
					      " has no enable request to release", true}},
	{CPULAB_STATUS_CLASS_NOT_APPLICABLE, {CPULAB_ERRNO_EOPNOTSUPP, "class-not-applicable",
						    ": this class does not apply to its virtualization extension",
						    true}},
	{CPULAB_STATUS_SHUTTING_DOWN, {CPULAB_ERRNO_ESHUTDOWN, "shutting-down", "the system is shutting down",
					 false}},
	// VMXON faulting is what KVM reports as -EFAULT (kvm_cpu_vmxon()).
	// The four below are followed by the failure class: short enough that
	// "CPU 8191", the message and the longest class fit a formatted extack
	// (NETLINK_MAX_FMTMSG_LEN, 80 with its NUL).
	{CPULAB_STATUS_VIRT_FAULT, {CPULAB_ERRNO_EFAULT, "virt-fault", ": VMXON/VMXOFF faulted", true}},
	{CPULAB_STATUS_VIRT_VMFAIL, {CPULAB_ERRNO_EIO, "virt-vmfail", ": VMXON/VMXOFF reported VMfail", true}},
	// The CPU's configuration does not allow it: as for a CPU without it.
	{CPULAB_STATUS_VIRT_PRECHECK, {CPULAB_ERRNO_EOPNOTSUPP, "virt-precheck",
					 ": its configuration forbids it", true}},
	{CPULAB_STATUS_VIRT_MSR_FAULT, {CPULAB_ERRNO_EIO, "virt-msr-fault", ": an MSR access faulted", true}},
	{CPULAB_STATUS_NOT_PERTURBABLE, {CPULAB_ERRNO_EINVAL, "not-perturbable",
					   "only CR4.PCE (bit 8) may be perturbed: every other bit changes "
					   "what running code relies on",
					   false}},
	{CPULAB_STATUS_ALREADY_PERTURBED, {CPULAB_ERRNO_EALREADY, "already-perturbed",
					     " is already perturbed; restore it first", true}},
	{CPULAB_STATUS_NOT_PERTURBED, {CPULAB_ERRNO_EALREADY, "not-perturbed", " is not perturbed", true}},
	{CPULAB_STATUS_BIT_IN_USE, {CPULAB_ERRNO_EBUSY, "bit-in-use",
				      " has the bit set in its shadow (a task uses it); not taking it away",
				      true}},
	{CPULAB_STATUS_NOT_PRESENT, {CPULAB_ERRNO_EINVAL, "not-present", " is not present", true}},
	{CPULAB_STATUS_NOT_HOTPLUGGABLE, {CPULAB_ERRNO_EINVAL, "not-hotpluggable",
					    " is not hotpluggable (cpu_is_hotpluggable())", true}},
	{CPULAB_STATUS_ALREADY_OFFLINE, {CPULAB_ERRNO_EINVAL, "already-offline", " is already offline", true}},
	{CPULAB_STATUS_ALREADY_ONLINE, {CPULAB_ERRNO_EINVAL, "already-online", " is already online", true}},
	// 7.1+: an enable by anyone but the kernel's owner would be refused
	// with -EBUSY there too (x86_virt_get_ref() finding VMXE/SVME set).
	{CPULAB_STATUS_KERNEL_OWNS_VIRT, {CPULAB_ERRNO_EBUSY, "kernel-owns-virt",
					    ": the kernel owns VMX/SVM (x86_virt_get_ref())", true}},
	{CPULAB_STATUS_SHADOW_NOT_EXPORTED, {CPULAB_ERRNO_EOPNOTSUPP, "shadow-not-exported",
					       "this kernel exports its CR4 shadow to KVM only: "
					       "cpulab cannot keep it in step",
					       false}},
};
constexpr unsigned int status_rows = sizeof(status_table) / sizeof(status_table[0]);
static_assert(status_rows == CPULAB_STATUS_COUNT, "every cpulab_status needs a row");

constexpr bool rows_follow_the_enum()
{
	for (unsigned int i = 0; i < status_rows; i++)
		if (static_cast<unsigned int>(status_table[i].status) != i)
			return false;
	return true;
}
static_assert(rows_follow_the_enum(), "status_table's rows must follow enum cpulab_status");

constexpr cpulab_status_info unknown_status = {CPULAB_ERRNO_EINVAL, "unknown-status", ": unexpected status",
					       true};

} // namespace

} // namespace cpulab

extern "C" const cpulab_status_info *cpulab_core_status_info(cpulab_status status)
{
	const auto index = static_cast<unsigned int>(status);
	if (index >= cpulab::status_rows)
		return &cpulab::unknown_status;
	return &cpulab::status_table[index].info;
}
