// SPDX-License-Identifier: GPL-2.0
#include "cpulab_ops.h"

#include <errno.h>
#include <grp.h>
#include <string.h>
#include <unistd.h>

#include "cpulab.h"
#include "sysfs_cpus.h"

/* A request whose only attribute is the optional CPU bitmap. */
static int cpus_request(struct genl_sock *sock, uint8_t cmd, const uint8_t *bitmap, size_t len,
			struct genl_ack *ack)
{
	struct genl_attrs attrs = { .len = 0 };

	if (bitmap)
		genl_attrs_put(&attrs, CPULAB_A_CPUS, bitmap, len);
	return genl_transact(sock, cmd, 0, 0, bitmap ? &attrs : NULL, CPULAB_A_MAX, NULL, NULL, ack);
}

static int one_cpu_request(struct genl_sock *sock, uint8_t cmd, unsigned int cpu, struct genl_ack *ack)
{
	uint8_t bitmap[SELFTEST_MAX_CPUS / 8] = { 0 };

	bitmap[cpu / 8] |= 1u << (cpu % 8);
	return cpus_request(sock, cmd, bitmap, cpu / 8 + 1, ack);
}

int virt_request(struct genl_sock *sock, bool enable, const uint8_t *bitmap,
		 size_t len, struct genl_ack *ack)
{
	return cpus_request(sock, enable ? CPULAB_CMD_VIRT_ENABLE : CPULAB_CMD_VIRT_DISABLE, bitmap, len, ack);
}

int virt_request_cpu(struct genl_sock *sock, bool enable, unsigned int cpu,
		     struct genl_ack *ack)
{
	return one_cpu_request(sock, enable ? CPULAB_CMD_VIRT_ENABLE : CPULAB_CMD_VIRT_DISABLE, cpu, ack);
}

int cache_request(struct genl_sock *sock, bool mark, const uint8_t *bitmap, size_t len,
		  struct genl_ack *ack)
{
	return cpus_request(sock, mark ? CPULAB_CMD_CACHE_MARK : CPULAB_CMD_CACHE_FLUSH, bitmap, len, ack);
}

int cache_request_cpu(struct genl_sock *sock, bool mark, unsigned int cpu, struct genl_ack *ack)
{
	return one_cpu_request(sock, mark ? CPULAB_CMD_CACHE_MARK : CPULAB_CMD_CACHE_FLUSH, cpu, ack);
}

static void on_stop_reply(const struct nlattr *const *tb, void *arg)
{
	struct stop_result *result = arg;
	const struct nlattr *cpu = NULL;

	result->replied = true;
	result->targets = genl_attr_u32(tb[CPULAB_A_STOP_TARGETS]);
	result->all_stopped = genl_attr_u8(tb[CPULAB_A_STOP_ALL_STOPPED]);
	result->race = genl_attr_u8(tb[CPULAB_A_STOP_RACE]);
	/* Absent reads as an impossible value, so a test comparing it fails. */
	result->verdict = tb[CPULAB_A_STOP_VERDICT] ? genl_attr_u8(tb[CPULAB_A_STOP_VERDICT]) : 0xff;
	result->time_ns = genl_attr_u64(tb[CPULAB_A_STOP_TIME_NS]);
	result->proceed_ns = genl_attr_u64(tb[CPULAB_A_STOP_PROCEED_NS]);
	if (!tb[CPULAB_A_STOP_CPUS])
		return;
	while ((cpu = genl_nest_next(tb[CPULAB_A_STOP_CPUS], cpu)) &&
	       result->count < sizeof(result->cpus) / sizeof(result->cpus[0])) {
		const struct nlattr *ctb[CPULAB_A_MAX + 1];
		struct stop_cpu_result *one = &result->cpus[result->count++];

		genl_parse_nested(ctb, CPULAB_A_MAX, cpu);
		one->cpu = genl_attr_u32(ctb[CPULAB_A_CPU]);
		one->stage = genl_attr_u8(ctb[CPULAB_A_STOP_STAGE]);
		one->clear_ns = genl_attr_u64(ctb[CPULAB_A_STOP_CLEAR_NS]);
		one->entries = genl_attr_u32(ctb[CPULAB_A_STOP_ENTRIES]);
		one->nmi_sent = genl_attr_u8(ctb[CPULAB_A_STOP_NMI_SENT]);
		one->wbinvds = genl_attr_u32(ctb[CPULAB_A_STOP_WBINVDS]);
		one->wbinvd_ns = genl_attr_u64(ctb[CPULAB_A_STOP_WBINVD_NS]);
		one->virt_disabled = genl_attr_u8(ctb[CPULAB_A_STOP_VIRT_DISABLED]);
		one->late = genl_attr_u8(ctb[CPULAB_A_STOP_LATE]);
	}
}

int stop_request(struct genl_sock *sock, const struct stop_knobs *knobs, struct stop_result *result,
		 struct genl_ack *ack)
{
	struct genl_attrs attrs = { .len = 0 };

	memset(result, 0, sizeof(*result));
	genl_attrs_put(&attrs, CPULAB_A_STOP_MODE, &knobs->mode, 1);
	genl_attrs_put(&attrs, CPULAB_A_STOP_ORDERING, &knobs->ordering, 1);
	genl_attrs_put(&attrs, CPULAB_A_STOP_WBINVD_DELAY_US, &knobs->wbinvd_delay_us, 4);
	genl_attrs_put(&attrs, CPULAB_A_STOP_IPI_TIMEOUT_MS, &knobs->ipi_timeout_ms, 4);
	genl_attrs_put(&attrs, CPULAB_A_STOP_NMI_TIMEOUT_MS, &knobs->nmi_timeout_ms, 4);
	if (knobs->hold_ms)
		genl_attrs_put(&attrs, CPULAB_A_STOP_HOLD_MS, &knobs->hold_ms, 4);
	return genl_transact(sock, CPULAB_CMD_STOP, 0, 0, &attrs, CPULAB_A_MAX, on_stop_reply, result, ack);
}

int inject(struct genl_sock *sock, uint32_t cpu, uint8_t injection, struct genl_ack *ack)
{
	struct genl_attrs attrs = { .len = 0 };

	genl_attrs_put(&attrs, CPULAB_A_CPU, &cpu, sizeof(cpu));
	genl_attrs_put(&attrs, CPULAB_A_INJECT_CLASS, &injection, sizeof(injection));
	return genl_transact(sock, CPULAB_CMD_INJECT, 0, 0, &attrs, CPULAB_A_MAX, NULL, NULL, ack);
}

static void on_hotplug_reply(const struct nlattr *const *tb, void *arg)
{
	*(uint64_t *)arg = genl_attr_u64(tb[CPULAB_A_HOTPLUG_NS]);
}

int hotplug_request(struct genl_sock *sock, bool online, uint32_t cpu, uint64_t *ns,
		    struct genl_ack *ack)
{
	struct genl_attrs attrs = { .len = 0 };

	*ns = 0;
	genl_attrs_put(&attrs, CPULAB_A_CPU, &cpu, sizeof(cpu));
	return genl_transact(sock, online ? CPULAB_CMD_CPU_ONLINE : CPULAB_CMD_CPU_OFFLINE, 0, 0,
			     &attrs, CPULAB_A_MAX, on_hotplug_reply, ns, ack);
}

static void on_cycle_reply(const struct nlattr *const *tb, void *arg)
{
	struct cycle_result *result = arg;
	const struct nlattr *nest = NULL;

	result->replied = true;
	result->interrupted = genl_attr_u8(tb[CPULAB_A_CYCLE_INTERRUPTED]);
	if (!tb[CPULAB_A_CYCLE_CPUS])
		return;
	while ((nest = genl_nest_next(tb[CPULAB_A_CYCLE_CPUS], nest)) &&
	       result->count < sizeof(result->cpus) / sizeof(result->cpus[0])) {
		const struct nlattr *cpu_tb[CPULAB_A_MAX + 1];
		struct cycle_cpu_result *cpu = &result->cpus[result->count++];

		genl_parse_nested(cpu_tb, CPULAB_A_MAX, nest);
		cpu->cpu = genl_attr_u32(cpu_tb[CPULAB_A_CPU]);
		cpu->attempts = genl_attr_u32(cpu_tb[CPULAB_A_CYCLE_ATTEMPTS]);
		cpu->successes = genl_attr_u32(cpu_tb[CPULAB_A_CYCLE_SUCCESSES]);
		cpu->failures = genl_attr_u32(cpu_tb[CPULAB_A_CYCLE_FAILURES]);
		cpu->last_errno = genl_attr_u32(cpu_tb[CPULAB_A_CYCLE_ERRNO]);
		cpu->offline_min_ns = genl_attr_u64(cpu_tb[CPULAB_A_CYCLE_OFFLINE_MIN_NS]);
		cpu->offline_median_ns = genl_attr_u64(cpu_tb[CPULAB_A_CYCLE_OFFLINE_MEDIAN_NS]);
		cpu->offline_max_ns = genl_attr_u64(cpu_tb[CPULAB_A_CYCLE_OFFLINE_MAX_NS]);
		cpu->online_min_ns = genl_attr_u64(cpu_tb[CPULAB_A_CYCLE_ONLINE_MIN_NS]);
		cpu->online_median_ns = genl_attr_u64(cpu_tb[CPULAB_A_CYCLE_ONLINE_MEDIAN_NS]);
		cpu->online_max_ns = genl_attr_u64(cpu_tb[CPULAB_A_CYCLE_ONLINE_MAX_NS]);
	}
}

int cycle_request(struct genl_sock *sock, const uint8_t *bitmap, size_t len, uint32_t rounds,
		  struct cycle_result *result, struct genl_ack *ack)
{
	struct genl_attrs attrs = { .len = 0 };

	memset(result, 0, sizeof(*result));
	if (bitmap)
		genl_attrs_put(&attrs, CPULAB_A_CPUS, bitmap, len);
	if (rounds)
		genl_attrs_put(&attrs, CPULAB_A_CYCLE_COUNT, &rounds, sizeof(rounds));
	return genl_transact(sock, CPULAB_CMD_CPU_CYCLE, 0, 0, &attrs, CPULAB_A_MAX, on_cycle_reply,
			     result, ack);
}

static void on_audit_reply(const struct nlattr *const *tb, void *arg)
{
	*(uint64_t *)arg = genl_attr_u64(tb[CPULAB_A_CR4_AUDIT_FINDINGS]);
}

int cr4_audit_request(struct genl_sock *sock, const uint8_t *bitmap, size_t len, uint64_t *findings,
		      struct genl_ack *ack)
{
	struct genl_attrs attrs = { .len = 0 };

	*findings = UINT64_MAX;
	if (bitmap)
		genl_attrs_put(&attrs, CPULAB_A_CPUS, bitmap, len);
	return genl_transact(sock, CPULAB_CMD_CR4_AUDIT, 0, 0, &attrs, CPULAB_A_MAX, on_audit_reply,
			     findings, ack);
}

int cr4_perturb_request(struct genl_sock *sock, uint32_t cpu, int bit, bool restore,
			struct genl_ack *ack)
{
	struct genl_attrs attrs = { .len = 0 };
	uint8_t bit_value = (uint8_t)bit;

	genl_attrs_put(&attrs, CPULAB_A_CPU, &cpu, sizeof(cpu));
	if (bit >= 0)
		genl_attrs_put(&attrs, CPULAB_A_CR4_BIT, &bit_value, sizeof(bit_value));
	if (restore)
		genl_attrs_put(&attrs, CPULAB_A_CR4_RESTORE, NULL, 0);
	return genl_transact(sock, CPULAB_CMD_CR4_PERTURB, 0, 0, &attrs, CPULAB_A_MAX, NULL, NULL, ack);
}

int drop_privileges(void)
{
	if (setgroups(0, NULL) || setresgid(UNPRIVILEGED_ID, UNPRIVILEGED_ID, UNPRIVILEGED_ID) ||
	    setresuid(UNPRIVILEGED_ID, UNPRIVILEGED_ID, UNPRIVILEGED_ID))
		return -errno;
	return 0;
}
