#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""skips.py CONSOLE LANE EXPECTED: holds a lane's KTAP skips to what the
lane expects (EXPECTED, ci/expected-skips).

Every skip in the console, of a test (`ok N NAME # SKIP REASON`, at any
depth) or of a whole document (`1..0 # SKIP REASON`, named `(all)`), must
match an expectation of the lane, and every expectation of the lane must
match at least one skip. A test that stops applying, or starts skipping
for another reason, fails the lane instead of disappearing from it.

EXPECTED has one expectation a line: LANE OWNER RUN TEST REASON, the first
four shell globs (fnmatch) against the lane's name (LANE may list several,
comma-separated, and !GLOB leaves lanes out), who owns VMX/SVM on
its kernel (`kernel` on 7.1+, `cpulab` before: the console's CPULAB-KERNEL
line, which ci/vm-init.sh reads from /proc/kallsyms; a developer's tree may
be either), the run (`LABEL/PROGRAM`, as ci/vm-init.sh's CPULAB-RUN line
names it) and the test's name, REASON a text the skip's reason must contain (a shell test's ktap_test_skip gives
its reason in the name, after the first ": "). A line that starts
with '#' is a comment.

Prints one line per skip and per problem; exits 0 when none was found.
"""
import fnmatch
import re
import sys

RESULT = re.compile(r"^ *ok [0-9]+ (.*?) # SKIP ?(.*)$")
SKIP_ALL = re.compile(r"^ *1\.\.0 # SKIP ?(.*)$")


def read_owner(console):
    """Who owns VMX/SVM, as the console's first CPULAB-KERNEL line says."""
    with open(console, encoding="utf-8", errors="replace") as log:
        for line in log:
            if line.startswith("CPULAB-KERNEL: virt-owner="):
                return line.split("=", 1)[1].strip()
    return "unknown"


def lane_matches(lane, globs):
    """Whether LANE matches one of GLOBS (comma-separated) and no !GLOB."""
    globs = globs.split(",")
    excluded = [glob[1:] for glob in globs if glob.startswith("!")]
    included = [glob for glob in globs if not glob.startswith("!")]
    return (any(fnmatch.fnmatchcase(lane, glob) for glob in included)
            and not any(fnmatch.fnmatchcase(lane, glob) for glob in excluded))


def read_expectations(path, lane, owner):
    expectations = []
    with open(path, encoding="utf-8") as table:
        for number, line in enumerate(table, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            fields = line.split(None, 4)
            if len(fields) != 5:
                sys.exit(f"skips: {path}:{number}: want LANE OWNER RUN TEST REASON: {line}")
            if lane_matches(lane, fields[0]) and fnmatch.fnmatchcase(owner, fields[1]):
                expectations.append((f"{path}:{number}", *fields[2:]))
    return expectations


def read_skips(console):
    skips, run = [], None
    with open(console, encoding="utf-8", errors="replace") as log:
        for line in log:
            line = line.rstrip("\r\n")
            if line.startswith("CPULAB-RUN: "):
                run = line.split(None, 1)[1]
                continue
            if run is None:
                continue
            match = RESULT.match(line)
            if match:
                name, reason = match.group(1), match.group(2)
                if not reason and ": " in name:
                    name, reason = name.split(": ", 1)
                skips.append((run, name, reason))
                continue
            match = SKIP_ALL.match(line)
            if match:
                skips.append((run, "(all)", match.group(1)))
    return skips


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: skips.py CONSOLE LANE EXPECTED")
    console, lane, table = sys.argv[1:]
    owner = read_owner(console)
    expectations = read_expectations(table, lane, owner)
    matched = [0] * len(expectations)
    problems = 0
    for run, name, reason in read_skips(console):
        hits = [i for i, (_, run_glob, test_glob, text) in enumerate(expectations)
                if fnmatch.fnmatchcase(run, run_glob) and fnmatch.fnmatchcase(name, test_glob)
                and text in reason]
        for i in hits:
            matched[i] += 1
        if hits:
            print(f"{lane}: skipped as expected: {run} {name}: {reason}")
        else:
            print(f"FAIL {lane}: unexpected skip: {run} {name}: {reason or '(no reason given)'}")
            problems += 1
    for (where, run_glob, test_glob, text), count in zip(expectations, matched):
        if not count:
            print(f"FAIL {lane}: expected skip did not happen: {run_glob} {test_glob}: {text} ({where})")
            problems += 1
    sys.exit(1 if problems else 0)


main()
