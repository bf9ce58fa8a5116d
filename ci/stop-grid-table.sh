#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# stop-grid-table.sh CONSOLE: the STOP grid cells a lane printed
# (stop_grid_test) as tables: one per IPI/NMI timeout pair, one row per
# flush delay, one column per mode and ordering, each cell
# "race/timed-out/runs". make bench-stop prints its fine grid this way; any
# lane's console (build/lanes/LANE/console.log) gives its coarse one.
set -euo pipefail
console=${1:?console log}

# "# grid mode M ordering O ipi_ms I nmi_ms N delay_us D runs R stopped S
# timed_out T race X proceed_max_us P", one per cell (stop_grid_test.c).
tr -d '\r' < "$console" | grep -o 'grid mode .*' | awk '
{
	for (i = 2; i < NF; i += 2) f[$i] = $(i + 1)
	table = "IPI timeout " f["ipi_ms"] " ms, NMI timeout " f["nmi_ms"] " ms"
	column = f["mode"] "/" f["ordering"]
	if (!(table in seen_table)) { seen_table[table] = 1; tables[++n_tables] = table }
	if (!(column in seen_column)) { seen_column[column] = 1; columns[++n_columns] = column }
	row = table SUBSEP f["delay_us"]
	if (!(row in seen_row)) { seen_row[row] = 1; rows[table, ++n_rows[table]] = f["delay_us"] }
	cell[row, column] = f["race"] "/" f["timed_out"] "/" f["runs"]
}
END {
	print "cells: race/timed-out/runs"
	for (t = 1; t <= n_tables; t++) {
		# Delays ascending (a few per table: insertion sort).
		for (i = 2; i <= n_rows[tables[t]]; i++)
			for (j = i; j > 1 && rows[tables[t], j - 1] + 0 > rows[tables[t], j] + 0; j--) {
				swap = rows[tables[t], j]
				rows[tables[t], j] = rows[tables[t], j - 1]
				rows[tables[t], j - 1] = swap
			}
		printf "\n%s\n%9s", tables[t], "delay_us"
		for (c = 1; c <= n_columns; c++) printf " %17s", columns[c]
		printf "\n"
		for (r = 1; r <= n_rows[tables[t]]; r++) {
			delay = rows[tables[t], r]
			printf "%9s", delay
			for (c = 1; c <= n_columns; c++) {
				key = tables[t] SUBSEP delay SUBSEP columns[c]
				printf " %17s", (key in cell) ? cell[key] : "-"
			}
			printf "\n"
		}
	}
}'
