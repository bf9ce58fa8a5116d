// SPDX-License-Identifier: GPL-2.0
/*
 * cpulab privilege selftests. Every op that changes state needs
 * CAP_NET_ADMIN (GENL_ADMIN_PERM) and CAP_SYS_ADMIN (the family's
 * pre_doit); reads and the events group are open to everyone. Checked as
 * uid 1000 with no capabilities, and as root holding CAP_NET_ADMIN alone,
 * through the raw netlink client and through the CLI (exit code 4), with
 * the state compared before and after.
 */
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "cli_run.h"
#include "cpu_get.h"
#include "cpulab.h"
#include "cpulab_ops.h"
#include "genl.h"

static const struct {
	uint8_t cmd;
	const char *name;
} mutating_ops[] = {
	{ CPULAB_CMD_VIRT_ENABLE, "VIRT_ENABLE" },   { CPULAB_CMD_VIRT_DISABLE, "VIRT_DISABLE" },
	{ CPULAB_CMD_INJECT, "INJECT" },             { CPULAB_CMD_CACHE_MARK, "CACHE_MARK" },
	{ CPULAB_CMD_CACHE_FLUSH, "CACHE_FLUSH" },   { CPULAB_CMD_STOP, "STOP" },
	{ CPULAB_CMD_CPU_OFFLINE, "CPU_OFFLINE" },   { CPULAB_CMD_CPU_ONLINE, "CPU_ONLINE" },
	{ CPULAB_CMD_CPU_CYCLE, "CPU_CYCLE" },       { CPULAB_CMD_CR4_AUDIT, "CR4_AUDIT" },
	{ CPULAB_CMD_CR4_PERTURB, "CR4_PERTURB" },
};

/* The CLI's mutating subcommands, each of which must exit 4 without privilege. */
static const char *const mutating_commands[] = {
	"virt on", "virt off", "inject vmxon --cpu 0 --class precheck", "cache mark", "cache flush",
	"stop", "cpu offline --cpu 1", "cpu online --cpu 1", "cpu cycle", "cr4", "cr4 perturb --cpu 0",
	"cr4 restore --cpu 0",
};

/* Keeps uid 0 but only CAP_NET_ADMIN: GENL_ADMIN_PERM passes, CAP_SYS_ADMIN does not. */
static int keep_only_net_admin(void)
{
	struct __user_cap_header_struct header = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2] = { { 0 } };

	data[0].effective = data[0].permitted = 1u << CAP_NET_ADMIN;
	return syscall(SYS_capset, &header, data) ? -errno : 0;
}

/*
 * In a child: every mutating op must get EPERM (with @needs in the extack,
 * if given), reads and the events group must work. Exit status: 0, or the
 * step that failed.
 */
static int child_checks(int (*drop)(void), const char *needs)
{
	struct genl_attrs none = { .len = 0 };
	struct cpu_dump *dump = malloc(sizeof(*dump));
	struct genl_sock sock, listener;
	struct genl_ack ack;

	if (!dump || drop() || genl_open(&sock) || genl_resolve(&sock, CPULAB_FAMILY_NAME))
		return 10;
	for (unsigned int i = 0; i < sizeof(mutating_ops) / sizeof(mutating_ops[0]); i++) {
		if (genl_transact(&sock, mutating_ops[i].cmd, 0, 0, &none, CPULAB_A_MAX, NULL, NULL, &ack))
			return 20 + i;
		if (ack.error != EPERM || (needs && !strstr(ack.message, needs))) {
			fprintf(stderr, "# %s: errno %d, \"%s\"\n", mutating_ops[i].name, ack.error, ack.message);
			return 40 + i;
		}
	}
	if (cpu_get(&sock, NULL, NLM_F_DUMP, dump, &ack) || ack.error || !dump->count)
		return 60;
	if (cpu_get_one(&sock, 0, dump, &ack) || ack.error || !dump->cpu[0].seen)
		return 61;
	if (genl_open(&listener) || genl_resolve(&listener, CPULAB_FAMILY_NAME) || genl_join_events(&listener))
		return 62;
	genl_close(&listener);
	genl_close(&sock);
	return 0;
}

/* In a child as uid 1000: every mutating CLI command exits 4 and names the capability. */
static int child_cli_checks(void)
{
	static char output[8192];
	char command[256];

	if (drop_privileges())
		return 10;
	for (unsigned int i = 0; i < sizeof(mutating_commands) / sizeof(mutating_commands[0]); i++) {
		snprintf(command, sizeof(command), "%s %s 2>&1", cli_path(), mutating_commands[i]);
		if (run_command(command, output, sizeof(output)) != 4 || !strstr(output, "CAP_SYS_ADMIN")) {
			fprintf(stderr, "# %s: %s\n", command, output);
			return 20 + i;
		}
	}
	snprintf(command, sizeof(command), "%s status >/dev/null 2>&1", cli_path());
	if (run_command(command, output, sizeof(output)) != 0)
		return 50;
	/*
	 * The kernel's own view needs BPF, which uid 1000 may not load:
	 * status --json still succeeds and says why the view is missing;
	 * --check-kernel, with nothing to compare, fails and says so.
	 */
	snprintf(command, sizeof(command), "%s status --json 2>&1 | grep -o '\"kernel_view\":{[^}]*}'", cli_path());
	if (run_command(command, output, sizeof(output)) != 0 || !strstr(output, "\"error\":\"bpf ") ||
	    !strstr(output, "not read: bpf ")) {
		fprintf(stderr, "# %s: %s\n", command, output);
		return 51;
	}
	snprintf(command, sizeof(command), "%s status --check-kernel 2>&1", cli_path());
	if (run_command(command, output, sizeof(output)) != 1 || !strstr(output, "the kernel's view was not read")) {
		fprintf(stderr, "# %s: %s\n", command, output);
		return 52;
	}
	return 0;
}

FIXTURE(priv) {
	struct genl_sock sock;
	struct genl_ack ack;
	struct cpu_dump before;
	struct cpu_dump after;
};

FIXTURE_SETUP(priv)
{
	ASSERT_EQ(0, genl_open(&self->sock));
	ASSERT_EQ(0, genl_resolve(&self->sock, CPULAB_FAMILY_NAME));
	ASSERT_EQ(0, cpu_get(&self->sock, NULL, NLM_F_DUMP, &self->before, &self->ack));
	ASSERT_EQ(0, self->ack.error);
}

FIXTURE_TEARDOWN(priv)
{
	genl_close(&self->sock);
}

/* Nothing the refused requests could have touched moved. */
static void expect_unchanged(struct __test_metadata *_metadata, FIXTURE_DATA(priv) *self)
{
	const char *what;

	ASSERT_EQ(0, cpu_get(&self->sock, NULL, NLM_F_DUMP, &self->after, &self->ack));
	EXPECT_EQ(-1, cpu_dump_first_change(&self->before, &self->after, &what))
		TH_LOG("%s changed", what);
}

static void run_child(struct __test_metadata *_metadata, int (*checks)(void))
{
	int status;
	pid_t child = fork();

	ASSERT_LE(0, child);
	if (!child)
		_exit(checks());
	ASSERT_EQ(child, waitpid(child, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status)) TH_LOG("failed at step %d", WEXITSTATUS(status));
}

static int unprivileged_checks(void)
{
	return child_checks(drop_privileges, NULL);
}

static int net_admin_only_checks(void)
{
	return child_checks(keep_only_net_admin, "CAP_SYS_ADMIN");
}

TEST_F(priv, unprivileged_user_reads_but_changes_nothing)
{
	run_child(_metadata, unprivileged_checks);
	expect_unchanged(_metadata, self);
}

TEST_F(priv, cap_net_admin_alone_is_not_enough)
{
	run_child(_metadata, net_admin_only_checks);
	expect_unchanged(_metadata, self);
}

/*
 * Thirteen CLI processes, each a C++ binary to exec: under KASAN in Bochs
 * that is several guest seconds apiece, past the harness' 30 s default.
 */
TEST_F_TIMEOUT(priv, cli_exits_4_and_names_the_capability, 300)
{
	run_child(_metadata, child_cli_checks);
	expect_unchanged(_metadata, self);
}

TEST_HARNESS_MAIN
