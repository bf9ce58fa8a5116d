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
enum class EmergencyOwner { ours, kvm, foreign, yielded };

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

struct CpuState {
	uint32_t cpu = 0;
	bool online = false;
	// Read on the CPU itself; absent for offline CPUs.
	std::optional<uint64_t> cr4;
	std::optional<uint64_t> cr4_shadow;
	std::optional<VirtCapability> virt_capability;
	VirtRecord virt;
	std::optional<CacheRecord> cache;
};

} // namespace cpulab
