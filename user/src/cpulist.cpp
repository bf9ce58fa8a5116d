// SPDX-License-Identifier: GPL-2.0
#include "cpulist.h"

#include <algorithm>
#include <charconv>

namespace cpulab {

namespace {

uint32_t parse_cpu_number(std::string_view token, std::string_view whole)
{
	uint32_t value = 0;
	const char *end = token.data() + token.size();
	const auto [ptr, ec] = std::from_chars(token.data(), end, value);
	if (token.empty() || ec == std::errc::invalid_argument || ptr != end)
		throw CpulistError("invalid CPU list \"" + std::string(whole) + "\": \"" +
				   std::string(token) + "\" is not a CPU number");
	if (ec == std::errc::result_out_of_range || value > cpulist_max_cpu)
		throw CpulistError("invalid CPU list \"" + std::string(whole) + "\": CPU " +
				   std::string(token) + " exceeds " + std::to_string(cpulist_max_cpu));
	return value;
}

} // namespace

std::vector<uint32_t> parse_cpulist(std::string_view text)
{
	if (text.empty())
		throw CpulistError("invalid CPU list: empty");

	std::vector<uint32_t> cpus;
	size_t start = 0;
	while (start <= text.size()) {
		const size_t comma = std::min(text.find(',', start), text.size());
		const std::string_view element = text.substr(start, comma - start);
		if (element.empty())
			throw CpulistError("invalid CPU list \"" + std::string(text) +
					   "\": empty element");

		const size_t dash = element.find('-');
		const uint32_t first = parse_cpu_number(element.substr(0, dash), text);
		const uint32_t last = dash == std::string_view::npos
					      ? first
					      : parse_cpu_number(element.substr(dash + 1), text);
		if (last < first)
			throw CpulistError("invalid CPU list \"" + std::string(text) + "\": range \"" +
					   std::string(element) + "\" runs backwards");
		for (uint32_t cpu = first; cpu <= last; cpu++)
			cpus.push_back(cpu);
		start = comma + 1;
	}

	std::sort(cpus.begin(), cpus.end());
	cpus.erase(std::unique(cpus.begin(), cpus.end()), cpus.end());
	return cpus;
}

std::string format_cpulist(const std::vector<uint32_t> &cpus)
{
	std::string text;
	for (size_t i = 0; i < cpus.size();) {
		size_t j = i;
		while (j + 1 < cpus.size() && cpus[j + 1] == cpus[j] + 1)
			j++;
		if (!text.empty())
			text += ',';
		text += std::to_string(cpus[i]);
		if (j > i)
			text += '-' + std::to_string(cpus[j]);
		i = j + 1;
	}
	return text;
}

} // namespace cpulab
