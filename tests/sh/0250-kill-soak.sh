#!/bin/sh
# Kill soak: builds of a small graph (sources, chains, fan-in, rules with
# two outputs, rules that leave a grandchild writing) are killed at random
# points with SIGKILL, SIGINT, SIGTERM and SIGHUP, with sources edited
# between rounds (to values seen before, so the cache restores too). After
# each round a build must end with every output byte-for-byte equal to a
# clean build of the same sources in a fresh directory, and a second build
# must run nothing.
#   SOAK_KILLS=N   kills in this run (default 50; 12 under the sanitizers,
#                  whose slow starts would take minutes)
#   SOAK_SEED=S    the random seed (default: the fixed list 1 2 3; 'random'
#                  draws one and prints it)
. "$TOP/tests/sh/lib.sh"
command -v python3 >/dev/null || fail "python3 is needed"
case "$MENACE" in */build/san/*) kills=${SOAK_KILLS:-12} ;; *) kills=${SOAK_KILLS:-50} ;; esac
seeds=${SOAK_SEED:-1 2 3}
[ "$seeds" = random ] && seeds=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
python3 - "$kills" $seeds <<'PY' || fail "the kill soak found a difference"
import os, random, shutil, signal, subprocess, sys, time

MENACE = os.environ["MENACE"]
kills_wanted = int(sys.argv[1])
seeds = [int(s) for s in sys.argv[2:]]
top = os.getcwd()
NSRC = 5

def manifest():
    # commands sleep $SLP or $LONG (0 in the reference builds and the
    # rebuilds): the shell reads them, so the keys do not change with them
    def rule(name, ins, outs, pre="", nap="$SLP"):
        run = (f"echo {name} >> .runs; {pre}printf 'start {name}\\n' > ${{out[0]}}; "
               f"sleep {nap}; cat ${{in}} >> ${{out[0]}}" + ("; wait" if pre else ""))
        return f"  {name}:\n    run: \"{run}\"\n    in: [{', '.join(ins)}]\n    out: [{', '.join(outs)}]"
    r = []
    for i in range(NSRC):
        j = (i + 1) % NSRC
        r.append(rule(f"a{i}", [f"src/s{i}.txt"], [f"out/a{i}.txt"]))
        r.append(rule(f"b{i}", [f"out/a{i}.txt"], [f"out/b{i}.txt"], nap="$LONG"))
        r.append(rule(f"c{i}", [f"out/b{i}.txt", f"out/a{j}.txt"], [f"out/c{i}.txt"]))
        # two outputs, the second written by a grandchild the shell waits for
        r.append(rule(f"d{i}", [f"out/c{i}.txt"], [f"out/d{i}.txt", f"out/d{i}.copy"],
                      pre="(sleep $LONG; cat ${in} > ${out[1]}) & "))
    r.append(rule("e", [f"out/d{i}.txt" for i in range(NSRC)], ["out/e.txt"]))
    r.append(rule("f", ["out/e.txt", "out/d0.copy"], ["out/f.txt"], nap="$LONG"))
    return "version: 1\nrules:\n" + "\n".join(r) + "\n"

def setup(d):
    os.makedirs(d + "/src")
    with open(d + "/menace.yaml", "w") as f:
        f.write(manifest())

def write_sources(d, vals):
    for i, v in enumerate(vals):
        with open(f"{d}/src/s{i}.txt", "w") as f:
            f.write(f"source {i} value {v}\n")

def run(d, slp, args=()):
    env = dict(os.environ, SLP=slp, LONG=slp)
    return subprocess.run([MENACE, "build", "-q", "-j6", *args], cwd=d, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

leftovers = 0

def outputs(d):
    # a restore from the cache killed between writing its temporary file
    # and renaming it leaves NAME.menace-tmp.XXXXXX: junk, not an output
    global leftovers
    res = {}
    for root, _, files in os.walk(d + "/out"):
        for f in files:
            if ".menace-tmp." in f:
                leftovers += 1
                continue
            p = os.path.join(root, f)
            with open(p, "rb") as fh:
                res[os.path.relpath(p, d)] = fh.read()
    return res

refs = {}

def reference(vals):
    """the outputs of a clean build of these sources in a fresh directory"""
    if vals not in refs:
        ref = f"{top}/ref"
        shutil.rmtree(ref, ignore_errors=True)
        setup(ref)
        write_sources(ref, vals)
        r = run(ref, "0")
        if r.returncode != 0:
            fail(f"reference build exited {r.returncode}\n{r.stdout}")
        refs[vals] = outputs(ref)
    return refs[vals]

def compare(work, vals, where):
    got, want = outputs(work), reference(tuple(vals))
    if got != want:
        bad = sorted(k for k in set(got) | set(want) if got.get(k) != want.get(k))
        fail(f"{where}: outputs differ from a clean build: " +
             "; ".join(f"{k}: {got.get(k)!r:.300} != {want.get(k)!r:.300}" for k in bad[:4]))

def fail(msg):
    print("FAIL:", msg, file=sys.stderr)
    sys.exit(1)

sigs = [signal.SIGKILL, signal.SIGKILL, signal.SIGINT, signal.SIGTERM, signal.SIGHUP]
# 0: it finished first; -SIG: it arrived before menace set its handlers
want_rc = {signal.SIGINT: 130, signal.SIGTERM: 130, signal.SIGHUP: 129, signal.SIGKILL: -9}
kills = landed = 0
t0 = time.time()
per_seed = (kills_wanted + len(seeds) - 1) // len(seeds)
for seed in seeds:
    rnd = random.Random(seed)
    work = f"{top}/w{seed}"
    setup(work)
    vals = [0] * NSRC
    write_sources(work, vals)
    done = 0
    rounds = 0
    while done < per_seed:
        rounds += 1
        for i in range(NSRC):
            if rnd.random() < 0.5:
                vals[i] = rnd.randrange(2)
        write_sources(work, vals)
        for _ in range(min(rnd.randint(3, 6), per_seed - done)):
            sig = rnd.choice(sigs)
            # a build takes 0.3-3 s (by the load); one killed early
            # leaves more to the next, so later kills land further on
            delay = rnd.uniform(0.0, 0.4)
            p = subprocess.Popen([MENACE, "build", "-q", "-j4"], cwd=work,
                                 env=dict(os.environ, SLP="0.02", LONG="0.3"),
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            time.sleep(delay)
            p.send_signal(sig)
            out = p.communicate()[0].decode(errors="replace")
            done += 1
            landed += p.returncode != 0
            if p.returncode not in (0, want_rc[sig], -sig):
                fail(f"seed {seed} round {rounds}: {sig.name} after {delay:.3f}s: exit {p.returncode}\n{out}")
        # right after the last kill: a build, then compare with a clean one
        r = run(work, "0")
        if r.returncode != 0:
            fail(f"seed {seed} round {rounds}: the build after the kills exited {r.returncode}\n{r.stdout}")
        compare(work, vals, f"seed {seed} round {rounds}")
        open(work + "/.runs", "w").close()
        r = run(work, "0")
        ran = open(work + "/.runs").read().split()
        if r.returncode != 0 or ran:
            fail(f"seed {seed} round {rounds}: a second build ran {ran} (exit {r.returncode})\n{r.stdout}")
        # and nothing of a killed build wrote in the meantime
        compare(work, vals, f"seed {seed} round {rounds}, after the second build")
    kills += done
    shutil.rmtree(work)
print(f"kill soak: {kills} kills ({landed} before the build ended), seeds {seeds}, "
      f"{time.time() - t0:.1f}s, "
      f"{leftovers} sightings of restore temporaries")
PY
