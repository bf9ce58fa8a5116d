# SPDX-License-Identifier: GPL-2.0
# bash completion for cpulab(1)

_cpulab()
{
	local cur prev words cword
	_init_completion || return

	local commands="status virt inject cache stop cpu cr4 monitor"
	local command=${words[1]} sub=${words[2]}

	case $prev in
	--cpu)
		local cpus
		cpus=$(ls -d /sys/devices/system/cpu/cpu[0-9]* 2>/dev/null | sed 's/.*cpu//')
		COMPREPLY=($(compgen -W "$cpus" -- "$cur"))
		return ;;
	--mode) COMPREPLY=($(compgen -W "ipi ipi+nmi nmi" -- "$cur")); return ;;
	--ordering) COMPREPLY=($(compgen -W "upstream hardened" -- "$cur")); return ;;
	--class)
		COMPREPLY=($(compgen -W "bad-revision misaligned-region vmxe-clear precheck" -- "$cur"))
		return ;;
	--bit) COMPREPLY=($(compgen -W "pce" -- "$cur")); return ;;
	-o|--output)
		COMPREPLY=($(compgen -W "$(cpulab status -o help 2>/dev/null)" -- "$cur"))
		return ;;
	--count|--runs|--wbinvd-delay-us|--ipi-timeout-ms|--nmi-timeout-ms|--hold-ms) return ;;
	esac

	if [ "$cword" -eq 1 ]; then
		COMPREPLY=($(compgen -W "$commands --help" -- "$cur"))
		return
	fi

	local options="--help"
	case $command in
	status) options="--cpu --json -o --output --check-kernel --help" ;;
	virt)
		[ "$cword" -eq 2 ] && { COMPREPLY=($(compgen -W "on off" -- "$cur")); return; }
		options="--cpu --json --help" ;;
	inject)
		[ "$cword" -eq 2 ] && { COMPREPLY=($(compgen -W "vmxon" -- "$cur")); return; }
		options="--cpu --class --json --help" ;;
	cache)
		[ "$cword" -eq 2 ] && { COMPREPLY=($(compgen -W "mark flush" -- "$cur")); return; }
		options="--cpu --json --help" ;;
	stop)
		options="--mode --ordering --wbinvd-delay-us --ipi-timeout-ms --nmi-timeout-ms --hold-ms --runs --json --help" ;;
	cpu)
		[ "$cword" -eq 2 ] && { COMPREPLY=($(compgen -W "offline online cycle" -- "$cur")); return; }
		options="--cpu --json --help"
		[ "$sub" = cycle ] && options="$options --count" ;;
	cr4)
		if [ "$cword" -eq 2 ] && [[ $cur != -* ]]; then
			COMPREPLY=($(compgen -W "perturb restore" -- "$cur"))
			return
		fi
		options="--cpu --json --help"
		[ "$sub" = perturb ] && options="$options --bit" ;;
	monitor) options="--cpu --count --json --help" ;;
	esac
	COMPREPLY=($(compgen -W "$options" -- "$cur"))
}
complete -F _cpulab cpulab
