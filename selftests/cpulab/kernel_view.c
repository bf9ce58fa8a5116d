// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_run.h"
#include "json.h"
#include "kernel_view.h"

/* `status --json` of a 72-CPU guest is some 90 KB. */
#define STATUS_OUTPUT_SIZE (4u << 20)

static int parse_status(struct kernel_view *view, const struct json_value *status,
			char *problem, unsigned int cap)
{
	const struct json_value *variables, *variable, *cpus;

	variables = json_get(json_get(status, "kernel_view"), "variables");
	variable = json_get(variables, "cr4_shadow");
	if (!variable || variable->type != JSON_STRING) {
		snprintf(problem, cap, "no kernel_view.variables.cr4_shadow");
		return -1;
	}
	snprintf(view->cr4_shadow_status, sizeof(view->cr4_shadow_status), "%s", variable->string);
	cpus = json_get(status, "cpus");
	if (!cpus || cpus->type != JSON_ARRAY) {
		snprintf(problem, cap, "no cpus array");
		return -1;
	}
	for (size_t i = 0; i < cpus->count; i++) {
		const struct json_value *cpu = json_get(&cpus->items[i], "cpu");
		const struct json_value *shadow = json_get(json_get(&cpus->items[i], "kernel"), "cr4_shadow");
		unsigned int id;

		if (!cpu || cpu->type != JSON_NUMBER || cpu->number < 0 || cpu->number >= SELFTEST_MAX_CPUS) {
			snprintf(problem, cap, "a CPU without a valid number");
			return -1;
		}
		id = (unsigned int)cpu->number;
		if (shadow && shadow->type == JSON_STRING) {
			view->cr4_shadow[id] = strtoull(shadow->string, NULL, 16);
			view->has_cr4_shadow[id] = true;
		}
	}
	return 0;
}

int kernel_view_read(struct kernel_view *view, char *problem, unsigned int cap)
{
	char command[512], *output = malloc(STATUS_OUTPUT_SIZE);
	struct json_value *status;
	int exit_status, ret;

	memset(view, 0, sizeof(*view));
	if (!output) {
		snprintf(problem, cap, "out of memory");
		return -1;
	}
	snprintf(command, sizeof(command), "%s status --json", cli_path());
	exit_status = run_command(command, output, STATUS_OUTPUT_SIZE);
	if (exit_status) {
		snprintf(problem, cap, "%s exited %d", command, exit_status);
		free(output);
		return -1;
	}
	status = json_parse(output);
	free(output);
	if (!status) {
		snprintf(problem, cap, "%s printed no JSON", command);
		return -1;
	}
	ret = parse_status(view, status, problem, cap);
	json_free(status);
	return ret;
}
