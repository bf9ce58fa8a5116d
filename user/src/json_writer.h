// SPDX-License-Identifier: GPL-2.0
// Compact JSON output with correct string escaping; commas are automatic.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cpulab {

class JsonWriter {
public:
	JsonWriter &begin_object();
	JsonWriter &end_object();
	JsonWriter &begin_array();
	JsonWriter &end_array();
	JsonWriter &key(std::string_view name);
	JsonWriter &value(std::string_view text);
	JsonWriter &value(const char *text) { return value(std::string_view(text)); }
	JsonWriter &value(uint64_t number);
	JsonWriter &value(int64_t number);
	JsonWriter &value(bool flag);
	JsonWriter &null();

	const std::string &str() const { return out_; }

private:
	void before_value();
	void append_string(std::string_view text);

	std::string out_;
	// Per open container: whether it already holds an element.
	std::vector<bool> has_element_;
	bool after_key_ = false;
};

// CR4 and friends travel as "0x..." strings: JSON numbers lose 64-bit precision.
std::string hex_string(uint64_t value);
// A register the module may not send (an offline CPU's, a 7.x kernel's CR4
// shadow): "-" in a table.
std::string optional_hex(const std::optional<uint64_t> &value);

} // namespace cpulab
