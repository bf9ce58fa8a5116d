/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel's own view of CPUs, read from sysfs and procfs. */
#ifndef CPULAB_SELFTEST_SYSFS_CPUS_H
#define CPULAB_SELFTEST_SYSFS_CPUS_H

#include <stdbool.h>
#include <stdint.h>

#define SELFTEST_MAX_CPUS 8192

struct cpu_set_sysfs {
	bool cpu[SELFTEST_MAX_CPUS];
	unsigned int count;
	unsigned int last;	/* highest CPU in the set */
};

/* Parses a cpulist file such as /sys/devices/system/cpu/online. 0 or -errno. */
int read_cpulist_file(const char *path, struct cpu_set_sysfs *set);

/* Whether @cpu can be taken offline: it has /sys/devices/system/cpu/cpuN/online. */
bool sysfs_cpu_is_hotpluggable(unsigned int cpu);

/* Writes 0 or 1 to /sys/devices/system/cpu/cpuN/online. 0 or -errno. */
int sysfs_set_cpu_online(unsigned int cpu, bool online);

/* Reads an MSR through the kernel's msr driver (/dev/cpu/N/msr). 0 or -errno. */
int read_cpu_msr(unsigned int cpu, uint32_t msr, uint64_t *value);

/*
 * Executes CPUID @leaf (sub-leaf 0) on @cpu through the kernel's cpuid
 * driver (/dev/cpu/N/cpuid). @regs gets EAX, EBX, ECX, EDX. 0 or -errno.
 */
int read_cpu_cpuid(unsigned int cpu, uint32_t leaf, uint32_t regs[4]);

/* Whether /proc/cpuinfo lists @flag for processor @cpu. */
bool cpuinfo_has_flag(unsigned int cpu, const char *flag);

#endif /* CPULAB_SELFTEST_SYSFS_CPUS_H */
