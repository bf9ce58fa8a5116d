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

/* The stop-result nest: the verdict, then a stop-cpu nest per target. */
static void on_stop_reply(const struct nlattr *const *top, void *arg)
{
	const struct nlattr *tb[CPULAB_A_STOP_RESULT_MAX + 1];
	struct stop_result *result = arg;
	const struct nlattr *cpu = NULL;

	result->replied = true;
	if (!top[CPULAB_A_STOP_RESULT])
		return;
	genl_parse_nested(tb, CPULAB_A_STOP_RESULT_MAX, top[CPULAB_A_STOP_RESULT]);
	result->targets = genl_attr_u32(tb[CPULAB_A_STOP_RESULT_TARGETS]);
	result->all_stopped = genl_attr_u8(tb[CPULAB_A_STOP_RESULT_ALL_STOPPED]);
	/* Absent reads as an impossible value, so a test comparing it fails. */
	result->verdict = tb[CPULAB_A_STOP_RESULT_VERDICT] ?
			  genl_attr_u8(tb[CPULAB_A_STOP_RESULT_VERDICT]) : 0xff;
	result->time_ns = genl_attr_u64(tb[CPULAB_A_STOP_RESULT_TIME_NS]);
	result->proceed_ns = genl_attr_u64(tb[CPULAB_A_STOP_RESULT_PROCEED_NS]);
	while ((cpu = genl_nest_next(top[CPULAB_A_STOP_RESULT], cpu)) &&
	       result->count < sizeof(result->cpus) / sizeof(result->cpus[0])) {
		const struct nlattr *ctb[CPULAB_A_STOP_CPU_MAX + 1];
		struct stop_cpu_result *one;

		if ((cpu->nla_type & NLA_TYPE_MASK) != CPULAB_A_STOP_RESULT_CPU)
			continue;
		one = &result->cpus[result->count++];
		genl_parse_nested(ctb, CPULAB_A_STOP_CPU_MAX, cpu);
		one->cpu = genl_attr_u32(ctb[CPULAB_A_STOP_CPU_ID]);
		one->stage = genl_attr_u8(ctb[CPULAB_A_STOP_CPU_STAGE]);
		one->clear_ns = genl_attr_u64(ctb[CPULAB_A_STOP_CPU_CLEAR_NS]);
		one->entries = genl_attr_u32(ctb[CPULAB_A_STOP_CPU_ENTRIES]);
		one->nmi_sent = genl_attr_u8(ctb[CPULAB_A_STOP_CPU_NMI_SENT]);
		one->wbinvds = genl_attr_u32(ctb[CPULAB_A_STOP_CPU_WBINVDS]);
		one->wbinvd_ns = genl_attr_u64(ctb[CPULAB_A_STOP_CPU_WBINVD_NS]);
		one->virt_disabled = genl_attr_u8(ctb[CPULAB_A_STOP_CPU_VIRT_DISABLED]);
		one->late = genl_attr_u8(ctb[CPULAB_A_STOP_CPU_LATE]);
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

/* The cycle-result nest, with a cycle-cpu nest per CPU. */
static void on_cycle_reply(const struct nlattr *const *top, void *arg)
{
	const struct nlattr *tb[CPULAB_A_CYCLE_RESULT_MAX + 1];
	struct cycle_result *result = arg;
	const struct nlattr *nest = NULL;

	result->replied = true;
	if (!top[CPULAB_A_CYCLE_RESULT])
		return;
	genl_parse_nested(tb, CPULAB_A_CYCLE_RESULT_MAX, top[CPULAB_A_CYCLE_RESULT]);
	result->interrupted = genl_attr_u8(tb[CPULAB_A_CYCLE_RESULT_INTERRUPTED]);
	while ((nest = genl_nest_next(top[CPULAB_A_CYCLE_RESULT], nest)) &&
	       result->count < sizeof(result->cpus) / sizeof(result->cpus[0])) {
		const struct nlattr *cpu_tb[CPULAB_A_CYCLE_CPU_MAX + 1];
		struct cycle_cpu_result *cpu;

		if ((nest->nla_type & NLA_TYPE_MASK) != CPULAB_A_CYCLE_RESULT_CPU)
			continue;
		cpu = &result->cpus[result->count++];
		genl_parse_nested(cpu_tb, CPULAB_A_CYCLE_CPU_MAX, nest);
		cpu->cpu = genl_attr_u32(cpu_tb[CPULAB_A_CYCLE_CPU_ID]);
		cpu->attempts = genl_attr_u32(cpu_tb[CPULAB_A_CYCLE_CPU_ATTEMPTS]);
		cpu->successes = genl_attr_u32(cpu_tb[CPULAB_A_CYCLE_CPU_SUCCESSES]);
		cpu->failures = genl_attr_u32(cpu_tb[CPULAB_A_CYCLE_CPU_FAILURES]);
		cpu->last_errno = genl_attr_u32(cpu_tb[CPULAB_A_CYCLE_CPU_ERRNO]);
		cpu->offline_min_ns = genl_attr_u64(cpu_tb[CPULAB_A_CYCLE_CPU_OFFLINE_MIN_NS]);
		cpu->offline_median_ns = genl_attr_u64(cpu_tb[CPULAB_A_CYCLE_CPU_OFFLINE_MEDIAN_NS]);
		cpu->offline_max_ns = genl_attr_u64(cpu_tb[CPULAB_A_CYCLE_CPU_OFFLINE_MAX_NS]);
		cpu->online_min_ns = genl_attr_u64(cpu_tb[CPULAB_A_CYCLE_CPU_ONLINE_MIN_NS]);
		cpu->online_median_ns = genl_attr_u64(cpu_tb[CPULAB_A_CYCLE_CPU_ONLINE_MEDIAN_NS]);
		cpu->online_max_ns = genl_attr_u64(cpu_tb[CPULAB_A_CYCLE_CPU_ONLINE_MAX_NS]);
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

struct event_unwrap {
	genl_reply_fn fn;
	void *arg;
};

/* A message without the event nest reaches @fn with no attributes at all. */
static void on_event_message(const struct nlattr *const *top, void *arg)
{
	const struct nlattr *tb[CPULAB_A_EVENT_MAX + 1] = { NULL };
	struct event_unwrap *unwrap = arg;

	if (top[CPULAB_A_EVENT])
		genl_parse_nested(tb, CPULAB_A_EVENT_MAX, top[CPULAB_A_EVENT]);
	unwrap->fn(tb, unwrap->arg);
}

int cpulab_receive_events(struct genl_sock *sock, int timeout_ms, genl_reply_fn fn, void *arg)
{
	struct event_unwrap unwrap = { .fn = fn, .arg = arg };

	return genl_receive_events(sock, timeout_ms, CPULAB_A_MAX, on_event_message, &unwrap);
}
