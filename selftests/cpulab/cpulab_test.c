// SPDX-License-Identifier: GPL-2.0
/*
 * cpulab selftests: the generic netlink family against the kernel's own
 * view of the machine (sysfs, /proc/cpuinfo), and the CLI against the
 * family. Run as root with cpulab.ko loaded; the CLI is $CPULAB_CLI or
 * "cpulab" on $PATH.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <linux/genetlink.h>

#include "kselftest_harness.h"

#include "cli_run.h"
#include "cpu_get.h"
#include "cpulab.h"
#include "genl.h"
#include "kernel_caps.h"
#include "json.h"
#include "sysfs_cpus.h"

/* [intel/vol3] 2.5 "Control Registers", Figure 2-7: CR4 bits we check. */
#define CR4_TSD		(1ull << 2)
#define CR4_PAE		(1ull << 5)
#define CR4_PGE		(1ull << 7)
#define CR4_PCE		(1ull << 8)
#define CR4_UMIP	(1ull << 11)
#define CR4_FSGSBASE	(1ull << 16)
#define CR4_SMEP	(1ull << 20)
#define CR4_SMAP	(1ull << 21)

/*
 * TSD and PCE follow the running task (seccomp's TIF_NOTSC, perf's rdpmc
 * per mm), so two reads from different moments may differ only there.
 */
#define CR4_PER_TASK_BITS (CR4_TSD | CR4_PCE)

/* Runs a shell command, returning its exit status and up to @cap bytes of output. */
FIXTURE(cpulab) {
	struct genl_sock sock;
	struct cpu_dump snapshot;	/* a dump taken by the setup */
	struct cpu_dump dump;		/* for the test's own requests */
	struct genl_ack ack;
};

FIXTURE_SETUP(cpulab)
{
	ASSERT_EQ(0, genl_open(&self->sock));
	ASSERT_EQ(0, genl_resolve(&self->sock, CPULAB_FAMILY_NAME))
		TH_LOG("family \"%s\" not registered: is cpulab.ko loaded?", CPULAB_FAMILY_NAME);
	ASSERT_EQ(0, cpu_get(&self->sock, NULL, NLM_F_DUMP, &self->snapshot, &self->ack));
	ASSERT_EQ(0, self->ack.error) TH_LOG("dump failed: %s", self->ack.message);
}

FIXTURE_TEARDOWN(cpulab)
{
	genl_close(&self->sock);
}

TEST_F(cpulab, family_resolves)
{
	/* GENL_MIN_ID: ids below it belong to nlctrl and the static families. */
	EXPECT_GE(self->sock.family_id, GENL_MIN_ID);
	EXPECT_EQ(CPULAB_FAMILY_VERSION, self->sock.family_version);
}

TEST_F(cpulab, dump_has_one_entry_per_possible_cpu_matching_sysfs)
{
	struct cpu_set_sysfs possible, online;

	ASSERT_EQ(0, read_cpulist_file("/sys/devices/system/cpu/possible", &possible));
	ASSERT_EQ(0, read_cpulist_file("/sys/devices/system/cpu/online", &online));

	EXPECT_FALSE(self->snapshot.out_of_range);
	EXPECT_FALSE(self->snapshot.out_of_order);
	EXPECT_EQ(possible.count, self->snapshot.count);
	for (unsigned int cpu = 0; cpu < SELFTEST_MAX_CPUS; cpu++) {
		const struct cpu_entry *entry = &self->snapshot.cpu[cpu];

		EXPECT_EQ(possible.cpu[cpu], entry->seen) TH_LOG("CPU %u", cpu);
		if (!entry->seen)
			continue;
		EXPECT_EQ(online.cpu[cpu], entry->online) TH_LOG("CPU %u", cpu);
		EXPECT_EQ(entry->online, entry->has_registers) TH_LOG("CPU %u", cpu);
	}
}

TEST_F(cpulab, cr4_shadow_equals_hardware_on_every_online_cpu)
{
	const struct cpu_entry *entry;
	unsigned int cpu, checked = 0;

	for_each_cpu_with_registers(&self->snapshot, cpu, entry) {
		/* All or none: the kernel exports the shadow or it does not. */
		if (!entry->has_shadow) {
			EXPECT_EQ(0, checked) TH_LOG("CPU %u alone has no shadow", cpu);
			continue;
		}
		EXPECT_EQ(entry->cr4_shadow, entry->cr4)
			TH_LOG("CPU %u: shadow 0x%" PRIx64 " hardware 0x%" PRIx64,
			       cpu, entry->cr4_shadow, entry->cr4);
		checked++;
	}
	if (!checked && !self->snapshot.cpu[0].has_shadow)
		SKIP(return, SKIP_REASON_SHADOW_NOT_EXPORTED ": cr4_test holds the register to it through BPF");
	EXPECT_GE(checked, 1);
}

/*
 * The hardware CR4 must show what the kernel set up: long mode requires PAE
 * ([intel/vol3] 2.5), and a feature /proc/cpuinfo lists as enabled has its
 * CR4 bit set by the kernel at bring-up (setup_smep(), setup_smap(),
 * setup_umip(), identify_cpu() for FSGSBASE, cr4_init() for PGE).
 */
TEST_F(cpulab, hardware_cr4_agrees_with_enabled_cpu_features)
{
	static const struct {
		const char *flag;
		uint64_t bit;
	} features[] = {
		{ "pge", CR4_PGE }, { "umip", CR4_UMIP }, { "fsgsbase", CR4_FSGSBASE },
		{ "smep", CR4_SMEP }, { "smap", CR4_SMAP },
	};
	const struct cpu_entry *entry;
	unsigned int cpu, checked = 0;

	for_each_cpu_with_registers(&self->snapshot, cpu, entry) {
		EXPECT_NE(0, entry->cr4 & CR4_PAE) TH_LOG("CPU %u CR4 0x%" PRIx64, cpu, entry->cr4);
		for (size_t i = 0; i < sizeof(features) / sizeof(features[0]); i++) {
			if (!cpuinfo_has_flag(cpu, features[i].flag))
				continue;
			EXPECT_NE(0, entry->cr4 & features[i].bit)
				TH_LOG("CPU %u lists %s but CR4 0x%" PRIx64 " lacks it",
				       cpu, features[i].flag, entry->cr4);
			checked++;
		}
	}
	TH_LOG("checked %u feature bits against /proc/cpuinfo", checked);
}

TEST_F(cpulab, virt_capability_agrees_with_cpuinfo)
{
	const struct cpu_entry *entry;
	unsigned int cpu;

	for_each_cpu_with_registers(&self->snapshot, cpu, entry) {
		/* The kernel hides "vmx"/"svm" only when it clears the feature. */
		if (entry->virt_cap == CPULAB_VIRT_CAP_VMX)
			EXPECT_TRUE(cpuinfo_has_flag(cpu, "vmx")) TH_LOG("CPU %u", cpu);
		if (entry->virt_cap == CPULAB_VIRT_CAP_SVM)
			EXPECT_TRUE(cpuinfo_has_flag(cpu, "svm")) TH_LOG("CPU %u", cpu);
		if (entry->virt_cap == CPULAB_VIRT_CAP_NONE) {
			EXPECT_FALSE(cpuinfo_has_flag(cpu, "vmx")) TH_LOG("CPU %u", cpu);
			EXPECT_FALSE(cpuinfo_has_flag(cpu, "svm")) TH_LOG("CPU %u", cpu);
		}
		TH_LOG("CPU %u virt capability %u", cpu, entry->virt_cap);
	}
}

TEST_F(cpulab, do_on_each_possible_cpu_matches_sysfs)
{
	struct cpu_set_sysfs possible, online;
	struct cpu_dump *one = &self->dump;

	ASSERT_EQ(0, read_cpulist_file("/sys/devices/system/cpu/possible", &possible));
	ASSERT_EQ(0, read_cpulist_file("/sys/devices/system/cpu/online", &online));
	for (unsigned int cpu = 0; cpu <= possible.last; cpu++) {
		if (!possible.cpu[cpu])
			continue;
		ASSERT_EQ(0, cpu_get_one(&self->sock, cpu, one, &self->ack));
		ASSERT_EQ(0, self->ack.error) TH_LOG("CPU %u: %s", cpu, self->ack.message);
		EXPECT_EQ(1, one->count);
		EXPECT_TRUE(one->cpu[cpu].seen);
		EXPECT_EQ(online.cpu[cpu], one->cpu[cpu].online);
	}
}

/*
 * nr_cpu_ids is the highest possible CPU plus one (setup_nr_cpu_ids()), so
 * the extack's figure can be checked against sysfs.
 */
TEST_F(cpulab, out_of_range_cpu_gets_einval_and_extack)
{
	static const uint32_t bad_cpus[] = { 4096, 8192, UINT32_MAX };
	struct cpu_set_sysfs possible;
	char tail[64];

	ASSERT_EQ(0, read_cpulist_file("/sys/devices/system/cpu/possible", &possible));
	snprintf(tail, sizeof(tail), " is out of range: nr_cpu_ids=%u", possible.last + 1);
	for (size_t i = 0; i < sizeof(bad_cpus) / sizeof(bad_cpus[0]); i++) {
		ASSERT_EQ(0, cpu_get_one(&self->sock, bad_cpus[i], &self->dump, &self->ack));
		EXPECT_EQ(EINVAL, self->ack.error);
		EXPECT_EQ(0, self->dump.count);
		EXPECT_TRUE(genl_ack_names_cpu(&self->ack, bad_cpus[i], CPULAB_STATUS_CPU_OUT_OF_RANGE,
					       tail, NULL))
			TH_LOG("extack \"%s\", want \"CPU %u%s\"", self->ack.message, bad_cpus[i],
			       tail);
		/* The bad attribute is the first one after the genl header. */
		EXPECT_TRUE(self->ack.has_offset);
		EXPECT_EQ(NLMSG_HDRLEN + GENL_HDRLEN, self->ack.offset);
	}
}

TEST_F(cpulab, missing_cpu_attribute_is_rejected)
{
	ASSERT_EQ(0, cpu_get(&self->sock, NULL, 0, &self->dump, &self->ack));
	EXPECT_EQ(EINVAL, self->ack.error);
	EXPECT_STREQ("missing attribute CPU", self->ack.message);
	EXPECT_TRUE(self->ack.has_miss_type);
	EXPECT_EQ(CPULAB_A_CPU, self->ack.miss_type);
	EXPECT_EQ(0, self->dump.count);
}

TEST_F(cpulab, wrongly_sized_cpu_attribute_is_rejected)
{
	struct genl_attrs attrs = { .len = 0 };
	uint8_t short_cpu = 1;

	genl_attrs_put(&attrs, CPULAB_A_CPU, &short_cpu, sizeof(short_cpu));
	ASSERT_EQ(0, cpu_get(&self->sock, &attrs, 0, &self->dump, &self->ack));
	EXPECT_EQ(EINVAL, self->ack.error);
	EXPECT_TRUE(self->ack.has_offset);
	EXPECT_EQ(0, self->dump.count);
}

TEST_F(cpulab, unknown_and_reply_only_attributes_are_rejected)
{
	uint32_t cpu = 0;
	uint8_t online = 1;
	struct genl_attrs unknown = { .len = 0 }, reply_only = { .len = 0 };

	genl_attrs_put(&unknown, CPULAB_A_CPU, &cpu, sizeof(cpu));
	genl_attrs_put(&unknown, CPULAB_A_MAX + 7, &cpu, sizeof(cpu));
	ASSERT_EQ(0, cpu_get(&self->sock, &unknown, 0, &self->dump, &self->ack));
	EXPECT_EQ(EINVAL, self->ack.error) TH_LOG("unknown attribute accepted");

	genl_attrs_put(&reply_only, CPULAB_A_CPU, &cpu, sizeof(cpu));
	genl_attrs_put(&reply_only, CPULAB_A_ONLINE, &online, sizeof(online));
	ASSERT_EQ(0, cpu_get(&self->sock, &reply_only, 0, &self->dump, &self->ack));
	EXPECT_EQ(EINVAL, self->ack.error) TH_LOG("reply-only attribute accepted in a request");
}

TEST_F(cpulab, unknown_command_and_reserved_header_are_rejected)
{
	uint32_t cpu = 0;
	struct genl_attrs attrs = { .len = 0 };

	ASSERT_EQ(0, genl_transact(&self->sock, CPULAB_CMD_MAX + 1, 0, 0, NULL, CPULAB_A_MAX,
				   NULL, NULL, &self->ack));
	EXPECT_EQ(EOPNOTSUPP, self->ack.error);

	genl_attrs_put(&attrs, CPULAB_A_CPU, &cpu, sizeof(cpu));
	ASSERT_EQ(0, genl_transact(&self->sock, CPULAB_CMD_CPU_GET, 0, 1, &attrs, CPULAB_A_MAX,
				   NULL, NULL, &self->ack));
	EXPECT_EQ(EINVAL, self->ack.error) TH_LOG("non-zero genl reserved byte accepted");
}

static const struct json_value *find_cli_cpu(const struct json_value *cpus, unsigned int cpu)
{
	for (size_t i = 0; i < cpus->count; i++) {
		const struct json_value *id = json_get(&cpus->items[i], "cpu");

		if (id && id->type == JSON_NUMBER && id->number == cpu)
			return &cpus->items[i];
	}
	return NULL;
}

static bool json_hex_equals(const struct json_value *value, uint64_t expected, uint64_t ignore)
{
	char *end;
	uint64_t parsed;

	if (!value || value->type != JSON_STRING || strncmp(value->string, "0x", 2))
		return false;
	parsed = strtoull(value->string, &end, 16);
	return !*end && (parsed & ~ignore) == (expected & ~ignore);
}

TEST_F(cpulab, cli_status_json_parses_and_agrees_with_dump)
{
	static const char *const virt_names[] = { "none", "vmx", "svm" };
	static char output[1 << 20];
	const struct json_value *cpus;
	struct json_value *json;
	char command[512];

	snprintf(command, sizeof(command), "%s status --json", cli_path());
	ASSERT_EQ(0, run_command(command, output, sizeof(output))) TH_LOG("%s", output);
	json = json_parse(output);
	ASSERT_NE(NULL, json) TH_LOG("not JSON: %s", output);
	cpus = json_get(json, "cpus");
	ASSERT_NE(NULL, cpus);
	ASSERT_EQ(JSON_ARRAY, cpus->type);

	ASSERT_EQ(0, cpu_get(&self->sock, NULL, NLM_F_DUMP, &self->dump, &self->ack));
	EXPECT_EQ(self->dump.count, cpus->count);
	for (unsigned int cpu = 0; cpu < SELFTEST_MAX_CPUS; cpu++) {
		const struct cpu_entry *entry = &self->dump.cpu[cpu];
		const struct json_value *cli = find_cli_cpu(cpus, cpu);
		const struct json_value *online, *virt;

		if (!entry->seen) {
			EXPECT_EQ(NULL, cli) TH_LOG("CLI shows CPU %u the kernel does not", cpu);
			continue;
		}
		ASSERT_NE(NULL, cli) TH_LOG("CLI lacks CPU %u", cpu);
		online = json_get(cli, "online");
		ASSERT_NE(NULL, online);
		ASSERT_EQ(JSON_BOOL, online->type);
		EXPECT_EQ(entry->online, online->boolean);
		virt = json_get(cli, "virt_cap");
		ASSERT_NE(NULL, virt);
		if (!entry->has_registers) {
			EXPECT_EQ(JSON_NULL, json_get(cli, "cr4")->type);
			EXPECT_EQ(JSON_NULL, virt->type);
			continue;
		}
		EXPECT_TRUE(json_hex_equals(json_get(cli, "cr4"), entry->cr4, CR4_PER_TASK_BITS));
		if (entry->has_shadow) {
			EXPECT_TRUE(json_hex_equals(json_get(cli, "cr4_shadow"), entry->cr4_shadow,
						    CR4_PER_TASK_BITS));
		} else {
			EXPECT_EQ(JSON_NULL, json_get(cli, "cr4_shadow")->type);
		}
		ASSERT_EQ(JSON_STRING, virt->type);
		ASSERT_LT(entry->virt_cap, 3);
		EXPECT_STREQ(virt_names[entry->virt_cap], virt->string);
	}
	json_free(json);
}

TEST_F(cpulab, cli_reports_kernel_extack_and_exit_status)
{
	static char output[4096];
	char command[512];

	snprintf(command, sizeof(command), "%s status --cpu 4096 2>&1", cli_path());
	EXPECT_EQ(1, run_command(command, output, sizeof(output))) TH_LOG("%s", output);
	EXPECT_NE(NULL, strstr(output, "out of range: nr_cpu_ids=")) TH_LOG("%s", output);
	EXPECT_NE(NULL, strstr(output, "[cpu-out-of-range]")) TH_LOG("%s", output);

	snprintf(command, sizeof(command), "%s status --cpu 2-1 2>&1", cli_path());
	EXPECT_EQ(2, run_command(command, output, sizeof(output))) TH_LOG("%s", output);

	snprintf(command, sizeof(command), "%s status --cpu 0", cli_path());
	EXPECT_EQ(0, run_command(command, output, sizeof(output))) TH_LOG("%s", output);
	EXPECT_NE(NULL, strstr(output, "CR4_AUDIT")) TH_LOG("%s", output);
	/* The default columns fit 80 columns; -o picks others, and a bad one is usage. */
	for (char *line = strtok(output, "\n"); line; line = strtok(NULL, "\n")) {
		EXPECT_GE(80, strlen(line)) TH_LOG("%s", line);
	}

	snprintf(command, sizeof(command), "%s status --cpu 0 -o cpu,cr4_shadow,findings", cli_path());
	EXPECT_EQ(0, run_command(command, output, sizeof(output))) TH_LOG("%s", output);
	EXPECT_EQ(0, strncmp(output, "CPU CR4_SHADOW FINDINGS\n", 24)) TH_LOG("%s", output);

	snprintf(command, sizeof(command), "%s status -o cpu,bogus 2>&1", cli_path());
	EXPECT_EQ(2, run_command(command, output, sizeof(output))) TH_LOG("%s", output);
	EXPECT_NE(NULL, strstr(output, "unknown column")) TH_LOG("%s", output);
}

TEST_HARNESS_MAIN
