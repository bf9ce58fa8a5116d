// SPDX-License-Identifier: GPL-2.0
#include "cr4_names.h"

#include "cpulab.h"
#include "protocol_names.h"

namespace cpulab {

std::vector<std::string> cr4_bit_names(uint64_t value)
{
	std::vector<std::string> names;
	for (unsigned int position = 0; position < 64; position++) {
		if (!(value & (uint64_t{1} << position)))
			continue;
		const auto name = protocol::name_of(protocol::cr4_bit_names, position);
		names.push_back(name ? std::string(*name) : "bit" + std::to_string(position));
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
	const auto position = protocol::value_of(protocol::cr4_bit_names, name);
	if (!position)
		return std::nullopt;
	return static_cast<unsigned int>(*position);
}

std::string_view cr4_finding_name(uint8_t finding)
{
	return protocol::name_or_unknown(protocol::cr4_finding_names, finding);
}

std::vector<std::string> cr4_finding_list(uint32_t kinds)
{
	std::vector<std::string> names;
	for (const protocol::NamedValue &kind : protocol::cr4_finding_names)
		if (kind.value != CPULAB_CR4_FINDING_NONE && (kinds & (1u << kind.value)))
			names.emplace_back(kind.name);
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
