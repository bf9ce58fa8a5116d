// SPDX-License-Identifier: GPL-2.0
// The virtualization state machine and both vendor paths, against the fake
// platform: every failure has its class, and nothing stays set after one.
#include <array>
#include <string>

#include <gtest/gtest.h>

#include "cpulab.h"
#include "cpulab_core.h"
#include "fake_platform.h"

namespace {

using cpulab::fake::FakeCpu;
using cpulab::fake::machine;

constexpr uint64_t cr4_vmxe = 1u << 13;
constexpr uint64_t efer_svme = 1u << 12;
constexpr uint32_t msr_feature_control = 0x3a;
constexpr uint32_t msr_vmx_basic = 0x480;
constexpr uint32_t msr_cr4_fixed1 = 0x489;
constexpr uint32_t msr_efer = 0xc0000080;
constexpr uint32_t msr_vm_cr = 0xc0010114;
constexpr uint32_t msr_hsave_pa = 0xc0010117;

class VirtLifecycle : public ::testing::Test {
protected:
	void SetUp() override
	{
		cpulab::fake::reset(1);
		region_.fill(0);
		virt_.vmxon_region = region_.data();
		virt_.vmxon_region_pa = 0x1234000;
		virt_.host_save_pa = 0x5678000;
		machine().memory[virt_.vmxon_region_pa] = region_.data();
	}

	// Runs the core where the glue does: on the CPU, interrupts off.
	cpulab_status on_cpu(cpulab_status (*operation)(cpulab_virt_cpu *))
	{
		struct Call {
			cpulab_status (*operation)(cpulab_virt_cpu *);
			cpulab_virt_cpu *virt;
			cpulab_status ret;
		} call{operation, &virt_, CPULAB_STATUS_OK};
		EXPECT_EQ(cpulab_platform_run_on_cpu(0, [](void *arg) {
			auto *c = static_cast<Call *>(arg);
			c->ret = c->operation(c->virt);
		}, &call), 0);
		return call.ret;
	}

	cpulab_status enable() { return on_cpu(cpulab_core_virt_enable); }
	cpulab_status disable() { return on_cpu(cpulab_core_virt_disable); }
	// The errno a status is reported with (core/status.cpp).
	static int errno_of(cpulab_status status) { return cpulab_core_status_info(status)->errno_value; }
	FakeCpu &cpu() { return machine().cpus[0]; }
	std::string error_name() const { return cpulab_core_virt_error_name(virt_.last_error); }

	// After a failure nothing may stay set.
	void expect_vmx_unwound()
	{
		EXPECT_EQ(cpu().cr4 & cr4_vmxe, 0u);
		EXPECT_EQ(cpu().cr4_shadow & cr4_vmxe, 0u);
		EXPECT_EQ(cpu().intel_pt_vmx_depth, 0);
		EXPECT_FALSE(cpu().in_vmx_operation);
		EXPECT_EQ(virt_.state, CPULAB_VIRT_STATE_FAILED);
	}

	std::array<uint8_t, 4096> region_{};
	cpulab_virt_cpu virt_{};
};

TEST_F(VirtLifecycle, VmxEnableEntersVmxOperationWithRevisionId)
{
	cpulab::fake::make_vmx_ready(cpu());
	ASSERT_EQ(enable(), 0);
	EXPECT_EQ(virt_.state, CPULAB_VIRT_STATE_ON);
	EXPECT_TRUE(cpu().in_vmx_operation);
	EXPECT_EQ(cpu().vmxon_pa, 0x1234000u);
	EXPECT_EQ(region_[0], 1);	// VMX_BASIC revision 1, little endian
	EXPECT_NE(cpu().cr4 & cr4_vmxe, 0u);
	EXPECT_EQ(cpu().cr4, cpu().cr4_shadow);
	EXPECT_EQ(cpu().intel_pt_vmx_depth, 1);
	EXPECT_EQ(virt_.enables, 1u);
	EXPECT_GT(virt_.enable_ns, 0u);
	EXPECT_EQ(error_name(), "none");
	EXPECT_FALSE(machine().register_read_outside_ipi);
}

TEST_F(VirtLifecycle, RepeatedEnableDoesNotStackVmxon)
{
	cpulab::fake::make_vmx_ready(cpu());
	ASSERT_EQ(enable(), 0);
	cpu().vmxon_result = CPULAB_VMX_INSN_VMFAIL_VALID;	// a second VMXON would fail
	EXPECT_EQ(enable(), 0);
	EXPECT_EQ(virt_.enables, 1u);
	EXPECT_EQ(cpu().intel_pt_vmx_depth, 1);
}

TEST_F(VirtLifecycle, VmxDisableLeavesVmxOperationAndClearsVmxe)
{
	cpulab::fake::make_vmx_ready(cpu());
	ASSERT_EQ(enable(), 0);
	ASSERT_EQ(disable(), 0);
	EXPECT_EQ(virt_.state, CPULAB_VIRT_STATE_OFF);
	EXPECT_FALSE(cpu().in_vmx_operation);
	EXPECT_EQ(cpu().cr4 & cr4_vmxe, 0u);
	EXPECT_EQ(cpu().cr4, cpu().cr4_shadow);
	EXPECT_EQ(cpu().intel_pt_vmx_depth, 0);
	EXPECT_EQ(virt_.disables, 1u);
	// And back on, as after a CPU comes online again.
	ASSERT_EQ(enable(), 0);
	EXPECT_EQ(virt_.enables, 2u);
}

TEST_F(VirtLifecycle, FaultingVmxoffStillClearsVmxe)
{
	cpulab::fake::make_vmx_ready(cpu());
	ASSERT_EQ(enable(), 0);
	cpu().vmxoff_result = CPULAB_VMX_INSN_FAULT_GP;
	EXPECT_EQ(disable(), CPULAB_STATUS_VIRT_FAULT);
	EXPECT_EQ(error_name(), "fault-gp");
	EXPECT_EQ(cpu().cr4 & cr4_vmxe, 0u);
	EXPECT_EQ(virt_.state, CPULAB_VIRT_STATE_OFF);
}

struct VmxFailure {
	const char *name;
	void (*arrange)(FakeCpu &);
	int errno_value;
};

class VmxEnableFailure : public VirtLifecycle, public ::testing::WithParamInterface<VmxFailure> {};

TEST_P(VmxEnableFailure, IsClassifiedAndUnwound)
{
	cpulab::fake::make_vmx_ready(cpu());
	GetParam().arrange(cpu());
	EXPECT_EQ(errno_of(enable()), GetParam().errno_value);
	EXPECT_EQ(error_name(), GetParam().name);
	EXPECT_EQ(virt_.last_errno, GetParam().errno_value);
	EXPECT_EQ(virt_.enables, 0u);
	expect_vmx_unwound();
}

INSTANTIATE_TEST_SUITE_P(
	EveryClass, VmxEnableFailure,
	::testing::Values(
		VmxFailure{"vmfail-invalid", [](FakeCpu &c) { c.vmxon_result = CPULAB_VMX_INSN_VMFAIL_INVALID; }, 5},
		VmxFailure{"vmfail-valid", [](FakeCpu &c) { c.vmxon_result = CPULAB_VMX_INSN_VMFAIL_VALID; }, 5},
		VmxFailure{"fault-gp", [](FakeCpu &c) { c.vmxon_result = CPULAB_VMX_INSN_FAULT_GP; }, 14},
		VmxFailure{"fault-other", [](FakeCpu &c) { c.vmxon_result = CPULAB_VMX_INSN_FAULT_OTHER; }, 14},
		VmxFailure{"precheck:feature-control-unlocked", [](FakeCpu &c) { c.msrs[msr_feature_control] = 0x4; }, 95},
		VmxFailure{"precheck:feature-control-vmx-disabled", [](FakeCpu &c) { c.msrs[msr_feature_control] = 0x1; }, 95},
		VmxFailure{"precheck:vmx-basic-region-size", [](FakeCpu &c) { c.msrs[msr_vmx_basic] |= 0x1001ull << 32; }, 95},
		VmxFailure{"precheck:vmx-basic-memory-type", [](FakeCpu &c) { c.msrs[msr_vmx_basic] &= ~(0xfull << 50); }, 95},
		VmxFailure{"precheck:vmx-basic-32bit-addresses", [](FakeCpu &c) { c.msrs[msr_vmx_basic] |= 1ull << 48; }, 95},
		VmxFailure{"precheck:cr0-fixed-bits", [](FakeCpu &c) { c.cr0 &= ~0x20ull; }, 95},
		VmxFailure{"precheck:cr4-fixed-bits", [](FakeCpu &c) { c.msrs[msr_cr4_fixed1] &= ~0x100000ull; }, 95},
		VmxFailure{"msr-fault", [](FakeCpu &c) { c.msrs.erase(msr_vmx_basic); }, 5}),
	[](const auto &info) {
		std::string name = info.param.name;
		for (char &c : name)
			if (c == '-' || c == ':')
				c = '_';
		return name;
	});

TEST_F(VirtLifecycle, ForeignVmxOwnerIsLeftAlone)
{
	cpulab::fake::make_vmx_ready(cpu());
	cpu().cr4 |= cr4_vmxe;
	cpu().cr4_shadow |= cr4_vmxe;
	EXPECT_EQ(enable(), 0);
	EXPECT_EQ(virt_.state, CPULAB_VIRT_STATE_FOREIGN);
	EXPECT_FALSE(cpu().in_vmx_operation);
	EXPECT_NE(cpu().cr4 & cr4_vmxe, 0u);
	// Disabling a foreign CPU must not touch it either.
	EXPECT_EQ(disable(), 0);
	EXPECT_NE(cpu().cr4 & cr4_vmxe, 0u);
	EXPECT_EQ(virt_.disables, 0u);
}

TEST_F(VirtLifecycle, NoCapabilityIsUnsupportedNotFailed)
{
	cpulab::fake::make_svm_ready(cpu());
	cpu().cpuid = cpulab::fake::cpuid_amd_epyc_without_svm();
	EXPECT_EQ(enable(), 0);
	EXPECT_EQ(virt_.state, CPULAB_VIRT_STATE_UNSUPPORTED);
	EXPECT_EQ(cpu().msrs[msr_efer] & efer_svme, 0u);
}

TEST_F(VirtLifecycle, SvmEnableSetsSvmeAndHostSaveArea)
{
	cpulab::fake::make_svm_ready(cpu());
	ASSERT_EQ(enable(), 0);
	EXPECT_EQ(virt_.state, CPULAB_VIRT_STATE_ON);
	EXPECT_NE(cpu().msrs[msr_efer] & efer_svme, 0u);
	EXPECT_EQ(cpu().msrs[msr_hsave_pa], 0x5678000u);
	EXPECT_EQ(cpu().cr4 & cr4_vmxe, 0u);
	ASSERT_EQ(disable(), 0);
	EXPECT_EQ(cpu().msrs[msr_efer] & efer_svme, 0u);
	EXPECT_EQ(cpu().msrs[msr_hsave_pa], 0u);
	EXPECT_EQ(cpu().msrs[msr_efer], 0xd01u);
}

TEST_F(VirtLifecycle, SvmDisabledByFirmwareIsAPrecheck)
{
	cpulab::fake::make_svm_ready(cpu());
	cpu().msrs[msr_vm_cr] = 1u << 4;
	EXPECT_EQ(enable(), CPULAB_STATUS_VIRT_PRECHECK);
	EXPECT_EQ(error_name(), "precheck:svm-disabled");
	EXPECT_EQ(cpu().msrs[msr_efer] & efer_svme, 0u);
}

TEST_F(VirtLifecycle, SvmHostSaveFaultUnwindsSvme)
{
	cpulab::fake::make_svm_ready(cpu());
	cpu().msr_write_faults[msr_hsave_pa] = 0x5678000;
	EXPECT_EQ(enable(), CPULAB_STATUS_VIRT_MSR_FAULT);
	EXPECT_EQ(error_name(), "msr-fault");
	EXPECT_EQ(virt_.state, CPULAB_VIRT_STATE_FAILED);
	EXPECT_EQ(cpu().msrs[msr_efer], 0xd01u);
}

TEST_F(VirtLifecycle, ForeignSvmOwnerIsLeftAlone)
{
	cpulab::fake::make_svm_ready(cpu());
	cpu().msrs[msr_efer] |= efer_svme;
	cpu().msrs[msr_hsave_pa] = 0xabc000;
	EXPECT_EQ(enable(), 0);
	EXPECT_EQ(virt_.state, CPULAB_VIRT_STATE_FOREIGN);
	EXPECT_EQ(cpu().msrs[msr_hsave_pa], 0xabc000u);
}

// enable_at_load=0, and the kexec lanes' second kernel: a CPU cpulab does
// not enable is classified by the hardware, and never touched.
TEST_F(VirtLifecycle, ObserveClassifiesWithoutTouching)
{
	cpulab::fake::make_svm_ready(cpu());
	cpu().msrs[msr_efer] |= efer_svme;
	on_cpu([](cpulab_virt_cpu *virt) { cpulab_core_virt_observe(virt); return CPULAB_STATUS_OK; });
	EXPECT_EQ(virt_.state, CPULAB_VIRT_STATE_FOREIGN);
	EXPECT_NE(cpu().msrs[msr_efer] & efer_svme, 0u);
	// The owner let go: off again.
	cpu().msrs[msr_efer] &= ~efer_svme;
	on_cpu([](cpulab_virt_cpu *virt) { cpulab_core_virt_observe(virt); return CPULAB_STATUS_OK; });
	EXPECT_EQ(virt_.state, CPULAB_VIRT_STATE_OFF);
	// What cpulab enabled is its own, whatever the hardware says.
	ASSERT_EQ(enable(), 0);
	on_cpu([](cpulab_virt_cpu *virt) { cpulab_core_virt_observe(virt); return CPULAB_STATUS_OK; });
	EXPECT_EQ(virt_.state, CPULAB_VIRT_STATE_ON);
	EXPECT_EQ(virt_.enables, 1u);
}

TEST_F(VirtLifecycle, ObserveSeesForeignVmx)
{
	cpulab::fake::make_vmx_ready(cpu());
	cpu().cr4 |= cr4_vmxe;
	on_cpu([](cpulab_virt_cpu *virt) { cpulab_core_virt_observe(virt); return CPULAB_STATUS_OK; });
	EXPECT_EQ(virt_.state, CPULAB_VIRT_STATE_FOREIGN);
	EXPECT_FALSE(cpu().in_vmx_operation);
}

TEST_F(VirtLifecycle, ReportCarriesTheRecord)
{
	cpulab::fake::make_svm_ready(cpu());
	ASSERT_EQ(enable(), 0);
	cpulab_cpu_report report{};
	ASSERT_EQ(cpulab_core_read_cpu(0, &virt_, nullptr, nullptr, &report), CPULAB_STATUS_OK);
	EXPECT_EQ(report.virt.state, CPULAB_VIRT_STATE_ON);
	EXPECT_EQ(report.virt.enables, 1u);
}

struct Injection {
	const char *name;
	uint8_t injection;
	const char *error;
	int errno_value;
};

class VmxInjection : public VirtLifecycle, public ::testing::WithParamInterface<Injection> {
protected:
	cpulab_status arm(uint8_t injection)
	{
		struct Call {
			cpulab_virt_cpu *virt;
			uint8_t injection;
			cpulab_status ret;
		} call{&virt_, injection, CPULAB_STATUS_OK};
		EXPECT_EQ(cpulab_platform_run_on_cpu(0, [](void *arg) {
			auto *c = static_cast<Call *>(arg);
			c->ret = cpulab_core_virt_arm_injection(c->virt, c->injection);
		}, &call), 0);
		return call.ret;
	}
};

TEST_P(VmxInjection, FailsForRealOnceAndUnwinds)
{
	cpulab::fake::make_vmx_ready(cpu());
	ASSERT_EQ(arm(GetParam().injection), 0);
	EXPECT_EQ(virt_.armed_injection, GetParam().injection);
	EXPECT_EQ(errno_of(enable()), GetParam().errno_value);
	EXPECT_EQ(error_name(), GetParam().error);
	expect_vmx_unwound();
	EXPECT_EQ(virt_.armed_injection, CPULAB_INJECT_NONE);
	// One-shot: the next enable is clean.
	EXPECT_EQ(enable(), 0);
	EXPECT_EQ(virt_.state, CPULAB_VIRT_STATE_ON);
}

INSTANTIATE_TEST_SUITE_P(
	EveryClass, VmxInjection,
	::testing::Values(Injection{"bad_revision", CPULAB_INJECT_VMX_BAD_REVISION, "vmfail-invalid", 5},
			  Injection{"misaligned_region", CPULAB_INJECT_VMX_MISALIGNED_REGION, "vmfail-invalid", 5},
			  Injection{"vmxe_clear", CPULAB_INJECT_VMX_VMXE_CLEAR, "fault-ud", 14},
			  Injection{"precheck", CPULAB_INJECT_PRECHECK, "precheck:feature-control-unlocked", 95}),
	[](const auto &info) { return std::string(info.param.name); });

TEST_F(VmxInjection, SvmTakesOnlyThePrecheck)
{
	cpulab::fake::make_svm_ready(cpu());
	EXPECT_EQ(arm(CPULAB_INJECT_VMX_BAD_REVISION), CPULAB_STATUS_CLASS_NOT_APPLICABLE);
	EXPECT_EQ(arm(CPULAB_INJECT_VMX_VMXE_CLEAR), CPULAB_STATUS_CLASS_NOT_APPLICABLE);
	EXPECT_EQ(arm(CPULAB_INJECT_NONE), CPULAB_STATUS_CLASS_NOT_APPLICABLE);
	EXPECT_EQ(arm(CPULAB_INJECT_MAX + 1), CPULAB_STATUS_CLASS_NOT_APPLICABLE);
	ASSERT_EQ(arm(CPULAB_INJECT_PRECHECK), 0);
	EXPECT_EQ(enable(), CPULAB_STATUS_VIRT_PRECHECK);
	EXPECT_EQ(error_name(), "precheck:svm-disabled");
	EXPECT_EQ(cpu().msrs[msr_efer] & efer_svme, 0u);
	EXPECT_EQ(enable(), 0);
	EXPECT_NE(cpu().msrs[msr_efer] & efer_svme, 0u);
}

class EmergencyDisable : public VirtLifecycle {
protected:
	void emergency()
	{
		on_cpu([](cpulab_virt_cpu *v) {
			cpulab_core_virt_emergency_disable(v);
			return CPULAB_STATUS_OK;
		});
	}
};

TEST_F(EmergencyDisable, LeavesVmxOperation)
{
	cpulab::fake::make_vmx_ready(cpu());
	ASSERT_EQ(enable(), 0);
	emergency();
	EXPECT_FALSE(cpu().in_vmx_operation);
	EXPECT_EQ(cpu().cr4 & cr4_vmxe, 0u);
	EXPECT_EQ(cpu().cr4, cpu().cr4_shadow);
	EXPECT_EQ(cpu().intel_pt_vmx_depth, 0);
	EXPECT_EQ(virt_.state, CPULAB_VIRT_STATE_OFF);
	EXPECT_EQ(virt_.disables, 1u);
}

// An NMI between cr4_set_bits(VMXE) and VMXON: the record still says off,
// the hardware decides. VMXOFF raises #UD outside VMX operation, and VMXE
// must go anyway.
TEST_F(EmergencyDisable, JudgesByHardwareMidEnable)
{
	cpulab::fake::make_vmx_ready(cpu());
	cpu().cr4 |= cr4_vmxe;
	cpu().cr4_shadow |= cr4_vmxe;
	cpu().intel_pt_vmx_depth = 1;
	emergency();
	EXPECT_EQ(cpu().cr4 & cr4_vmxe, 0u);
	EXPECT_EQ(cpu().intel_pt_vmx_depth, 0);
	EXPECT_EQ(virt_.state, CPULAB_VIRT_STATE_OFF);
}

TEST_F(EmergencyDisable, ClearsSvme)
{
	cpulab::fake::make_svm_ready(cpu());
	ASSERT_EQ(enable(), 0);
	emergency();
	EXPECT_EQ(cpu().msrs[msr_efer] & efer_svme, 0u);
	EXPECT_EQ(cpu().msrs[msr_hsave_pa], 0u);
	EXPECT_EQ(virt_.state, CPULAB_VIRT_STATE_OFF);
}

TEST_F(EmergencyDisable, LeavesForeignAndIdleCpusAlone)
{
	cpulab::fake::make_vmx_ready(cpu());
	cpu().cr4 |= cr4_vmxe;
	cpu().cr4_shadow |= cr4_vmxe;
	ASSERT_EQ(enable(), 0);
	ASSERT_EQ(virt_.state, CPULAB_VIRT_STATE_FOREIGN);
	emergency();
	EXPECT_NE(cpu().cr4 & cr4_vmxe, 0u);
	EXPECT_EQ(virt_.state, CPULAB_VIRT_STATE_FOREIGN);

	cpulab::fake::make_svm_ready(cpu());
	virt_ = cpulab_virt_cpu{};
	emergency();
	EXPECT_EQ(virt_.disables, 0u);
	EXPECT_EQ(virt_.state, CPULAB_VIRT_STATE_OFF);
}

TEST_F(VirtLifecycle, EventsAreStateChangesAndHardwareFailures)
{
	cpulab::fake::make_vmx_ready(cpu());
	cpulab_virt_cpu before = virt_;
	ASSERT_EQ(enable(), 0);
	EXPECT_TRUE(cpulab_core_virt_is_event(&before, &virt_));
	before = virt_;
	ASSERT_EQ(enable(), 0);	// already on: nothing happened
	EXPECT_FALSE(cpulab_core_virt_is_event(&before, &virt_));
	ASSERT_EQ(disable(), 0);
	cpu().vmxon_result = CPULAB_VMX_INSN_VMFAIL_INVALID;
	ASSERT_NE(enable(), 0);
	before = virt_;
	ASSERT_NE(enable(), 0);	// failed -> failed is still an attempt
	EXPECT_EQ(before.state, virt_.state);
	EXPECT_TRUE(cpulab_core_virt_is_event(&before, &virt_));
	before = virt_;
	EXPECT_EQ(cpulab_core_virt_request_disable(&virt_, true), CPULAB_STATUS_NOTHING_TO_RELEASE);
	EXPECT_FALSE(cpulab_core_virt_is_event(&before, &virt_));
}

class VirtRequests : public VirtLifecycle {
protected:
	cpulab_status request(bool enable, bool online = true)
	{
		if (!online)
			return enable ? cpulab_core_virt_request_enable(&virt_, false)
				      : cpulab_core_virt_request_disable(&virt_, false);
		return on_cpu(enable ? [](cpulab_virt_cpu *v) { return cpulab_core_virt_request_enable(v, true); }
				     : [](cpulab_virt_cpu *v) { return cpulab_core_virt_request_disable(v, true); });
	}
};

TEST_F(VirtRequests, AreCountedAndNeverStackVmxon)
{
	cpulab::fake::make_vmx_ready(cpu());
	ASSERT_EQ(request(true), 0);
	ASSERT_EQ(request(true), 0);
	EXPECT_EQ(virt_.enable_requests, 2u);
	EXPECT_EQ(virt_.enables, 1u);
	EXPECT_TRUE(cpulab_core_virt_wanted(&virt_));

	ASSERT_EQ(request(false), 0);
	EXPECT_EQ(virt_.state, CPULAB_VIRT_STATE_ON);
	ASSERT_EQ(request(false), 0);
	EXPECT_EQ(virt_.state, CPULAB_VIRT_STATE_OFF);
	EXPECT_FALSE(cpu().in_vmx_operation);
	EXPECT_FALSE(cpulab_core_virt_wanted(&virt_));
	EXPECT_EQ(request(false), CPULAB_STATUS_NOTHING_TO_RELEASE);
	EXPECT_EQ(virt_.enable_requests, 0u);
}

TEST_F(VirtRequests, FailedEnableIsNotCounted)
{
	cpulab::fake::make_vmx_ready(cpu());
	cpu().vmxon_result = CPULAB_VMX_INSN_VMFAIL_INVALID;
	EXPECT_EQ(request(true), CPULAB_STATUS_VIRT_VMFAIL);
	EXPECT_EQ(virt_.enable_requests, 0u);
	expect_vmx_unwound();
}

TEST_F(VirtRequests, ForeignAndUnsupportedAreRefused)
{
	cpulab::fake::make_svm_ready(cpu());
	cpu().msrs[msr_efer] |= efer_svme;
	EXPECT_EQ(request(true), CPULAB_STATUS_FOREIGN);
	EXPECT_EQ(virt_.enable_requests, 0u);

	cpulab::fake::make_svm_ready(cpu());
	cpu().msrs[msr_efer] &= ~efer_svme;
	cpu().cpuid = cpulab::fake::cpuid_amd_epyc_without_svm();
	virt_.state = CPULAB_VIRT_STATE_OFF;
	EXPECT_EQ(request(true), CPULAB_STATUS_UNSUPPORTED);
	EXPECT_EQ(virt_.enable_requests, 0u);
}

TEST_F(VirtRequests, OfflineCpuOnlyCounts)
{
	cpulab::fake::make_svm_ready(cpu());
	ASSERT_EQ(request(true, false), 0);
	EXPECT_EQ(virt_.enable_requests, 1u);
	EXPECT_EQ(cpu().msrs[msr_efer] & efer_svme, 0u);
	EXPECT_EQ(machine().ipis_sent, 0u);
	ASSERT_EQ(request(false, false), 0);
	EXPECT_EQ(request(false, false), CPULAB_STATUS_NOTHING_TO_RELEASE);
}

// 7.1+: the kernel owns VMX/SVM. Requests and injections are refused, an
// enable (the online callback) only records what the kernel's owner did,
// and the emergency path leaves the hardware to the kernel's own.
TEST_F(VirtRequests, KernelOwnedVirtIsOnlyObserved)
{
	machine().kernel_owns_virt = true;
	cpulab::fake::make_svm_ready(cpu());
	const uint64_t efer_before = cpu().msrs[msr_efer];
	EXPECT_EQ(request(true), CPULAB_STATUS_KERNEL_OWNS_VIRT);
	EXPECT_EQ(request(true, false), CPULAB_STATUS_KERNEL_OWNS_VIRT);
	EXPECT_EQ(virt_.enable_requests, 0u);
	EXPECT_EQ(cpulab_core_virt_arm_injection(&virt_, CPULAB_INJECT_PRECHECK), CPULAB_STATUS_KERNEL_OWNS_VIRT);
	EXPECT_EQ(enable(), CPULAB_STATUS_OK);
	EXPECT_EQ(virt_.state, CPULAB_VIRT_STATE_OFF);
	EXPECT_EQ(cpu().msrs[msr_efer], efer_before) << "cpulab set nothing";

	// kvm_amd took a reference: SVME is the kernel's, seen as another owner's.
	cpu().msrs[msr_efer] |= efer_svme;
	EXPECT_EQ(enable(), CPULAB_STATUS_OK);
	EXPECT_EQ(virt_.state, CPULAB_VIRT_STATE_FOREIGN);
	on_cpu([](cpulab_virt_cpu *virt) { cpulab_core_virt_emergency_disable(virt); return CPULAB_STATUS_OK; });
	EXPECT_NE(cpu().msrs[msr_efer] & efer_svme, 0u) << "the kernel's emergency disable is its own";
	EXPECT_EQ(virt_.enables, 0u);
	EXPECT_EQ(virt_.disables, 0u);
}

TEST(VirtNames, EveryStateAndErrorIsNamed)
{
	for (uint8_t state = 0; state < __CPULAB_VIRT_STATE_MAX; state++)
		EXPECT_STRNE(cpulab_core_virt_state_name(state), "unknown");
	for (uint8_t error = 0; error < __CPULAB_VIRT_ERROR_MAX; error++)
		EXPECT_STRNE(cpulab_core_virt_error_name(error), "unknown");
	EXPECT_STREQ(cpulab_core_virt_state_name(__CPULAB_VIRT_STATE_MAX), "unknown");
	EXPECT_STREQ(cpulab_core_virt_error_name(__CPULAB_VIRT_ERROR_MAX), "unknown");
}

} // namespace
