// SPDX-License-Identifier: GPL-2.0
/*
 * The kexec lanes' second kernel: what did it inherit from the first one,
 * which handed over every CPU with virtualization on and caches marked
 * incoherent (handover_test) and then ran a real `kexec -e` or crashed into
 * a kdump kernel?
 *
 * - Every CPU the kernel was given came online, and the log shows no CPU
 *   that failed to start (a CPU left in VMX operation blocks INIT, and the
 *   bring-up of that CPU times out).
 * - No CPU is in VMX operation (CR4.VMXE, read on the CPU) or has
 *   EFER.SVME set (the kernel's msr driver), and cpulab, loaded with
 *   enable_at_load=0, finds no CPU "foreign".
 * - kdump: /proc/vmcore is a readable x86-64 ELF core whose notes hold one
 *   NT_PRSTATUS per CPU of the crashed kernel: each answered the crash
 *   shootdown (kdump_nmi_callback() -> crash_save_cpu()).
 *
 * - A crash during a STOP (CPULAB_PARKED_IN): every CPU but the crashed one
 *   was interrupted by the crash NMI where cpulab's park loop runs, and
 *   still answered it.
 *
 * Set by ci/vm-kexec.sh from the first kernel's command line for this one:
 * CPULAB_KEXEC_KIND (kexec or kdump), CPULAB_HANDOVER_CPUS (CPUs online at
 * the handover), CPULAB_CRASH_CPU (kdump: the CPU that crashed),
 * CPULAB_PARKED_IN (when it crashed while a STOP held the other CPUs parked
 * in IPI context: START-END ranges of the first kernel's text, joined by
 * commas, where a parked CPU executes: cpulab's functions first, the last
 * one's address given a page, then the kernel functions its park loop
 * calls).
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/procfs.h>
#include <sys/reg.h>
#include <unistd.h>
#include <linux/genetlink.h>

#include "kselftest_harness.h"

#include "cpu_get.h"
#include "cpulab.h"
#include "genl.h"
#include "sysfs_cpus.h"

/* klogctl() actions: syslog(2). */
#define SYSLOG_ACTION_READ_ALL		3
#define SYSLOG_ACTION_SIZE_BUFFER	10

static bool kdump(void)
{
	const char *kind = getenv("CPULAB_KEXEC_KIND");

	return kind && !strcmp(kind, "kdump");
}

static int env_int(const char *name, int fallback)
{
	const char *value = getenv(name);

	return value && *value ? atoi(value) : fallback;
}

/*
 * How many CPUs this kernel must have. A kdump kernel started on a CPU
 * other than the first kernel's boot CPU does not register that one:
 * sending INIT to the real BSP resets the machine (topo_register_apic(),
 * arch/x86/kernel/cpu/topology.c). Every other CPU must come back.
 */
static int expected_cpus(void)
{
	int handover = env_int("CPULAB_HANDOVER_CPUS", -1);

	if (handover < 0)
		return -1;
	return kdump() && env_int("CPULAB_CRASH_CPU", 0) != 0 ? handover - 1 : handover;
}

FIXTURE(inherited) {
	struct genl_sock sock;
	struct cpu_dump dump;
};

FIXTURE_SETUP(inherited)
{
	struct genl_ack ack;

	ASSERT_EQ(0, genl_open(&self->sock));
	ASSERT_EQ(0, genl_resolve(&self->sock, CPULAB_FAMILY_NAME));
	ASSERT_EQ(0, cpu_get(&self->sock, NULL, NLM_F_DUMP, &self->dump, &ack));
	ASSERT_EQ(0, ack.error) TH_LOG("dump failed: %s", ack.message);
}

FIXTURE_TEARDOWN(inherited)
{
	genl_close(&self->sock);
}

TEST_F(inherited, every_cpu_the_kernel_was_given_is_online)
{
	struct cpu_set_sysfs present, online;
	int expected = expected_cpus();

	ASSERT_GT(expected, 0) TH_LOG("CPULAB_HANDOVER_CPUS not set");
	ASSERT_EQ(0, read_cpulist_file("/sys/devices/system/cpu/present", &present));
	ASSERT_EQ(0, read_cpulist_file("/sys/devices/system/cpu/online", &online));
	EXPECT_EQ(expected, (int)present.count);
	EXPECT_EQ(present.count, online.count);
	for (unsigned int cpu = 0; cpu <= present.last; cpu++) {
		EXPECT_EQ(present.cpu[cpu], online.cpu[cpu]) TH_LOG("CPU %u present but not online", cpu);
	}
}

/* The bring-up failures of arch/x86/kernel/smpboot.c and kernel/cpu.c. */
TEST_F(inherited, log_shows_no_cpu_that_failed_to_start)
{
	static const char *const failures[] = {
		"failed to report alive state",	/* cpuhp_bp_sync_alive() */
		"do_boot_cpu failed",		/* native_kick_ap() */
		"Aborting bringup",
		"APIC never delivered",		/* wakeup_secondary_cpu_via_init() */
		"APIC delivery error",
	};
	int size = klogctl(SYSLOG_ACTION_SIZE_BUFFER, NULL, 0);
	char *log;
	int length;

	ASSERT_GT(size, 0);
	log = calloc(1, size + 1);
	ASSERT_NE(NULL, log);
	length = klogctl(SYSLOG_ACTION_READ_ALL, log, size);
	ASSERT_GT(length, 0) TH_LOG("klogctl: %s", strerror(errno));
	log[length] = '\0';
	for (unsigned int i = 0; i < sizeof(failures) / sizeof(failures[0]); i++) {
		const char *hit = strstr(log, failures[i]);
		const char *line = hit;

		while (line && line > log && line[-1] != '\n')
			line--;
		EXPECT_EQ(NULL, hit) TH_LOG("%.*s", (int)(strchrnul(hit, '\n') - line), line);
	}
	free(log);
}

TEST_F(inherited, no_cpu_is_left_with_virt_on_in_hardware)
{
	const struct cpu_entry *entry;
	unsigned int cpu, checked = 0;
	uint64_t efer;

	for_each_cpu_with_registers(&self->dump, cpu, entry) {
		/* Both, whatever cpulab detected: neither may survive. */
		EXPECT_FALSE(entry->cr4 & CR4_VMXE) TH_LOG("CPU %u: CR4 0x%" PRIx64, cpu, entry->cr4);
		ASSERT_EQ(0, read_cpu_msr(cpu, MSR_EFER, &efer)) TH_LOG("CPU %u", cpu);
		EXPECT_FALSE(efer & EFER_SVME) TH_LOG("CPU %u: EFER 0x%" PRIx64, cpu, efer);
		/* The readings, for the record (the lanes' closing figures). */
		TH_LOG("CPU %u: CR4 0x%" PRIx64 " (VMXE %d), EFER 0x%" PRIx64 " (SVME %d)", cpu, entry->cr4,
		       !!(entry->cr4 & CR4_VMXE), efer, !!(efer & EFER_SVME));
		checked++;
	}
	EXPECT_GE(checked, 1);
}

TEST_F(inherited, cpulab_finds_no_foreign_cpu)
{
	const struct cpu_entry *entry;
	unsigned int cpu;

	for_each_cpu_with_registers(&self->dump, cpu, entry) {
		EXPECT_NE(CPULAB_VIRT_STATE_FOREIGN, entry->virt_state) TH_LOG("CPU %u", cpu);
		EXPECT_EQ(CPULAB_VIRT_STATE_OFF, entry->virt_state) TH_LOG("CPU %u", cpu);
	}
}

static int read_exact(int fd, void *buffer, size_t length, off_t offset)
{
	ssize_t got = pread(fd, buffer, length, offset);

	return got == (ssize_t)length ? 0 : got < 0 ? -errno : -EIO;
}

/* The instruction pointers of the first CPUs' NT_PRSTATUS notes, in CPU order. */
#define MAX_CRASHED_CPUS 64
static uint64_t crashed_rip[MAX_CRASHED_CPUS];

/* The NT_PRSTATUS notes ("CORE") in @notes, each crashed CPU's registers. */
static int count_prstatus(const char *notes, size_t length, int first)
{
	size_t offset = 0;
	int count = 0;

	while (offset + sizeof(Elf64_Nhdr) <= length) {
		const Elf64_Nhdr *note = (const Elf64_Nhdr *)(notes + offset);
		const char *name = notes + offset + sizeof(*note);
		size_t size = sizeof(*note) + ((note->n_namesz + 3) & ~3u) + ((note->n_descsz + 3) & ~3u);

		if (offset + size > length)
			return -EINVAL;
		if (note->n_type == NT_PRSTATUS && note->n_namesz == 5 && !memcmp(name, "CORE", 5)) {
			const char *desc = name + ((note->n_namesz + 3) & ~3u);
			struct elf_prstatus status;

			if (note->n_descsz >= sizeof(status) && first + count < MAX_CRASHED_CPUS) {
				memcpy(&status, desc, sizeof(status));
				crashed_rip[first + count] = status.pr_reg[RIP];
			}
			count++;
		}
		offset += size;
	}
	return count;
}

/*
 * Reads /proc/vmcore's ELF header and notes: the NT_PRSTATUS count into
 * *@prstatus (their RIPs into crashed_rip[]), and reads back the first
 * page of the first PT_LOAD. 0, or a negative errno; *@what names the step
 * that failed.
 */
static int scan_vmcore(int *prstatus, const char **what)
{
	int fd = open("/proc/vmcore", O_RDONLY), ret = 0, loads = 0;
	Elf64_Ehdr header;

	*prstatus = 0;
	*what = "open /proc/vmcore";
	if (fd < 0)
		return -errno;
	*what = "the ELF header";
	ret = read_exact(fd, &header, sizeof(header), 0);
	if (!ret && (memcmp(header.e_ident, ELFMAG, SELFMAG) || header.e_ident[EI_CLASS] != ELFCLASS64 ||
		     header.e_type != ET_CORE || header.e_machine != EM_X86_64 ||
		     header.e_phentsize != sizeof(Elf64_Phdr)))
		ret = -EINVAL;
	for (unsigned int i = 0; !ret && i < header.e_phnum; i++) {
		Elf64_Phdr segment;
		char *data;
		int count;

		*what = "a program header";
		ret = read_exact(fd, &segment, sizeof(segment), header.e_phoff + (off_t)i * sizeof(segment));
		if (ret)
			break;
		if (segment.p_type == PT_LOAD && segment.p_filesz >= 4096 && !loads++) {
			char page[4096];

			/* The crashed kernel's memory must read back, not only the header. */
			*what = "the first page of memory";
			ret = read_exact(fd, page, sizeof(page), segment.p_offset);
		}
		if (ret || segment.p_type != PT_NOTE)
			continue;
		*what = "the notes";
		if (segment.p_filesz >= 1u << 24) {
			ret = -EFBIG;
			break;
		}
		data = malloc(segment.p_filesz);
		ret = data ? read_exact(fd, data, segment.p_filesz, segment.p_offset) : -ENOMEM;
		count = ret ? 0 : count_prstatus(data, segment.p_filesz, *prstatus);
		free(data);
		if (count < 0)
			ret = count;	/* a note runs past its segment */
		*prstatus += count;
	}
	close(fd);
	if (!ret && !loads) {
		*what = "a PT_LOAD segment";
		ret = -ENOENT;
	}
	return ret;
}

TEST_F(inherited, vmcore_holds_every_crashed_cpus_registers)
{
	const char *what;
	int prstatus;

	if (!kdump()) {
		/* A plain kexec is not a crash: no elfcorehdr was passed. */
		EXPECT_NE(0, access("/proc/vmcore", F_OK));
		return;
	}
	ASSERT_EQ(0, scan_vmcore(&prstatus, &what)) TH_LOG("/proc/vmcore: %s", what);
	EXPECT_EQ(env_int("CPULAB_HANDOVER_CPUS", -1), prstatus)
		TH_LOG("%d CPUs' registers in the dump", prstatus);
}

#define MAX_PARK_RANGES 8

/*
 * The crash during a STOP: the crash NMI found every other CPU in cpulab's
 * park loop (its RIP in cpulab's text or in the clock read the loop calls),
 * so the kernel's shootdown met cpulab's parking, and still every CPU
 * answered it (the vmcore test counts their registers).
 */
TEST_F(inherited, crash_found_the_targets_parked_in_cpulab)
{
	const char *ranges = getenv("CPULAB_PARKED_IN");
	int crash_cpu = env_int("CPULAB_CRASH_CPU", 0), inside = 0, targets = 0, prstatus, count = 0;
	unsigned long long start[MAX_PARK_RANGES], end[MAX_PARK_RANGES];
	const char *what, *cursor;

	if (!ranges || !*ranges)
		SKIP(return, "no STOP held the CPUs in IPI context at the crash (parked in an NMI, "
			     "a CPU's registers cannot show where)");
	ASSERT_TRUE(kdump());
	for (cursor = ranges; cursor && count < MAX_PARK_RANGES; count++) {
		ASSERT_EQ(2, sscanf(cursor, "%llx-%llx", &start[count], &end[count]))
			TH_LOG("CPULAB_PARKED_IN=%s", ranges);
		cursor = strchr(cursor, ',');
		if (cursor)
			cursor++;
	}
	end[0] += 4096;	/* cpulab's last function: its length is not in kallsyms */
	ASSERT_EQ(0, scan_vmcore(&prstatus, &what)) TH_LOG("/proc/vmcore: %s", what);
	for (int cpu = 0; cpu < prstatus && cpu < MAX_CRASHED_CPUS; cpu++) {
		bool parked = false;

		if (cpu == crash_cpu)
			continue;
		targets++;
		for (int i = 0; i < count; i++)
			parked |= crashed_rip[cpu] >= start[i] && crashed_rip[cpu] < end[i];
		inside += parked;
		TH_LOG("CPU %d: RIP 0x%llx at the crash NMI: %s", cpu, (unsigned long long)crashed_rip[cpu],
		       parked ? "in the park loop" : "NOT in the park loop");
	}
	TH_LOG("park loop text: %s", ranges);
	EXPECT_LT(0, targets);
	EXPECT_EQ(targets, inside);
}

TEST_HARNESS_MAIN
