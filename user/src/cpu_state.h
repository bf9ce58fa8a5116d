// SPDX-License-Identifier: GPL-2.0
// One CPU as the kernel reported it: plain data, no netlink in sight.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cpulab {

enum class VirtCapability { none, vmx, svm };

std::string_view virt_capability_name(VirtCapability capability);

enum class VirtState { off, on, failed, foreign, unsupported };

std::string_view virt_state_name(VirtState state);

// Who holds the kernel's emergency virtualization callback slot.
enum class EmergencyOwner { ours, kvm, foreign, yielded, kernel };

std::string_view emergency_owner_name(EmergencyOwner owner);

// The module's per-CPU virtualization record.
struct VirtRecord {
	VirtState state = VirtState::off;
	std::string error;	// the kernel's name, e.g. "vmfail-invalid"
	uint32_t error_errno = 0;
	uint64_t enables = 0;
	uint64_t disables = 0;
	uint64_t enable_ns = 0;
	uint64_t disable_ns = 0;
	uint32_t requests = 0;	// outstanding enable requests
	uint8_t armed_injection = 0;	// enum cpulab_inject_class
	std::optional<EmergencyOwner> emergency_callback;
};

// INJECT classes by the CLI's names: "bad-revision", "misaligned-region",
// "vmxe-clear", "precheck"; "none" for nothing armed.
std::string_view inject_class_name(uint8_t injection);
// 0 if @name is not a class.
uint8_t inject_class_by_name(std::string_view name);

// The module's per-CPU cache incoherence record.
struct CacheRecord {
	bool incoherent = false;
	uint32_t reasons = 0;		// CPULAB_CACHE_REASON_* bits
	uint64_t wbinvds = 0;
	uint64_t wbinvd_ns = 0;
	uint64_t set_ns = 0;		// CLOCK_MONOTONIC, 0 never
	uint64_t clear_ns = 0;
};

// "sme,marked", or "-" for none.
std::string cache_reasons_text(uint32_t reasons);

// The module's per-CPU CR4 audit record, and the module-wide pinning.
struct Cr4AuditRecord {
	uint64_t audits = 0;
	uint64_t findings = 0;		// ever
	uint32_t last_audit = 0;	// 1 << enum cpulab_cr4_finding per kind found
	uint64_t last_audit_ns = 0;
	uint64_t audit_cost_ns = 0;
	uint8_t last_finding = 0;	// enum cpulab_cr4_finding
	uint64_t last_finding_bits = 0;
	uint64_t last_finding_ns = 0;
	uint64_t pinned_mask = 0;
	uint64_t pinned_reference = 0;
	std::optional<uint8_t> perturbed_bit;	// set while cpulab's perturbation is in place
};

struct CpuState {
	uint32_t cpu = 0;
	bool online = false;
	// Read on the CPU itself; absent for offline CPUs.
	std::optional<uint64_t> cr4;
	std::optional<uint64_t> cr4_shadow;
	std::optional<VirtCapability> virt_capability;
	VirtRecord virt;
	std::optional<CacheRecord> cache;
	std::optional<Cr4AuditRecord> cr4_audit;
};

} // namespace cpulab
