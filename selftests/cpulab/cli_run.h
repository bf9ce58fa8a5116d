/* SPDX-License-Identifier: GPL-2.0 */
/* Running the cpulab CLI from a selftest, as a user would from a shell. */
#ifndef CPULAB_SELFTEST_CLI_RUN_H
#define CPULAB_SELFTEST_CLI_RUN_H

#include <stddef.h>

/* $CPULAB_CLI, or "cpulab" from PATH. */
const char *cli_path(void);

/*
 * Runs @command through the shell with its stdout in @output (truncated to
 * @cap - 1 bytes, NUL-terminated). Returns its exit status, or -1 if it did
 * not exit normally.
 */
int run_command(const char *command, char *output, size_t cap);

#endif /* CPULAB_SELFTEST_CLI_RUN_H */
