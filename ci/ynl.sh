#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernel's YNL tools (tools/net/ynl from Debian's linux-source-6.12)
# run on spec/cpulab.yaml, the protocol's one source.
#
#   ynl.sh tools          extract the tools and the genetlink schemas into
#                         build/ynl (idempotent); prints nothing
#   ynl.sh regen          regenerate every generated file in the tree
#   ynl.sh check          fail, with a diff, when a committed generated file
#                         differs from a fresh generation
#
# ynl-gen-c.py finds the schema two directories above the spec and names
# the spec by its path below the nearest MAINTAINERS, as in a kernel tree,
# so the spec is run from a copy laid out that way (build/ynl/root/spec/).
set -euo pipefail

cd "$(dirname "$0")/.."
root=$PWD
tarball=/usr/src/linux-source-6.12.tar.xz
dest=$root/build/ynl
stamp="$dest/.from-v1-$(stat -c %Y-%s "$tarball" 2>/dev/null || echo none)"
python=/usr/bin/python3

extract_tools() {
	[ -e "$stamp" ] && return 0
	[ -r "$tarball" ] || { echo "ynl: $tarball missing; run 'make deps'" >&2; exit 1; }
	local scratch
	scratch=$(mktemp -d)
	tar -C "$scratch" -xJf "$tarball" --wildcards \
		'*/tools/net/ynl/*' '*/Documentation/netlink/genetlink*.yaml'
	rm -rf "$dest" && mkdir -p "$dest/root/spec"
	mv "$scratch"/*/tools/net/ynl "$dest/tools"
	cp "$scratch"/*/Documentation/netlink/genetlink*.yaml "$dest/root/"
	rm -rf "$scratch"
	# What find_kernel_root() looks for; never read.
	echo "cpulab: generated-file root for ynl-gen-c.py" >"$dest/root/MAINTAINERS"
	touch "$stamp"
}

# Every generated file, as "path generator-arguments...".
generated_files=(
	"include/uapi/cpulab.h uapi --header"
	"module/kernel/netlink_gen.h kernel --header"
	"module/kernel/netlink_gen.c kernel --source"
	"user/src/protocol_names.h names --header"
	"user/src/protocol_policies.h names --policies"
	"docs/protocol-reference.rst rst"
)

# Writes every generated file under $1.
generate() {
	local out=$1 entry path mode args spec=$dest/root/spec/cpulab.yaml
	cp spec/cpulab.yaml "$spec"
	for entry in "${generated_files[@]}"; do
		read -r path mode args <<<"$entry"
		mkdir -p "$out/$(dirname "$path")"
		case $mode in
		uapi|kernel)
			# shellcheck disable=SC2086
			(cd "$dest/root" && "$python" "$dest/tools/ynl-gen-c.py" --mode "$mode" \
				$args --spec ./spec/cpulab.yaml -o "$out/$path") >/dev/null
			;;
		names)
			# shellcheck disable=SC2086
			"$python" ci/ynl-gen-names.py --tools "$dest/tools" --spec "$spec" \
				$args -o "$out/$path"
			;;
		rst)
			"$python" "$dest/tools/ynl-gen-rst.py" -i "$spec" -o "$out/$path"
			;;
		esac
	done
}

extract_tools
case ${1:-} in
tools)
	;;
regen)
	generate "$root"
	echo "ynl: regenerated ${#generated_files[@]} files from spec/cpulab.yaml"
	;;
check)
	fresh=$(mktemp -d)
	trap 'rm -rf "$fresh"' EXIT
	generate "$fresh"
	status=0
	for entry in "${generated_files[@]}"; do
		path=${entry%% *}
		if ! diff -u "$path" "$fresh/$path"; then
			echo "ynl: $path differs from spec/cpulab.yaml's generation; run 'make regen'" >&2
			status=1
		fi
	done
	[ "$status" -eq 0 ] && echo "ynl: ${#generated_files[@]} generated files match spec/cpulab.yaml"
	exit "$status"
	;;
*)
	echo "usage: ynl.sh tools|regen|check" >&2
	exit 2
	;;
esac
