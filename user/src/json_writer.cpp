// SPDX-License-Identifier: GPL-2.0
#include "json_writer.h"

#include <cstdio>

namespace cpulab {

void JsonWriter::before_value()
{
	if (after_key_) {
		after_key_ = false;
		return;
	}
	if (!has_element_.empty()) {
		if (has_element_.back())
			out_ += ',';
		has_element_.back() = true;
	}
}

// RFC 8259 section 7: quote, backslash and control characters must be escaped.
void JsonWriter::append_string(std::string_view text)
{
	out_ += '"';
	for (const char c : text) {
		switch (c) {
		case '"':
			out_ += "\\\"";
			break;
		case '\\':
			out_ += "\\\\";
			break;
		case '\n':
			out_ += "\\n";
			break;
		case '\t':
			out_ += "\\t";
			break;
		case '\r':
			out_ += "\\r";
			break;
		default:
			if (static_cast<unsigned char>(c) < 0x20) {
				char escaped[8];
				std::snprintf(escaped, sizeof(escaped), "\\u%04x", c);
				out_ += escaped;
			} else {
				out_ += c;
			}
		}
	}
	out_ += '"';
}

JsonWriter &JsonWriter::begin_object()
{
	before_value();
	out_ += '{';
	has_element_.push_back(false);
	return *this;
}

JsonWriter &JsonWriter::end_object()
{
	out_ += '}';
	has_element_.pop_back();
	return *this;
}

JsonWriter &JsonWriter::begin_array()
{
	before_value();
	out_ += '[';
	has_element_.push_back(false);
	return *this;
}

JsonWriter &JsonWriter::end_array()
{
	out_ += ']';
	has_element_.pop_back();
	return *this;
}

JsonWriter &JsonWriter::key(std::string_view name)
{
	before_value();
	append_string(name);
	out_ += ':';
	after_key_ = true;
	return *this;
}

JsonWriter &JsonWriter::value(std::string_view text)
{
	before_value();
	append_string(text);
	return *this;
}

JsonWriter &JsonWriter::value(uint64_t number)
{
	before_value();
	out_ += std::to_string(number);
	return *this;
}

JsonWriter &JsonWriter::value(int64_t number)
{
	before_value();
	out_ += std::to_string(number);
	return *this;
}

JsonWriter &JsonWriter::value(bool flag)
{
	before_value();
	out_ += flag ? "true" : "false";
	return *this;
}

JsonWriter &JsonWriter::null()
{
	before_value();
	out_ += "null";
	return *this;
}

std::string hex_string(uint64_t value)
{
	char text[24];
	std::snprintf(text, sizeof(text), "0x%llx", static_cast<unsigned long long>(value));
	return text;
}

std::string optional_hex(const std::optional<uint64_t> &value)
{
	return value ? hex_string(*value) : "-";
}

} // namespace cpulab
