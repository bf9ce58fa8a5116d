// SPDX-License-Identifier: GPL-2.0
// CR4 values and audit findings as words, from spec/cpulab.yaml's cr4-bit
// and cr4-finding (protocol_names.h); a unit test holds the spec's CR4 bit
// names equal to the module core's table, which the audit uses.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cpulab {

// Set bits by name, lowest first; a reserved bit is "bit<N>".
std::vector<std::string> cr4_bit_names(uint64_t value);
// The same joined by spaces, or "-" for none.
std::string cr4_bits_text(uint64_t value);
// The bit a name stands for ("pce" -> 8), if it is one.
std::optional<unsigned int> cr4_bit_by_name(std::string_view name);

// "shadow-mismatch"...; "none" for a clean audit.
std::string_view cr4_finding_name(uint8_t finding);
// The kinds in a CR4_LAST_AUDIT mask, joined by ",", or "clean".
std::string cr4_findings_text(uint32_t kinds);
// The names for the kinds in a mask, in enum order.
std::vector<std::string> cr4_finding_list(uint32_t kinds);

} // namespace cpulab
