#!/usr/bin/env python3
"""`make bench-simd` (part of `make bench`): the shared benchmark kernels built with vector
instructions (`-msimd128`), on wippy-wasm, WasmKit 0.4.2 and wasmtime side by side; writes the
table into docs/STATUS.md (between the bench-simd markers).

The kernels in ../shared/bench/wasm have no vector instructions. This script builds the same C
sources (../shared/bench/src) to wasm32-wasip1 with `-O2 -msimd128`, as
../shared/bench/README.md builds them (the toolchain's clang and Debian's wasi-libc), so that
LLVM vectorizes what it can; each program keeps its n and checksum from that README. The
builds go to the bench cache directory, never into the repository.

Needs Debian's `wasi-libc` and `libclang-rt-16-dev-wasm32`: installed with apt-get when missing
and this runs as root, otherwise the script says what to install and exits without a table.
"""

import argparse
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import (ROOT, build_wasmkit, find_wasmtime, fmt_cpu, geomean_row, interleaved_runs, log,  # noqa: E402
                   machine, publish, read_programs, release_binary, tool_version, wasi_check, wasmkit_ratio)

BEGIN = "<!-- bench-simd:begin -->"
END = "<!-- bench-simd:end -->"
PACKAGES = ["wasi-libc", "libclang-rt-16-dev-wasm32"]
LIBC_INCLUDE = "/usr/include/wasm32-wasi"
LIBC_LIB = "/usr/lib/wasm32-wasi"
BUILTINS = "/usr/lib/llvm-16/lib/clang/16/lib/wasi/libclang_rt.builtins-wasm32.a"


def toolchain_clang():
    """The clang beside the Swift toolchain's `swift` (it targets wasm32), or None."""
    swift = shutil.which("swift")
    if not swift:
        return None
    clang = os.path.join(os.path.dirname(os.path.realpath(swift)), "clang")
    return clang if os.access(clang, os.X_OK) else None


def ensure_wasi_libc():
    """Whether Debian's wasi-libc and wasm32 compiler-rt are present, installing them when
    this runs as root with apt-get."""
    if os.path.isdir(LIBC_INCLUDE) and os.path.exists(BUILTINS):
        return True
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return False
    log(f"bench-simd: installing {' '.join(PACKAGES)} with apt-get ...")
    r = subprocess.run(["apt-get", "install", "-y"] + PACKAGES, capture_output=True, text=True)
    if r.returncode != 0:
        subprocess.run(["apt-get", "update"], capture_output=True)
        r = subprocess.run(["apt-get", "install", "-y"] + PACKAGES, capture_output=True, text=True)
    if r.returncode != 0:
        log("bench-simd: apt-get failed:\n" + (r.stdout + r.stderr)[-1000:])
    return os.path.isdir(LIBC_INCLUDE) and os.path.exists(BUILTINS)


def sysroot(cache_dir, clang):
    """A sysroot and resource directory in the cache that point at Debian's wasi-libc and
    the toolchain's own headers (../shared/bench/README.md, "Building C programs")."""
    root = os.path.join(cache_dir, "simd-toolchain")
    sysroot_dir = os.path.join(root, "sysroot")
    resource = os.path.join(root, "resource")
    for target in ("wasm32-wasi", "wasm32-wasip1"):
        for kind, path in (("include", LIBC_INCLUDE), ("lib", LIBC_LIB)):
            link = os.path.join(sysroot_dir, kind, target)
            os.makedirs(os.path.dirname(link), exist_ok=True)
            if not os.path.lexists(link):
                os.symlink(path, link)
    include = os.path.join(resource, "include")
    if not os.path.lexists(include):
        os.makedirs(resource, exist_ok=True)
        builtin = subprocess.run([clang, "-print-resource-dir"], capture_output=True, text=True).stdout.strip()
        os.symlink(os.path.join(builtin, "include"), include)
    lib = os.path.join(resource, "lib", "wasm32-unknown-wasip1")
    os.makedirs(lib, exist_ok=True)
    if not os.path.exists(os.path.join(lib, "libclang_rt.builtins.a")):
        shutil.copyfile(BUILTINS, os.path.join(lib, "libclang_rt.builtins.a"))
    return sysroot_dir, resource


def build(clang, source_dir, out_dir, name, sysroot_dir, resource):
    """Builds NAME.c with vector instructions; the module's path, or None."""
    out = os.path.join(out_dir, name + "-simd.wasm")
    source = os.path.join(source_dir, name + ".c")
    if os.path.exists(out) and os.path.getmtime(out) >= os.path.getmtime(source):
        return out
    r = subprocess.run([clang, "--target=wasm32-wasip1", f"--sysroot={sysroot_dir}", f"-resource-dir={resource}",
                        "-O2", "-msimd128", "-I", source_dir, source, "-o", out, "-lm"], capture_output=True, text=True)
    if r.returncode != 0:
        log(f"bench-simd: building {name}.c failed:\n{r.stderr[-1000:]}")
        return None
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build", "release", "wippy-wasm"))
    parser.add_argument("--bench-dir", default=os.path.join(ROOT, "..", "shared", "bench", "wasm"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cache-dir", default=os.environ.get("WIPPY_BENCH_CACHE", "/tmp/wippy-wasm-bench-cache"))
    parser.add_argument("--status", default=os.path.join(ROOT, "docs", "STATUS.md"))
    parser.add_argument("--no-peers", action="store_true", help="skip WasmKit and wasmtime")
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    args = parser.parse_args()

    bench_dir = os.path.abspath(args.bench_dir)
    source_dir = os.path.join(os.path.dirname(bench_dir), "src")
    if not os.path.isdir(source_dir):
        log(f"bench-simd: {source_dir} not found (the shared benchmark folder beside the repository); nothing to run")
        return 1
    binary = release_binary(args.bin, "bench-simd")
    if binary is None:
        return 1
    clang = toolchain_clang()
    if not clang or not ensure_wasi_libc():
        log("bench-simd: needs the Swift toolchain's clang and Debian's wasi-libc "
            f"(apt-get install -y {' '.join(PACKAGES)}); skipped")
        return 0
    sysroot_dir, resource = sysroot(args.cache_dir, clang)
    out_dir = os.path.join(args.cache_dir, "simd")
    os.makedirs(out_dir, exist_ok=True)

    peers = {}
    if not args.no_peers:
        wasmkit = build_wasmkit(args.cache_dir)
        if wasmkit:
            peers["WasmKit"] = wasmkit
        wasmtime = find_wasmtime()
        if wasmtime:
            peers["wasmtime"] = wasmtime

    rows = []
    failures = 0
    for name, n, checksum in read_programs(bench_dir):
        if not os.path.exists(os.path.join(source_dir, name + ".c")):
            continue
        wasm = build(clang, source_dir, out_dir, name, sysroot_dir, resource)
        if wasm is None:
            failures += 1
            continue
        log(f"{name} with -msimd128 (n={n})")
        jobs = [("ours", [binary, "run", wasm, str(n)], wasi_check(name, n, checksum))]
        jobs += [(peer, [path, "run", wasm, str(n)], wasi_check(name, n, checksum)) for peer, path in peers.items()]
        results = interleaved_runs(jobs, args.runs)
        ours = results.pop("ours")
        failures += ours is None
        rows.append((name, n, ours, results))

    header = ["program (`-msimd128`)", "n", "wippy-wasm (s)"] + [f"{p} (s)" for p in peers]
    if "WasmKit" in peers:
        header.append("ours / WasmKit")
    lines = ["| " + " | ".join(header) + " |", "|---|---:|" + "---:|" * (len(header) - 2)]
    ratios = []
    for name, n, ours, peer_results in rows:
        cells = [name, str(n), fmt_cpu(ours)] + [fmt_cpu(peer_results.get(p)) for p in peers]
        if "WasmKit" in peers:
            cells.append(wasmkit_ratio(ours, peer_results.get("WasmKit"), ratios))
        lines.append("| " + " | ".join(cells) + " |")
    if ratios:
        lines.append(geomean_row(header, ratios))

    commit = tool_version(["git", "-C", ROOT, "describe", "--always", "--dirty"])
    out = [f"Measured by `make bench-simd` (`python3 Utilities/bench_simd.py`) on {time.strftime('%Y-%m-%d')}, "
           f"machine: {machine()}; wippy-wasm source tree {commit}.",
           "",
           "The same kernels built with vector instructions (`clang --target=wasm32-wasip1 -O2 -msimd128`, "
           f"{tool_version([clang, '--version'])}, Debian's wasi-libc); user+sys CPU seconds of the whole "
           f"process, median of {args.runs} runs taken in turn; every runtime runs the WASI program and its "
           "checksum is checked. With this clang, LLVM vectorizes loops of matmul, nbody, sha256, crc32 and "
           "qsort; fib and sieve come out without vector instructions.",
           ""] + lines
    publish("\n".join(out), args, BEGIN, END, "bench-simd")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
