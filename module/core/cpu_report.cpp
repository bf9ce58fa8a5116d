// SPDX-License-Identifier: GPL-2.0
//
// Reading one CPU for CPULAB_CMD_CPU_GET.
#include "cpulab_core.h"
#include "cpuid.h"
#include "platform.h"
#include "virt_capability.h"

namespace cpulab {

namespace {

struct ReadRequest {
	cpulab_cpu_report *report;
	cpulab_virt_cpu *virt;
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
	report->shadow_valid = cpulab_platform_read_cr4_shadow(&report->cr4_shadow);
	report->virt_capability = static_cast<uint8_t>(detect_virt_capability(CpuidReader{}));
	report->registers_valid = 1;
	// The kernel's owner changes VMXE/SVME with no callback to cpulab;
	// the record is written here, on its CPU with interrupts off.
	if (request->virt && cpulab_platform_kernel_owns_virt())
		cpulab_core_virt_observe(request->virt);
	copy_records(*request);
}

cpulab_status check_cpu(unsigned int cpu)
{
	if (cpu >= cpulab_platform_nr_cpu_ids())
		return CPULAB_STATUS_CPU_OUT_OF_RANGE;
	if (!cpulab_platform_cpu_possible(cpu))
		return CPULAB_STATUS_CPU_NOT_POSSIBLE;
	return CPULAB_STATUS_OK;
}

cpulab_status read_cpu(unsigned int cpu, const ReadRequest &records)
{
	const cpulab_status invalid = check_cpu(cpu);
	if (invalid != CPULAB_STATUS_OK)
		return invalid;

	cpulab_cpu_report &report = *records.report;
	report = cpulab_cpu_report{};
	report.cpu = cpu;
	report.online = cpulab_platform_cpu_online(cpu);
	if (!report.online) {
		// An offline CPU runs nothing that could write its records.
		copy_records(records);
		return CPULAB_STATUS_OK;
	}
	ReadRequest request = records;
	if (cpulab_platform_run_on_cpu(cpu, read_registers_on_cpu, &request) != 0)
		return CPULAB_STATUS_CPU_UNREACHABLE;
	return CPULAB_STATUS_OK;
}

} // namespace

} // namespace cpulab

extern "C" cpulab_status cpulab_core_read_cpu(unsigned int cpu, cpulab_virt_cpu *virt,
					      const cpulab_cache_cpu *cache, const cpulab_cr4_cpu *cr4,
					      cpulab_cpu_report *report)
{
	// Built in a local: a failed read leaves the caller's report alone.
	cpulab_cpu_report local{};
	const cpulab_status status = cpulab::read_cpu(cpu, {&local, virt, cache, cr4});
	if (status == CPULAB_STATUS_OK)
		*report = local;
	return status;
}

extern "C" cpulab_status cpulab_core_check_cpu(unsigned int cpu)
{
	return cpulab::check_cpu(cpu);
}
