// SPDX-License-Identifier: GPL-2.0
#include "cr4_names.h"

#include "../../module/core/control_registers.h"
#include "../../module/core/cr4_audit.h"

namespace cpulab {

std::vector<std::string> cr4_bit_names(uint64_t value)
{
	std::vector<std::string> names;
	for (unsigned int position = 0; position < 64; position++) {
		if (!(value & bit(position)))
			continue;
		const char *name = cr4::bit_name(position);
		names.push_back(name ? name : "bit" + std::to_string(position));
	}
	return names;
}

std::string cr4_bits_text(uint64_t value)
{
	std::string text;
	for (const std::string &name : cr4_bit_names(value))
		text += (text.empty() ? "" : " ") + name;
	return text.empty() ? "-" : text;
}

std::optional<unsigned int> cr4_bit_by_name(std::string_view name)
{
	for (const cr4::BitName &entry : cr4::architectural_bits)
		if (name == entry.name)
			return entry.bit;
	return std::nullopt;
}

std::string_view cr4_finding_name(uint8_t finding)
{
	return finding < __CPULAB_CR4_FINDING_MAX ? cr4_finding_names[finding] : "unknown";
}

std::vector<std::string> cr4_finding_list(uint32_t kinds)
{
	std::vector<std::string> names;
	for (unsigned int kind = 1; kind < __CPULAB_CR4_FINDING_MAX; kind++)
		if (kinds & (1u << kind))
			names.emplace_back(cr4_finding_names[kind]);
	return names;
}

std::string cr4_findings_text(uint32_t kinds)
{
	std::string text;
	for (const std::string &name : cr4_finding_list(kinds))
		text += (text.empty() ? "" : ",") + name;
	return text.empty() ? "clean" : text;
}

} // namespace cpulab
