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
	ASSERT_EQ(cpulab_core_read_cpu(2, nullptr, nullptr, nullptr, &report), CPULAB_STATUS_OK);
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
	ASSERT_EQ(cpulab_core_read_cpu(1, nullptr, nullptr, nullptr, &report), CPULAB_STATUS_OK);
	EXPECT_EQ(report.cr4, 0x350ef0u | (1u << 8));
	EXPECT_EQ(report.cr4_shadow, 0x350ef1u);
}

TEST_F(CoreCpuReport, OfflineCpuSendsNoIpiAndHasNoRegisters)
{
	machine().cpus[3].online = false;
	cpulab_cpu_report report{};
	ASSERT_EQ(cpulab_core_read_cpu(3, nullptr, nullptr, nullptr, &report), CPULAB_STATUS_OK);
	EXPECT_EQ(report.cpu, 3u);
	EXPECT_EQ(report.online, 0);
	EXPECT_EQ(report.registers_valid, 0);
	EXPECT_EQ(report.cr4, 0u);
	EXPECT_EQ(machine().ipis_sent, 0u);
}

TEST_F(CoreCpuReport, OutOfRangeIsAnError)
{
	cpulab_cpu_report report{};
	EXPECT_EQ(cpulab_core_read_cpu(4, nullptr, nullptr, nullptr, &report), CPULAB_STATUS_CPU_OUT_OF_RANGE);
	EXPECT_EQ(cpulab_core_read_cpu(4096, nullptr, nullptr, nullptr, &report), CPULAB_STATUS_CPU_OUT_OF_RANGE);
	EXPECT_EQ(cpulab_core_read_cpu(0xffffffffu, nullptr, nullptr, nullptr, &report), CPULAB_STATUS_CPU_OUT_OF_RANGE);
	EXPECT_EQ(machine().ipis_sent, 0u);
}

TEST_F(CoreCpuReport, ImpossibleCpuInsideRangeIsAnError)
{
	machine().cpus[2].possible = false;
	machine().cpus[2].online = false;
	cpulab_cpu_report report{};
	EXPECT_EQ(cpulab_core_read_cpu(2, nullptr, nullptr, nullptr, &report), CPULAB_STATUS_CPU_NOT_POSSIBLE);
}

TEST_F(CoreCpuReport, FailedIpiIsUnreachableAndLeavesReportUntouched)
{
	machine().cpus[1].ipi_fails = true;
	cpulab_cpu_report report{};
	std::memset(&report, 0xa5, sizeof(report));
	EXPECT_EQ(cpulab_core_read_cpu(1, nullptr, nullptr, nullptr, &report), CPULAB_STATUS_CPU_UNREACHABLE);
	EXPECT_EQ(report.cpu, 0xa5a5a5a5u);
}

TEST_F(CoreCpuReport, CheckCpuIsTheOneValidityRule)
{
	machine().cpus[2].possible = false;
	EXPECT_EQ(cpulab_core_check_cpu(0), CPULAB_STATUS_OK);
	EXPECT_EQ(cpulab_core_check_cpu(2), CPULAB_STATUS_CPU_NOT_POSSIBLE);
	EXPECT_EQ(cpulab_core_check_cpu(4), CPULAB_STATUS_CPU_OUT_OF_RANGE);
	EXPECT_EQ(machine().ipis_sent, 0u);
}

TEST(CoreStatusTable, EveryStatusHasADistinctNameAnErrnoAndAMessage)
{
	std::set<std::string> names;
	for (int status = 0; status < CPULAB_STATUS_COUNT; status++) {
		const cpulab_status_info *info = cpulab_core_status_info(static_cast<cpulab_status>(status));
		const std::string name = info->name;
		EXPECT_EQ(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz-"), std::string::npos) << name;
		names.insert(name);
		if (status == CPULAB_STATUS_OK)
			continue;
		EXPECT_GT(info->errno_value, 0) << name;
		ASSERT_NE(info->message, nullptr);
		const std::string message = info->message;
		// It completes "CPU 3" and "a CPU", or stands alone.
		if (info->about_cpu)
			EXPECT_TRUE(message[0] == ' ' || message[0] == ':') << name << ": \"" << message << '"';
		else
			EXPECT_TRUE(message[0] >= 'a' && message[0] <= 'z') << name << ": \"" << message << '"';
	}
	EXPECT_EQ(names.size(), static_cast<size_t>(CPULAB_STATUS_COUNT));
	EXPECT_STREQ(cpulab_core_status_info(CPULAB_STATUS_CPU_OUT_OF_RANGE)->name, "cpu-out-of-range");
	EXPECT_EQ(cpulab_core_status_info(CPULAB_STATUS_OK)->errno_value, 0);
	EXPECT_STREQ(cpulab_core_status_info(CPULAB_STATUS_COUNT)->name, "unknown-status");
	EXPECT_STREQ(cpulab_core_status_info(static_cast<cpulab_status>(-1))->name, "unknown-status");
}

// A formatted extack holds 79 characters (NETLINK_MAX_FMTMSG_LEN, 80 with
// its NUL; the kernel truncates longer ones): a hardware failure's message,
// on the highest CPU x86 can have, with the longest class after it, fits.
TEST(CoreStatusTable, VirtFailureMessagesFitAFormattedExtack)
{
	constexpr size_t formatted_max = 79;
	const std::string cpu = "CPU 8191";
	for (cpulab_status status : {CPULAB_STATUS_VIRT_FAULT, CPULAB_STATUS_VIRT_VMFAIL,
				     CPULAB_STATUS_VIRT_PRECHECK, CPULAB_STATUS_VIRT_MSR_FAULT}) {
		const std::string message = cpulab_core_status_info(status)->message;
		for (int error = 0; error <= CPULAB_VIRT_ERROR_MAX; error++) {
			const std::string text = cpu + message + ": " +
						 cpulab_core_virt_error_name(static_cast<uint8_t>(error));
			EXPECT_LE(text.size(), formatted_max) << text;
		}
	}
}

// The errnos clients have always seen for these refusals.
TEST(CoreStatusTable, RefusalsKeepTheirErrnos)
{
	EXPECT_EQ(cpulab_core_status_info(CPULAB_STATUS_FOREIGN)->errno_value, 16);
	EXPECT_EQ(cpulab_core_status_info(CPULAB_STATUS_UNSUPPORTED)->errno_value, 95);
	EXPECT_EQ(cpulab_core_status_info(CPULAB_STATUS_NOTHING_TO_RELEASE)->errno_value, 114);
	EXPECT_EQ(cpulab_core_status_info(CPULAB_STATUS_VIRT_FAULT)->errno_value, 14);
	EXPECT_EQ(cpulab_core_status_info(CPULAB_STATUS_VIRT_VMFAIL)->errno_value, 5);
	EXPECT_EQ(cpulab_core_status_info(CPULAB_STATUS_VIRT_PRECHECK)->errno_value, 95);
	EXPECT_EQ(cpulab_core_status_info(CPULAB_STATUS_OFFLINE)->errno_value, 19);
	EXPECT_EQ(cpulab_core_status_info(CPULAB_STATUS_NOT_PERTURBABLE)->errno_value, 22);
}

} // namespace
