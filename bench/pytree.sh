#!/bin/sh
# bench/pytree.sh DIR [N]: a Python tree comparable to a full CPython library
# with its site-packages (default N = 11659 .py files) for bench/discover.sh,
# made from this machine's own Python files: /usr/lib/python3* (the standard
# library and dist-packages) first, then every other .py under /usr/lib, in
# sorted order, copied with their relative paths (test directories and
# __pycache__ left out, as discover leaves them out), until N files.
set -eu
dir=${1:?usage: bench/pytree.sh DIR [N]}
n=${2:-11659}
mkdir -p "$dir"
{
	find /usr/lib/python3* -name '*.py' -not -path '*/tests/*' -not -path '*/__pycache__/*' | sort
	find /usr/lib -name '*.py' -not -path '/usr/lib/python3*' -not -path '*/tests/*' \
		-not -path '*/__pycache__/*' | sort
} | head -n "$n" | sed 's|^/usr/lib/||' | (cd /usr/lib && tar -cf - -T -) | (cd "$dir" && tar -xf -)
got=$(find "$dir" -name '*.py' | wc -l)
echo "$dir: $got .py files, $(du -sm "$dir" | cut -f1) MB"
[ "$got" -ge "$n" ] || echo "only $got .py files on this machine (wanted $n)" >&2
