// SPDX-License-Identifier: GPL-2.0
#include "cpu_state.h"

#include <array>

#include "cpulab.h"

namespace cpulab {

std::string_view virt_capability_name(VirtCapability capability)
{
	switch (capability) {
	case VirtCapability::none:
		return "none";
	case VirtCapability::vmx:
		return "vmx";
	case VirtCapability::svm:
		return "svm";
	}
	return "unknown";
}

std::string_view virt_state_name(VirtState state)
{
	switch (state) {
	case VirtState::off:
		return "off";
	case VirtState::on:
		return "on";
	case VirtState::failed:
		return "failed";
	case VirtState::foreign:
		return "foreign";
	case VirtState::unsupported:
		return "unsupported";
	}
	return "unknown";
}

std::string_view emergency_owner_name(EmergencyOwner owner)
{
	switch (owner) {
	case EmergencyOwner::ours:
		return "ours";
	case EmergencyOwner::kvm:
		return "kvm";
	case EmergencyOwner::foreign:
		return "foreign";
	case EmergencyOwner::yielded:
		return "yielded";
	}
	return "unknown";
}

std::string cache_reasons_text(uint32_t reasons)
{
	std::string text;
	const auto add = [&text](const char *name) { text += (text.empty() ? "" : ",") + std::string(name); };
	if (reasons & CPULAB_CACHE_REASON_SME)
		add("sme");
	if (reasons & CPULAB_CACHE_REASON_MARKED)
		add("marked");
	if (reasons & ~uint32_t{CPULAB_CACHE_REASON_SME | CPULAB_CACHE_REASON_MARKED})
		add("unknown");
	return text.empty() ? "-" : text;
}

namespace {
constexpr std::array<std::string_view, __CPULAB_INJECT_MAX> inject_class_names = {
	"none", "bad-revision", "misaligned-region", "vmxe-clear", "precheck",
};
} // namespace

std::string_view inject_class_name(uint8_t injection)
{
	return injection < inject_class_names.size() ? inject_class_names[injection] : "unknown";
}

uint8_t inject_class_by_name(std::string_view name)
{
	for (size_t i = 1; i < inject_class_names.size(); i++)
		if (inject_class_names[i] == name)
			return static_cast<uint8_t>(i);
	return 0;
}

} // namespace cpulab
