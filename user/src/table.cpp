// SPDX-License-Identifier: GPL-2.0
#include "table.h"

#include <algorithm>
#include <stdexcept>

namespace cpulab {

namespace {

void append_line(std::string &out, const std::vector<TableColumn> &columns,
		 const std::vector<size_t> &widths, const std::vector<std::string> &cells)
{
	std::string line;
	for (size_t i = 0; i < columns.size(); i++) {
		const std::string &cell = cells[i];
		const std::string pad(widths[i] - cell.size(), ' ');
		if (i)
			line += ' ';
		line += columns[i].align == Align::right ? pad + cell : cell + pad;
	}
	line.erase(line.find_last_not_of(' ') + 1);
	out += line + '\n';
}

} // namespace

std::string render_table(const std::vector<TableColumn> &columns,
			 const std::vector<std::vector<std::string>> &rows)
{
	std::vector<size_t> widths;
	std::vector<std::string> headers;
	for (const TableColumn &column : columns) {
		widths.push_back(column.header.size());
		headers.push_back(column.header);
	}
	for (const auto &row : rows) {
		if (row.size() != columns.size())
			throw std::logic_error("table row has the wrong number of cells");
		for (size_t i = 0; i < row.size(); i++)
			widths[i] = std::max(widths[i], row[i].size());
	}

	std::string out;
	append_line(out, columns, widths, headers);
	for (const auto &row : rows)
		append_line(out, columns, widths, row);
	return out;
}

} // namespace cpulab
