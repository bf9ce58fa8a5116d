/* SPDX-License-Identifier: GPL-2.0 */
/* CPULAB_CMD_CPU_GET for the selftests, decoded into plain records. */
#ifndef CPULAB_SELFTEST_CPU_GET_H
#define CPULAB_SELFTEST_CPU_GET_H

#include <stdbool.h>
#include <stdint.h>

#include "genl.h"
#include "sysfs_cpus.h"

struct cpu_entry {
	bool seen;
	bool online;
	bool has_registers;
	uint64_t cr4;
	bool has_shadow;	/* with the registers, where the kernel lets modules read it */
	uint64_t cr4_shadow;
	bool has_virt_cap;
	uint8_t virt_cap;
	bool has_virt;
	uint8_t virt_state;
	char virt_error[64];
	uint32_t virt_errno;
	uint64_t virt_enables;
	uint64_t virt_disables;
	uint64_t virt_enable_ns;
	uint64_t virt_disable_ns;
	uint32_t virt_requests;
	uint8_t virt_injection;
	bool has_cache;
	uint8_t cache_incoherent;
	uint32_t cache_reasons;
	uint64_t cache_wbinvds;
	uint64_t cache_set_ns;
	uint64_t cache_clear_ns;
	bool has_emergency;
	uint8_t emergency;	/* enum cpulab_emergency_owner */
	bool has_cr4_audit;
	uint64_t cr4_audits;
	uint64_t cr4_findings;
	uint32_t cr4_last_audit;	/* 1 << enum cpulab_cr4_finding */
	uint8_t cr4_last_finding;
	uint64_t cr4_last_finding_bits;
	uint64_t cr4_audit_cost_ns;
	uint64_t cr4_pinned_mask;
	uint64_t cr4_pinned_reference;
	uint8_t cr4_perturbed;
};

struct cpu_dump {
	struct cpu_entry cpu[SELFTEST_MAX_CPUS];
	unsigned int count;
	bool out_of_order;
	bool out_of_range;
	unsigned int last;
};

/* Visits the CPUs of @dump that were online, so their registers were read. */
#define for_each_cpu_with_registers(dump, id, entry)			\
	for ((id) = 0; (id) < SELFTEST_MAX_CPUS; (id)++)		\
		if (!((entry) = &(dump)->cpu[id])->has_registers) {} else

int cpu_get(struct genl_sock *sock, const struct genl_attrs *attrs,
	    uint16_t flags, struct cpu_dump *dump, struct genl_ack *ack);
int cpu_get_one(struct genl_sock *sock, uint32_t cpu, struct cpu_dump *dump,
		struct genl_ack *ack);

/*
 * The first state a refused or fuzzed request must not have moved, compared
 * between two dumps: the CPU set, online state, virt enables, disables,
 * requests and injections, cache reasons and WBINVDs, CR4 audits and
 * perturbations. Returns the CPU id that changed and names the field in
 * @what, or -1 when nothing did (-2 when the CPU set itself changed).
 */
int cpu_dump_first_change(const struct cpu_dump *before, const struct cpu_dump *after,
			  const char **what);

#define CR4_VMXE	(1ull << 13)	/* [intel/vol3] 2.5 */
#define MSR_EFER	0xc0000080u
#define EFER_SVME	(1ull << 12)	/* [amd/apm2] 3.1.7 */

/*
 * The hardware's word, not cpulab's: 1 if @cpu is in VMX operation
 * (CR4.VMXE, read on the CPU) or has EFER.SVME (through the kernel's msr
 * driver), 0 if not, -errno.
 */
int hardware_virt_enabled(unsigned int cpu, const struct cpu_entry *entry);

/*
 * After something that takes virtualization away and gives it back (a
 * STOP): dumps the CPUs into @after and returns the first CPU of @before
 * that did not come back, whose virt state differs, or whose hardware
 * disagrees with an "on"/"off" state (hardware_virt_enabled()). Names the
 * problem in @what; -1 if none, -2 if the dump failed.
 */
int cpu_first_unrestored(struct genl_sock *sock, const struct cpu_dump *before, struct cpu_dump *after,
			 const char **what);

/* In a kselftest-harness test: EXPECT that cpu_first_unrestored() finds none. */
#define EXPECT_CPUS_RESTORED(sock, before, after)					\
	do {										\
		const char *what_;							\
		int cpu_ = cpu_first_unrestored(sock, before, after, &what_);		\
		EXPECT_EQ(-1, cpu_) TH_LOG("CPU %d: %s", cpu_, what_);			\
	} while (0)

#endif /* CPULAB_SELFTEST_CPU_GET_H */
