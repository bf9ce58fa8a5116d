// SPDX-License-Identifier: GPL-2.0
// Cache incoherence against the fake platform: which reasons persist, what
// a flush clears, and that every flush is a real WBINVD on that CPU.
#include <gtest/gtest.h>

#include "cpulab.h"
#include "cpulab_core.h"
#include "fake_platform.h"

namespace {

using cpulab::fake::machine;

class CacheCoherence : public ::testing::Test {
protected:
	void SetUp() override { cpulab::fake::reset(2); }

	// Runs @operation on CPU 1, where the glue runs it: on the CPU, interrupts off.
	void on_cpu1(void (*operation)(cpulab_cache_cpu *))
	{
		struct Call {
			void (*operation)(cpulab_cache_cpu *);
			cpulab_cache_cpu *cache;
		} call{operation, &cache_};
		ASSERT_EQ(cpulab_platform_run_on_cpu(1, [](void *arg) {
			auto *c = static_cast<Call *>(arg);
			c->operation(c->cache);
		}, &call), 0);
	}

	cpulab::fake::FakeCpu &cpu1() { return machine().cpus[1]; }
	cpulab_cache_cpu cache_{};
};

// [amd/apm3] CPUID Fn8000_001F: EAX bit 0 is SME. No CPU this project can
// reach reports it (the host hides the leaf), so the leaf is built from the
// manual's layout: SME and SEV (bits 0, 1), C-bit 47 and one reduced
// physical address bit in EBX.
void add_sme(cpulab::fake::FakeCpu &cpu)
{
	cpu.cpuid[0x8000001f] = {0x00000003, 0x0000006f, 0, 0};
}

TEST_F(CacheCoherence, MarkThenFlushRunsWbinvdOnThatCpu)
{
	cpu1().cpuid = cpulab::fake::cpuid_amd_with_svm();
	on_cpu1(cpulab_core_cache_online);
	EXPECT_FALSE(cache_.incoherent);
	EXPECT_EQ(cache_.set_ns, 0u);

	on_cpu1(cpulab_core_cache_mark);
	EXPECT_TRUE(cache_.incoherent);
	EXPECT_EQ(cache_.reasons, uint32_t{CPULAB_CACHE_REASON_MARKED});
	EXPECT_GT(cache_.set_ns, 0u);

	on_cpu1(cpulab_core_cache_flush);
	EXPECT_FALSE(cache_.incoherent);
	EXPECT_EQ(cache_.reasons, 0u);
	EXPECT_EQ(cache_.wbinvds, 1u);
	EXPECT_GT(cache_.clear_ns, cache_.set_ns);
	EXPECT_EQ(cpu1().wbinvds, 1u);
	EXPECT_EQ(machine().cpus[0].wbinvds, 0u);
}

TEST_F(CacheCoherence, SmeIsPersistentAcrossFlushesAndOnlines)
{
	cpu1().cpuid = cpulab::fake::cpuid_amd_with_svm();
	add_sme(cpu1());
	on_cpu1(cpulab_core_cache_online);
	EXPECT_TRUE(cache_.incoherent);
	EXPECT_EQ(cache_.reasons, uint32_t{CPULAB_CACHE_REASON_SME});

	on_cpu1(cpulab_core_cache_mark);
	on_cpu1(cpulab_core_cache_flush);
	EXPECT_EQ(cache_.reasons, uint32_t{CPULAB_CACHE_REASON_SME});
	EXPECT_TRUE(cache_.incoherent);
	EXPECT_EQ(cache_.wbinvds, 1u);

	// A mark survives coming back online; SME is re-read from CPUID.
	on_cpu1(cpulab_core_cache_mark);
	cpu1().cpuid.erase(0x8000001f);
	on_cpu1(cpulab_core_cache_online);
	EXPECT_EQ(cache_.reasons, uint32_t{CPULAB_CACHE_REASON_MARKED});
}

TEST_F(CacheCoherence, SmeLeafCountsOnlyOnAmd)
{
	cpu1().cpuid = cpulab::fake::cpuid_intel_skylake_with_vmx();
	cpu1().cpuid[0x80000000].eax = 0x8000001f;
	add_sme(cpu1());
	on_cpu1(cpulab_core_cache_online);
	EXPECT_FALSE(cache_.incoherent);
}

TEST_F(CacheCoherence, OfflineFlushesOnlyWhenIncoherent)
{
	cpu1().cpuid = cpulab::fake::cpuid_amd_with_svm();
	on_cpu1([](cpulab_cache_cpu *cache) { EXPECT_FALSE(cpulab_core_cache_flush_if_incoherent(cache)); });
	EXPECT_EQ(cpu1().wbinvds, 0u);
	on_cpu1(cpulab_core_cache_mark);
	on_cpu1([](cpulab_cache_cpu *cache) { EXPECT_TRUE(cpulab_core_cache_flush_if_incoherent(cache)); });
	EXPECT_EQ(cpu1().wbinvds, 1u);
	EXPECT_FALSE(cache_.incoherent);
}

} // namespace
