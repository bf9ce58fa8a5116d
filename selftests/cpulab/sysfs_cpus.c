// SPDX-License-Identifier: GPL-2.0
#include "sysfs_cpus.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
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

bool sysfs_cpu_is_hotpluggable(unsigned int cpu)
{
	char path[64];

	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%u/online", cpu);
	return access(path, W_OK) == 0;
}

int sysfs_set_cpu_online(unsigned int cpu, bool online)
{
	char path[64];
	int fd, ret = 0;

	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%u/online", cpu);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, online ? "1" : "0", 1) != 1)
		ret = -errno;
	close(fd);
	return ret;
}

int read_cpu_msr(unsigned int cpu, uint32_t msr, uint64_t *value)
{
	char path[64];
	int fd, ret = 0;

	snprintf(path, sizeof(path), "/dev/cpu/%u/msr", cpu);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (pread(fd, value, sizeof(*value), msr) != sizeof(*value))
		ret = -EIO;
	close(fd);
	return ret;
}

int read_cpu_cpuid(unsigned int cpu, uint32_t leaf, uint32_t regs[4])
{
	char path[64];
	ssize_t got;
	int fd;

	snprintf(path, sizeof(path), "/dev/cpu/%u/cpuid", cpu);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* The file offset is the leaf (low 32 bits) and sub-leaf (high 32). */
	got = pread(fd, regs, 16, leaf);
	close(fd);
	if (got != 16)
		return got < 0 ? -errno : -EIO;
	return 0;
}
