#!/usr/bin/env python3
"""Generate one synthetic build graph in four forms: menace.yaml,
build.ninja, Makefile and Tupfile (tup's rules), in DIR:

    N sources src/sI.txt -> N copy steps out/cI.txt
    -> N/100 archives out/aK.txt (each the cat of 100 copies)
    -> one final file out/final.txt (the cat of every archive)

usage: gen.py N DIR"""
import os
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    n, d = int(sys.argv[1]), sys.argv[2]
    narch = max(1, n // 100)
    os.makedirs(os.path.join(d, "src"), exist_ok=True)
    for i in range(n):
        with open(os.path.join(d, "src", "s%d.txt" % i), "w") as f:
            f.write("%d\n" % i)
    groups = [list(range(k, n, narch)) for k in range(narch)]

    y = ["version: 1", "default: [final]", "rules:"]
    for i in range(n):
        y.append("  c%d: {run: 'cp src/s%d.txt out/c%d.txt', in: [src/s%d.txt], out: [out/c%d.txt]}"
                 % (i, i, i, i, i))
    for k, g in enumerate(groups):
        ins = ", ".join("out/c%d.txt" % i for i in g)
        y.append("  a%d: {run: 'cat ${in} > out/a%d.txt', in: [%s], out: [out/a%d.txt]}" % (k, k, ins, k))
    ins = ", ".join("out/a%d.txt" % k for k in range(narch))
    y.append("  final: {run: 'cat ${in} > out/final.txt', in: [%s], out: [out/final.txt]}" % ins)
    with open(os.path.join(d, "menace.yaml"), "w") as f:
        f.write("\n".join(y) + "\n")

    nj = ["rule cp", "  command = cp $in $out", "rule cat", "  command = cat $in > $out", ""]
    for i in range(n):
        nj.append("build out/c%d.txt: cp src/s%d.txt" % (i, i))
    for k, g in enumerate(groups):
        nj.append("build out/a%d.txt: cat %s" % (k, " ".join("out/c%d.txt" % i for i in g)))
    nj.append("build out/final.txt: cat %s" % " ".join("out/a%d.txt" % k for k in range(narch)))
    nj.append("default out/final.txt")
    with open(os.path.join(d, "build.ninja"), "w") as f:
        f.write("\n".join(nj) + "\n")

    mk = ["all: out/final.txt", "out/c%.txt: src/s%.txt", "\tcp $< $@", ""]
    for k, g in enumerate(groups):
        mk.append("out/a%d.txt: %s\n\tcat $^ > $@" % (k, " ".join("out/c%d.txt" % i for i in g)))
    mk.append("out/final.txt: %s\n\tcat $^ > $@" % " ".join("out/a%d.txt" % k for k in range(narch)))
    with open(os.path.join(d, "Makefile"), "w") as f:
        f.write("\n".join(mk) + "\n")

    tp = []
    for i in range(n):
        tp.append(": src/s%d.txt |> cp %%f %%o |> out/c%d.txt" % (i, i))
    for k, g in enumerate(groups):
        tp.append(": %s |> cat %%f > %%o |> out/a%d.txt" % (" ".join("out/c%d.txt" % i for i in g), k))
    tp.append(": %s |> cat %%f > %%o |> out/final.txt" % " ".join("out/a%d.txt" % k for k in range(narch)))
    with open(os.path.join(d, "Tupfile"), "w") as f:
        f.write("\n".join(tp) + "\n")
    os.makedirs(os.path.join(d, "out"), exist_ok=True)


if __name__ == "__main__":
    main()
