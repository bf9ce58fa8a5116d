// SPDX-License-Identifier: GPL-2.0
#include "cpu_get.h"

#include <string.h>

#include "cpulab.h"

/* The virt nest (spec/cpulab.yaml's virt set); has_virt if it is whole. */
static void parse_virt(const struct nlattr *nest, struct cpu_entry *entry)
{
	const struct nlattr *tb[CPULAB_A_VIRT_MAX + 1];
	size_t len;

	genl_parse_nested(tb, CPULAB_A_VIRT_MAX, nest);
	if (tb[CPULAB_A_VIRT_CAP]) {
		entry->has_virt_cap = true;
		entry->virt_cap = genl_attr_u8(tb[CPULAB_A_VIRT_CAP]);
	}
	entry->has_virt = tb[CPULAB_A_VIRT_STATE] && tb[CPULAB_A_VIRT_ERROR_NAME] &&
			  tb[CPULAB_A_VIRT_ERRNO] && tb[CPULAB_A_VIRT_ENABLES] &&
			  tb[CPULAB_A_VIRT_DISABLES];
	if (!entry->has_virt)
		return;
	entry->virt_state = genl_attr_u8(tb[CPULAB_A_VIRT_STATE]);
	len = tb[CPULAB_A_VIRT_ERROR_NAME]->nla_len - NLA_HDRLEN;
	if (len >= sizeof(entry->virt_error))
		len = sizeof(entry->virt_error) - 1;
	memcpy(entry->virt_error, (const char *)tb[CPULAB_A_VIRT_ERROR_NAME] + NLA_HDRLEN, len);
	entry->virt_error[len] = '\0';
	entry->virt_errno = genl_attr_u32(tb[CPULAB_A_VIRT_ERRNO]);
	entry->virt_enables = genl_attr_u64(tb[CPULAB_A_VIRT_ENABLES]);
	entry->virt_disables = genl_attr_u64(tb[CPULAB_A_VIRT_DISABLES]);
	if (tb[CPULAB_A_VIRT_ENABLE_NS])
		entry->virt_enable_ns = genl_attr_u64(tb[CPULAB_A_VIRT_ENABLE_NS]);
	if (tb[CPULAB_A_VIRT_DISABLE_NS])
		entry->virt_disable_ns = genl_attr_u64(tb[CPULAB_A_VIRT_DISABLE_NS]);
	if (tb[CPULAB_A_VIRT_INJECTION])
		entry->virt_injection = genl_attr_u8(tb[CPULAB_A_VIRT_INJECTION]);
	if (tb[CPULAB_A_VIRT_REQUESTS])
		entry->virt_requests = genl_attr_u32(tb[CPULAB_A_VIRT_REQUESTS]);
	entry->has_emergency = tb[CPULAB_A_VIRT_EMERGENCY_CALLBACK] != NULL;
	if (entry->has_emergency)
		entry->emergency = genl_attr_u8(tb[CPULAB_A_VIRT_EMERGENCY_CALLBACK]);
}

static void parse_cache(const struct nlattr *nest, struct cpu_entry *entry)
{
	const struct nlattr *tb[CPULAB_A_CACHE_MAX + 1];

	genl_parse_nested(tb, CPULAB_A_CACHE_MAX, nest);
	entry->has_cache = tb[CPULAB_A_CACHE_INCOHERENT] && tb[CPULAB_A_CACHE_REASONS];
	if (!entry->has_cache)
		return;
	entry->cache_incoherent = genl_attr_u8(tb[CPULAB_A_CACHE_INCOHERENT]);
	entry->cache_reasons = genl_attr_u32(tb[CPULAB_A_CACHE_REASONS]);
	if (tb[CPULAB_A_CACHE_WBINVDS])
		entry->cache_wbinvds = genl_attr_u64(tb[CPULAB_A_CACHE_WBINVDS]);
	if (tb[CPULAB_A_CACHE_SET_NS])
		entry->cache_set_ns = genl_attr_u64(tb[CPULAB_A_CACHE_SET_NS]);
	if (tb[CPULAB_A_CACHE_CLEAR_NS])
		entry->cache_clear_ns = genl_attr_u64(tb[CPULAB_A_CACHE_CLEAR_NS]);
}

static void parse_cr4_audit(const struct nlattr *nest, struct cpu_entry *entry)
{
	const struct nlattr *tb[CPULAB_A_AUDIT_MAX + 1];

	genl_parse_nested(tb, CPULAB_A_AUDIT_MAX, nest);
	entry->has_cr4_audit = tb[CPULAB_A_AUDIT_RUNS] && tb[CPULAB_A_AUDIT_FINDINGS] &&
			       tb[CPULAB_A_AUDIT_LAST] && tb[CPULAB_A_AUDIT_FINDING] &&
			       tb[CPULAB_A_AUDIT_FINDING_BITS] && tb[CPULAB_A_AUDIT_COST_NS] &&
			       tb[CPULAB_A_AUDIT_PINNED_MASK] && tb[CPULAB_A_AUDIT_PINNED_REFERENCE] &&
			       tb[CPULAB_A_AUDIT_PERTURBED];
	if (!entry->has_cr4_audit)
		return;
	entry->cr4_audits = genl_attr_u64(tb[CPULAB_A_AUDIT_RUNS]);
	entry->cr4_findings = genl_attr_u64(tb[CPULAB_A_AUDIT_FINDINGS]);
	entry->cr4_last_audit = genl_attr_u32(tb[CPULAB_A_AUDIT_LAST]);
	entry->cr4_last_finding = genl_attr_u8(tb[CPULAB_A_AUDIT_FINDING]);
	entry->cr4_last_finding_bits = genl_attr_u64(tb[CPULAB_A_AUDIT_FINDING_BITS]);
	entry->cr4_audit_cost_ns = genl_attr_u64(tb[CPULAB_A_AUDIT_COST_NS]);
	entry->cr4_pinned_mask = genl_attr_u64(tb[CPULAB_A_AUDIT_PINNED_MASK]);
	entry->cr4_pinned_reference = genl_attr_u64(tb[CPULAB_A_AUDIT_PINNED_REFERENCE]);
	entry->cr4_perturbed = genl_attr_u8(tb[CPULAB_A_AUDIT_PERTURBED]);
}

static void on_cpu(const struct nlattr *const *tb, void *arg)
{
	struct cpu_dump *dump = arg;
	struct cpu_entry *entry;
	uint32_t cpu;

	if (!tb[CPULAB_A_CPU] || !tb[CPULAB_A_ONLINE])
		return;
	cpu = genl_attr_u32(tb[CPULAB_A_CPU]);
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
	entry->online = genl_attr_u8(tb[CPULAB_A_ONLINE]);
	if (tb[CPULAB_A_VIRT])
		parse_virt(tb[CPULAB_A_VIRT], entry);
	if (tb[CPULAB_A_CACHE])
		parse_cache(tb[CPULAB_A_CACHE], entry);
	if (tb[CPULAB_A_CR4_AUDIT])
		parse_cr4_audit(tb[CPULAB_A_CR4_AUDIT], entry);
	/*
	 * Read on the CPU, in one snapshot: CR4 and the capability, or
	 * neither; the shadow with them unless the kernel keeps it from
	 * modules (7.x exports cr4_read_shadow() to KVM only).
	 */
	entry->has_registers = tb[CPULAB_A_CR4] && entry->has_virt_cap;
	if (entry->has_registers)
		entry->cr4 = genl_attr_u64(tb[CPULAB_A_CR4]);
	entry->has_shadow = entry->has_registers && tb[CPULAB_A_CR4_SHADOW];
	if (entry->has_shadow)
		entry->cr4_shadow = genl_attr_u64(tb[CPULAB_A_CR4_SHADOW]);
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

int hardware_virt_enabled(unsigned int cpu, const struct cpu_entry *entry)
{
	uint64_t efer;
	int ret;

	switch (entry->virt_cap) {
	case CPULAB_VIRT_CAP_VMX:
		return !!(entry->cr4 & CR4_VMXE);
	case CPULAB_VIRT_CAP_SVM:
		ret = read_cpu_msr(cpu, MSR_EFER, &efer);
		return ret ? ret : !!(efer & EFER_SVME);
	default:
		return 0;
	}
}

int cpu_first_unrestored(struct genl_sock *sock, const struct cpu_dump *before, struct cpu_dump *after,
			 const char **what)
{
	struct genl_ack ack;

	*what = "CPU_GET failed";
	if (cpu_get(sock, NULL, NLM_F_DUMP, after, &ack) || ack.error)
		return -2;
	for (unsigned int id = 0; id < SELFTEST_MAX_CPUS; id++) {
		const struct cpu_entry *was = &before->cpu[id], *now = &after->cpu[id];

		if (!was->has_registers)
			continue;
		*what = "it did not come back online";
		if (!now->has_registers)
			return id;
		*what = "its virt state changed";
		if (was->virt_state != now->virt_state)
			return id;
		*what = "the hardware disagrees with its virt state";
		if (was->virt_cap != CPULAB_VIRT_CAP_NONE && was->virt_state != CPULAB_VIRT_STATE_FOREIGN &&
		    (was->virt_state == CPULAB_VIRT_STATE_ON) != (hardware_virt_enabled(id, now) == 1))
			return id;
	}
	*what = "nothing";
	return -1;
}

int cpu_dump_first_change(const struct cpu_dump *before, const struct cpu_dump *after,
			  const char **what)
{
	*what = "the set of CPUs";
	if (before->count != after->count)
		return -2;
	for (unsigned int id = 0; id < SELFTEST_MAX_CPUS; id++) {
		const struct cpu_entry *was = &before->cpu[id], *now = &after->cpu[id];

		if (!was->seen && !now->seen)
			continue;
		*what = was->seen != now->seen ? "seen" :
			was->online != now->online ? "online" :
			was->virt_enables != now->virt_enables ? "virt_enables" :
			was->virt_disables != now->virt_disables ? "virt_disables" :
			was->virt_requests != now->virt_requests ? "virt_requests" :
			was->virt_injection != now->virt_injection ? "virt_injection" :
			was->cache_wbinvds != now->cache_wbinvds ? "cache_wbinvds" :
			was->cache_reasons != now->cache_reasons ? "cache_reasons" :
			was->cr4_audits != now->cr4_audits ? "cr4_audits" :
			was->cr4_perturbed != now->cr4_perturbed ? "cr4_perturbed" : NULL;
		if (*what)
			return (int)id;
	}
	*what = "nothing";
	return -1;
}
