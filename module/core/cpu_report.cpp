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

struct ReadRequest {
	cpulab_cpu_report *report;
	const cpulab_virt_cpu *virt;
	const cpulab_cache_cpu *cache;
	const cpulab_cr4_cpu *cr4;
};

void copy_records(const ReadRequest &request)
{
	if (request.virt)
		request.report->virt = *request.virt;
	if (request.cache)
		request.report->cache = *request.cache;
	if (request.cr4)
		request.report->cr4_audit = *request.cr4;
}

// Runs on the target CPU in IPI context (interrupts off), so the hardware
// CR4 and the shadow are one consistent snapshot: the kernel only changes
// them together with interrupts off (cr4_update_irqsoff()). The virt
// record is only written on this CPU with interrupts off, so its copy is
// consistent too.
void read_registers_on_cpu(void *arg)
{
	auto *request = static_cast<ReadRequest *>(arg);
	cpulab_cpu_report *report = request->report;

	report->cr4 = cpulab_platform_read_cr4();
	report->cr4_shadow = cpulab_platform_read_cr4_shadow();
	report->virt_capability = static_cast<uint8_t>(detect_virt_capability(CpuidReader{}));
	report->registers_valid = 1;
	copy_records(*request);
}

Error check_cpu(unsigned int cpu)
{
	if (cpu >= cpulab_platform_nr_cpu_ids())
		return Error::cpu_out_of_range;
	if (!cpulab_platform_cpu_possible(cpu))
		return Error::cpu_not_possible;
	return Error::none;
}

Result<cpulab_cpu_report> read_cpu(unsigned int cpu, const cpulab_virt_cpu *virt,
				   const cpulab_cache_cpu *cache, const cpulab_cr4_cpu *cr4)
{
	const Error invalid = check_cpu(cpu);
	if (invalid != Error::none)
		return invalid;

	cpulab_cpu_report report{};
	report.cpu = cpu;
	report.online = cpulab_platform_cpu_online(cpu);
	ReadRequest request{&report, virt, cache, cr4};
	if (!report.online) {
		// An offline CPU runs nothing that could write its records.
		copy_records(request);
		return report;
	}
	if (cpulab_platform_run_on_cpu(cpu, read_registers_on_cpu, &request) != 0)
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

extern "C" cpulab_core_error cpulab_core_read_cpu(unsigned int cpu, const cpulab_virt_cpu *virt,
						  const cpulab_cache_cpu *cache,
						  const cpulab_cr4_cpu *cr4,
						  cpulab_cpu_report *report)
{
	const auto result = cpulab::read_cpu(cpu, virt, cache, cr4);
	if (!result.ok())
		return cpulab::to_abi(result.error());
	*report = result.value();
	return CPULAB_CORE_OK;
}

extern "C" cpulab_core_error cpulab_core_check_cpu(unsigned int cpu)
{
	return cpulab::to_abi(cpulab::check_cpu(cpu));
}

extern "C" const char *cpulab_core_error_name(cpulab_core_error error)
{
	if (error < 0 || error >= CPULAB_CORE_ERR_COUNT)
		return "unknown-error";
	return cpulab::error_names[error];
}
