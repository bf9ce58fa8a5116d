// SPDX-License-Identifier: GPL-2.0
// Do not edit directly, auto-generated from:
//	spec/cpulab.yaml
// by ci/ynl-gen-names.py (make regen).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace cpulab::protocol {

struct NamedValue {
	uint64_t value;
	std::string_view name;
};

// The name of a value, or std::nullopt for one the table lacks.
constexpr std::optional<std::string_view> name_of(std::span<const NamedValue> table,
						  uint64_t value)
{
	for (const NamedValue &entry : table)
		if (entry.value == value)
			return entry.name;
	return std::nullopt;
}

// The name the CLI prints: "unknown" for a value a newer module may send.
constexpr std::string_view name_or_unknown(std::span<const NamedValue> table, uint64_t value)
{
	return name_of(table, value).value_or("unknown");
}

// The value a name stands for, if it is one.
constexpr std::optional<uint64_t> value_of(std::span<const NamedValue> table,
					    std::string_view name)
{
	for (const NamedValue &entry : table)
		if (entry.name == name)
			return entry.value;
	return std::nullopt;
}

// cr4-bit (values): CR4's architectural bits by the names /proc/cpuinfo and the kernel
inline constexpr NamedValue cr4_bit_names[] = {
	{0, "vme"},
	{1, "pvi"},
	{2, "tsd"},
	{3, "de"},
	{4, "pse"},
	{5, "pae"},
	{6, "mce"},
	{7, "pge"},
	{8, "pce"},
	{9, "osfxsr"},
	{10, "osxmmexcpt"},
	{11, "umip"},
	{12, "la57"},
	{13, "vmxe"},
	{14, "smxe"},
	{16, "fsgsbase"},
	{17, "pcide"},
	{18, "osxsave"},
	{19, "kl"},
	{20, "smep"},
	{21, "smap"},
	{22, "pke"},
	{23, "cet"},
	{24, "pks"},
	{25, "uintr"},
	{27, "lass"},
	{28, "lam_sup"},
	{32, "fred"},
};

// status (values): Every outcome of a request: success and each refusal or failure cpulab
inline constexpr NamedValue status_names[] = {
	{0, "ok"},
	{1, "cpu-out-of-range"},
	{2, "cpu-not-possible"},
	{3, "cpu-unreachable"},
	{4, "offline"},
	{5, "foreign"},
	{6, "unsupported"},
	{7, "nothing-to-release"},
	{8, "class-not-applicable"},
	{9, "shutting-down"},
	{10, "virt-fault"},
	{11, "virt-vmfail"},
	{12, "virt-precheck"},
	{13, "virt-msr-fault"},
	{14, "not-perturbable"},
	{15, "already-perturbed"},
	{16, "not-perturbed"},
	{17, "bit-in-use"},
	{18, "not-present"},
	{19, "not-hotpluggable"},
	{20, "already-offline"},
	{21, "already-online"},
	{22, "kernel-owns-virt"},
	{23, "shadow-not-exported"},
};

// virt-cap (values): Which hardware virtualization extension the CPU's CPUID advertises.
inline constexpr NamedValue virt_cap_names[] = {
	{0, "none"},
	{1, "vmx"},
	{2, "svm"},
};

// virt-state (values): Who owns hardware virtualization on a CPU, as cpulab last saw it.
inline constexpr NamedValue virt_state_names[] = {
	{0, "off"},
	{1, "on"},
	{2, "failed"},
	{3, "foreign"},
	{4, "unsupported"},
};

// virt-error (values): Why the last enable or disable failed; the virt-error-name attribute spells it.
inline constexpr NamedValue virt_error_names[] = {
	{0, "none"},
	{1, "fault-ud"},
	{2, "fault-gp"},
	{3, "fault-other"},
	{4, "vmfail-invalid"},
	{5, "vmfail-valid"},
	{6, "feature-control-unlocked"},
	{7, "feature-control-vmx-disabled"},
	{8, "vmx-basic-region-size"},
	{9, "vmx-basic-memory-type"},
	{10, "vmx-basic-32bit-addresses"},
	{11, "cr0-fixed-bits"},
	{12, "cr4-fixed-bits"},
	{13, "svm-disabled"},
	{14, "msr-fault"},
};

// inject-class (values): Failures INJECT can arm. Each runs the real instruction with one
inline constexpr NamedValue inject_class_names[] = {
	{0, "none"},
	{1, "vmx-bad-revision"},
	{2, "vmx-misaligned-region"},
	{3, "vmx-vmxe-clear"},
	{4, "precheck"},
};

// emergency-owner (values): The kernel's emergency virtualization callback has one slot
inline constexpr NamedValue emergency_owner_names[] = {
	{0, "ours"},
	{1, "kvm"},
	{2, "foreign"},
	{3, "yielded"},
	{4, "kernel"},
};

// event-type (values): What an event (the event op) reports.
inline constexpr NamedValue event_type_names[] = {
	{0, "unspec"},
	{1, "cpu-online"},
	{2, "cpu-offline"},
	{3, "virt"},
	{4, "lost"},
	{5, "cache"},
	{6, "stop"},
	{7, "cr4"},
};

// event-cause (values): What made an event happen.
inline constexpr NamedValue event_cause_names[] = {
	{0, "none"},
	{1, "hotplug"},
	{2, "request"},
	{3, "suspend"},
	{4, "resume"},
	{5, "shutdown"},
	{6, "mark"},
	{7, "flush"},
	{8, "stop"},
	{9, "audit"},
	{10, "perturb"},
};

// cache-reason (bits): Why a CPU's caches may be incoherent (the cache-reasons attribute).
inline constexpr NamedValue cache_reason_names[] = {
	{1, "sme"},
	{2, "marked"},
};

// stop-mode (values): How a STOP reaches its targets.
inline constexpr NamedValue stop_mode_names[] = {
	{0, "ipi"},
	{1, "ipi-nmi"},
	{2, "nmi"},
};

// stop-ordering (values): When a STOP target clears its bit, and what a late handler may do.
inline constexpr NamedValue stop_ordering_names[] = {
	{0, "upstream"},
	{1, "hardened"},
};

// stop-stage (values): The STOP stage that made a target clear its bit.
inline constexpr NamedValue stop_stage_names[] = {
	{0, "none"},
	{1, "ipi"},
	{2, "nmi"},
};

// stop-verdict (values): How a STOP ended. Hardened ordering never reports race: it proceeds
inline constexpr NamedValue stop_verdict_names[] = {
	{0, "stopped"},
	{1, "timed-out"},
	{2, "race"},
};

// cr4-finding (values): What a CR4 audit can find (cr4-finding; bit 1 << kind in cr4-last-audit).
inline constexpr NamedValue cr4_finding_names[] = {
	{0, "none"},
	{1, "shadow-mismatch"},
	{2, "pinned-missing"},
	{3, "pinned-extra"},
	{4, "vmxe-owner"},
	{5, "unknown-bit"},
};

} // namespace cpulab::protocol
