/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The mutating cpulab requests and the privilege drop, shared by the
 * selftests. Each returns genl_transact()'s result; the kernel's answer is
 * in @ack.
 */
#ifndef CPULAB_SELFTEST_CPULAB_OPS_H
#define CPULAB_SELFTEST_CPULAB_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "genl.h"

#define UNPRIVILEGED_ID	1000

/* VIRT_ENABLE/VIRT_DISABLE on the CPUs in @bitmap (all if NULL). */
int virt_request(struct genl_sock *sock, bool enable, const uint8_t *bitmap,
		 size_t len, struct genl_ack *ack);
int virt_request_cpu(struct genl_sock *sock, bool enable, unsigned int cpu,
		     struct genl_ack *ack);

/* CACHE_MARK (@mark) or CACHE_FLUSH on the CPUs in @bitmap (all online if NULL). */
int cache_request(struct genl_sock *sock, bool mark, const uint8_t *bitmap, size_t len,
		  struct genl_ack *ack);
int cache_request_cpu(struct genl_sock *sock, bool mark, unsigned int cpu, struct genl_ack *ack);

struct stop_knobs {
	uint8_t mode;
	uint8_t ordering;
	uint32_t wbinvd_delay_us;
	uint32_t ipi_timeout_ms;
	uint32_t nmi_timeout_ms;
	uint32_t hold_ms;	/* sent only when non-zero */
};

struct stop_cpu_result {
	uint32_t cpu;
	uint8_t stage;
	uint64_t clear_ns;
	uint32_t entries;
	uint8_t nmi_sent;
	uint32_t wbinvds;
	uint64_t wbinvd_ns;
	uint8_t virt_disabled;
	uint8_t late;
};

struct stop_result {
	bool replied;
	uint32_t targets;
	uint8_t all_stopped;
	uint8_t verdict;		/* enum cpulab_stop_verdict */
	uint64_t time_ns;
	uint64_t proceed_ns;
	unsigned int count;		/* per-CPU results received */
	struct stop_cpu_result cpus[256];
};

/* STOP with every knob sent. */
int stop_request(struct genl_sock *sock, const struct stop_knobs *knobs, struct stop_result *result,
		 struct genl_ack *ack);

int inject(struct genl_sock *sock, uint32_t cpu, uint8_t injection, struct genl_ack *ack);

/* CPU_OFFLINE (@online false) or CPU_ONLINE on @cpu; *@ns is the module's latency. */
int hotplug_request(struct genl_sock *sock, bool online, uint32_t cpu, uint64_t *ns,
		    struct genl_ack *ack);

struct cycle_cpu_result {
	uint32_t cpu;
	uint32_t attempts, successes, failures, last_errno;
	uint64_t offline_min_ns, offline_median_ns, offline_max_ns;
	uint64_t online_min_ns, online_median_ns, online_max_ns;
};

struct cycle_result {
	bool replied;
	uint8_t interrupted;
	unsigned int count;
	struct cycle_cpu_result cpus[256];
};

/* CPU_CYCLE on @bitmap (every hotpluggable CPU if NULL), @rounds (0: leave it out). */
int cycle_request(struct genl_sock *sock, const uint8_t *bitmap, size_t len, uint32_t rounds,
		  struct cycle_result *result, struct genl_ack *ack);

/* CR4_AUDIT on @bitmap (every online CPU if NULL); *@findings from the reply. */
int cr4_audit_request(struct genl_sock *sock, const uint8_t *bitmap, size_t len, uint64_t *findings,
		      struct genl_ack *ack);

/* CR4_PERTURB on @cpu: @bit < 0 leaves BIT out; @restore adds RESTORE. */
int cr4_perturb_request(struct genl_sock *sock, uint32_t cpu, int bit, bool restore,
			struct genl_ack *ack);

/*
 * genl_receive_events() for cpulab's events: @fn gets each event's own
 * attributes (its event nest, CPULAB_A_EVENT_*), not the message's top
 * level. Returns as genl_receive_events() does.
 */
int cpulab_receive_events(struct genl_sock *sock, int timeout_ms, genl_reply_fn fn, void *arg);

/* Drops to UNPRIVILEGED_ID with no capabilities and no groups. 0 or -errno. */
int drop_privileges(void);

#endif /* CPULAB_SELFTEST_CPULAB_OPS_H */
