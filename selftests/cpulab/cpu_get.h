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
	uint64_t cr4_shadow;
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
};

struct cpu_dump {
	struct cpu_entry cpu[SELFTEST_MAX_CPUS];
	unsigned int count;
	bool out_of_order;
	bool out_of_range;
	unsigned int last;
};

/* Visits the CPUs of @dump that were online, so their registers were read. */
#define for_each_cpu_with_registers(dump, cpu, entry)			\
	for ((cpu) = 0; (cpu) < SELFTEST_MAX_CPUS; (cpu)++)		\
		if (!((entry) = &(dump)->cpu[cpu])->has_registers) {} else

int cpu_get(struct genl_sock *sock, const struct genl_attrs *attrs,
	    uint16_t flags, struct cpu_dump *dump, struct genl_ack *ack);
int cpu_get_one(struct genl_sock *sock, uint32_t cpu, struct cpu_dump *dump,
		struct genl_ack *ack);

#endif /* CPULAB_SELFTEST_CPU_GET_H */
