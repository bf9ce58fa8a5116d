// SPDX-License-Identifier: GPL-2.0
// Do not edit directly, auto-generated from:
//	spec/cpulab.yaml
// by ci/ynl-gen-names.py --policies (make regen).
#pragma once

#include <array>

#include <netlink/attr.h>

#include "cpulab.h"

namespace cpulab::protocol {

// Per attribute set, what libnl checks before the CLI reads a message:
// each attribute's type, and the exact size of fixed-size ones.

// cpulab
inline constexpr int cpulab_max = CPULAB_A_MAX;
inline const nla_policy *cpulab_policy()
{
	static const auto table = [] {
		std::array<nla_policy, CPULAB_A_MAX + 1> p{};
		p[CPULAB_A_CPU] = {.type = NLA_U32, .minlen = 4, .maxlen = 4};
		p[CPULAB_A_ONLINE] = {.type = NLA_U8, .minlen = 1, .maxlen = 1};
		p[CPULAB_A_CR4] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_CR4_SHADOW] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_CPUS] = {.type = NLA_UNSPEC, .minlen = 0, .maxlen = 0};
		p[CPULAB_A_INJECT_CLASS] = {.type = NLA_U8, .minlen = 1, .maxlen = 1};
		p[CPULAB_A_VIRT] = {.type = NLA_NESTED, .minlen = 0, .maxlen = 0};
		p[CPULAB_A_CACHE] = {.type = NLA_NESTED, .minlen = 0, .maxlen = 0};
		p[CPULAB_A_CR4_AUDIT] = {.type = NLA_NESTED, .minlen = 0, .maxlen = 0};
		p[CPULAB_A_STOP_MODE] = {.type = NLA_U8, .minlen = 1, .maxlen = 1};
		p[CPULAB_A_STOP_ORDERING] = {.type = NLA_U8, .minlen = 1, .maxlen = 1};
		p[CPULAB_A_STOP_WBINVD_DELAY_US] = {.type = NLA_U32, .minlen = 4, .maxlen = 4};
		p[CPULAB_A_STOP_IPI_TIMEOUT_MS] = {.type = NLA_U32, .minlen = 4, .maxlen = 4};
		p[CPULAB_A_STOP_NMI_TIMEOUT_MS] = {.type = NLA_U32, .minlen = 4, .maxlen = 4};
		p[CPULAB_A_STOP_HOLD_MS] = {.type = NLA_U32, .minlen = 4, .maxlen = 4};
		p[CPULAB_A_STOP_RESULT] = {.type = NLA_NESTED, .minlen = 0, .maxlen = 0};
		p[CPULAB_A_HOTPLUG_NS] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_CYCLE_COUNT] = {.type = NLA_U32, .minlen = 4, .maxlen = 4};
		p[CPULAB_A_CYCLE_RESULT] = {.type = NLA_NESTED, .minlen = 0, .maxlen = 0};
		p[CPULAB_A_CR4_AUDITED] = {.type = NLA_U32, .minlen = 4, .maxlen = 4};
		p[CPULAB_A_CR4_AUDIT_FINDINGS] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_CR4_PINNED_MASK] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_CR4_PINNED_REFERENCE] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_CR4_BIT] = {.type = NLA_U8, .minlen = 1, .maxlen = 1};
		p[CPULAB_A_CR4_RESTORE] = {.type = NLA_FLAG, .minlen = 0, .maxlen = 0};
		p[CPULAB_A_EVENT] = {.type = NLA_NESTED, .minlen = 0, .maxlen = 0};
		return p;
	}();
	return table.data();
}

// virt
inline constexpr int virt_max = CPULAB_A_VIRT_MAX;
inline const nla_policy *virt_policy()
{
	static const auto table = [] {
		std::array<nla_policy, CPULAB_A_VIRT_MAX + 1> p{};
		p[CPULAB_A_VIRT_CAP] = {.type = NLA_U8, .minlen = 1, .maxlen = 1};
		p[CPULAB_A_VIRT_STATE] = {.type = NLA_U8, .minlen = 1, .maxlen = 1};
		p[CPULAB_A_VIRT_ERROR] = {.type = NLA_U8, .minlen = 1, .maxlen = 1};
		p[CPULAB_A_VIRT_ERROR_NAME] = {.type = NLA_NUL_STRING, .minlen = 0, .maxlen = 0};
		p[CPULAB_A_VIRT_ERRNO] = {.type = NLA_U32, .minlen = 4, .maxlen = 4};
		p[CPULAB_A_VIRT_ENABLES] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_VIRT_DISABLES] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_VIRT_ENABLE_NS] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_VIRT_DISABLE_NS] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_VIRT_REQUESTS] = {.type = NLA_U32, .minlen = 4, .maxlen = 4};
		p[CPULAB_A_VIRT_INJECTION] = {.type = NLA_U8, .minlen = 1, .maxlen = 1};
		p[CPULAB_A_VIRT_EMERGENCY_CALLBACK] = {.type = NLA_U8, .minlen = 1, .maxlen = 1};
		return p;
	}();
	return table.data();
}

// cache
inline constexpr int cache_max = CPULAB_A_CACHE_MAX;
inline const nla_policy *cache_policy()
{
	static const auto table = [] {
		std::array<nla_policy, CPULAB_A_CACHE_MAX + 1> p{};
		p[CPULAB_A_CACHE_INCOHERENT] = {.type = NLA_U8, .minlen = 1, .maxlen = 1};
		p[CPULAB_A_CACHE_REASONS] = {.type = NLA_U32, .minlen = 4, .maxlen = 4};
		p[CPULAB_A_CACHE_WBINVDS] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_CACHE_WBINVD_NS] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_CACHE_SET_NS] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_CACHE_CLEAR_NS] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		return p;
	}();
	return table.data();
}

// cr4-audit
inline constexpr int cr4_audit_max = CPULAB_A_AUDIT_MAX;
inline const nla_policy *cr4_audit_policy()
{
	static const auto table = [] {
		std::array<nla_policy, CPULAB_A_AUDIT_MAX + 1> p{};
		p[CPULAB_A_AUDIT_RUNS] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_AUDIT_FINDINGS] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_AUDIT_LAST] = {.type = NLA_U32, .minlen = 4, .maxlen = 4};
		p[CPULAB_A_AUDIT_LAST_NS] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_AUDIT_COST_NS] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_AUDIT_FINDING] = {.type = NLA_U8, .minlen = 1, .maxlen = 1};
		p[CPULAB_A_AUDIT_FINDING_BITS] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_AUDIT_FINDING_NS] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_AUDIT_PINNED_MASK] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_AUDIT_PINNED_REFERENCE] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_AUDIT_PERTURBED] = {.type = NLA_U8, .minlen = 1, .maxlen = 1};
		p[CPULAB_A_AUDIT_PERTURBED_BIT] = {.type = NLA_U8, .minlen = 1, .maxlen = 1};
		return p;
	}();
	return table.data();
}

// stop-result
inline constexpr int stop_result_max = CPULAB_A_STOP_RESULT_MAX;
inline const nla_policy *stop_result_policy()
{
	static const auto table = [] {
		std::array<nla_policy, CPULAB_A_STOP_RESULT_MAX + 1> p{};
		p[CPULAB_A_STOP_RESULT_TARGETS] = {.type = NLA_U32, .minlen = 4, .maxlen = 4};
		p[CPULAB_A_STOP_RESULT_ALL_STOPPED] = {.type = NLA_U8, .minlen = 1, .maxlen = 1};
		p[CPULAB_A_STOP_RESULT_TIME_NS] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_STOP_RESULT_PROCEED_NS] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_STOP_RESULT_VERDICT] = {.type = NLA_U8, .minlen = 1, .maxlen = 1};
		p[CPULAB_A_STOP_RESULT_CPU] = {.type = NLA_NESTED, .minlen = 0, .maxlen = 0};
		return p;
	}();
	return table.data();
}

// stop-cpu
inline constexpr int stop_cpu_max = CPULAB_A_STOP_CPU_MAX;
inline const nla_policy *stop_cpu_policy()
{
	static const auto table = [] {
		std::array<nla_policy, CPULAB_A_STOP_CPU_MAX + 1> p{};
		p[CPULAB_A_STOP_CPU_ID] = {.type = NLA_U32, .minlen = 4, .maxlen = 4};
		p[CPULAB_A_STOP_CPU_STAGE] = {.type = NLA_U8, .minlen = 1, .maxlen = 1};
		p[CPULAB_A_STOP_CPU_CLEAR_NS] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_STOP_CPU_ENTRIES] = {.type = NLA_U32, .minlen = 4, .maxlen = 4};
		p[CPULAB_A_STOP_CPU_NMI_SENT] = {.type = NLA_U8, .minlen = 1, .maxlen = 1};
		p[CPULAB_A_STOP_CPU_WBINVDS] = {.type = NLA_U32, .minlen = 4, .maxlen = 4};
		p[CPULAB_A_STOP_CPU_WBINVD_NS] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_STOP_CPU_VIRT_DISABLED] = {.type = NLA_U8, .minlen = 1, .maxlen = 1};
		p[CPULAB_A_STOP_CPU_LATE] = {.type = NLA_U8, .minlen = 1, .maxlen = 1};
		return p;
	}();
	return table.data();
}

// cycle-result
inline constexpr int cycle_result_max = CPULAB_A_CYCLE_RESULT_MAX;
inline const nla_policy *cycle_result_policy()
{
	static const auto table = [] {
		std::array<nla_policy, CPULAB_A_CYCLE_RESULT_MAX + 1> p{};
		p[CPULAB_A_CYCLE_RESULT_INTERRUPTED] = {.type = NLA_U8, .minlen = 1, .maxlen = 1};
		p[CPULAB_A_CYCLE_RESULT_CPU] = {.type = NLA_NESTED, .minlen = 0, .maxlen = 0};
		return p;
	}();
	return table.data();
}

// cycle-cpu
inline constexpr int cycle_cpu_max = CPULAB_A_CYCLE_CPU_MAX;
inline const nla_policy *cycle_cpu_policy()
{
	static const auto table = [] {
		std::array<nla_policy, CPULAB_A_CYCLE_CPU_MAX + 1> p{};
		p[CPULAB_A_CYCLE_CPU_ID] = {.type = NLA_U32, .minlen = 4, .maxlen = 4};
		p[CPULAB_A_CYCLE_CPU_ATTEMPTS] = {.type = NLA_U32, .minlen = 4, .maxlen = 4};
		p[CPULAB_A_CYCLE_CPU_SUCCESSES] = {.type = NLA_U32, .minlen = 4, .maxlen = 4};
		p[CPULAB_A_CYCLE_CPU_FAILURES] = {.type = NLA_U32, .minlen = 4, .maxlen = 4};
		p[CPULAB_A_CYCLE_CPU_ERRNO] = {.type = NLA_U32, .minlen = 4, .maxlen = 4};
		p[CPULAB_A_CYCLE_CPU_OFFLINE_MIN_NS] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_CYCLE_CPU_OFFLINE_MEDIAN_NS] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_CYCLE_CPU_OFFLINE_MAX_NS] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_CYCLE_CPU_ONLINE_MIN_NS] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_CYCLE_CPU_ONLINE_MEDIAN_NS] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_CYCLE_CPU_ONLINE_MAX_NS] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		return p;
	}();
	return table.data();
}

// event
inline constexpr int event_max = CPULAB_A_EVENT_MAX;
inline const nla_policy *event_policy()
{
	static const auto table = [] {
		std::array<nla_policy, CPULAB_A_EVENT_MAX + 1> p{};
		p[CPULAB_A_EVENT_TYPE] = {.type = NLA_U8, .minlen = 1, .maxlen = 1};
		p[CPULAB_A_EVENT_SEQ] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_EVENT_TIME_NS] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_EVENT_CPU] = {.type = NLA_U32, .minlen = 4, .maxlen = 4};
		p[CPULAB_A_EVENT_CAUSE] = {.type = NLA_U8, .minlen = 1, .maxlen = 1};
		p[CPULAB_A_EVENT_LOST] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_EVENT_VIRT_STATE_OLD] = {.type = NLA_U8, .minlen = 1, .maxlen = 1};
		p[CPULAB_A_EVENT_VIRT_STATE] = {.type = NLA_U8, .minlen = 1, .maxlen = 1};
		p[CPULAB_A_EVENT_VIRT_ERROR] = {.type = NLA_U8, .minlen = 1, .maxlen = 1};
		p[CPULAB_A_EVENT_VIRT_ERROR_NAME] = {.type = NLA_NUL_STRING, .minlen = 0, .maxlen = 0};
		p[CPULAB_A_EVENT_VIRT_ERRNO] = {.type = NLA_U32, .minlen = 4, .maxlen = 4};
		p[CPULAB_A_EVENT_CACHE_REASONS_OLD] = {.type = NLA_U32, .minlen = 4, .maxlen = 4};
		p[CPULAB_A_EVENT_CACHE_REASONS] = {.type = NLA_U32, .minlen = 4, .maxlen = 4};
		p[CPULAB_A_EVENT_CACHE_INCOHERENT] = {.type = NLA_U8, .minlen = 1, .maxlen = 1};
		p[CPULAB_A_EVENT_STOP_STAGE] = {.type = NLA_U8, .minlen = 1, .maxlen = 1};
		p[CPULAB_A_EVENT_STOP_CLEAR_NS] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_EVENT_CR4_FINDING] = {.type = NLA_U8, .minlen = 1, .maxlen = 1};
		p[CPULAB_A_EVENT_CR4_FINDING_BITS] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_EVENT_CR4] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		p[CPULAB_A_EVENT_CR4_SHADOW] = {.type = NLA_U64, .minlen = 8, .maxlen = 8};
		return p;
	}();
	return table.data();
}

} // namespace cpulab::protocol
