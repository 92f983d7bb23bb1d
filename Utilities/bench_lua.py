#!/usr/bin/env python3
"""`make bench-lua` (part of `make bench`): a real interpreter, Lua 5.4, built from source to
wasm32-wasip1 and run on wippy-wasm, WasmKit 0.4.2 and wasmtime side by side with the scripts in
Benchmarks/lua; writes the table into docs/STATUS.md (between the bench-lua markers).

Lua's sources come from the `lupa` package's source distribution (its third-party/lua54
folder), fetched once with `pip download` into the bench cache. They are built with the
toolchain's clang and Debian's wasi-libc, as ../shared/bench/README.md builds C (`-O2`; the
toolchain set-up is bench_simd.py's). Two things WASI lacks are replaced: errors end the
program instead of unwinding with `longjmp` (`LUAI_THROW` is `abort()`; the scripts raise no
error), and `tmpfile`/`system` fail. Nothing is written into the repository but the table.

Each script's first line says what it must print (`-- expect: ...`); every run's output is
checked. wasmtime runs with its compilation cache (`-C cache=y`), warmed by a first run.
"""

import argparse
import hashlib
import os
import subprocess
import sys
import tarfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import (ROOT, build_wasmkit, find_wasmtime, interleaved_runs, log, machine, measure,  # noqa: E402
                   peer_table, publish, release_binary, tool_version)
from bench_simd import PACKAGES, ensure_wasi_libc, sysroot, toolchain_clang  # noqa: E402

BEGIN = "<!-- bench-lua:begin -->"
END = "<!-- bench-lua:end -->"
LUPA = "lupa==2.8"
LUA_FOLDER = "third-party/lua54"
SCRIPTS = os.path.join(ROOT, "Benchmarks", "lua")
# Lua's own sources minus its test library, the one-file build and the bytecode compiler.
LEFT_OUT = {"ltests.c", "onelua.c", "luac.c"}
FLAGS = ["-O2"]
LIBRARIES = ["-lm", "-lwasi-emulated-signal", "-lwasi-emulated-process-clocks"]
SETJMP = "#pragma once\n/* Lua here never jumps (LUAI_THROW aborts). */\n"
DEFINES = [
    "-D_WASI_EMULATED_SIGNAL", "-D_WASI_EMULATED_PROCESS_CLOCKS", "-DLUA_COMPAT_5_3",
    "-DLUAI_THROW(L,c)=abort()", "-DLUAI_TRY(L,c,a)={ a }", "-Dluai_jmpbuf=int",
    "-DLUA_TMPNAMBUFSIZE=32", "-Dlua_tmpnam(b,e)={ e = 1; }",
]
STUBS = """#include <errno.h>
#include <stdio.h>
/* WASI has neither; Lua's io.tmpfile and os.execute then report failure. */
FILE *tmpfile(void) { errno = ENOTSUP; return NULL; }
int system(const char *command) { return command ? -1 : 0; }
"""


def lua_sources(cache_dir):
    """The folder of Lua's C sources from lupa's source distribution, downloading it once."""
    root = os.path.join(cache_dir, "lua")
    download = os.path.join(root, "download")
    version = LUPA.split("==")[1]
    archive = os.path.join(download, f"lupa-{version}.tar.gz")
    sources = os.path.join(root, f"lupa-{version}", LUA_FOLDER)
    if os.path.isdir(sources):
        return sources
    if not os.path.exists(archive):
        os.makedirs(download, exist_ok=True)
        log(f"bench-lua: pip download {LUPA} (its source distribution, once) into {download} ...")
        r = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", LUPA.split("==")[0],
                            "-d", download, LUPA], capture_output=True, text=True)
        if r.returncode != 0 or not os.path.exists(archive):
            log("bench-lua: pip download failed:\n" + (r.stdout + r.stderr)[-1000:])
            return None
    prefix = f"lupa-{version}/{LUA_FOLDER}/"
    with tarfile.open(archive) as tar:
        members = [m for m in tar.getmembers() if m.name.startswith(prefix) and m.isfile()]
        tar.extractall(root, members=members, filter="data")
    return sources if os.path.isdir(sources) else None


def build_lua(clang, sources, cache_dir):
    """Builds lua.wasm (the standalone interpreter) into the cache; its path, or None.

    The build folder is named by a digest of how it is built (compiler, sources, flags, defines,
    files left out, stubs), so changing any of them builds anew instead of reusing an older lua.wasm."""
    recipe = repr((clang, sources, FLAGS, DEFINES, sorted(LEFT_OUT), STUBS, SETJMP, LIBRARIES)).encode()
    out_dir = os.path.join(cache_dir, "lua", "build-" + hashlib.sha256(recipe).hexdigest()[:16])
    out = os.path.join(out_dir, "lua.wasm")
    if os.path.exists(out):
        return out
    os.makedirs(os.path.join(out_dir, "include"), exist_ok=True)
    with open(os.path.join(out_dir, "include", "setjmp.h"), "w") as f:
        f.write(SETJMP)
    stubs = os.path.join(out_dir, "stubs.c")
    with open(stubs, "w") as f:
        f.write(STUBS)
    files = sorted(os.path.join(sources, n) for n in os.listdir(sources) if n.endswith(".c") and n not in LEFT_OUT)
    sysroot_dir, resource = sysroot(cache_dir, clang)
    r = subprocess.run([clang, "--target=wasm32-wasip1", f"--sysroot={sysroot_dir}", f"-resource-dir={resource}",
                        "-I", os.path.join(out_dir, "include")] + FLAGS + DEFINES + files + [stubs, "-o", out]
                       + LIBRARIES, capture_output=True, text=True)
    if r.returncode != 0 or not os.path.exists(out):
        log("bench-lua: building Lua failed:\n" + r.stderr[-1500:])
        return None
    return out


def read_scripts():
    """(name, path, expected output) for each Benchmarks/lua script, by name."""
    scripts = []
    for name in sorted(os.listdir(SCRIPTS)):
        if not name.endswith(".lua"):
            continue
        path = os.path.join(SCRIPTS, name)
        with open(path) as f:
            first = f.readline().strip()
        if not first.startswith("-- expect: "):
            log(f"bench-lua: {path} does not start with `-- expect: OUTPUT`; skipped")
            continue
        scripts.append((name[:-4], path, first[len("-- expect: "):]))
    return scripts


def output_check(expected):
    def check(m):
        if m.status != 0:
            return f"exit status {m.status}"
        got = " ".join(m.stdout.split())
        return None if got == expected else f"printed {got!r}, expected {expected!r}"
    return check


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build", "release", "wippy-wasm"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cache-dir", default=os.environ.get("WIPPY_BENCH_CACHE", "/tmp/wippy-wasm-bench-cache"))
    parser.add_argument("--status", default=os.path.join(ROOT, "docs", "STATUS.md"))
    parser.add_argument("--no-peers", action="store_true", help="skip WasmKit and wasmtime")
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    args = parser.parse_args()

    binary = release_binary(args.bin, "bench-lua")
    if binary is None:
        return 1
    clang = toolchain_clang()
    if not clang or not ensure_wasi_libc():
        log("bench-lua: needs the Swift toolchain's clang and Debian's wasi-libc "
            f"(apt-get install -y {' '.join(PACKAGES)}); skipped")
        return 0
    sources = lua_sources(args.cache_dir)
    if sources is None:
        return 1
    lua = build_lua(clang, sources, args.cache_dir)
    if lua is None:
        return 1

    peers = {}
    if not args.no_peers:
        wasmkit = build_wasmkit(args.cache_dir)
        if wasmkit:
            peers["WasmKit"] = [wasmkit, "run", "--dir", SCRIPTS]
        wasmtime = find_wasmtime()
        if wasmtime:
            peers["wasmtime"] = [wasmtime, "run", "-C", "cache=y", "--dir", SCRIPTS]

    rows = []
    failures = 0
    for name, path, expected in read_scripts():
        log(f"lua {name}.lua")
        check = output_check(expected)
        if "wasmtime" in peers:
            measure(peers["wasmtime"] + [lua, path])   # fills its compilation cache
        jobs = [("ours", [binary, "run", "--dir", SCRIPTS, lua, path], check)]
        jobs += [(peer, argv + [lua, path], check) for peer, argv in peers.items()]
        results = interleaved_runs(jobs, args.runs)
        ours = results.pop("ours")
        failures += ours is None
        rows.append((name, ours, results))

    lines = peer_table("script", [(f"{name}.lua", ours, results) for name, ours, results in rows], list(peers))

    commit = tool_version(["git", "-C", ROOT, "describe", "--always", "--dirty"])
    out = [f"Measured by `make bench-lua` (`python3 Utilities/bench_lua.py`) on {time.strftime('%Y-%m-%d')}, "
           f"machine: {machine()}; wippy-wasm source tree {commit}.",
           "",
           f"Lua 5.4 (the copy in {LUPA}'s source distribution) built to wasm32-wasip1 with "
           f"`clang -O2` ({tool_version([clang, '--version'])}, Debian's wasi-libc), "
           f"{os.path.getsize(lua):,} bytes, running the scripts in `Benchmarks/lua`; user+sys CPU seconds of "
           f"the whole process, median of {args.runs} runs taken in turn; every run's output is checked. "
           "wasmtime runs with its compilation cache, warmed by one untimed run. These rows are not part "
           "of #13's goal rows (the tables above): they show how the interpreter does on a program none of "
           "its choices were fitted to.",
           ""] + lines
    publish("\n".join(out), args, BEGIN, END, "bench-lua", heading="## Performance: Lua 5.4")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
