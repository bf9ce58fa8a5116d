// SPDX-License-Identifier: GPL-2.0
// cpulab_core_read_cpu() against the fake platform.
#include <cstring>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "cpulab.h"
#include "cpulab_core.h"
#include "fake_platform.h"

namespace {

using cpulab::fake::machine;

class CoreCpuReport : public ::testing::Test {
protected:
	void SetUp() override
	{
		cpulab::fake::reset(4);
		for (unsigned int cpu = 0; cpu < 4; cpu++) {
			auto &fake = machine().cpus[cpu];
			// Distinct per CPU, so a read on the wrong CPU shows.
			fake.cr4 = 0x350ef0 + cpu;
			fake.cr4_shadow = 0x350ef0 + cpu;
			fake.cpuid = cpulab::fake::cpuid_amd_with_svm();
		}
	}
};

TEST_F(CoreCpuReport, ReadsRegistersOnTheTargetCpu)
{
	cpulab_cpu_report report{};
	ASSERT_EQ(cpulab_core_read_cpu(2, nullptr, nullptr, nullptr, &report), CPULAB_CORE_OK);
	EXPECT_EQ(report.cpu, 2u);
	EXPECT_EQ(report.online, 1);
	EXPECT_EQ(report.registers_valid, 1);
	EXPECT_EQ(report.cr4, 0x350ef2u);
	EXPECT_EQ(report.cr4_shadow, 0x350ef2u);
	EXPECT_EQ(report.virt_capability, CPULAB_VIRT_CAP_SVM);
	EXPECT_EQ(machine().ipis_sent, 1u);
	EXPECT_FALSE(machine().register_read_outside_ipi);
}

TEST_F(CoreCpuReport, ReportsShadowAndHardwareSeparately)
{
	machine().cpus[1].cr4 = 0x350ef0 | (1u << 8);	// PCE set behind the shadow's back
	cpulab_cpu_report report{};
	ASSERT_EQ(cpulab_core_read_cpu(1, nullptr, nullptr, nullptr, &report), CPULAB_CORE_OK);
	EXPECT_EQ(report.cr4, 0x350ef0u | (1u << 8));
	EXPECT_EQ(report.cr4_shadow, 0x350ef1u);
}

TEST_F(CoreCpuReport, OfflineCpuSendsNoIpiAndHasNoRegisters)
{
	machine().cpus[3].online = false;
	cpulab_cpu_report report{};
	ASSERT_EQ(cpulab_core_read_cpu(3, nullptr, nullptr, nullptr, &report), CPULAB_CORE_OK);
	EXPECT_EQ(report.cpu, 3u);
	EXPECT_EQ(report.online, 0);
	EXPECT_EQ(report.registers_valid, 0);
	EXPECT_EQ(report.cr4, 0u);
	EXPECT_EQ(machine().ipis_sent, 0u);
}

TEST_F(CoreCpuReport, OutOfRangeIsAnError)
{
	cpulab_cpu_report report{};
	EXPECT_EQ(cpulab_core_read_cpu(4, nullptr, nullptr, nullptr, &report), CPULAB_CORE_ERR_CPU_OUT_OF_RANGE);
	EXPECT_EQ(cpulab_core_read_cpu(4096, nullptr, nullptr, nullptr, &report), CPULAB_CORE_ERR_CPU_OUT_OF_RANGE);
	EXPECT_EQ(cpulab_core_read_cpu(0xffffffffu, nullptr, nullptr, nullptr, &report), CPULAB_CORE_ERR_CPU_OUT_OF_RANGE);
	EXPECT_EQ(machine().ipis_sent, 0u);
}

TEST_F(CoreCpuReport, ImpossibleCpuInsideRangeIsAnError)
{
	machine().cpus[2].possible = false;
	machine().cpus[2].online = false;
	cpulab_cpu_report report{};
	EXPECT_EQ(cpulab_core_read_cpu(2, nullptr, nullptr, nullptr, &report), CPULAB_CORE_ERR_CPU_NOT_POSSIBLE);
}

TEST_F(CoreCpuReport, FailedIpiIsUnreachableAndLeavesReportUntouched)
{
	machine().cpus[1].ipi_fails = true;
	cpulab_cpu_report report{};
	std::memset(&report, 0xa5, sizeof(report));
	EXPECT_EQ(cpulab_core_read_cpu(1, nullptr, nullptr, nullptr, &report), CPULAB_CORE_ERR_CPU_UNREACHABLE);
	EXPECT_EQ(report.cpu, 0xa5a5a5a5u);
}

TEST_F(CoreCpuReport, CheckCpuIsTheOneValidityRule)
{
	machine().cpus[2].possible = false;
	EXPECT_EQ(cpulab_core_check_cpu(0), CPULAB_CORE_OK);
	EXPECT_EQ(cpulab_core_check_cpu(2), CPULAB_CORE_ERR_CPU_NOT_POSSIBLE);
	EXPECT_EQ(cpulab_core_check_cpu(4), CPULAB_CORE_ERR_CPU_OUT_OF_RANGE);
	EXPECT_EQ(machine().ipis_sent, 0u);
}

TEST(CoreErrorNames, EveryErrorHasADistinctKebabCaseName)
{
	std::set<std::string> names;
	for (int error = 0; error < CPULAB_CORE_ERR_COUNT; error++) {
		const std::string name = cpulab_core_error_name(static_cast<cpulab_core_error>(error));
		EXPECT_EQ(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz-"), std::string::npos) << name;
		names.insert(name);
	}
	EXPECT_EQ(names.size(), static_cast<size_t>(CPULAB_CORE_ERR_COUNT));
	EXPECT_STREQ(cpulab_core_error_name(CPULAB_CORE_ERR_CPU_OUT_OF_RANGE), "cpu-out-of-range");
	EXPECT_STREQ(cpulab_core_error_name(CPULAB_CORE_ERR_COUNT), "unknown-error");
	EXPECT_STREQ(cpulab_core_error_name(static_cast<cpulab_core_error>(-1)), "unknown-error");
}

} // namespace
