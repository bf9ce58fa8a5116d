// SPDX-License-Identifier: GPL-2.0
/*
 * cpulab cache incoherence selftests: marking and flushing, on each CPU,
 * the offline path's flush, and the persistent "sme" reason judged
 * against the CPU's own CPUID through the kernel's cpuid driver.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"

#include "cpu_get.h"
#include "cpulab.h"
#include "cpulab_ops.h"
#include "genl.h"
#include "sysfs_cpus.h"

#define CPUID_SME_LEAF	0x8000001fu	/* [amd/apm3] Fn8000_001F EAX[0]: SME */

/* 1 if @cpu's CPUID reports SME (AMD or Hygon only), 0 if not, -errno. */
static int cpuid_reports_sme(unsigned int cpu)
{
	uint32_t vendor[4], extended[4], sme[4];
	int ret;

	ret = read_cpu_cpuid(cpu, 0, vendor);
	if (!ret)
		ret = read_cpu_cpuid(cpu, 0x80000000u, extended);
	if (ret)
		return ret;
	/* "AuthenticAMD" / "HygonGenuine": EBX reads "Auth" / "Hygo". */
	if (vendor[1] != 0x68747541u && vendor[1] != 0x6f677948u)
		return 0;
	if (extended[0] < CPUID_SME_LEAF)
		return 0;
	ret = read_cpu_cpuid(cpu, CPUID_SME_LEAF, sme);
	return ret ? ret : (int)(sme[0] & 1);
}

FIXTURE(cache) {
	struct genl_sock sock;
	struct cpu_dump before;
	struct cpu_dump after;
	struct genl_ack ack;
};

FIXTURE_SETUP(cache)
{
	ASSERT_EQ(0, genl_open(&self->sock));
	ASSERT_EQ(0, genl_resolve(&self->sock, CPULAB_FAMILY_NAME));
	ASSERT_EQ(0, cpu_get(&self->sock, NULL, NLM_F_DUMP, &self->before, &self->ack));
	ASSERT_EQ(0, self->ack.error);
}

FIXTURE_TEARDOWN(cache)
{
	genl_close(&self->sock);
}

TEST_F(cache, mark_then_flush_on_every_online_cpu)
{
	const struct cpu_entry *entry, *now;
	unsigned int cpu;

	ASSERT_EQ(0, cache_request(&self->sock, true, NULL, 0, &self->ack));
	ASSERT_EQ(0, self->ack.error) TH_LOG("%s", self->ack.message);
	ASSERT_EQ(0, cpu_get(&self->sock, NULL, NLM_F_DUMP, &self->after, &self->ack));
	for_each_cpu_with_registers(&self->after, cpu, entry) {
		ASSERT_TRUE(entry->has_cache) TH_LOG("CPU %u has no cache record", cpu);
		EXPECT_TRUE(entry->cache_incoherent) TH_LOG("CPU %u", cpu);
		EXPECT_TRUE(entry->cache_reasons & CPULAB_CACHE_REASON_MARKED) TH_LOG("CPU %u", cpu);
		EXPECT_LT(0, entry->cache_set_ns);
	}

	ASSERT_EQ(0, cache_request(&self->sock, false, NULL, 0, &self->ack));
	ASSERT_EQ(0, self->ack.error) TH_LOG("%s", self->ack.message);
	ASSERT_EQ(0, cpu_get(&self->sock, NULL, NLM_F_DUMP, &self->after, &self->ack));
	for_each_cpu_with_registers(&self->after, cpu, now) {
		entry = &self->before.cpu[cpu];
		EXPECT_FALSE(now->cache_reasons & CPULAB_CACHE_REASON_MARKED) TH_LOG("CPU %u", cpu);
		EXPECT_EQ(entry->cache_wbinvds + 1, now->cache_wbinvds) TH_LOG("CPU %u", cpu);
		EXPECT_EQ(!!(now->cache_reasons & CPULAB_CACHE_REASON_SME), now->cache_incoherent);
		if (!now->cache_incoherent)
			EXPECT_LE(now->cache_set_ns, now->cache_clear_ns) TH_LOG("CPU %u", cpu);
	}
}

/* The persistent reason is exactly what each CPU's CPUID says, and a flush keeps it. */
TEST_F(cache, sme_reason_follows_cpuid_and_survives_a_flush)
{
	const struct cpu_entry *entry;
	unsigned int cpu, with_sme = 0;

	ASSERT_EQ(0, cache_request(&self->sock, false, NULL, 0, &self->ack));
	ASSERT_EQ(0, self->ack.error);
	ASSERT_EQ(0, cpu_get(&self->sock, NULL, NLM_F_DUMP, &self->after, &self->ack));
	for_each_cpu_with_registers(&self->after, cpu, entry) {
		int sme = cpuid_reports_sme(cpu);

		ASSERT_LE(0, sme) TH_LOG("CPU %u: /dev/cpu/%u/cpuid: %s", cpu, cpu, strerror(-sme));
		EXPECT_EQ(sme, !!(entry->cache_reasons & CPULAB_CACHE_REASON_SME)) TH_LOG("CPU %u", cpu);
		EXPECT_EQ(sme, entry->cache_incoherent) TH_LOG("CPU %u", cpu);
		with_sme += sme;
	}
	if (!with_sme)
		SKIP(return, "this CPU model reports no SME (CPUID 0x8000001f EAX[0] clear)");
	TH_LOG("%u CPUs report SME and keep the reason across a flush", with_sme);
}

/* An incoherent CPU going offline flushes after virtualization is off. */
TEST_F(cache, offline_flushes_an_incoherent_cpu)
{
	const struct cpu_entry *entry;
	unsigned int cpu = SELFTEST_MAX_CPUS, scan;

	for_each_cpu_with_registers(&self->before, scan, entry)
		if (scan && sysfs_cpu_is_hotpluggable(scan))
			cpu = scan;
	if (cpu == SELFTEST_MAX_CPUS)
		SKIP(return, "no hotpluggable CPU online");

	ASSERT_EQ(0, cache_request_cpu(&self->sock, true, cpu, &self->ack));
	ASSERT_EQ(0, self->ack.error);
	ASSERT_EQ(0, cpu_get_one(&self->sock, cpu, &self->before, &self->ack));
	ASSERT_EQ(0, sysfs_set_cpu_online(cpu, false));
	ASSERT_EQ(0, cpu_get_one(&self->sock, cpu, &self->after, &self->ack));
	entry = &self->after.cpu[cpu];
	EXPECT_FALSE(entry->online);
	EXPECT_EQ(self->before.cpu[cpu].cache_wbinvds + 1, entry->cache_wbinvds);
	EXPECT_FALSE(entry->cache_reasons & CPULAB_CACHE_REASON_MARKED);
	/* The virtualization state says the flush came after the disable. */
	EXPECT_NE(CPULAB_VIRT_STATE_ON, entry->virt_state);
	ASSERT_EQ(0, sysfs_set_cpu_online(cpu, true));

	/* Coherent and offline: nothing to flush the next time. */
	ASSERT_EQ(0, cpu_get_one(&self->sock, cpu, &self->before, &self->ack));
	if (!self->before.cpu[cpu].cache_incoherent) {
		ASSERT_EQ(0, sysfs_set_cpu_online(cpu, false));
		ASSERT_EQ(0, cpu_get_one(&self->sock, cpu, &self->after, &self->ack));
		EXPECT_EQ(self->before.cpu[cpu].cache_wbinvds, self->after.cpu[cpu].cache_wbinvds);
		ASSERT_EQ(0, sysfs_set_cpu_online(cpu, true));
	}
}

TEST_F(cache, bad_requests_are_refused_and_change_nothing)
{
	uint8_t bitmap[SELFTEST_MAX_CPUS / 8 + 1] = { 0 };
	struct cpu_set_sysfs possible, online;
	const struct cpu_entry *entry;
	unsigned int cpu, offline = SELFTEST_MAX_CPUS;

	ASSERT_EQ(0, read_cpulist_file("/sys/devices/system/cpu/possible", &possible));
	ASSERT_EQ(0, read_cpulist_file("/sys/devices/system/cpu/online", &online));

	/* A CPU beyond the possible ones. */
	bitmap[(possible.last + 1) / 8] |= 1u << ((possible.last + 1) % 8);
	ASSERT_EQ(0, cache_request(&self->sock, true, bitmap, (possible.last + 1) / 8 + 1, &self->ack));
	EXPECT_EQ(EINVAL, self->ack.error);
	EXPECT_TRUE(self->ack.has_offset);

	/* An online CPU plus an offline one: refused as a whole. */
	for (cpu = 1; cpu <= possible.last; cpu++)
		if (possible.cpu[cpu] && !online.cpu[cpu] && sysfs_cpu_is_hotpluggable(cpu))
			offline = cpu;
	if (offline == SELFTEST_MAX_CPUS) {
		for (cpu = possible.last; cpu > 0; cpu--)
			if (sysfs_cpu_is_hotpluggable(cpu) && online.cpu[cpu])
				break;
		if (!cpu)
			SKIP(return, "no CPU can be taken offline");
		offline = cpu;
		ASSERT_EQ(0, sysfs_set_cpu_online(offline, false));
	}
	memset(bitmap, 0, sizeof(bitmap));
	bitmap[0] |= 1;
	bitmap[offline / 8] |= 1u << (offline % 8);
	ASSERT_EQ(0, cache_request(&self->sock, true, bitmap, offline / 8 + 1, &self->ack));
	EXPECT_EQ(ENODEV, self->ack.error);
	EXPECT_TRUE(genl_ack_names_cpu(&self->ack, offline, CPULAB_STATUS_OFFLINE, " is offline", NULL))
		TH_LOG("%s", self->ack.message);
	if (online.cpu[offline])
		ASSERT_EQ(0, sysfs_set_cpu_online(offline, true));

	/* Neither request marked anything. */
	ASSERT_EQ(0, cpu_get(&self->sock, NULL, NLM_F_DUMP, &self->after, &self->ack));
	for_each_cpu_with_registers(&self->after, cpu, entry)
		EXPECT_EQ(self->before.cpu[cpu].cache_reasons, entry->cache_reasons) TH_LOG("CPU %u", cpu);
}

TEST_HARNESS_MAIN
