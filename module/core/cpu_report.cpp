// SPDX-License-Identifier: GPL-2.0
//
// Reading one CPU for CPULAB_CMD_CPU_GET.
#include "cpulab_core.h"
#include "cpuid.h"
#include "platform.h"
#include "result.h"
#include "virt_capability.h"

namespace cpulab {

namespace {

// Runs on the target CPU in IPI context (interrupts off), so the hardware
// CR4 and the shadow are one consistent snapshot: the kernel only changes
// them together with interrupts off (cr4_update_irqsoff()).
void read_registers_on_cpu(void *arg)
{
	auto *report = static_cast<cpulab_cpu_report *>(arg);

	report->cr4 = cpulab_platform_read_cr4();
	report->cr4_shadow = cpulab_platform_read_cr4_shadow();
	report->virt_capability = static_cast<uint8_t>(detect_virt_capability(CpuidReader{}));
	report->registers_valid = 1;
}

Result<cpulab_cpu_report> read_cpu(unsigned int cpu)
{
	if (cpu >= cpulab_platform_nr_cpu_ids())
		return Error::cpu_out_of_range;
	if (!cpulab_platform_cpu_possible(cpu))
		return Error::cpu_not_possible;

	cpulab_cpu_report report{};
	report.cpu = cpu;
	report.online = cpulab_platform_cpu_online(cpu);
	if (report.online && cpulab_platform_run_on_cpu(cpu, read_registers_on_cpu, &report) != 0)
		return Error::cpu_unreachable;
	return report;
}

constexpr const char *error_names[] = {
	"ok",
	"cpu-out-of-range",
	"cpu-not-possible",
	"cpu-unreachable",
};
static_assert(sizeof(error_names) / sizeof(error_names[0]) == CPULAB_CORE_ERR_COUNT,
	      "every cpulab_core_error needs a name");

} // namespace

} // namespace cpulab

extern "C" cpulab_core_error cpulab_core_read_cpu(unsigned int cpu, cpulab_cpu_report *report)
{
	const auto result = cpulab::read_cpu(cpu);
	if (!result.ok())
		return cpulab::to_abi(result.error());
	*report = result.value();
	return CPULAB_CORE_OK;
}

extern "C" const char *cpulab_core_error_name(cpulab_core_error error)
{
	if (error < 0 || error >= CPULAB_CORE_ERR_COUNT)
		return "unknown-error";
	return cpulab::error_names[error];
}
