// SPDX-License-Identifier: GPL-2.0
#include "cache_coherence.h"

#include "cpuid.h"

namespace cpulab {

namespace {

// [amd/apm3] CPUID Fn8000_001F_EAX bit 0: SME. Only AMD and Hygon define
// the leaf; elsewhere it reads as another leaf's data or zero.
constexpr CpuidFeature cpuid_sme{0x8000001f, 0, CpuidRegister::eax, 0};
constexpr uint32_t persistent_reasons = CPULAB_CACHE_REASON_SME;

void set_reasons(cpulab_cache_cpu &cache, uint32_t reasons)
{
	const bool was_incoherent = cache.incoherent;
	cache.reasons = reasons;
	cache.incoherent = reasons != 0;
	if (cache.incoherent && !was_incoherent)
		cache.set_ns = cpulab_platform_time_ns();
	else if (!cache.incoherent && was_incoherent)
		cache.clear_ns = cpulab_platform_time_ns();
}

bool has_sme()
{
	const CpuidReader cpuid;
	return (cpuid.vendor() == CpuVendor::amd || cpuid.vendor() == CpuVendor::hygon) &&
	       cpuid.has(cpuid_sme);
}

} // namespace

void spin_until(uint64_t deadline_ns)
{
	while (cpulab_platform_time_ns() < deadline_ns)
		cpulab_platform_cpu_relax();
}

uint64_t cache_flush(cpulab_cache_cpu &cache, uint64_t delay_ns)
{
	const uint64_t start = cpulab_platform_time_ns();
	cpulab_platform_wbinvd();
	if (delay_ns)
		spin_until(start + delay_ns);
	cache.wbinvd_ns = cpulab_platform_time_ns() - start;
	cache.wbinvds++;
	// Written after the flush, on this CPU: a reason set before a
	// SEAMCALL-like operation is only cleared once the caches are clean.
	set_reasons(cache, cache.reasons & persistent_reasons);
	return cache.wbinvd_ns;
}

} // namespace cpulab

extern "C" void cpulab_core_cache_online(cpulab_cache_cpu *cache)
{
	const uint32_t transient = cache->reasons & ~cpulab::persistent_reasons;
	cpulab::set_reasons(*cache, transient | (cpulab::has_sme() ? CPULAB_CACHE_REASON_SME : 0));
}

extern "C" void cpulab_core_cache_mark(cpulab_cache_cpu *cache)
{
	cpulab::set_reasons(*cache, cache->reasons | CPULAB_CACHE_REASON_MARKED);
}

extern "C" void cpulab_core_cache_flush(cpulab_cache_cpu *cache)
{
	(void)cpulab::cache_flush(*cache, 0);
}

extern "C" bool cpulab_core_cache_flush_if_incoherent(cpulab_cache_cpu *cache)
{
	if (!cache->incoherent)
		return false;
	(void)cpulab::cache_flush(*cache, 0);
	return true;
}
