#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# docs_test.sh CPULAB: every subcommand the CLI offers is in cpulab.1 and
# in the bash completion, and the completion script parses.
set -uo pipefail
cli=${1:?cpulab binary}
dir=$(cd "$(dirname "$0")/.." && pwd)
status=0

bash -n "$dir/completion/cpulab.bash" || { echo "completion: syntax error"; status=1; }
subcommands=$("$cli" --help | awk '/^Subcommands:/ { on = 1; next } on && /^ +[a-z]/ { print $1 }')
[ -n "$subcommands" ] || { echo "no subcommands in cpulab --help"; exit 1; }
for sub in $subcommands; do
	grep -q "^\.B cpulab $sub" "$dir/doc/cpulab.1" || { echo "cpulab.1 lacks $sub"; status=1; }
	grep -q "commands=\".*\b$sub\b" "$dir/completion/cpulab.bash" || { echo "completion lacks $sub"; status=1; }
done
exit $status
