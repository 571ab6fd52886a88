#!/usr/bin/env python3
"""Property test: an incremental build equals a clean build, and a second
build runs nothing (issue 11, item 6).

Each seed generates a random workspace (sources under src/, a menace.yaml
whose rules all write under out/) and applies random edits: source contents,
added and removed sources, matrix values and foreach list items added,
removed and reordered, commands changed, rules added, removed and moved,
outputs deleted or edited by hand. After every edit it runs `menace build`
in the incremental workspace and checks

  (a) the files under out/ are the same set, byte for byte, as those of a
      clean build of the same manifest and sources in a fresh directory,
      and the build exits as the clean one does (0);
  (b) a second build runs nothing (no rule ran or was restored, from the
      build_end JSON event) and changes no file under out/.

Rule kinds (all commands are deterministic shell: printf, cat, tr, sort, wc,
awk, so outputs compare byte for byte; LC_ALL=C):
  list     src/NAME.lst (lines) or the names of src/*.txt -> out/NAME.json
  matrix   matrix {n: [...]} (sometimes a second parameter v), reads
           -src/${n}.txt (and, feature opt-gen, -out/OTHER/${n}.txt)
  foreach  foreach over a list rule's JSON, reads -src/${item}.txt
  glob     in: globs over matrix outputs (gen-glob), foreach outputs
           (foreach-glob) and sources (src-glob)
  chain    in: explicit paths: matrix instance outputs, glob/chain outputs,
           foreach instance outputs (foreach-in); sometimes needs: a matrix
  needs    needs: a foreach rule, reads its outputs with a shell loop

Features that the engine does not support yet can be switched off:
  --features=all (default) | none | LIST   (comma separated; -NAME removes)
  gen-glob      globs over generated (matrix) outputs
  src-glob      globs over source files
  foreach-in    foreach instance outputs as explicit in: of another rule
  foreach-glob  globs over foreach instance outputs
  late          readers written above their producers; rules moved
  opt-src       matrix and foreach rules read their source as an optional
                plain path (-src/${n}.txt); without, as a one-file optional
                glob (-src/${n}.tx[t])
  opt-gen       optional plain paths (-out/...) over generated outputs

Environment: MENACE (the binary, required), PROP_SEED (N or `random`: one
seed instead of the fixed list), PROP_STEPS (edits per seed), PROP_FEATURES
(as --features). Under a sanitizer build (MENACE contains '/san/') fewer
seeds run. On failure it prints the seed, the step, the manifest, the edit
history and the differing files, writes a reproduction script, leaves the
workspaces behind and exits 1. The last line is `N passed, N failed`
(seeds).
"""

import argparse
import concurrent.futures
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

FEATURES = ["gen-glob", "src-glob", "foreach-in", "foreach-glob", "late",
            "opt-src", "opt-gen"]
# fixed seed list: at least 300 incremental builds per run
SEEDS = list(range(1, 21))
SAN_SEEDS = list(range(1, 4))
DEFAULT_STEPS = 15
NAMES = list("abcdefgh")
# each reads its file arguments (stdin, /dev/null, without): one process
TRANSFORMS = ["cat", "sort", "sort -r", "wc -l", "tail -n 2",
              "sed y/abcdefghijklmnopqrstuvwxyz/ABCDEFGHIJKLMNOPQRSTUVWXYZ/"]
MAX_REPORTS = 3


def parse_features(spec):
    spec = (spec or "all").strip()
    on = set()
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        if part == "all":
            on |= set(FEATURES)
        elif part == "none":
            on = set()
        elif part.startswith("-"):
            if part[1:] not in FEATURES:
                raise SystemExit("unknown feature '%s' (known: %s)" %
                                 (part[1:], ", ".join(FEATURES)))
            on.discard(part[1:])
        else:
            if part not in FEATURES:
                raise SystemExit("unknown feature '%s' (known: %s)" %
                                 (part, ", ".join(FEATURES)))
            on.add(part)
    return on


class Rule:
    """One rule of the generated manifest; `kind` says which fields apply."""

    def __init__(self, name, kind, rng):
        self.name = name
        self.kind = kind
        self.t = rng.randrange(len(TRANSFORMS))
        self.paths = False      # print the input paths instead of contents
        self.mark = 0
        self.mode = "lines"     # list: "lines" or "glob"
        self.values = []        # matrix: values of n
        self.v2 = False         # matrix/foreach: second parameter v: [x, y]
        self.chain_from = None  # matrix: reads -out/OTHER/${n}.txt
        self.src = None         # foreach: the list rule; needs: the foreach
        self.pats = []          # glob: [pattern, optional, target rule]
        self.ins = []           # chain: explicit input paths
        self.needs = []         # chain: needed matrix rules

    def clone(self):
        r = Rule.__new__(Rule)
        r.__dict__ = json.loads(json.dumps(self.__dict__))
        return r


class Model:
    """The workspace as the generator knows it: sources, lists, rules."""

    def __init__(self, rng, features):
        self.rng = rng
        self.f = features
        self.sources = {}       # name -> contents of src/NAME.txt
        self.lists = {}         # list rule name -> items (src/NAME.lst)
        self.rules = []         # in manifest order
        self.counter = 0

    # --- queries ---
    def rule(self, name):
        for r in self.rules:
            if r.name == name:
                return r
        return None

    def of_kind(self, *kinds):
        return [r for r in self.rules if r.kind in kinds]

    def items(self, lst):
        r = self.rule(lst)
        if r is None:
            return []
        if r.mode == "glob":
            return sorted(self.sources)
        return list(self.lists.get(lst, []))

    def outputs(self, r):
        if r.kind == "matrix":
            vs = ["x", "y"] if r.v2 else [None]
            return ["out/%s/%s.txt" % (r.name, n if v is None else
                                       "%s-%s" % (n, v))
                    for n in r.values for v in vs]
        if r.kind == "foreach":
            vs = ["x", "y"] if r.v2 else [None]
            return ["out/%s/%s.txt" % (r.name, i if v is None else
                                       "%s-%s" % (i, v))
                    for i in self.items(r.src) for v in vs]
        if r.kind == "list":
            return ["out/%s.json" % r.name]
        return ["out/%s.txt" % r.name]

    def glob_matches(self, pat):
        """What a glob matches in the planned graph (our patterns are
        DIR/*.txt or DIR/[a-d]*.txt)."""
        d, base = pat.rsplit("/", 1)
        lo = base.startswith("[")
        if d == "src":
            names = ["src/%s.txt" % s for s in self.sources]
        else:
            r = self.rule(d.split("/", 1)[1])
            names = self.outputs(r) if r is not None else []
        out = []
        for p in names:
            b = p.rsplit("/", 1)[1]
            if lo and not ("a" <= b[0] <= "d"):
                continue
            out.append(p)
        return sorted(out)

    def new_name(self, prefix):
        self.counter += 1
        return "%s%d" % (prefix, self.counter)

    # --- building rules ---
    def add_rule(self, kind=None):
        rng = self.rng
        kinds = ["list", "matrix", "matrix", "foreach", "chain", "needs",
                 "glob"]
        if kind is None:
            kind = rng.choice(kinds)
        if kind == "foreach" and not self.of_kind("list"):
            kind = "list"
        if kind == "needs" and not self.of_kind("foreach"):
            kind = "matrix"
        if kind == "glob" and not self.glob_targets():
            kind = "chain"
        r = Rule(self.new_name(kind[0]), kind, rng)
        if kind == "list":
            r.mode = "glob" if ("src-glob" in self.f and
                                rng.random() < 0.3) else "lines"
            if r.mode == "lines":
                self.lists[r.name] = rng.sample(NAMES, rng.randint(0, 3))
        elif kind == "matrix":
            r.values = rng.sample(NAMES, rng.randint(1, 3))
            r.v2 = rng.random() < 0.25
            ms = [m for m in self.of_kind("matrix")]
            if "opt-gen" in self.f and ms and rng.random() < 0.5:
                r.chain_from = rng.choice(ms).name
        elif kind == "foreach":
            r.src = rng.choice(self.of_kind("list")).name
            r.v2 = rng.random() < 0.2
        elif kind == "needs":
            r.src = rng.choice(self.of_kind("foreach")).name
        elif kind == "glob":
            tg = self.glob_targets()
            for _ in range(rng.randint(1, 2)):
                t = rng.choice(tg)
                d = "src" if t == "src" else "out/" + t
                base = rng.choice(["*.txt", "*.txt", "[a-d]*.txt"])
                r.pats.append([d + "/" + base, rng.random() < 0.5, t])
            r.paths = rng.random() < 0.4
        elif kind == "chain":
            r.paths = rng.random() < 0.3
            cands = self.chain_candidates()
            if cands:
                r.ins = sorted(set(rng.sample(cands,
                                              min(len(cands),
                                                  rng.randint(1, 3)))))
            fe = [p for x in self.of_kind("foreach") for p in self.outputs(x)]
            if "foreach-in" in self.f and fe and rng.random() < 0.6:
                p = rng.choice(fe)
                if p not in r.ins:
                    r.ins.append(p)
            ms = self.of_kind("matrix")
            if ms and rng.random() < 0.2:
                r.needs = [rng.choice(ms).name]
        self.place(r)
        return r

    def place(self, r):
        """Insert in manifest order: producers above glob readers unless the
        feature 'late' is on (then anywhere)."""
        if "late" in self.f:
            self.rules.insert(self.rng.randint(0, len(self.rules)), r)
        else:
            self.rules.append(r)
            self.sort_rules()

    def sort_rules(self):
        if "late" in self.f:
            return
        phase = {"list": 0, "matrix": 1, "foreach": 2}
        order = {r.name: i for i, r in enumerate(self.rules)}
        self.rules.sort(key=lambda x: (phase.get(x.kind, 3), order[x.name]))

    def glob_targets(self):
        t = []
        if "gen-glob" in self.f:
            t += [r.name for r in self.of_kind("matrix")]
        if "foreach-glob" in self.f:
            t += [r.name for r in self.of_kind("foreach")]
        if "src-glob" in self.f:
            t.append("src")
        return t

    def chain_candidates(self, exclude=None):
        c = []
        for r in self.rules:
            if r.name == exclude:
                continue
            if r.kind == "matrix" or (r.kind == "foreach" and
                                      "foreach-in" in self.f):
                c += self.outputs(r)
            elif r.kind in ("glob", "chain", "needs"):
                c += self.outputs(r)
        return c

    # --- keeping the manifest valid after an edit ---
    def normalize(self):
        changed = True
        while changed:
            changed = False
            names = {r.name for r in self.rules}
            for r in list(self.rules):
                if (r.kind in ("foreach", "needs") and r.src not in names):
                    self.rules.remove(r)
                    self.lists.pop(r.name, None)
                    changed = True
            if changed:
                continue
            # chains: only inputs some rule still writes, and no cycle:
            # a chain reads only rules created before it (by number)
            planned = {}
            for r in self.rules:
                for p in self.outputs(r):
                    planned[p] = r
            for r in self.rules:
                if r.kind == "chain":
                    keep = [p for p in r.ins if p in planned and
                            self.readable(r, planned[p])]
                    if keep != r.ins:
                        r.ins = keep
                    r.needs = [n for n in r.needs if n in names]
                if r.kind == "matrix" and r.chain_from not in names:
                    r.chain_from = None
                if r.kind == "glob":
                    for p in r.pats:
                        if not self.glob_matches(p[0]):
                            p[1] = True
        self.sort_rules()

    def readable(self, reader, producer):
        if producer.kind == "foreach" and "foreach-in" not in self.f:
            return False
        return num(producer.name) < num(reader.name)

    # --- rendering ---
    def render(self):
        lines = ["version: 1", "rules:"]
        for r in self.rules:
            lines.append("  %s:" % r.name)
            for k, v in self.render_rule(r):
                lines.append("    %s: %s" % (k, v))
        return "\n".join(lines) + "\n"

    def render_rule(self, r):
        q = json.dumps
        t = TRANSFORMS[r.t]
        mark = "%s:%d" % (r.name, r.mark)
        if r.kind == "list":
            awk = ("awk 'BEGIN{printf \"[\"} {printf \"%s\\\"%s\\\"\", "
                   "(NR>1?\",\":\"\"), $0} END{print \"]\"}'")
            if r.mode == "lines":
                return [("in", q(["src/%s.lst" % r.name])),
                        ("out", q(["out/%s.json" % r.name])),
                        ("run", q("%s ${in} > ${out}" % awk))]
            names = ("awk 'BEGIN{printf \"[\"; for (i = 1; i < ARGC; i++) "
                     "{n = ARGV[i]; sub(/.*\\//, \"\", n); "
                     "sub(/\\.txt$/, \"\", n); printf \"%s\\\"%s\\\"\", "
                     "(i > 1 ? \",\" : \"\"), n}; print \"]\"}'")
            return [("in", q(["-src/*.txt"])),
                    ("out", q(["out/%s.json" % r.name])),
                    ("run", q("%s ${in} > ${out}" % names))]
        if r.kind in ("matrix", "foreach"):
            var = "${n}" if r.kind == "matrix" else "${item}"
            stem = var + ("-${v}" if r.v2 else "")
            ins = ["-src/%s.tx%s" % (var, "t" if "opt-src" in self.f
                                      else "[t]")]
            if r.kind == "matrix" and r.chain_from:
                up = self.rule(r.chain_from)
                ins.append("-out/%s/${n}%s.txt" % (up.name,
                                                   "-x" if up.v2 else ""))
            body = [("in", q(ins)),
                    ("out", q(["out/%s/%s.txt" % (r.name, stem)])),
                    ("run", q("{ printf '%%s\\n' \"%s:%s\"; %s ${in}; }"
                              " > ${out}" % (mark, stem, t)))]
            mx = {}
            if r.kind == "matrix":
                mx["n"] = r.values
            else:
                body.insert(0, ("foreach", q("out/%s.json" % r.src)))
            if r.v2:
                mx["v"] = ["x", "y"]
            if mx:
                body.insert(0, ("matrix", q(mx)))
            return body
        if r.kind == "needs":
            # the shell's glob; none matching: no arguments (stdin)
            args = ("set -- out/%s/*.txt; [ -f \"$1\" ] || set --; "
                    % r.src)
            return [("needs", q([r.src])),
                    ("out", q(["out/%s.txt" % r.name])),
                    ("run", q("{ printf '%%s\\n' \"%s\"; %s%s \"$@\"; } > "
                              "${out}" % (mark, args, t)))]
        if r.kind == "glob":
            ins = [("-" if o else "") + p for p, o, _ in r.pats]
        else:
            ins = list(r.ins)
        body = "printf '%s\\n' ${in}" if r.paths else t + " ${in}"
        out = [("in", q(ins)), ("out", q(["out/%s.txt" % r.name])),
               ("run", q("{ printf '%%s\\n' \"%s\"; %s; } > ${out}"
                         % (mark, body)))]
        if r.kind == "chain" and r.needs:
            out.insert(0, ("needs", q(r.needs)))
        return out

    def write_sources(self, ws):
        """Make ws/src match the model (only what changed is written)."""
        src = os.path.join(ws, "src")
        os.makedirs(src, exist_ok=True)
        want = {"%s.txt" % n: c for n, c in self.sources.items()}
        for lst in self.of_kind("list"):
            if lst.mode == "lines":
                items = self.lists.get(lst.name, [])
                want["%s.lst" % lst.name] = "".join(i + "\n" for i in items)
        for f in os.listdir(src):
            if f not in want:
                os.unlink(os.path.join(src, f))
        for f, c in want.items():
            p = os.path.join(src, f)
            if read_bytes(p) != c.encode():
                with open(p, "w") as fh:
                    fh.write(c)

    def state(self):
        """Everything a clean build depends on, for caching its result."""
        files = {}
        for n, c in self.sources.items():
            files["src/%s.txt" % n] = c
        for lst in self.of_kind("list"):
            if lst.mode == "lines":
                files["src/%s.lst" % lst.name] = "".join(
                    i + "\n" for i in self.lists.get(lst.name, []))
        return self.render(), files


def num(name):
    return int(name[1:])


def read_bytes(p):
    try:
        with open(p, "rb") as fh:
            return fh.read()
    except OSError:
        return None


def random_text(rng):
    words = ["%s%d" % (rng.choice("abcdefgxyz"), rng.randrange(10))
             for _ in range(rng.randint(1, 4))]
    return "\n".join(words) + "\n"


# --- edits: each returns a description or None when it does not apply ---

def e_src_edit(m, rng, ws):
    if not m.sources:
        return None
    n = rng.choice(sorted(m.sources))
    m.sources[n] = random_text(rng)
    return "edit src/%s.txt" % n


def e_src_add(m, rng, ws):
    free = [n for n in NAMES if n not in m.sources]
    if not free:
        return None
    n = rng.choice(free)
    m.sources[n] = random_text(rng)
    return "add src/%s.txt" % n


def e_src_remove(m, rng, ws):
    if not m.sources:
        return None
    n = rng.choice(sorted(m.sources))
    del m.sources[n]
    return "remove src/%s.txt" % n


def e_list_edit(m, rng, ws):
    ls = [r for r in m.of_kind("list") if r.mode == "lines"]
    if not ls:
        return None
    r = rng.choice(ls)
    items = m.lists.setdefault(r.name, [])
    free = [n for n in NAMES if n not in items]
    op = rng.choice(["add", "remove", "reorder"])
    if op == "add" and free:
        n = rng.choice(free)
        items.insert(rng.randint(0, len(items)), n)
        return "list %s: add item %s -> %s" % (r.name, n, items)
    if op == "remove" and items:
        n = rng.choice(items)
        items.remove(n)
        return "list %s: remove item %s -> %s" % (r.name, n, items)
    if len(items) > 1:
        old = list(items)
        while items == old:
            rng.shuffle(items)
        return "list %s: reorder -> %s" % (r.name, items)
    return None


def e_matrix_edit(m, rng, ws):
    ms = m.of_kind("matrix")
    if not ms:
        return None
    r = rng.choice(ms)
    free = [n for n in NAMES if n not in r.values]
    op = rng.choice(["add", "remove", "reorder"])
    if op == "add" and free:
        n = rng.choice(free)
        r.values.insert(rng.randint(0, len(r.values)), n)
        return "matrix %s: add value %s -> %s" % (r.name, n, r.values)
    if op == "remove" and len(r.values) > 1:
        n = rng.choice(r.values)
        r.values.remove(n)
        return "matrix %s: remove value %s -> %s" % (r.name, n, r.values)
    if len(r.values) > 1:
        old = list(r.values)
        while r.values == old:
            rng.shuffle(r.values)
        return "matrix %s: reorder -> %s" % (r.name, r.values)
    return None


def e_cmd_edit(m, rng, ws):
    if not m.rules:
        return None
    r = rng.choice(m.rules)
    if r.kind == "list":
        return None
    if rng.random() < 0.5:
        r.mark += 1
        return "command of %s: new marker %d" % (r.name, r.mark)
    r.t = (r.t + rng.randrange(1, len(TRANSFORMS))) % len(TRANSFORMS)
    return "command of %s: transform '%s'" % (r.name, TRANSFORMS[r.t])


def e_rule_remove(m, rng, ws):
    if len(m.rules) < 2:
        return None
    r = rng.choice(m.rules)
    m.rules.remove(r)
    m.lists.pop(r.name, None)
    return "remove rule %s (%s)" % (r.name, r.kind)


def e_rule_add(m, rng, ws):
    if len(m.rules) >= 8:
        return None
    r = m.add_rule()
    return "add rule %s (%s)" % (r.name, r.kind)


def e_rule_move(m, rng, ws):
    if "late" not in m.f or len(m.rules) < 2:
        return None
    r = rng.choice(m.rules)
    m.rules.remove(r)
    i = rng.randint(0, len(m.rules))
    m.rules.insert(i, r)
    return "move rule %s to position %d" % (r.name, i)


def e_chain_edit(m, rng, ws):
    cs = m.of_kind("chain")
    if not cs:
        return None
    r = rng.choice(cs)
    cands = [p for p in m.chain_candidates(r.name)]
    planned = {}
    for x in m.rules:
        for p in m.outputs(x):
            planned[p] = x
    cands = [p for p in cands if m.readable(r, planned[p])]
    new = [p for p in cands if p not in r.ins]
    if r.ins and (not new or rng.random() < 0.4):
        p = rng.choice(r.ins)
        r.ins.remove(p)
        return "chain %s: drop input %s" % (r.name, p)
    if new:
        p = rng.choice(new)
        r.ins.insert(rng.randint(0, len(r.ins)), p)
        return "chain %s: add input %s" % (r.name, p)
    return None


def e_glob_edit(m, rng, ws):
    gs = m.of_kind("glob")
    tg = m.glob_targets()
    if not gs or not tg:
        return None
    r = rng.choice(gs)
    if len(r.pats) > 1 and rng.random() < 0.4:
        p = r.pats.pop(rng.randrange(len(r.pats)))
        return "glob %s: drop pattern %s" % (r.name, p[0])
    t = rng.choice(tg)
    d = "src" if t == "src" else "out/" + t
    p = [d + "/" + rng.choice(["*.txt", "[a-d]*.txt"]), rng.random() < 0.5, t]
    if p[0] in [x[0] for x in r.pats]:
        return None
    r.pats.append(p)
    return "glob %s: add pattern %s%s" % (r.name, "-" if p[1] else "", p[0])


def out_files(ws):
    root = os.path.join(ws, "out")
    got = []
    for d, _, fs in os.walk(root):
        for f in fs:
            got.append(os.path.relpath(os.path.join(d, f), ws))
    return sorted(got)


def e_out_delete(m, rng, ws):
    fs = out_files(ws)
    if not fs:
        return None
    p = rng.choice(fs)
    os.unlink(os.path.join(ws, p))
    return "by hand: delete %s" % p


def e_out_edit(m, rng, ws):
    fs = out_files(ws)
    if not fs:
        return None
    p = rng.choice(fs)
    with open(os.path.join(ws, p), "a") as fh:
        fh.write("hand edit\n")
    return "by hand: append to %s" % p


EDITS = [(e_src_edit, 4), (e_src_add, 3), (e_src_remove, 3),
         (e_list_edit, 5), (e_matrix_edit, 5), (e_cmd_edit, 3),
         (e_rule_remove, 2), (e_rule_add, 3), (e_rule_move, 1),
         (e_chain_edit, 2), (e_glob_edit, 2), (e_out_delete, 2),
         (e_out_edit, 2)]


def pick_edit(m, rng, ws):
    total = sum(w for _, w in EDITS)
    for _ in range(100):
        x = rng.uniform(0, total)
        for fn, w in EDITS:
            x -= w
            if x <= 0:
                break
        d = fn(m, rng, ws)
        if d:
            return d
    return None


# --- running menace ---

class Runner:
    def __init__(self, menace, jobs):
        self.menace = menace
        self.jobs = jobs
        self.env = dict(os.environ)
        for k in ("SANDBOX_DATA_DIR", "MENACE_JOBS", "SANDBOX_JSON_LOGS",
                  "SANDBOX_FAIL_ON_MISSING_SCENARIOS"):
            self.env.pop(k, None)
        self.env["LC_ALL"] = "C"
        self.env["NO_COLOR"] = "1"
        self.builds = 0
        self.noop = 0
        self.by = {}

    def build(self, ws, what="inc"):
        t0 = time.time()
        p = subprocess.run([self.menace, "build", "-j", str(self.jobs),
                            "--json", "-"], cwd=ws, env=self.env,
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
        self.by[what] = self.by.get(what, 0.0) + time.time() - t0
        self.builds += 1
        end = None
        for line in p.stdout.decode(errors="replace").splitlines():
            if line.startswith("{"):
                try:
                    ev = json.loads(line)
                except ValueError:
                    continue
                if ev.get("event") == "build_end":
                    end = ev
        return p.returncode, end, p.stdout.decode(errors="replace"), \
            p.stderr.decode(errors="replace")


def tree(ws):
    return {p: read_bytes(os.path.join(ws, p)) for p in out_files(ws)}


def diff_trees(got, want):
    lines = []
    for p in sorted(set(got) | set(want)):
        g, w = got.get(p), want.get(p)
        if g == w:
            continue
        if g is None:
            lines.append("  %s: missing in the incremental build (clean: %r)"
                         % (p, w))
        elif w is None:
            lines.append("  %s: only in the incremental build (%r)" % (p, g))
        else:
            lines.append("  %s: incremental %r, clean %r" % (p, g, w))
    return lines


class Failure(Exception):
    pass


class Seed:
    """One seed: an incremental workspace and the edits applied to it."""

    def __init__(self, seed, steps, features, runner, tmp, refs):
        self.seed = seed
        self.steps = steps
        self.rng = random.Random(seed)
        self.m = Model(self.rng, features)
        self.run = runner
        self.tmp = tmp
        self.refs = refs        # state hash -> (rc, tree, stderr)
        self.ws = os.path.join(tmp, "seed-%s" % seed)
        self.history = []

    def setup(self):
        rng = self.rng
        for n in rng.sample(NAMES, rng.randint(2, 5)):
            self.m.sources[n] = random_text(rng)
        for kind in ["list", "matrix", "foreach"]:
            self.m.add_rule(kind)
        # readers of what the features allow, so most seeds exercise them
        if self.m.glob_targets():
            self.m.add_rule("glob")
        self.m.add_rule("chain")
        for _ in range(rng.randint(0, 2)):
            self.m.add_rule()
        self.m.normalize()

    def write(self):
        os.makedirs(self.ws, exist_ok=True)
        self.m.write_sources(self.ws)
        mf = os.path.join(self.ws, "menace.yaml")
        text = self.m.render()
        if read_bytes(mf) != text.encode():
            with open(mf, "w") as fh:
                fh.write(text)

    def reference(self):
        manifest, files = self.m.state()
        h = hashlib.sha256(json.dumps([manifest, sorted(files.items())])
                           .encode()).hexdigest()
        if h in self.refs:
            return self.refs[h]
        d = tempfile.mkdtemp(prefix="clean-", dir=self.tmp)
        with open(os.path.join(d, "menace.yaml"), "w") as fh:
            fh.write(manifest)
        for p, c in files.items():
            os.makedirs(os.path.dirname(os.path.join(d, p)), exist_ok=True)
            with open(os.path.join(d, p), "w") as fh:
                fh.write(c)
        if not files:
            os.makedirs(os.path.join(d, "src"), exist_ok=True)
        rc, _, _, err = self.run.build(d, "clean")
        self.run.builds -= 1    # reference builds are not counted
        res = (rc, tree(d), err, d)
        self.refs[h] = res
        if rc == 0:
            shutil.rmtree(d, ignore_errors=True)
        return res

    def step(self, i, desc):
        self.history.append("step %d: %s" % (i, desc))
        if desc is not None and not desc.startswith("by hand"):
            self.write()
        rc, end, out, err = self.run.build(self.ws)
        ref_rc, ref_tree, ref_err, ref_dir = self.reference()
        if ref_rc != 0:
            raise Failure("the clean build exited %d (a generator bug, or an "
                          "engine bug on a clean tree); its stderr:\n%s\n"
                          "left in %s" % (ref_rc, ref_err, ref_dir))
        if rc != 0:
            raise Failure("the incremental build exited %d, the clean one 0;"
                          " stderr:\n%s" % (rc, err))
        got = tree(self.ws)
        d = diff_trees(got, ref_tree)
        if d:
            raise Failure("out/ differs from a clean build:\n" + "\n".join(d)
                          + "\nincremental build's stderr:\n" + err)
        rc2, end2, _, err2 = self.run.build(self.ws, "noop")
        self.run.builds -= 1    # the no-op build is counted apart
        self.run.noop += 1
        if rc2 != 0:
            raise Failure("the second build exited %d:\n%s" % (rc2, err2))
        ran = (end2 or {}).get("ran", -1) + (end2 or {}).get("restored", 0)
        if end2 is None or ran != 0:
            raise Failure("the second build ran something (%s):\n%s" %
                          (json.dumps(end2), err2))
        d = diff_trees(tree(self.ws), got)
        if d:
            raise Failure("the second build changed out/:\n" + "\n".join(d)
                          + "\n" + err2)

    def go(self):
        self.setup()
        self.write()
        self.step(0, "initial build")
        for i in range(1, self.steps + 1):
            self.before = self.m.state()
            desc = pick_edit(self.m, self.rng, self.ws)
            self.m.normalize()
            if desc is None:
                continue
            self.step(i, desc)


def repro_script(before, after, hand, path):
    """A shell script: build state `before`, switch to `after` (or do the
    hand edit), build, and compare with a clean build."""
    def put(state, sh):
        manifest, files = state
        sh.append("rm -rf src; mkdir -p src")
        sh.append("cat > menace.yaml <<'EOF'\n%sEOF" % manifest)
        for p, c in sorted(files.items()):
            sh.append("printf '%%s' %s > %s" % (shq(c), p))
    sh = ["#!/bin/sh", "# reproduction: build, edit, build, compare with "
          "a clean build", ": ${MENACE:?}", "set -u",
          "W=$(mktemp -d); cd \"$W\"; echo \"workspace: $W\"",
          "mkdir inc clean; cd inc"]
    put(before, sh)
    sh.append("$MENACE build -q || exit 1")
    if hand:
        sh.append("# %s (redo it by hand)" % hand)
    put(after, sh)
    sh.append("$MENACE build -q; echo \"incremental exit $?\"")
    sh.append("cd ../clean")
    put(after, sh)
    sh.append("$MENACE build -q; echo \"clean exit $?\"")
    sh.append("cd ..; diff -r inc/out clean/out && echo SAME || echo DIFFERENT")
    sh.append("cd inc; $MENACE build 2>&1 | tail -n 1")
    with open(path, "w") as fh:
        fh.write("\n".join(sh) + "\n")


def shq(s):
    return "'" + s.replace("'", "'\\''") + "'"


def run_seed(seed, a, menace, features, tmp, refs):
    """Run one seed; returns (ok, runner, report text)."""
    runner = Runner(menace, a.jobs or (1 if seed % 2 else 4))
    s = Seed(seed, a.steps, features, runner, tmp, refs)
    try:
        s.go()
    except Failure as e:
        return False, runner, s, e
    if not a.keep:
        shutil.rmtree(s.ws, ignore_errors=True)
    return True, runner, s, None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--features", default=os.environ.get("PROP_FEATURES",
                                                         "all"))
    ap.add_argument("--seeds", help="comma-separated seeds (default: the "
                    "fixed list, or PROP_SEED)")
    ap.add_argument("--steps", type=int,
                    default=int(os.environ.get("PROP_STEPS", DEFAULT_STEPS)))
    ap.add_argument("-j", "--jobs", type=int, default=0,
                    help="menace -j (default: 1 or 4, by seed)")
    ap.add_argument("-p", "--parallel", type=int, default=2,
                    help="seeds run at once (default 2)")
    ap.add_argument("--keep", action="store_true",
                    help="keep every workspace, not only failed ones")
    ap.add_argument("--reports", type=int, default=MAX_REPORTS,
                    help="failures reported in full (default %d)" %
                    MAX_REPORTS)
    ap.add_argument("-q", "--quiet", action="store_true")
    a = ap.parse_args()

    menace = os.environ.get("MENACE")
    if not menace:
        raise SystemExit("MENACE must name the menace binary")
    menace = os.path.abspath(menace)
    features = parse_features(a.features)
    env_seed = os.environ.get("PROP_SEED", "")
    if a.seeds:
        seeds = [int(x) for x in a.seeds.split(",") if x]
    elif env_seed == "random":
        seeds = [random.SystemRandom().randrange(1, 2 ** 31)]
    elif env_seed:
        seeds = [int(env_seed)]
    else:
        seeds = SAN_SEEDS if "/san/" in menace else SEEDS

    tmp = tempfile.mkdtemp(prefix="menace-prop.")
    refs = {}
    passed = failed = builds = noop = 0
    by = {}
    t0 = time.time()
    print("prop: menace %s, features %s, seeds %s, %d steps each" %
          (menace, ",".join(sorted(features)) or "none",
           ",".join(map(str, seeds)), a.steps), flush=True)
    with concurrent.futures.ThreadPoolExecutor(max(1, a.parallel)) as ex:
        futs = [ex.submit(run_seed, seed, a, menace, features, tmp, refs)
                for seed in seeds]
        for f in futs:
            ok, runner, s, e = f.result()
            builds += runner.builds
            noop += runner.noop
            for k, v in runner.by.items():
                by[k] = by.get(k, 0.0) + v
            if ok:
                passed += 1
                if not a.quiet:
                    print("ok seed %d" % s.seed, flush=True)
            else:
                failed += 1
                report(s, e, failed <= a.reports, features)
    dt = time.time() - t0
    print("prop: %d incremental builds (+%d no-op checks, %d clean "
          "references) in %.1fs" % (builds, noop, len(refs), dt))
    if not a.quiet:
        print("prop: seconds in menace by kind of build: %s" % ", ".join(
            "%s %.1f" % kv for kv in sorted(by.items())))
    if failed == 0 and not a.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        print("prop: workspaces left in %s" % tmp)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


def report(s, e, full, features):
    step = s.history[-1] if s.history else "?"
    print("FAIL seed %d at %s (PROP_SEED=%d PROP_STEPS=%d PROP_FEATURES=%s)"
          % (s.seed, step, s.seed, s.steps, ",".join(sorted(features))
             or "none"), flush=True)
    if not full:
        print("  (details left out; rerun with PROP_SEED=%d)" % s.seed)
        return
    print("  workspace: %s" % s.ws)
    print("  " + str(e).replace("\n", "\n  "))
    print("  manifest:\n    " + s.m.render().rstrip().replace("\n", "\n    "))
    print("  sources:")
    for p, c in sorted(s.m.state()[1].items()):
        print("    %s: %r" % (p, c))
    print("  history:\n    " + "\n    ".join(s.history))
    before = getattr(s, "before", None) or s.m.state()
    hand = step if "by hand" in step else None
    path = s.ws + ".repro.sh"
    repro_script(before, s.m.state(), hand, path)
    print("  two-build reproduction (the state before the failing step, "
          "then after it): %s" % path, flush=True)


if __name__ == "__main__":
    sys.exit(main())
