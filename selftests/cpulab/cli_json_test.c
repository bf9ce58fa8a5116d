// SPDX-License-Identifier: GPL-2.0
/*
 * The CLI's --json output of every subcommand, validated against the schema
 * documented in docs/json.md (the ```cpulab-json-schema block, which the
 * initramfs carries as $CPULAB_JSON_SCHEMA) by the tests' own JSON parser.
 * Keys must match exactly: an undocumented key fails as a missing one does.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "cli_run.h"
#include "json.h"
#include "kernel_caps.h"
#include "sysfs_cpus.h"

#define MAX_RULES	64
#define OUTPUT_SIZE	(256 * 1024)

struct schema_rule {
	char schema[32];
	char path[96];
	char keys[1024];
};

struct schema {
	struct schema_rule rules[MAX_RULES];
	unsigned int count;
};

static char *trim(char *text)
{
	char *end;

	while (*text == ' ' || *text == '\t')
		text++;
	end = text + strlen(text);
	while (end > text && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n'))
		*--end = '\0';
	return text;
}

/* "SCHEMA | PATH | KEY:TYPE ..." lines; '#' starts a comment line. 0 or -errno. */
static int load_schema(struct schema *schema)
{
	const char *path = getenv("CPULAB_JSON_SCHEMA");
	char line[1200];
	FILE *file;

	file = fopen(path && *path ? path : "/cpulab/json-schema", "r");
	if (!file)
		return -errno;
	schema->count = 0;
	while (fgets(line, sizeof(line), file) && schema->count < MAX_RULES) {
		char *name = line, *rule_path, *keys;

		if (*trim(line) == '#' || !*trim(line))
			continue;
		rule_path = strchr(name, '|');
		keys = rule_path ? strchr(rule_path + 1, '|') : NULL;
		if (!keys)
			continue;
		*rule_path++ = '\0';
		*keys++ = '\0';
		snprintf(schema->rules[schema->count].schema, sizeof(schema->rules[0].schema), "%s", trim(name));
		snprintf(schema->rules[schema->count].path, sizeof(schema->rules[0].path), "%s", trim(rule_path));
		snprintf(schema->rules[schema->count].keys, sizeof(schema->rules[0].keys), "%s", trim(keys));
		schema->count++;
	}
	fclose(file);
	return schema->count ? 0 : -ENODATA;
}

static const char *type_name(enum json_type type)
{
	static const char *const names[] = { "null", "bool", "int", "string", "array", "object" };

	return names[type];
}

/* Whether @value's type is one of @types ("string|null"); numbers must be integers. */
static bool type_matches(const struct json_value *value, const char *types)
{
	char copy[64], *save = NULL;

	snprintf(copy, sizeof(copy), "%s", types);
	for (char *type = strtok_r(copy, "|", &save); type; type = strtok_r(NULL, "|", &save)) {
		if (strcmp(type, type_name(value->type)))
			continue;
		if (value->type == JSON_NUMBER && value->number != (double)(long long)value->number)
			return false;
		return true;
	}
	return false;
}

struct check {
	struct __test_metadata *metadata;
	const char *context;
	unsigned int objects;	/* objects checked */
	unsigned int errors;
};

#define SCHEMA_FAIL(check, fmt, ...) do { \
	struct __test_metadata *_metadata = (check)->metadata; \
	TH_LOG("%s: " fmt, (check)->context, ##__VA_ARGS__); \
	(check)->errors++; \
} while (0)

static void check_object(struct check *check, const struct json_value *object, const char *keys)
{
	char copy[1024], *save = NULL;
	unsigned int listed = 0;

	if (object->type != JSON_OBJECT) {
		SCHEMA_FAIL(check, "expected an object, got %s", type_name(object->type));
		return;
	}
	check->objects++;
	snprintf(copy, sizeof(copy), "%s", keys);
	for (char *entry = strtok_r(copy, " ", &save); entry; entry = strtok_r(NULL, " ", &save)) {
		char *colon = strchr(entry, ':');
		const struct json_value *member;

		if (!colon)
			continue;
		*colon = '\0';
		listed++;
		member = json_get(object, entry);
		if (!member)
			SCHEMA_FAIL(check, "key \"%s\" missing", entry);
		else if (!type_matches(member, colon + 1))
			SCHEMA_FAIL(check, "key \"%s\" is %s, schema says %s", entry, type_name(member->type),
				    colon + 1);
	}
	if (object->count != listed)
		SCHEMA_FAIL(check, "%zu keys, schema lists %u (an undocumented key)", object->count, listed);
}

/* Walks @path (".", ".cpus[]", ".cpus[].virt") from @value; null members are skipped. */
static void check_path(struct check *check, const struct json_value *value, const char *path,
		       const char *keys)
{
	char segment[96];
	const char *next;
	size_t len;
	bool each;

	while (*path == '.')
		path++;
	if (!*path) {
		check_object(check, value, keys);
		return;
	}
	next = strchr(path, '.');
	len = next ? (size_t)(next - path) : strlen(path);
	snprintf(segment, sizeof(segment), "%.*s", (int)len, path);
	each = len > 2 && !strcmp(segment + len - 2, "[]");
	if (each)
		segment[len - 2] = '\0';
	if (value->type != JSON_OBJECT) {
		SCHEMA_FAIL(check, "expected an object above \"%s\"", segment);
		return;
	}
	value = json_get(value, segment);
	if (!value) {
		SCHEMA_FAIL(check, "key \"%s\" missing", segment);
		return;
	}
	if (value->type == JSON_NULL)
		return;
	if (!each) {
		check_path(check, value, path + len, keys);
		return;
	}
	if (value->type != JSON_ARRAY) {
		SCHEMA_FAIL(check, "\"%s\" is not an array", segment);
		return;
	}
	for (size_t i = 0; i < value->count; i++)
		check_path(check, &value->items[i], path + len, keys);
}

/* Validates @text against every rule of @schema_name; returns the objects checked. */
static unsigned int validate(struct __test_metadata *_metadata, const struct schema *schema,
			     const char *schema_name, const char *command, const char *text)
{
	struct check check = { .metadata = _metadata, .context = command };
	struct json_value *json = json_parse(text);
	unsigned int rules = 0;

	if (!json) {
		TH_LOG("%s: not one JSON value: %.300s", command, text);
		_metadata->exit_code = KSFT_FAIL;
		return 0;
	}
	for (unsigned int i = 0; i < schema->count; i++) {
		if (strcmp(schema->rules[i].schema, schema_name))
			continue;
		rules++;
		check_path(&check, json, schema->rules[i].path, schema->rules[i].keys);
	}
	json_free(json);
	if (!rules) {
		TH_LOG("docs/json.md documents no schema \"%s\"", schema_name);
		_metadata->exit_code = KSFT_FAIL;
	}
	if (check.errors)
		_metadata->exit_code = KSFT_FAIL;
	return check.objects;
}

FIXTURE(cli_json) {
	struct schema schema;
	char *output;
	char command[512];
	unsigned int hotpluggable;	/* a hotpluggable online CPU, or SELFTEST_MAX_CPUS */
	unsigned int last_online;
	bool kernel_owns_virt;		/* 7.1+: cpulab refuses virt requests */
	bool shadow_hidden;		/* 7.x: no CR4 shadow, no perturbation */
};

FIXTURE_SETUP(cli_json)
{
	struct cpu_set_sysfs online;

	ASSERT_EQ(0, load_schema(&self->schema));
	self->output = malloc(OUTPUT_SIZE);
	ASSERT_NE(NULL, self->output);
	ASSERT_EQ(0, read_cpulist_file("/sys/devices/system/cpu/online", &online));
	self->last_online = online.last;
	/* What this kernel lets cpulab do: the owner from the kernel, the shadow as cpulab reports it. */
	self->kernel_owns_virt = kernel_owns_virt();
	snprintf(self->command, sizeof(self->command),
		 "%s status --json | grep -q '\"online\":true,\"cr4\":\"0x[0-9a-f]*\",\"cr4_shadow\":null'",
		 cli_path());
	self->shadow_hidden = !run_command(self->command, self->output, OUTPUT_SIZE);
	self->hotpluggable = SELFTEST_MAX_CPUS;
	for (unsigned int cpu = online.last; cpu > 0; cpu--)
		if (online.cpu[cpu] && sysfs_cpu_is_hotpluggable(cpu)) {
			self->hotpluggable = cpu;
			break;
		}
}

FIXTURE_TEARDOWN(cli_json)
{
	free(self->output);
}

/* Runs "cpulab ARGS" and validates its stdout; the exit status must be @status. */
static void run_and_validate(struct __test_metadata *_metadata, FIXTURE_DATA(cli_json) *self,
			     const char *schema_name, int status, const char *args)
{
	unsigned int objects;

	snprintf(self->command, sizeof(self->command), "%s %s", cli_path(), args);
	ASSERT_EQ(status, run_command(self->command, self->output, OUTPUT_SIZE)) TH_LOG("%s", self->command);
	objects = validate(_metadata, &self->schema, schema_name, self->command, self->output);
	EXPECT_LT(0, objects) TH_LOG("%s: nothing validated", self->command);
	TH_LOG("%s: %u objects match schema \"%s\"", args, objects, schema_name);
}

/*
 * Runs "cpulab ARGS", which cpulab must refuse: exit 1, nothing on stdout,
 * and the refusal's stable @name ("[kernel-owns-virt]") on stderr.
 */
static void expect_refusal(struct __test_metadata *_metadata, FIXTURE_DATA(cli_json) *self,
			   const char *args, const char *name)
{
	snprintf(self->command, sizeof(self->command), "%s %s 2>&1 >/dev/null", cli_path(), args);
	EXPECT_EQ(1, run_command(self->command, self->output, OUTPUT_SIZE)) TH_LOG("%s", self->command);
	EXPECT_NE(NULL, strstr(self->output, name)) TH_LOG("%s: %s", args, self->output);
}

TEST_F(cli_json, state_commands)
{
	char args[128];

	run_and_validate(_metadata, self, "status", 0, "status --json");
	run_and_validate(_metadata, self, "cpus", 0, "cache mark --json");
	run_and_validate(_metadata, self, "cpus", 0, "cache flush --json");
	snprintf(args, sizeof(args), "virt on --cpu %u --json", self->last_online);
	if (self->kernel_owns_virt) {
		expect_refusal(_metadata, self, args, "[kernel-owns-virt]");
		return;
	}
	run_and_validate(_metadata, self, "cpus", 0, args);
	snprintf(args, sizeof(args), "virt off --cpu %u --json", self->last_online);
	run_and_validate(_metadata, self, "cpus", 0, args);
}

TEST_F(cli_json, inject)
{
	char args[128];

	/* Arm, then consume it: release the request, the failing re-request, a good one. */
	snprintf(args, sizeof(args), "inject vmxon --cpu %u --class precheck --json", self->last_online);
	if (self->kernel_owns_virt) {
		expect_refusal(_metadata, self, args, "[kernel-owns-virt]");
		return;
	}
	snprintf(self->command, sizeof(self->command), "%s status --cpu %u --json | grep -q '\"state\":\"on\"'",
		 cli_path(), self->last_online);
	if (run_command(self->command, self->output, OUTPUT_SIZE))
		SKIP(return, "CPU %u is not running cpulab's virtualization", self->last_online);
	run_and_validate(_metadata, self, "cpus", 0, args);
	snprintf(self->command, sizeof(self->command),
		 "%s virt off --cpu %u && ! %s virt on --cpu %u 2>/dev/null && %s virt on --cpu %u",
		 cli_path(), self->last_online, cli_path(), self->last_online, cli_path(), self->last_online);
	EXPECT_EQ(0, run_command(self->command, self->output, OUTPUT_SIZE)) TH_LOG("%s", self->command);
}

TEST_F_TIMEOUT(cli_json, hotplug_commands, 300)
{
	char args[128];

	if (self->hotpluggable == SELFTEST_MAX_CPUS)
		SKIP(return, "no hotpluggable CPU online");
	snprintf(args, sizeof(args), "cpu offline --cpu %u --json", self->hotpluggable);
	run_and_validate(_metadata, self, "hotplug", 0, args);
	snprintf(args, sizeof(args), "cpu online --cpu %u --json", self->hotpluggable);
	run_and_validate(_metadata, self, "hotplug", 0, args);
	snprintf(args, sizeof(args), "cpu cycle --cpu %u --count 2 --json", self->hotpluggable);
	run_and_validate(_metadata, self, "cycle", 0, args);
}

TEST_F(cli_json, cr4_commands)
{
	char args[128];

	run_and_validate(_metadata, self, "cr4", 0, "cr4 --json");
	snprintf(args, sizeof(args), "cr4 perturb --cpu %u --json", self->last_online);
	if (self->shadow_hidden) {
		expect_refusal(_metadata, self, args, "[shadow-not-exported]");
		return;
	}
	run_and_validate(_metadata, self, "perturb", 0, args);
	snprintf(args, sizeof(args), "cr4 restore --cpu %u --json", self->last_online);
	run_and_validate(_metadata, self, "perturb", 0, args);
}

TEST_F(cli_json, stop_commands)
{
	if (self->last_online == 0)
		SKIP(return, "one CPU online: nothing to stop");
	run_and_validate(_metadata, self, "stop", 0, "stop --json");
	run_and_validate(_metadata, self, "stop-runs", 0, "stop --runs 3 --json");
}

/* monitor --json: one object per line, each against the "event" schema. */
TEST_F(cli_json, monitor)
{
	char *line, *save = NULL;
	unsigned int lines = 0;
	int status;
	pid_t child;

	snprintf(self->command, sizeof(self->command), "%s monitor --json --count 8 > /tmp/cli_json.monitor",
		 cli_path());
	child = fork();
	ASSERT_LE(0, child);
	if (!child) {
		setpgid(0, 0);	/* so a stuck monitor dies with its shell */
		_exit(WEXITSTATUS(system(self->command)));
	}
	/*
	 * Audits of every online CPU and a cache mark and flush: events on
	 * each CPU, until the monitor (subscribed at some point) has its 8.
	 * No fixed sleep: it could be too short, and under Bochs a guest
	 * second costs a minute.
	 */
	snprintf(self->command, sizeof(self->command), "%s cr4 >/dev/null && %s cache mark >/dev/null && "
		 "%s cache flush >/dev/null", cli_path(), cli_path(), cli_path());
	for (int round = 0; round < 50 && waitpid(child, &status, WNOHANG) == 0; round++)
		EXPECT_EQ(0, run_command(self->command, self->output, OUTPUT_SIZE));
	if (waitpid(child, &status, WNOHANG) == 0) {
		kill(-child, SIGKILL);
		waitpid(child, &status, 0);
		ASSERT_TRUE(false) TH_LOG("the monitor never printed 8 events");
	}
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	snprintf(self->command, sizeof(self->command), "cat /tmp/cli_json.monitor");
	ASSERT_EQ(0, run_command(self->command, self->output, OUTPUT_SIZE));
	for (line = strtok_r(self->output, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct json_value *json = json_parse(line);
		const struct json_value *type = json ? json_get(json, "type") : NULL;
		char schema_name[48];

		ASSERT_TRUE(type && type->type == JSON_STRING) TH_LOG("%s", line);
		/* Each event type has its own exact schema: "event.cr4", "event.virt"... */
		snprintf(schema_name, sizeof(schema_name), "event.%s", type->string);
		json_free(json);
		EXPECT_EQ(1, validate(_metadata, &self->schema, schema_name, "monitor --json", line));
		lines++;
	}
	EXPECT_EQ(8, lines);
}

TEST_HARNESS_MAIN
