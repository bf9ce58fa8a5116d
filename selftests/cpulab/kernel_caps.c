// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel_caps.h"

bool kernel_owns_virt(void)
{
	const char *said = getenv("CPULAB_KERNEL_OWNS_VIRT");
	static int owns = -1;
	char line[256];
	FILE *symbols;

	if (owns >= 0)
		return owns;
	/*
	 * The lanes read /proc/kallsyms once per boot (ci/vm-init.sh) and say
	 * so: under Bochs one read takes seconds, and every harness test is
	 * a process of its own.
	 */
	if (said && (!strcmp(said, "0") || !strcmp(said, "1"))) {
		owns = said[0] == '1';
		return owns;
	}
	owns = 0;
	symbols = fopen("/proc/kallsyms", "re");
	if (!symbols)
		return false;
	/* "ADDRESS TYPE NAME[\t[MODULE]]": a core kernel symbol has no module. */
	while (fgets(line, sizeof(line), symbols)) {
		const char *name = strrchr(line, ' ');

		if (name && !strcmp(name + 1, "x86_virt_get_ref\n")) {
			owns = 1;
			break;
		}
	}
	fclose(symbols);
	return owns;
}
