#!/bin/sh
# examples/sandbox_repo.sh DIR [-1]: copy examples/sandbox_repo/ to DIR (which
# must not exist yet) and make it a git repository, for tests and demos.
#
# Two commits (one with -1): "ledger: initial import", whose tools/stats.py
# still has a docstring on mean() and a debug logging call, then "stats: drop
# debug logging", the tree as it is in examples/sandbox_repo/. The second
# commit is what "menace flag --repo DIR" checks: a docstring and a logging
# call removed (severity 0.75, not escalated). Author and dates are fixed, so
# the commit ids are the same on every run.
set -eu
usage() { echo "usage: $0 DIR [-1]" >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage
dir=$1
one=0
[ $# -eq 2 ] && { [ "$2" = "-1" ] || usage; one=1; }
src=$(cd "$(dirname "$0")/sandbox_repo" && pwd)
[ -e "$dir" ] && { echo "$0: '$dir' exists" >&2; exit 1; }
command -v git >/dev/null 2>&1 || { echo "$0: git not found" >&2; exit 1; }

mkdir -p "$dir"
# copy without caches a test run may have left behind
(cd "$src" && find . -name __pycache__ -prune -o -name '*.pyc' -prune -o -type f -print) |
while IFS= read -r f; do
	mkdir -p "$dir/$(dirname "$f")"
	cp "$src/$f" "$dir/$f"
done

cd "$dir"
export GIT_AUTHOR_NAME="Sandbox Example" GIT_AUTHOR_EMAIL="sandbox@example.com"
export GIT_COMMITTER_NAME="Sandbox Example" GIT_COMMITTER_EMAIL="sandbox@example.com"
export GIT_AUTHOR_DATE="2024-01-01T12:00:00Z" GIT_COMMITTER_DATE="2024-01-01T12:00:00Z"
git init -q .
git config core.autocrlf false
if [ "$one" -eq 0 ]; then
	cp tools/stats.py .stats.final
	cat >tools/stats.py <<'PY'
"""Statistics over the amounts of a book."""
import logging

log = logging.getLogger(__name__)


def mean(values):
    """The arithmetic mean (0 for no values)."""
    return sum(values) / len(values) if values else 0


def median(values):
    """The median; the bug: for an even count it takes the upper middle value."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("median of nothing")
    log.debug("median of %d values", len(ordered))
    return ordered[len(ordered) // 2]
PY
fi
git add -A -- . ':!.stats.final'
git commit -q -m "ledger: initial import"
if [ "$one" -eq 0 ]; then
	mv .stats.final tools/stats.py
	export GIT_AUTHOR_DATE="2024-01-02T12:00:00Z" GIT_COMMITTER_DATE="2024-01-02T12:00:00Z"
	git commit -q -a -m "stats: drop debug logging"
fi
