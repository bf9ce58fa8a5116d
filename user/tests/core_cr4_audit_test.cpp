// SPDX-License-Identifier: GPL-2.0
// CR4 decoding, the pinned-mask table, the audit rules and the
// perturbation, against the fake platform.
#include <gtest/gtest.h>

#include "control_registers.h"
#include "cpulab_core.h"
#include "cr4_audit.h"
#include "cr4_pinning.h"
#include "fake_platform.h"

namespace {

using cpulab::fake::machine;
namespace cr4 = cpulab::cr4;

// CR4 as Debian's 6.12 runs it under QEMU -cpu max (read in the qemu-6.12
// lane): pse pae mce pge osfxsr osxmmexcpt umip la57 fsgsbase osxsave smep smap pke.
constexpr uint64_t qemu_max_cr4 = 0x751ef0;
constexpr uint64_t pinned_6_12 = 0xb10800;

TEST(Cr4Bits, EveryArchitecturalBitHasItsManualName)
{
	EXPECT_STREQ(cr4::bit_name(0), "vme");
	EXPECT_STREQ(cr4::bit_name(8), "pce");
	EXPECT_STREQ(cr4::bit_name(13), "vmxe");
	EXPECT_STREQ(cr4::bit_name(23), "cet");
	EXPECT_STREQ(cr4::bit_name(28), "lam_sup");
	EXPECT_STREQ(cr4::bit_name(32), "fred");
	for (const unsigned int reserved : {15u, 26u, 29u, 30u, 31u, 33u, 63u})
		EXPECT_EQ(cr4::bit_name(reserved), nullptr) << "bit " << reserved;
	// 28 named bits: 0-14, 16-25, 27, 28 and 32.
	EXPECT_EQ(__builtin_popcountll(cr4::known_bits()), 28);
	EXPECT_EQ(cr4::known_bits() & (cpulab::bit(15) | cpulab::bit(26)), 0u);
}

TEST(Cr4Pinning, TableFollowsTheKernelSources)
{
	// Read in Debian's linux-source-6.1 (6.1.192) and linux-source-6.12 (6.12.117).
	EXPECT_EQ(cpulab_core_cr4_pinned_mask(cr4::kernel_version(6, 1, 192)), pinned_6_12);
	EXPECT_EQ(cpulab_core_cr4_pinned_mask(cr4::kernel_version(6, 12, 117)), pinned_6_12);
	EXPECT_EQ(cpulab_core_cr4_pinned_mask(cr4::kernel_version(6, 9, 0)), pinned_6_12 | cr4::fred);
	EXPECT_EQ(cpulab_core_cr4_pinned_mask(cr4::kernel_version(5, 4, 0)), cr4::smep | cr4::smap | cr4::umip);
	EXPECT_EQ(cpulab_core_cr4_pinned_mask(cr4::kernel_version(4, 19, 0)), 0u);
	// Sublevels above 255 saturate, as LINUX_VERSION_CODE does.
	EXPECT_EQ(cr4::kernel_version(6, 1, 300), cr4::kernel_version(6, 1, 255));
	for (unsigned int row = 1; row < cr4::pinning_rows; row++)
		EXPECT_LT(cr4::pinning_table[row - 1].since, cr4::pinning_table[row].since);
}

cpulab::Cr4AuditInput healthy()
{
	cpulab::Cr4AuditInput input{};
	input.cr4 = input.shadow = qemu_max_cr4;
	input.shadow_valid = true;
	input.pinned_mask = pinned_6_12;
	input.pinned_reference = qemu_max_cr4 & pinned_6_12;
	return input;
}

TEST(Cr4Audit, HealthyCpuIsClean)
{
	const auto findings = cpulab::audit_cr4(healthy());
	EXPECT_EQ(findings.kinds, 0u);
}

TEST(Cr4Audit, EachFindingNamesItsBits)
{
	auto input = healthy();
	input.cr4 |= cr4::pce;
	auto findings = cpulab::audit_cr4(input);
	EXPECT_EQ(findings.kinds, 1u << CPULAB_CR4_FINDING_SHADOW_MISMATCH);
	EXPECT_EQ(findings.bits[CPULAB_CR4_FINDING_SHADOW_MISMATCH], cr4::pce);

	// Pinned FSGSBASE missing on a secondary CPU: hardware and shadow agree,
	// the boot CPU has it.
	input = healthy();
	input.cr4 = input.shadow = qemu_max_cr4 & ~cr4::fsgsbase;
	findings = cpulab::audit_cr4(input);
	EXPECT_EQ(findings.kinds, 1u << CPULAB_CR4_FINDING_PINNED_MISSING);
	EXPECT_EQ(findings.bits[CPULAB_CR4_FINDING_PINNED_MISSING], cr4::fsgsbase);

	// FRED turned on by pinning on one CPU only (a mask that pins it).
	input = healthy();
	input.pinned_mask |= cr4::fred;
	input.cr4 = input.shadow = qemu_max_cr4 | cr4::fred;
	findings = cpulab::audit_cr4(input);
	EXPECT_EQ(findings.kinds, 1u << CPULAB_CR4_FINDING_PINNED_EXTRA);
	EXPECT_EQ(findings.bits[CPULAB_CR4_FINDING_PINNED_EXTRA], cr4::fred);

	input = healthy();
	input.cr4 = input.shadow = qemu_max_cr4 | cpulab::bit(26);
	findings = cpulab::audit_cr4(input);
	EXPECT_EQ(findings.kinds, 1u << CPULAB_CR4_FINDING_UNKNOWN_BIT);
	EXPECT_EQ(findings.bits[CPULAB_CR4_FINDING_UNKNOWN_BIT], cpulab::bit(26));
}

// 7.x keeps the shadow from modules: no shadow, no rule about it; the rest
// of the audit still holds.
TEST(Cr4Audit, WithoutTheShadowOnlyTheShadowRuleIsOff)
{
	auto input = healthy();
	input.shadow_valid = false;
	input.shadow = 0;
	EXPECT_EQ(cpulab::audit_cr4(input).kinds, 0u);
	input.cr4 = qemu_max_cr4 & ~cr4::fsgsbase;
	EXPECT_EQ(cpulab::audit_cr4(input).kinds, 1u << CPULAB_CR4_FINDING_PINNED_MISSING);
}

TEST(Cr4Audit, VmxeMustHaveAnOwner)
{
	auto input = healthy();
	input.cr4 = input.shadow = qemu_max_cr4 | cr4::vmxe;
	EXPECT_EQ(cpulab::audit_cr4(input).kinds, 1u << CPULAB_CR4_FINDING_VMXE_OWNER);
	input.owns_vmx = true;
	EXPECT_EQ(cpulab::audit_cr4(input).kinds, 0u);
	input.owns_vmx = false;
	input.vmx_foreign = true;
	EXPECT_EQ(cpulab::audit_cr4(input).kinds, 0u) << "KVM's VMX is declared, not a leak";
	input = healthy();
	input.owns_vmx = true;
	EXPECT_EQ(cpulab::audit_cr4(input).kinds, 1u << CPULAB_CR4_FINDING_VMXE_OWNER);
}

TEST(Cr4Audit, SeveralFindingsAtOnce)
{
	auto input = healthy();
	input.cr4 = (qemu_max_cr4 & ~cr4::smep) | cr4::pce;
	input.shadow = qemu_max_cr4 & ~cr4::smep;
	const auto findings = cpulab::audit_cr4(input);
	EXPECT_EQ(findings.kinds,
		  (1u << CPULAB_CR4_FINDING_SHADOW_MISMATCH) | (1u << CPULAB_CR4_FINDING_PINNED_MISSING));
	EXPECT_STREQ(cpulab_core_cr4_finding_name(CPULAB_CR4_FINDING_PINNED_MISSING), "pinned-missing");
	EXPECT_STREQ(cpulab_core_cr4_finding_name(200), "unknown");
}

class Cr4OnCpu : public ::testing::Test {
protected:
	void SetUp() override
	{
		cpulab::fake::reset(2);
		for (auto &cpu : machine().cpus)
			cpu.cr4 = cpu.cr4_shadow = qemu_max_cr4;
	}

	template <typename Fn>
	void on_cpu1(Fn fn)
	{
		ASSERT_EQ(cpulab_platform_run_on_cpu(1, [](void *arg) { (*static_cast<Fn *>(arg))(); }, &fn), 0);
	}

	cpulab_cr4_cpu record_{};
	cpulab_virt_cpu virt_{};
	cpulab_cr4_audit_result result_{};
};

TEST_F(Cr4OnCpu, AuditRecordsWhatItFound)
{
	machine().cpus[1].cr4 |= cr4::pce;
	on_cpu1([this] { cpulab_core_cr4_audit(&record_, &virt_, pinned_6_12, qemu_max_cr4 & pinned_6_12, &result_); });
	EXPECT_EQ(result_.cr4, qemu_max_cr4 | cr4::pce);
	EXPECT_EQ(result_.cr4_shadow, qemu_max_cr4);
	EXPECT_EQ(record_.audits, 1u);
	EXPECT_EQ(record_.findings, 1u);
	EXPECT_EQ(record_.last_audit, 1u << CPULAB_CR4_FINDING_SHADOW_MISMATCH);
	EXPECT_EQ(record_.last_finding, CPULAB_CR4_FINDING_SHADOW_MISMATCH);
	EXPECT_EQ(record_.last_finding_bits, cr4::pce);
	EXPECT_NE(record_.last_finding_ns, 0u);

	machine().cpus[1].cr4 = qemu_max_cr4;
	on_cpu1([this] { cpulab_core_cr4_audit(&record_, &virt_, pinned_6_12, qemu_max_cr4 & pinned_6_12, &result_); });
	EXPECT_EQ(record_.audits, 2u);
	EXPECT_EQ(record_.findings, 1u) << "findings are kept";
	EXPECT_EQ(record_.last_audit, 0u) << "but the last audit was clean";
}

TEST_F(Cr4OnCpu, PerturbTouchesHardwareOnlyAndRestores)
{
	cpulab_status ret = CPULAB_STATUS_COUNT;
	on_cpu1([&] { ret = cpulab_core_cr4_perturb(&record_, 8); });
	EXPECT_EQ(ret, CPULAB_STATUS_OK);
	EXPECT_EQ(machine().cpus[1].cr4, qemu_max_cr4 | cr4::pce);
	EXPECT_EQ(machine().cpus[1].cr4_shadow, qemu_max_cr4);
	EXPECT_EQ(machine().cpus[0].cr4, qemu_max_cr4) << "only the target CPU";
	on_cpu1([&] { ret = cpulab_core_cr4_perturb(&record_, 8); });
	EXPECT_EQ(ret, CPULAB_STATUS_ALREADY_PERTURBED);
	on_cpu1([&] { ret = cpulab_core_cr4_restore(&record_); });
	EXPECT_EQ(ret, CPULAB_STATUS_OK);
	EXPECT_EQ(machine().cpus[1].cr4, qemu_max_cr4);
	on_cpu1([&] { ret = cpulab_core_cr4_restore(&record_); });
	EXPECT_EQ(ret, CPULAB_STATUS_NOT_PERTURBED);
}

TEST_F(Cr4OnCpu, PerturbRefusesEveryOtherBitAndAGrantedPce)
{
	cpulab_status ret = CPULAB_STATUS_OK;
	for (const uint8_t bit : {2, 7, 13, 20, 63}) {
		on_cpu1([&] { ret = cpulab_core_cr4_perturb(&record_, bit); });
		EXPECT_EQ(ret, CPULAB_STATUS_NOT_PERTURBABLE) << "bit " << int{bit};
	}
	EXPECT_EQ(machine().cpus[1].cr4, qemu_max_cr4);
	// A task using RDPMC has PCE in its shadow: taking it away would fault it.
	machine().cpus[1].cr4 = machine().cpus[1].cr4_shadow = qemu_max_cr4 | cr4::pce;
	on_cpu1([&] { ret = cpulab_core_cr4_perturb(&record_, 8); });
	EXPECT_EQ(ret, CPULAB_STATUS_BIT_IN_USE);
	EXPECT_EQ(record_.perturbed, 0);
}

// Without the shadow a perturbation could take a bit from a task that uses
// it, and a restore would not know the kernel's value: refused, untouched.
TEST_F(Cr4OnCpu, WithoutTheShadowNothingIsPerturbed)
{
	machine().shadow_exported = false;
	cpulab_status ret = CPULAB_STATUS_OK;
	on_cpu1([&] { ret = cpulab_core_cr4_perturb(&record_, 8); });
	EXPECT_EQ(ret, CPULAB_STATUS_SHADOW_NOT_EXPORTED);
	EXPECT_EQ(machine().cpus[1].cr4, qemu_max_cr4);
	EXPECT_EQ(record_.perturbed, 0);
	on_cpu1([this] { cpulab_core_cr4_audit(&record_, &virt_, pinned_6_12, qemu_max_cr4 & pinned_6_12, &result_); });
	EXPECT_EQ(result_.shadow_valid, 0);
	EXPECT_EQ(result_.kinds, 0u);
}

TEST(LatencyStats, MinMedianMax)
{
	uint64_t samples[] = {40, 10, 30, 20};
	cpulab_latency_stats stats{};
	cpulab_core_latency_stats(samples, 4, &stats);
	EXPECT_EQ(stats.min_ns, 10u);
	EXPECT_EQ(stats.median_ns, 20u) << "the lower middle of an even count";
	EXPECT_EQ(stats.max_ns, 40u);
	uint64_t one[] = {7};
	cpulab_core_latency_stats(one, 1, &stats);
	EXPECT_EQ(stats.min_ns, 7u);
	EXPECT_EQ(stats.median_ns, 7u);
	cpulab_core_latency_stats(nullptr, 0, &stats);
	EXPECT_EQ(stats.max_ns, 0u);
}

} // namespace
