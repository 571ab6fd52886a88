# the upward search for menace.yaml stops at a mount point (another file
# system above), as git's does without GIT_DISCOVERY_ACROSS_FILESYSTEM: a
# menace.yaml above the mount is not found from inside it, nor used. Needs
# a tmpfs mounted here (root); elsewhere a visible SKIP.
. "$TOP/tests/sh/lib.sh"
printf 'version: 1\nrules:\n  outer: {run: "echo outer >> .runs; echo o > ${out}", out: o.txt}\n' >menace.yaml
mkdir mnt
if ! mount -t tmpfs -o size=1m menace-test mnt 2>/dev/null; then
	echo "SKIP: cannot mount a tmpfs here (not root, or no mount permission)"
	exit 0
fi
trap 'rc_=$?; umount "$T/mnt" 2>/dev/null; (exit $rc_); cleanup' EXIT
mkdir mnt/sub
cd mnt/sub
runs_reset
expect_err 2 "menace: no menace.yaml in '$(pwd -P)' or a directory above it up to '$(cd .. && pwd -P)' (-f FILE or -C DIR names one)" menace build
check_nothing_ran
[ ! -e "$T/o.txt" ] || fail "the manifest above the mount point was used"
# the same directories on one file system: found
cd "$T"
umount mnt
mkdir -p mnt/sub
cd mnt/sub
expect_exit 0 menace build -q
[ -f "$T/o.txt" ] || fail "the manifest above was not found"
