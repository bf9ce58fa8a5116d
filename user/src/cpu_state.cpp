// SPDX-License-Identifier: GPL-2.0
#include "cpu_state.h"

#include "cpulab.h"
#include "protocol_names.h"

namespace cpulab {

// The C++ enums mirror the protocol's values (the codec casts them).
static_assert(static_cast<int>(VirtCapability::svm) == CPULAB_VIRT_CAP_SVM);
static_assert(static_cast<int>(VirtState::unsupported) == CPULAB_VIRT_STATE_UNSUPPORTED &&
	      CPULAB_VIRT_STATE_MAX == CPULAB_VIRT_STATE_UNSUPPORTED);
static_assert(static_cast<int>(EmergencyOwner::kernel) == CPULAB_EMERGENCY_KERNEL &&
	      CPULAB_EMERGENCY_MAX == CPULAB_EMERGENCY_KERNEL);

std::string_view virt_capability_name(VirtCapability capability)
{
	return protocol::name_or_unknown(protocol::virt_cap_names, static_cast<uint64_t>(capability));
}

std::string_view virt_state_name(VirtState state)
{
	return protocol::name_or_unknown(protocol::virt_state_names, static_cast<uint64_t>(state));
}

std::string_view emergency_owner_name(EmergencyOwner owner)
{
	return protocol::name_or_unknown(protocol::emergency_owner_names, static_cast<uint64_t>(owner));
}

std::string cache_reasons_text(uint32_t reasons)
{
	std::string text;
	uint64_t named = 0;
	for (const protocol::NamedValue &reason : protocol::cache_reason_names) {
		named |= reason.value;
		if (reasons & reason.value)
			text += (text.empty() ? "" : ",") + std::string(reason.name);
	}
	if (reasons & ~named)
		text += text.empty() ? "unknown" : ",unknown";
	return text.empty() ? "-" : text;
}

// The CLI's words for INJECT classes are the spec's names without "vmx-"
// ("bad-revision"): the class already says which extension it applies to.
std::string_view inject_class_name(uint8_t injection)
{
	std::string_view name = protocol::name_or_unknown(protocol::inject_class_names, injection);
	if (name.starts_with("vmx-"))
		name.remove_prefix(4);
	return name;
}

uint8_t inject_class_by_name(std::string_view name)
{
	for (const protocol::NamedValue &entry : protocol::inject_class_names)
		if (entry.value != CPULAB_INJECT_NONE && inject_class_name(entry.value) == name)
			return static_cast<uint8_t>(entry.value);
	return 0;
}

} // namespace cpulab
