// SPDX-License-Identifier: GPL-2.0
// read_kernel_view(): loads user/bpf/kernel_view.bpf.c (embedded by
// bpftool's skeleton) and runs it once with BPF_PROG_TEST_RUN. libbpf
// resolves the weak typed ksyms against /sys/kernel/btf/vmlinux; its
// messages are kept, not printed, and the last one explains a failure.
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "kernel_view.h"
#include "kernel_view_abi.h"
#include "kernel_view.skel.h"

namespace cpulab {

namespace {

// libbpf's warnings, line by line, for the one that explains a failure.
std::vector<std::string> libbpf_lines;

int keep_libbpf_message(enum libbpf_print_level level, const char *format, va_list args)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	char text[4096];
	vsnprintf(text, sizeof(text), format, args);
	std::istringstream lines(text);
	std::string line;
	while (std::getline(lines, line))
		if (!line.empty())
			libbpf_lines.push_back(line.rfind("libbpf: ", 0) == 0 ? line.substr(8) : line);
	return 0;
}

// The verifier's first line, if a program failed to load; else libbpf's last.
std::string libbpf_reason()
{
	for (size_t i = 0; i + 1 < libbpf_lines.size(); i++)
		if (libbpf_lines[i].find("BEGIN PROG LOAD LOG") != std::string::npos)
			return libbpf_lines[i + 1];
	return libbpf_lines.empty() ? "" : libbpf_lines.back();
}

struct SkeletonDeleter {
	void operator()(kernel_view_bpf *skeleton) const { kernel_view_bpf::destroy(skeleton); }
};

std::string failure(const char *step, int error)
{
	std::string text = std::string(step) + ": " + std::strerror(error < 0 ? -error : error);
	const std::string reason = libbpf_reason();
	if (!reason.empty())
		text += " (" + reason + ")";
	return text;
}

} // namespace

KernelView read_kernel_view()
{
	KernelView view;
	libbpf_lines.clear();
	const libbpf_print_fn_t previous = libbpf_set_print(keep_libbpf_message);

	std::unique_ptr<kernel_view_bpf, SkeletonDeleter> skeleton(kernel_view_bpf::open());
	const int possible = libbpf_num_possible_cpus();
	if (!skeleton) {
		view.error = failure("bpf open", errno);
	} else if (possible <= 0) {
		view.error = failure("possible CPUs", possible);
	} else {
		skeleton->rodata->possible_cpus = static_cast<__u32>(possible);
		int error = kernel_view_bpf::load(skeleton.get());
		if (error) {
			view.error = failure("bpf load", error);
		} else {
			LIBBPF_OPTS(bpf_test_run_opts, run);
			error = bpf_prog_test_run_opts(bpf_program__fd(skeleton->progs.read_kernel_view), &run);
			if (error)
				view.error = failure("bpf run", errno);
		}
	}
	libbpf_set_print(previous);
	if (!view.error.empty())
		return view;

	const kernel_view_values &values = skeleton->bss->values;
	view.cr4_shadow_found = values.found & KERNEL_VIEW_FOUND_CR4_SHADOW;
	view.cache_incoherent_found = values.found & KERNEL_VIEW_FOUND_CACHE_INCOHERENT;
	view.virt_users_found = values.found & KERNEL_VIEW_FOUND_VIRT_USERS;
	view.cpus.resize(values.cpus);
	for (uint32_t cpu = 0; cpu < values.cpus && cpu < KERNEL_VIEW_MAX_CPUS; cpu++) {
		KernelViewCpu &entry = view.cpus[cpu];
		if (view.cr4_shadow_found)
			entry.cr4_shadow = values.cr4_shadow[cpu];
		if (view.cache_incoherent_found)
			entry.cache_incoherent = values.cache_incoherent[cpu] != 0;
		if (view.virt_users_found)
			entry.virt_users = values.virt_users[cpu];
	}
	return view;
}

} // namespace cpulab
