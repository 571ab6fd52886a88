#!/bin/sh
# bench/remote.sh [N] [CC_FILES]: a cold build against a build restored from
# the remote cache, on the same graph, with a real nginx WebDAV cache on
# 127.0.0.1 (tests/nginx/start.sh). Two graphs:
#   copy  gen.py's graph with N sources (default 2000): N cp rules, N/100
#         archives, one final file; cheap commands, many small outputs
#   cc    CC_FILES (default 24) C files of 300 functions, each `cc -O2 -c`
#   sandbox  the sandbox pipeline (menace.yaml, rules/sandbox.yaml, full
#         matrix) over examples/sandbox_repo: self-tests, rules with a
#         depfile, found by the fresh clone through their deps entries
# For each graph, three clones of the same tree, -j2, wall time from
# date(1):
#   cold      clone 1, no cache anywhere (--no-cache, no remote)
#   upload    clone 2, empty local cache, --remote-cache: runs everything
#             and uploads it (the server starts empty)
#   restored  clone 3, empty local cache, --remote-cache: restores
#             everything from the server, runs nothing
# and prints a Markdown table with the rules each build ran and restored.
# MENACE names the binary (default: ./menace of this checkout).
set -eu
n=${1:-2000}
ncc=${2:-24}
here=$(cd "$(dirname "$0")" && pwd)
menace=${MENACE:-$here/../menace}
work=${BENCH_DIR:-/tmp/menace-bench-remote}
unset SANDBOX_DATA_DIR MENACE_JOBS SANDBOX_JSON_LOGS MENACE_REMOTE_CACHE MENACE_REMOTE_CACHE_MODE
rm -rf "$work"
mkdir -p "$work"

set -- $(sh "$here/../tests/nginx/start.sh" "$work/nginx")
"$1" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" </dev/null >/dev/null 2>&1 &
nginx=$!
trap 'kill $nginx 2>/dev/null; wait $nginx 2>/dev/null' EXIT INT TERM
url=http://127.0.0.1:$2/cache
i=0
until python3 -c "import socket; socket.create_connection(('127.0.0.1', $2), 1)" 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 200 ] || { echo "nginx did not start" >&2; exit 1; }
	sleep 0.1
done

gen_sandbox() {
	mkdir -p "$1/rules"
	sh "$here/../examples/sandbox_repo.sh" "$1/repo" >/dev/null 2>&1
	sed 's|^  repo: .*examples/sandbox_repo}*$|  repo: repo|' "$here/../menace.yaml" >"$1/menace.yaml"
	cp "$here/../rules/sandbox.yaml" "$1/rules/"
}

gen_cc() {
	mkdir -p "$1/src"
	printf 'version: 1\nrules:\n' >"$1/menace.yaml"
	f=0
	while [ $f -lt "$ncc" ]; do
		python3 -c "
import sys
f = int(sys.argv[1])
for i in range(300):
    print('int f%d_%d(int x) { int s = 0; for (int k = 0; k < x; k++) s += (k * %d) ^ (s >> 3); return s; }' % (f, i, i + 1))
" $f >"$1/src/m$f.c"
		printf '  cc%d: {run: "cc -O2 -c src/m%d.c -o obj/m%d.o", in: [src/m%d.c], out: [obj/m%d.o]}\n' \
			$f $f $f $f $f >>"$1/menace.yaml"
		f=$((f + 1))
	done
}

now() { date +%s.%N; }
# build DIR ARGS...: prints "SECONDS RAN RESTORED"
build() {
	d=$1
	shift
	t0=$(now)
	"$menace" -C "$d" build -j2 "$@" 2>"$d.err" || { cat "$d.err" >&2; exit 1; }
	t1=$(now)
	line=$(tail -1 "$d.err")
	ran=$(echo "$line" | sed -n 's/^menace: \([0-9]*\) ran.*/\1/p')
	restored=$(echo "$line" | sed -n 's/.* \([0-9]*\) restored.*/\1/p')
	printf '%s %s %s\n' "$(python3 -c "print('%.2f' % ($t1 - $t0))")" "$ran" "${restored:-0}"
}

echo "| graph | cold (no cache) | run and upload | restored from the remote cache | rules ran / restored (cold, upload, restored) | uploaded |"
echo "|---|---|---|---|---|---|"
for g in copy cc sandbox; do
	tree=$work/$g
	case $g in
	copy) python3 "$here/gen.py" "$n" "$tree" ;;
	cc) gen_cc "$tree" ;;
	sandbox) gen_sandbox "$tree" ;;
	esac
	rm -f "$tree/build.ninja" "$tree/Makefile"
	cp -R "$tree" "$work/$g-2"
	cp -R "$tree" "$work/$g-3"
	set -- $(build "$tree" --no-cache)
	cold=$1 r1=$2
	set -- $(build "$work/$g-2" --remote-cache "$url")
	up=$1 r2=$2
	set -- $(build "$work/$g-3" --remote-cache "$url")
	rest=$1 r3=$2 s3=$3
	bytes=$(du -sh "$work/nginx/root/cache" | cut -f1)
	echo "| $g | ${cold}s | ${up}s | ${rest}s | $r1, $r2, $r3 / 0, 0, $s3 | $bytes |"
	rm -rf "$work/nginx/root/cache"/*
done
