// SPDX-License-Identifier: GPL-2.0
/*
 * cpulab CR4 audit selftests. The audit must be clean on a healthy
 * kernel, and must find a real divergence: CR4_PERTURB sets CR4.PCE in
 * one CPU's hardware register only. The test checks that effect without
 * trusting cpulab: with CR4.PCE clear, RDPMC at CPL 3 raises #GP (SIGSEGV);
 * with it set, it does not ([intel/vol2b] RDPMC, "Protected Mode
 * Exceptions"). /proc/cpuinfo's flags vouch for the bits the kernel enabled.
 * Where the kernel keeps its CR4 shadow from modules (7.x), the shadow is
 * read from the kernel's BTF instead (kernel_view.h), and a perturbation,
 * which cpulab refuses without the shadow, skips.
 */
#include <errno.h>
#include <inttypes.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "cpu_get.h"
#include "cpulab.h"
#include "cpulab_ops.h"
#include "genl.h"
#include "kernel_caps.h"
#include "kernel_view.h"
#include "sysfs_cpus.h"

#define CR4_TSD_BIT	2
#define CR4_PCE_BIT	8
#define CR4_PCE		(1ull << CR4_PCE_BIT)
#define EVENT_WAIT_MS	15000

/*
 * Runs RDPMC(ECX=0) at CPL 3 on @cpu in a child: 0 if it completed, else
 * the signal that ended the child (SIGSEGV for #GP, SIGILL for #UD, which
 * QEMU TCG raises for the counters it does not implement), or -errno.
 */
static int rdpmc_outcome(unsigned int cpu)
{
	int status;
	pid_t child = fork();

	if (child < 0)
		return -errno;
	if (!child) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set))
			_exit(100);
		asm volatile("rdpmc" : : "c"(0) : "eax", "edx");
		_exit(0);
	}
	if (waitpid(child, &status, 0) != child)
		return -errno;
	if (WIFSIGNALED(status))
		return WTERMSIG(status);
	return WEXITSTATUS(status) ? -EIO : 0;
}

FIXTURE(cr4) {
	struct genl_sock sock;
	struct genl_ack ack;
	struct cpu_dump dump;
	unsigned int target;	/* the highest online CPU */
	bool shadow_exported;	/* cpulab reads the kernel's CR4 shadow */
};

FIXTURE_SETUP(cr4)
{
	struct cpu_set_sysfs online;

	ASSERT_EQ(0, genl_open(&self->sock));
	ASSERT_EQ(0, genl_resolve(&self->sock, CPULAB_FAMILY_NAME));
	ASSERT_EQ(0, read_cpulist_file("/sys/devices/system/cpu/online", &online));
	self->target = online.last;
	ASSERT_EQ(0, cpu_get_one(&self->sock, self->target, &self->dump, &self->ack));
	ASSERT_EQ(0, self->ack.error);
	self->shadow_exported = self->dump.cpu[self->target].has_shadow;
}

#define SKIP_UNLESS_SHADOW_EXPORTED()						\
	do {									\
		if (!self->shadow_exported)					\
			SKIP(return, SKIP_REASON_SHADOW_NOT_EXPORTED ": a perturbation is refused (shadow-not-exported)");		\
	} while (0)

FIXTURE_TEARDOWN(cr4)
{
	struct genl_ack ack;

	/* Never leave a perturbation behind a failed test. */
	cr4_perturb_request(&self->sock, self->target, -1, true, &ack);
	genl_close(&self->sock);
}

static void audit_all(struct __test_metadata *_metadata, FIXTURE_DATA(cr4) *self, uint64_t *findings)
{
	ASSERT_EQ(0, cr4_audit_request(&self->sock, NULL, 0, findings, &self->ack));
	ASSERT_EQ(0, self->ack.error) TH_LOG("CR4_AUDIT: %s", self->ack.message);
	ASSERT_EQ(0, cpu_get(&self->sock, NULL, NLM_F_DUMP, &self->dump, &self->ack));
	ASSERT_EQ(0, self->ack.error);
}

TEST_F(cr4, audit_is_clean_and_agrees_with_cpuinfo)
{
	static const struct {
		const char *flag;
		unsigned int bit;
	} enabled_by_kernel[] = {
		{ "pge", 7 }, { "umip", 11 }, { "smep", 20 }, { "smap", 21 },
	};
	const struct cpu_entry *entry, *boot = &self->dump.cpu[0];
	uint64_t findings;
	unsigned int id;

	audit_all(_metadata, self, &findings);
	EXPECT_EQ(0, findings);
	ASSERT_TRUE(boot->has_registers && boot->has_cr4_audit);
	/* The reference is the boot CPU's pinned bits, as the hardware shows them. */
	EXPECT_EQ(boot->cr4 & boot->cr4_pinned_mask, boot->cr4_pinned_reference);
	for_each_cpu_with_registers(&self->dump, id, entry) {
		ASSERT_TRUE(entry->has_cr4_audit);
		EXPECT_EQ(0, entry->cr4_last_audit) TH_LOG("CPU %u: findings 0x%x", id, entry->cr4_last_audit);
		if (entry->has_shadow) {
			EXPECT_EQ(entry->cr4, entry->cr4_shadow) TH_LOG("CPU %u", id);
		}
		EXPECT_EQ(boot->cr4_pinned_reference, entry->cr4 & entry->cr4_pinned_mask)
			TH_LOG("CPU %u: pinned bits differ from the boot CPU's", id);
		EXPECT_FALSE(entry->cr4_perturbed);
		EXPECT_GT(20000000ull, entry->cr4_audit_cost_ns) TH_LOG("CPU %u: audit took %" PRIu64 " ns",
									 id, entry->cr4_audit_cost_ns);
		for (unsigned int i = 0; i < sizeof(enabled_by_kernel) / sizeof(enabled_by_kernel[0]); i++) {
			if (cpuinfo_has_flag(id, enabled_by_kernel[i].flag)) {
				EXPECT_TRUE(entry->cr4 & (1ull << enabled_by_kernel[i].bit))
					TH_LOG("CPU %u: cpuinfo has %s, CR4 0x%" PRIx64 " lacks it", id,
					       enabled_by_kernel[i].flag, entry->cr4);
			}
		}
		TH_LOG("CPU %u: CR4 0x%" PRIx64 ", audit %" PRIu64 " ns, %" PRIu64 " audits", id, entry->cr4,
		       entry->cr4_audit_cost_ns, entry->cr4_audits);
	}
}

/*
 * The kernel's shadow (cpu_tlbstate.cr4, read through BPF by the CLI)
 * against the register cpulab reads on each CPU, and against cpulab's own
 * read of the shadow where the kernel exports it: on every kernel with BTF,
 * including 7.x, where nothing else reaches the shadow.
 */
TEST_F(cr4, kernels_shadow_agrees_with_every_register)
{
	static struct kernel_view view;
	const struct cpu_entry *entry;
	char problem[256];
	unsigned int id, checked = 0;

	ASSERT_EQ(0, kernel_view_read(&view, problem, sizeof(problem))) TH_LOG("%s", problem);
	if (strcmp(view.cr4_shadow_status, "read"))
		SKIP(return, "a BTF variable is absent: cpu_tlbstate.cr4 %s", view.cr4_shadow_status);
	ASSERT_EQ(0, cpu_get(&self->sock, NULL, NLM_F_DUMP, &self->dump, &self->ack));
	ASSERT_EQ(0, self->ack.error);
	for_each_cpu_with_registers(&self->dump, id, entry) {
		ASSERT_TRUE(view.has_cr4_shadow[id]) TH_LOG("CPU %u: online, but no shadow read", id);
		EXPECT_EQ(view.cr4_shadow[id], entry->cr4)
			TH_LOG("CPU %u: cpu_tlbstate.cr4 0x%" PRIx64 ", the register 0x%" PRIx64, id,
			       view.cr4_shadow[id], entry->cr4);
		if (entry->has_shadow) {
			EXPECT_EQ(view.cr4_shadow[id], entry->cr4_shadow) TH_LOG("CPU %u", id);
		}
		checked++;
	}
	EXPECT_LT(0, checked);
}

/* Receives events until a CR4 finding of @kind for @cpu arrives; true if it did. */
struct finding_wait {
	unsigned int cpu;
	uint8_t kind;
	uint64_t bits;
	bool found;
};

static void on_event(const struct nlattr *const *tb, void *arg)
{
	struct finding_wait *wait = arg;

	if (genl_attr_u8(tb[CPULAB_A_EVENT_TYPE]) == CPULAB_EVENT_CR4 && tb[CPULAB_A_EVENT_CPU] &&
	    genl_attr_u32(tb[CPULAB_A_EVENT_CPU]) == wait->cpu &&
	    genl_attr_u8(tb[CPULAB_A_EVENT_CR4_FINDING]) == wait->kind) {
		wait->bits = genl_attr_u64(tb[CPULAB_A_EVENT_CR4_FINDING_BITS]);
		wait->found = true;
	}
}

TEST_F(cr4, perturbation_is_detected_then_clear)
{
	struct finding_wait wait = { .cpu = self->target, .kind = CPULAB_CR4_FINDING_SHADOW_MISMATCH };
	const struct cpu_entry *entry;
	struct genl_sock listener;
	uint64_t findings;
	unsigned int id;
	int outcome;

	SKIP_UNLESS_SHADOW_EXPORTED();

	outcome = rdpmc_outcome(self->target);
	if (outcome != SIGSEGV)
		SKIP(return, "user RDPMC on CPU %u ended with %d, not #GP: PCE already granted", self->target,
		     outcome);
	ASSERT_EQ(0, genl_open(&listener));
	ASSERT_EQ(0, genl_resolve(&listener, CPULAB_FAMILY_NAME));
	ASSERT_EQ(0, genl_join_events(&listener));

	ASSERT_EQ(0, cr4_perturb_request(&self->sock, self->target, -1, false, &self->ack));
	ASSERT_EQ(0, self->ack.error) TH_LOG("CR4_PERTURB: %s", self->ack.message);
	outcome = rdpmc_outcome(self->target);
	EXPECT_NE(SIGSEGV, outcome) TH_LOG("RDPMC still raises #GP: CR4.PCE is not set in hardware");
	TH_LOG("CPU %u perturbed: user RDPMC now ends with %s", self->target,
	       outcome == 0 ? "success" : outcome == SIGILL ? "#UD (TCG implements no counters)" : "?");

	audit_all(_metadata, self, &findings);
	EXPECT_EQ(1, findings);
	for_each_cpu_with_registers(&self->dump, id, entry) {
		if (id != self->target) {
			EXPECT_EQ(0, entry->cr4_last_audit) TH_LOG("CPU %u", id);
			continue;
		}
		EXPECT_EQ(1u << CPULAB_CR4_FINDING_SHADOW_MISMATCH, entry->cr4_last_audit);
		EXPECT_EQ(CPULAB_CR4_FINDING_SHADOW_MISMATCH, entry->cr4_last_finding);
		EXPECT_EQ(CR4_PCE, entry->cr4_last_finding_bits);
		EXPECT_TRUE(entry->cr4 & CR4_PCE);
		EXPECT_FALSE(entry->cr4_shadow & CR4_PCE);
		EXPECT_TRUE(entry->cr4_perturbed);
	}
	for (int tries = 0; tries < EVENT_WAIT_MS / 1000 && !wait.found; tries++)
		ASSERT_LE(0, cpulab_receive_events(&listener, 1000, on_event, &wait));
	EXPECT_TRUE(wait.found) TH_LOG("no shadow-mismatch event for CPU %u", self->target);
	EXPECT_EQ(CR4_PCE, wait.bits);
	genl_close(&listener);

	ASSERT_EQ(0, cr4_perturb_request(&self->sock, self->target, -1, true, &self->ack));
	ASSERT_EQ(0, self->ack.error) TH_LOG("restore: %s", self->ack.message);
	EXPECT_EQ(SIGSEGV, rdpmc_outcome(self->target)) TH_LOG("CR4.PCE still set after restore");
	audit_all(_metadata, self, &findings);
	EXPECT_EQ(0, findings);
	for_each_cpu_with_registers(&self->dump, id, entry) {
		EXPECT_EQ(0, entry->cr4_last_audit) TH_LOG("CPU %u", id);
		EXPECT_EQ(entry->cr4, entry->cr4_shadow);
		EXPECT_FALSE(entry->cr4_perturbed);
		/* CPU_GET's count is every finding ever; the clean audit's reply said 0. */
		if (id == self->target)
			EXPECT_LE(1, entry->cr4_findings) TH_LOG("CPU %u lost its finding", id);
	}
}

TEST_F(cr4, bad_perturbations_are_refused_and_change_nothing)
{
	struct genl_attrs attrs = { .len = 0 };
	uint8_t bit = 64;
	uint32_t cpu = self->target;
	uint64_t findings;

	SKIP_UNLESS_SHADOW_EXPORTED();

	ASSERT_EQ(0, cr4_perturb_request(&self->sock, self->target, CR4_TSD_BIT, false, &self->ack));
	EXPECT_EQ(EINVAL, self->ack.error);
	EXPECT_STREQ("only CR4.PCE (bit 8) may be perturbed: every other bit changes what running "
		     "code relies on", self->ack.message);
	EXPECT_EQ(CPULAB_STATUS_NOT_PERTURBABLE, self->ack.status);
	genl_attrs_put(&attrs, CPULAB_A_CPU, &cpu, sizeof(cpu));
	genl_attrs_put(&attrs, CPULAB_A_CR4_BIT, &bit, sizeof(bit));
	ASSERT_EQ(0, genl_transact(&self->sock, CPULAB_CMD_CR4_PERTURB, 0, 0, &attrs, CPULAB_A_MAX, NULL,
				   NULL, &self->ack));
	EXPECT_EQ(ERANGE, self->ack.error);
	ASSERT_EQ(0, cr4_perturb_request(&self->sock, self->target, -1, true, &self->ack));
	EXPECT_EQ(EALREADY, self->ack.error) TH_LOG("restore without a perturbation");
	EXPECT_TRUE(genl_ack_names_cpu(&self->ack, self->target, CPULAB_STATUS_NOT_PERTURBED,
				       " is not perturbed", NULL))
		TH_LOG("%s", self->ack.message);
	ASSERT_EQ(0, cr4_perturb_request(&self->sock, 100000, -1, false, &self->ack));
	EXPECT_EQ(EINVAL, self->ack.error);

	ASSERT_EQ(0, cr4_perturb_request(&self->sock, self->target, CR4_PCE_BIT, false, &self->ack));
	ASSERT_EQ(0, self->ack.error);
	ASSERT_EQ(0, cr4_perturb_request(&self->sock, self->target, -1, false, &self->ack));
	EXPECT_EQ(EALREADY, self->ack.error) TH_LOG("a second perturbation");
	EXPECT_TRUE(genl_ack_names_cpu(&self->ack, self->target, CPULAB_STATUS_ALREADY_PERTURBED,
				       " is already perturbed; restore it first", NULL))
		TH_LOG("%s", self->ack.message);
	ASSERT_EQ(0, cr4_perturb_request(&self->sock, self->target, CR4_PCE_BIT, true, &self->ack));
	EXPECT_EQ(EINVAL, self->ack.error) TH_LOG("restore takes no bit");
	EXPECT_STREQ("RESTORE puts back the perturbed bit; it takes no BIT", self->ack.message);
	ASSERT_EQ(0, cr4_perturb_request(&self->sock, self->target, -1, true, &self->ack));
	ASSERT_EQ(0, self->ack.error);

	audit_all(_metadata, self, &findings);
	EXPECT_EQ(0, findings);
}

/* An offline CPU comes back as the kernel brings it up: no perturbation survives. */
TEST_F(cr4, offline_cpu_is_refused_and_loses_its_perturbation)
{
	uint8_t bitmap[32] = { 0 };
	unsigned int cpu = self->target;
	uint64_t findings, ns;

	SKIP_UNLESS_SHADOW_EXPORTED();

	if (!sysfs_cpu_is_hotpluggable(cpu))
		SKIP(return, "CPU %u is not hotpluggable", cpu);
	ASSERT_EQ(0, cr4_perturb_request(&self->sock, cpu, -1, false, &self->ack));
	ASSERT_EQ(0, self->ack.error);
	ASSERT_EQ(0, hotplug_request(&self->sock, false, cpu, &ns, &self->ack));
	ASSERT_EQ(0, self->ack.error);
	ASSERT_EQ(0, cr4_perturb_request(&self->sock, cpu, -1, false, &self->ack));
	EXPECT_EQ(ENODEV, self->ack.error);
	EXPECT_TRUE(genl_ack_names_cpu(&self->ack, cpu, CPULAB_STATUS_OFFLINE, " is offline", NULL))
		TH_LOG("%s", self->ack.message);
	bitmap[cpu / 8] = 1u << (cpu % 8);
	ASSERT_EQ(0, cr4_audit_request(&self->sock, bitmap, sizeof(bitmap), &findings, &self->ack));
	EXPECT_EQ(ENODEV, self->ack.error);
	EXPECT_TRUE(genl_ack_names_cpu(&self->ack, cpu, CPULAB_STATUS_OFFLINE, " is offline", NULL))
		TH_LOG("%s", self->ack.message);
	ASSERT_EQ(0, hotplug_request(&self->sock, true, cpu, &ns, &self->ack));
	ASSERT_EQ(0, self->ack.error);
	EXPECT_EQ(SIGSEGV, rdpmc_outcome(cpu)) TH_LOG("CR4.PCE survived the offline");
	audit_all(_metadata, self, &findings);
	EXPECT_EQ(0, findings);
	EXPECT_FALSE(self->dump.cpu[cpu].cr4_perturbed);
}

/*
 * A CR4 write through the kernel's accessors that only clears bits must
 * update the shadow as well as the register (cr4_update_irqsoff(); the
 * shadow itself came with 1e02ce4cccdc). The one such write any task can
 * ask for on a CPU of its choice is prctl(PR_SET_TSC): PR_TSC_SIGSEGV sets
 * CR4.TSD (disable_TSC(), cr4_set_bits()), PR_TSC_ENABLE clears it again
 * (enable_TSC(), cr4_clear_bits()). Right after, with this task still the
 * one running there, cpulab reads the shadow and the register together.
 * Nothing may run RDTSC between the two prctl()s: it would fault.
 */
TEST_F(cr4, a_clear_only_write_leaves_the_shadow_equal_to_hardware)
{
	static struct kernel_view view;
	char problem[256];
	uint64_t shadow;
	struct cpu_set_sysfs online;
	unsigned int cpu, checked = 0;
	cpu_set_t set;

	ASSERT_EQ(0, read_cpulist_file("/sys/devices/system/cpu/online", &online));
	for (cpu = 0; cpu < SELFTEST_MAX_CPUS; cpu++) {
		const struct cpu_entry *entry = &self->dump.cpu[cpu];

		if (!online.cpu[cpu])
			continue;
		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		ASSERT_EQ(0, sched_setaffinity(0, sizeof(set), &set)) TH_LOG("CPU %u: %s", cpu, strerror(errno));
		ASSERT_EQ(0, prctl(PR_SET_TSC, PR_TSC_SIGSEGV, 0, 0, 0));
		ASSERT_EQ(0, prctl(PR_SET_TSC, PR_TSC_ENABLE, 0, 0, 0));
		ASSERT_EQ(0, cpu_get_one(&self->sock, cpu, &self->dump, &self->ack));
		ASSERT_EQ(0, self->ack.error) TH_LOG("CPU_GET %u: %s", cpu, self->ack.message);
		ASSERT_TRUE(entry->has_registers) TH_LOG("CPU %u", cpu);
		EXPECT_EQ(0, entry->cr4 & (1ull << CR4_TSD_BIT))
			TH_LOG("CPU %u: CR4.TSD still set after PR_TSC_ENABLE", cpu);
		shadow = entry->cr4_shadow;
		if (!entry->has_shadow) {
			/* 7.x: the kernel's own copy, through BPF. */
			ASSERT_EQ(0, kernel_view_read(&view, problem, sizeof(problem))) TH_LOG("%s", problem);
			if (strcmp(view.cr4_shadow_status, "read"))
				SKIP(return, "a BTF variable is absent: cpu_tlbstate.cr4 %s",
				     view.cr4_shadow_status);
			ASSERT_TRUE(view.has_cr4_shadow[cpu]) TH_LOG("CPU %u", cpu);
			shadow = view.cr4_shadow[cpu];
		}
		EXPECT_EQ(shadow, entry->cr4)
			TH_LOG("CPU %u: after clearing CR4.TSD the shadow is 0x%" PRIx64 ", the register 0x%" PRIx64,
			       cpu, shadow, entry->cr4);
		checked++;
	}
	EXPECT_EQ(online.count, checked);
}

TEST_F(cr4, unprivileged_requests_get_eperm)
{
	unsigned int cpu = self->target;
	int status;
	pid_t child;

	child = fork();
	ASSERT_LE(0, child);
	if (!child) {
		struct genl_sock sock;
		struct genl_ack ack;
		uint64_t findings;

		if (drop_privileges() || genl_open(&sock) || genl_resolve(&sock, CPULAB_FAMILY_NAME))
			_exit(10);
		if (cr4_audit_request(&sock, NULL, 0, &findings, &ack) || ack.error != EPERM)
			_exit(11);
		if (cr4_perturb_request(&sock, cpu, -1, false, &ack) || ack.error != EPERM)
			_exit(12);
		_exit(0);
	}
	ASSERT_EQ(child, waitpid(child, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status)) TH_LOG("failed at step %d", WEXITSTATUS(status));
	EXPECT_EQ(SIGSEGV, rdpmc_outcome(cpu)) TH_LOG("an unprivileged request perturbed CPU %u", cpu);
}

TEST_HARNESS_MAIN
