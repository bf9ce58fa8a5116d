// SPDX-License-Identifier: GPL-2.0
// The kernel's own per-CPU view of what cpulab reads in hardware: its
// variables, read from its BTF through BPF (user/bpf/kernel_view.bpf.c).
// Plain data; kernel_view_bpf.cpp fills it, the renderers and the
// agreement check read it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cpulab {

// One kernel variable the view reads, by the name its BTF gives it.
enum class KernelVariable { cr4_shadow, cache_incoherent, virt_users };

inline constexpr KernelVariable kernel_variables[] = {
	KernelVariable::cr4_shadow, KernelVariable::cache_incoherent, KernelVariable::virt_users};

// "cpu_tlbstate.cr4", "cache_state_incoherent", "virtualization_nr_users".
std::string_view kernel_variable_name(KernelVariable variable);
// Its key in status --json: "cr4_shadow", "cache_state_incoherent",
// "virtualization_nr_users".
std::string_view kernel_variable_key(KernelVariable variable);

struct KernelViewCpu {
	std::optional<uint64_t> cr4_shadow;
	std::optional<bool> cache_incoherent;
	std::optional<int32_t> virt_users;
};

struct KernelView {
	// Empty when the view was read; otherwise why nothing was (no BPF,
	// no kernel BTF, not permitted), and every CPU's values are absent.
	std::string error;
	bool cr4_shadow_found = false;
	bool cache_incoherent_found = false;
	bool virt_users_found = false;
	std::vector<KernelViewCpu> cpus;	// indexed by CPU number

	bool read() const { return error.empty(); }
	bool found(KernelVariable variable) const;
	// The values for @cpu, or nothing if it was not read.
	const KernelViewCpu *cpu(uint32_t cpu) const;
};

// "read", "not in this kernel's BTF", or "not read: ERROR".
std::string kernel_variable_status(const KernelView &view, KernelVariable variable);

// Reads the view from the running kernel (libbpf; needs CAP_BPF and
// CAP_PERFMON, or root). Never throws: a failure is KernelView::error.
KernelView read_kernel_view();

} // namespace cpulab
