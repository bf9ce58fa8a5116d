// SPDX-License-Identifier: GPL-2.0
#include "cli_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

const char *cli_path(void)
{
	const char *path = getenv("CPULAB_CLI");

	return path && *path ? path : "cpulab";
}

int run_command(const char *command, char *output, size_t cap)
{
	FILE *pipe = popen(command, "r");
	size_t len = 0;
	int status;

	if (!pipe)
		return -1;
	while (len + 1 < cap) {
		size_t got = fread(output + len, 1, cap - 1 - len, pipe);

		if (!got)
			break;
		len += got;
	}
	output[len] = '\0';
	status = pclose(pipe);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
