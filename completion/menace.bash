# bash completion for menace: commands, the flags of each (read from its
# --help), and the rule, instance and output names of the manifest
# (menace targets --names). Installed by 'make install' into
# $(PREFIX)/share/bash-completion/completions/menace.

# the flags a --help text lists: its usage line's and its option lines'
_menace_flags()
{
	"${1:-menace}" "${@:2}" --help 2>/dev/null |
		grep -E '^(usage:|  +-)' |
		grep -oE '(^|[][ ,|])--?[A-Za-z][A-Za-z0-9-]*' |
		sed 's/^[][ ,|]//' | sort -u
}

_menace()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	local exe=${COMP_WORDS[0]} cmd= w i commands
	local -a where=()

	case $prev in
	-C | --directory)
		COMPREPLY=($(compgen -d -- "$cur"))
		return
		;;
	-f | --file | --json)
		COMPREPLY=($(compgen -f -- "$cur"))
		return
		;;
	esac
	commands=$("$exe" --help 2>/dev/null | sed -n '/^commands:$/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
	# the command, and the -C/-f that say which manifest to read
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		-C | --directory | -f | --file)
			where+=("$w" "${COMP_WORDS[i+1]}")
			i=$((i + 1))
			;;
		-*) ;;
		*)
			if [ -z "$cmd" ] && printf '%s\n' $commands | grep -qxF -- "$w"; then
				cmd=$w
			fi
			;;
		esac
	done
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_menace_flags "$exe" ${cmd:-build}; _menace_flags "$exe")" -- "$cur"))
		return
	fi
	case ${cmd:-build} in
	build | status | explain | clean | graph | watch)
		COMPREPLY=($(compgen -W "$([ -z "$cmd" ] && echo "$commands"; "$exe" "${where[@]}" targets --names 2>/dev/null)" -- "$cur"))
		;;
	*)
		COMPREPLY=($(compgen -f -- "$cur"))
		;;
	esac
}

complete -F _menace menace
