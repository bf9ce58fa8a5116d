#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's own YNL client (tools/net/ynl/cli.py) as a peer: a client
# nobody here wrote, speaking to the cpulab family from spec/cpulab.yaml
# alone. A kselftest TEST_PROGS script with KTAP output through the
# kernel's ktap_helpers.sh; cpulab must be loaded.
#   1. dump-agrees-with-cli: `--dump cpu-get` and `cpulab status --json`
#      report the same CPUs, online state, CR4, virtualization, cache and
#      audit counts.
#   2. do-as-root-and-as-user: `--do cr4-audit` as root audits every online
#      CPU (counted from sysfs); as uid 1000 it gets EPERM and audits
#      nothing.
#   3. events-of-a-hotplug-cycle: `--subscribe events` receives cpulab's
#      cpu-offline and cpu-online events, cause hotplug, for a CPU taken
#      offline and online through sysfs.
#
#   CPULAB_YNL_CLI    the kernel's tools/net/ynl/cli.py (else: skip)
#   CPULAB_YNL_SPEC   spec/cpulab.yaml (default: cpulab.yaml beside this)
#   CPULAB_CLI        the CLI (default: cpulab on PATH)

. "$(dirname "$0")/lib.sh"

ynl=${CPULAB_YNL_CLI:-}
spec=${CPULAB_YNL_SPEC:-$here/cpulab.yaml}
cli=${CPULAB_CLI:-cpulab}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The peer, with the spec and nothing else; no schema check (jsonschema is
# not needed to speak the protocol, and the build already validated).
peer() {
	python3 "$ynl" --spec "$spec" --no-schema --output-json "$@"
}

# As uid and gid 1000 with no supplementary groups and no capabilities:
# python does what su would, without a passwd file.
peer_as_user() {
	python3 -c 'import os, sys
os.setgroups([]); os.setgid(1000); os.setuid(1000)
os.execvp(sys.argv[1], sys.argv[1:])' python3 "$ynl" --spec "$spec" --no-schema --output-json "$@"
}

dump_agrees_with_cli() {
	peer --dump cpu-get > "$work/peer.json" 2> "$work/peer.err" ||
		{ ktap_print_msg "cli.py --dump cpu-get failed: $(head -c 300 "$work/peer.err")"; return 1; }
	"$cli" status --json > "$work/cli.json" 2> "$work/cli.err" ||
		{ ktap_print_msg "cpulab status --json failed: $(head -c 300 "$work/cli.err")"; return 1; }
	python3 - "$work/peer.json" "$work/cli.json" <<'EOF'
import json, sys
# The spec's display-hint makes the peer print CR4 values in hex.
def number(value):
    return int(value, 16) if isinstance(value, str) else value
peer = {m['cpu']: m for m in json.load(open(sys.argv[1]))}
cli = {c['cpu']: c for c in json.load(open(sys.argv[2]))['cpus']}
bad = []
if sorted(peer) != sorted(cli):
    bad.append(f'CPUs: ynl {sorted(peer)}, cpulab {sorted(cli)}')
for cpu in sorted(set(peer) & set(cli)):
    p, c = peer[cpu], cli[cpu]
    # Each record is its own nest in the spec: virt, cache, cr4-audit.
    virt, cache, audit = p.get('virt', {}), p.get('cache'), p.get('cr4-audit')
    pairs = [
        ('online', bool(p.get('online')), c['online']),
        ('virt state', virt.get('state'), c['virt']['state']),
        ('virt enables', virt.get('enables'), c['virt']['enables']),
        ('virt requests', virt.get('requests'), c['virt']['requests']),
        ('emergency slot', virt.get('emergency-callback'), c['virt']['emergency_callback']),
        ('virt error', virt.get('error-name'), c['virt']['error']),
    ]
    if c['online']:
        pairs += [
            ('cr4', number(p.get('cr4')), int(c['cr4'], 16)),
            ('cr4 shadow', number(p.get('cr4-shadow')), int(c['cr4_shadow'], 16)),
            ('virt cap', virt.get('cap'), c['virt_cap']),
        ]
    pairs.append(('cache record', cache is not None, c.get('cache') is not None))
    if cache is not None and c.get('cache') is not None:
        pairs.append(('cache incoherent', bool(cache.get('incoherent')), c['cache']['incoherent']))
    pairs.append(('cr4 audit record', audit is not None, c.get('cr4_audit') is not None))
    if audit is not None and c.get('cr4_audit') is not None:
        pairs.append(('cr4 audits', audit.get('runs'), c['cr4_audit']['audits']))
    bad += [f'CPU {cpu} {what}: ynl {a!r}, cpulab {b!r}' for what, a, b in pairs if a != b]
print(f'# {len(peer)} CPUs compared, {len(bad)} differences')
for line in bad:
    print('# ' + line)
sys.exit(1 if bad else 0)
EOF
}

do_as_root_and_as_user() {
	expected=$(sysfs_cpu_count online)
	peer --do cr4-audit --json '{}' > "$work/audit.json" 2> "$work/audit.err" ||
		{ ktap_print_msg "cli.py --do cr4-audit as root failed: $(head -c 300 "$work/audit.err")"; return 1; }
	audited=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["cr4-audited"])' \
		"$work/audit.json")
	[ "$audited" = "$expected" ] ||
		{ ktap_print_msg "as root: cr4-audited $audited, sysfs has $expected CPUs online"; return 1; }
	before=$("$cli" status --json | python3 -c 'import json, sys
print(sum(c["cr4_audit"]["audits"] for c in json.load(sys.stdin)["cpus"] if c.get("cr4_audit")))')
	peer_as_user --do cr4-audit --json '{}' > "$work/user.out" 2>&1
	status=$?
	after=$("$cli" status --json | python3 -c 'import json, sys
print(sum(c["cr4_audit"]["audits"] for c in json.load(sys.stdin)["cpus"] if c.get("cr4_audit")))')
	ktap_print_msg "as root: $audited CPUs audited; as uid 1000: exit $status, $(head -n 1 "$work/user.out")"
	[ "$status" != 0 ] || { ktap_print_msg "as uid 1000 the audit succeeded"; return 1; }
	grep -q "Operation not permitted" "$work/user.out" ||
		{ ktap_print_msg "as uid 1000: no EPERM: $(head -c 300 "$work/user.out")"; return 1; }
	[ "$before" = "$after" ] ||
		{ ktap_print_msg "the refused audit changed the audit counts ($before -> $after)"; return 1; }
}

events_of_a_hotplug_cycle() {
	last=$(cat /sys/devices/system/cpu/online); last=${last##*[-,]}
	[ "$last" != 0 ] || { ktap_print_msg "one CPU online: nothing to cycle"; return 1; }
	online=/sys/devices/system/cpu/cpu$last/online
	[ -w "$online" ] || { ktap_print_msg "CPU $last is not hotpluggable"; return 1; }
	# The peer subscribes first, then sleeps; events queue in its socket
	# until it reads them. Python's start-up under an emulator takes
	# seconds, so the cycle waits for the peer to have read the spec, and
	# is repeated once later in case the first came too early.
	peer --subscribe events --sleep 12 > "$work/events.json" 2> "$work/events.err" &
	listener=$!
	sleep 5
	for round in 1 2; do
		echo 0 > "$online" || { ktap_print_msg "CPU $last would not go offline"; break; }
		echo 1 > "$online" || { ktap_print_msg "CPU $last would not come back online"; return 1; }
		sleep 2
	done
	wait $listener || { ktap_print_msg "cli.py --subscribe failed: $(head -c 300 "$work/events.err")"; return 1; }
	python3 - "$work/events.json" "$last" <<'EOF'
import json, sys
cpu = int(sys.argv[2])
# Each event's attributes are in its event nest.
events = [e['msg'].get('event', {}) for e in json.load(open(sys.argv[1])) if e.get('name') == 'event']
seen = [(e.get('type'), e.get('cause')) for e in events if e.get('cpu') == cpu]
print(f'# {len(events)} events received, for CPU {cpu}: {seen}')
ok = ('cpu-offline', 'hotplug') in seen and ('cpu-online', 'hotplug') in seen
sys.exit(0 if ok else 1)
EOF
}

ktap_print_header
if [ -z "$ynl" ] || [ ! -r "$ynl" ] || ! command -v python3 > /dev/null; then
	ktap_skip_all "set CPULAB_YNL_CLI to the kernel's tools/net/ynl/cli.py (and have python3)"
	exit "$KSFT_SKIP"
fi
if [ ! -e /sys/module/cpulab ]; then
	ktap_skip_all "cpulab is not loaded"
	exit "$KSFT_SKIP"
fi
ktap_set_plan 3
ktap_test_result dump-agrees-with-cli dump_agrees_with_cli
ktap_test_result do-as-root-and-as-user do_as_root_and_as_user
ktap_test_result events-of-a-hotplug-cycle events_of_a_hotplug_cycle
ktap_finished
