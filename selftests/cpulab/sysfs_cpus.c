// SPDX-License-Identifier: GPL-2.0
#include "sysfs_cpus.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int read_cpulist_file(const char *path, struct cpu_set_sysfs *set)
{
	char text[4096];
	char *cursor = text;
	FILE *file = fopen(path, "r");

	memset(set, 0, sizeof(*set));
	if (!file)
		return -errno;
	if (!fgets(text, sizeof(text), file)) {
		fclose(file);
		return -EIO;
	}
	fclose(file);

	while (*cursor && *cursor != '\n') {
		char *end;
		unsigned long first = strtoul(cursor, &end, 10);
		unsigned long last = first;

		if (end == cursor)
			return -EINVAL;
		if (*end == '-') {
			cursor = end + 1;
			last = strtoul(cursor, &end, 10);
			if (end == cursor || last < first)
				return -EINVAL;
		}
		if (last >= SELFTEST_MAX_CPUS)
			return -ERANGE;
		for (unsigned long cpu = first; cpu <= last; cpu++) {
			if (!set->cpu[cpu])
				set->count++;
			set->cpu[cpu] = true;
			if (cpu > set->last)
				set->last = cpu;
		}
		cursor = end;
		if (*cursor == ',')
			cursor++;
		else if (*cursor && *cursor != '\n')
			return -EINVAL;
	}
	return 0;
}

bool cpuinfo_has_flag(unsigned int cpu, const char *flag)
{
	static char line[8192];
	bool in_cpu = false;
	bool found = false;
	FILE *file = fopen("/proc/cpuinfo", "r");

	if (!file)
		return false;
	while (fgets(line, sizeof(line), file)) {
		unsigned int processor;

		if (sscanf(line, "processor : %u", &processor) == 1) {
			in_cpu = processor == cpu;
			continue;
		}
		if (in_cpu && !strncmp(line, "flags", 5)) {
			char *token = strchr(line, ':');

			for (token = strtok(token ? token + 1 : line, " \n"); token;
			     token = strtok(NULL, " \n"))
				if (!strcmp(token, flag))
					found = true;
			break;
		}
	}
	fclose(file);
	return found;
}
