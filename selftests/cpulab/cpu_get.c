// SPDX-License-Identifier: GPL-2.0
#include "cpu_get.h"

#include <string.h>

#include "cpulab.h"

static uint64_t attr_u64(const struct nlattr *nla)
{
	uint64_t value;

	memcpy(&value, (const char *)nla + NLA_HDRLEN, sizeof(value));
	return value;
}

static uint32_t attr_u32(const struct nlattr *nla)
{
	uint32_t value;

	memcpy(&value, (const char *)nla + NLA_HDRLEN, sizeof(value));
	return value;
}

static uint8_t attr_u8(const struct nlattr *nla)
{
	return *((const uint8_t *)nla + NLA_HDRLEN);
}

static void on_cpu(const struct nlattr *const *tb, void *arg)
{
	struct cpu_dump *dump = arg;
	struct cpu_entry *entry;
	uint32_t cpu;

	if (!tb[CPULAB_A_CPU] || !tb[CPULAB_A_ONLINE])
		return;
	cpu = attr_u32(tb[CPULAB_A_CPU]);
	if (cpu >= SELFTEST_MAX_CPUS) {
		dump->out_of_range = true;
		return;
	}
	if (dump->count && cpu <= dump->last)
		dump->out_of_order = true;
	dump->last = cpu;
	dump->count++;
	entry = &dump->cpu[cpu];
	entry->seen = true;
	entry->online = attr_u8(tb[CPULAB_A_ONLINE]);
	entry->has_registers = tb[CPULAB_A_CR4] && tb[CPULAB_A_CR4_SHADOW] && tb[CPULAB_A_VIRT_CAP];
	if (entry->has_registers) {
		entry->cr4 = attr_u64(tb[CPULAB_A_CR4]);
		entry->cr4_shadow = attr_u64(tb[CPULAB_A_CR4_SHADOW]);
		entry->virt_cap = attr_u8(tb[CPULAB_A_VIRT_CAP]);
	}
	entry->has_virt = tb[CPULAB_A_VIRT_STATE] && tb[CPULAB_A_VIRT_ERROR_NAME] &&
			  tb[CPULAB_A_VIRT_ERRNO] && tb[CPULAB_A_VIRT_ENABLES] &&
			  tb[CPULAB_A_VIRT_DISABLES];
	if (entry->has_virt) {
		size_t len = tb[CPULAB_A_VIRT_ERROR_NAME]->nla_len - NLA_HDRLEN;

		entry->virt_state = attr_u8(tb[CPULAB_A_VIRT_STATE]);
		if (len >= sizeof(entry->virt_error))
			len = sizeof(entry->virt_error) - 1;
		memcpy(entry->virt_error, (const char *)tb[CPULAB_A_VIRT_ERROR_NAME] + NLA_HDRLEN, len);
		entry->virt_error[len] = '\0';
		entry->virt_errno = attr_u32(tb[CPULAB_A_VIRT_ERRNO]);
		entry->virt_enables = attr_u64(tb[CPULAB_A_VIRT_ENABLES]);
		entry->virt_disables = attr_u64(tb[CPULAB_A_VIRT_DISABLES]);
		if (tb[CPULAB_A_VIRT_ENABLE_NS])
			entry->virt_enable_ns = attr_u64(tb[CPULAB_A_VIRT_ENABLE_NS]);
		if (tb[CPULAB_A_VIRT_INJECTION])
			entry->virt_injection = attr_u8(tb[CPULAB_A_VIRT_INJECTION]);
		if (tb[CPULAB_A_VIRT_REQUESTS])
			entry->virt_requests = attr_u32(tb[CPULAB_A_VIRT_REQUESTS]);
		if (tb[CPULAB_A_VIRT_DISABLE_NS])
			entry->virt_disable_ns = attr_u64(tb[CPULAB_A_VIRT_DISABLE_NS]);
	}
}

int cpu_get(struct genl_sock *sock, const struct genl_attrs *attrs,
	    uint16_t flags, struct cpu_dump *dump, struct genl_ack *ack)
{
	memset(dump, 0, sizeof(*dump));
	return genl_transact(sock, CPULAB_CMD_CPU_GET, flags, 0, attrs, CPULAB_A_MAX,
			     on_cpu, dump, ack);
}

int cpu_get_one(struct genl_sock *sock, uint32_t cpu, struct cpu_dump *dump,
		struct genl_ack *ack)
{
	struct genl_attrs attrs = { .len = 0 };

	genl_attrs_put(&attrs, CPULAB_A_CPU, &cpu, sizeof(cpu));
	return cpu_get(sock, &attrs, 0, dump, ack);
}
