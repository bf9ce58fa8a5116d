// SPDX-License-Identifier: GPL-2.0
// Column-aligned text tables in the style of `lscpu -e`.
#pragma once

#include <string>
#include <vector>

namespace cpulab {

enum class Align { left, right };

struct TableColumn {
	std::string header;
	Align align;
};

// One line per row plus the header; cells separated by one space, no
// trailing blanks, every line ending in '\n'.
std::string render_table(const std::vector<TableColumn> &columns,
			 const std::vector<std::vector<std::string>> &rows);

} // namespace cpulab
