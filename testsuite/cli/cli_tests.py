#!/usr/bin/env python3
"""Command-line tests of `wippy-wasm run` for components and entry files.

Usage: cli_tests.py BIN SHARED

- Every row of SHARED/wippy/README.md's complex.wasm table through `run complex.wasm --invoke`
  must print exactly the listed WAVE (the README is read at test time).
- Entry files (written into a temporary folder beside copies of the fixtures): a core module with
  `wit`, a component, `iface#name`-free methods with JSON arguments, and a tampered hash.
- The registry (entry files with testsuite/components/funcs-caller.wasm and funcs-callee.wasm):
  SHARED/components/py-wippy-echo.json's eight invocations through an entry file whose registry
  holds its funcs targets (myns:echo, myns:upper, myns:fail), a component calling a second entry,
  a trapping callee (err, the caller continues), a call back into a busy inline entry,
  process.wasm with command-line arguments, located pool errors.
- testsuite/cli/threaded.wat in the release build: 10^7 loop iterations with a call each, 5000
  nested calls, a byte sieve and wrapping `i32.add` addresses, 10^6 `call_indirect`s (and its
  two traps), locals cleared on every call, vector lane loads and stores of memory 1 (and their
  out-of-bounds traps), v128 loads and stores with fused address computations, loads from a
  local just stepped by a constant (`p += k; *p`), calls whose argument moves have short forms,
  against results computed here.
  Optimised builds run the interpreter's threaded handlers, which must jump to each other: a
  handler that called the next one instead would overflow the native stack on these loops.
- `validate` of a body of about 10^6 instructions (built here) with a 2 MiB native stack: the
  validator's fast loop is threaded handlers too, which must jump to each other; the same body
  with a mistake at its end is rejected at the mistake's offset.
- testsuite/cli/pairs.wat (Utilities/gen_pair_tests.py): every fused arithmetic pair against an
  unfused reference on pseudo-random inputs, in the release build's threaded handlers.
- `serve` (testsuite/components/http-*.wat handlers on a free port, talked to with http.client):
  answers and keep-alive, 400 for a malformed request, 431 for oversized headers, 500 for a
  trapping handler while serving on, 20 sleeping requests interleaved, a graceful SIGTERM stop;
  and, when `componentize-py` is installed, a Python handler of the `wasi:http/proxy` world
  (testsuite/components/python-handler) built here and served.
- `serve app.yaml`: POST /call/{entry-id} answers 200 with exactly what `run app.yaml` prints (a
  function.wat entry, a component entry), JSON errors with 404/400/500/503/405/413, 8 concurrent
  calls of a lazy entry sleeping 300 ms overlapping, an inline entry serializing them, SIGTERM.
- Exit codes and messages (README "Exit codes"): traps (the start function's too), guest exit
  statuses outside 0..125, devices refused as input, .wat for validate and inspect, module options
  refused with entry files, one-line usage errors, and a file used as stdout that the guest
  cannot truncate.
- Limits (`--max-time`, `--max-memory`, `--fuel`, an entry's `limits`): loops, a component that
  sleeps then loops, unbounded recursion, the memory cap; a limit is a trap (exit 134). The lift
  budget: a component returning a million pointers to one MiB traps, in under 2 GiB of memory.
"""
import hashlib
import os
import re
import shutil
import json
import subprocess
import sys
import struct
import tempfile
import threading

failures = []
passed = 0


def check(name, ok, detail=""):
    global passed
    if ok:
        passed += 1
    else:
        failures.append(f"{name}: {detail}")


def run(bin_path, *args):
    p = subprocess.run([bin_path, *args], capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def complex_rows(readme):
    """(call, expected) pairs of the complex.wasm table."""
    text = open(readme, encoding="utf-8").read()
    section = text.split("## complex.wasm", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        m = re.match(r"^\| `(.+)` \| (.+) \|$", line.strip())
        if not m:
            continue
        call, result = m.group(1), m.group(2).strip()
        if result == "the same value":
            inner = call[call.index("(") + 1:-1]
            expected = inner
        else:
            expected = result.strip("`")
        rows.append((call, expected))
    return rows


def test_complex(bin_path, shared):
    wasm = os.path.join(shared, "wippy", "complex.wasm")
    rows = complex_rows(os.path.join(shared, "wippy", "README.md"))
    check("complex table has rows", len(rows) >= 18, f"found {len(rows)} rows")
    for call, expected in rows:
        code, out, err = run(bin_path, "run", wasm, "--invoke", call)
        check(f"--invoke {call}", code == 0 and out == expected + "\n",
              f"exit {code}, stdout {out!r}, stderr {err!r}, expected {expected!r}")
    code, out, err = run(bin_path, "run", wasm, "--json", "--invoke", "echo-point({x: 7, y: 11})")
    check("--json echo-point", code == 0 and out.strip() == '{"x":7,"y":11}', f"exit {code}, {out!r} {err!r}")
    code, out, err = run(bin_path, "run", wasm, "--invoke", "sum-list([1, 2")
    check("bad WAVE is a usage error", code == 2 and "wippy-wasm" in err, f"exit {code}, {err!r}")
    code, out, err = run(bin_path, "validate", wasm)
    check("validate a component", code == 0 and out.strip().endswith("valid component"), f"exit {code}, {out!r} {err!r}")
    broken = bytearray(open(wasm, "rb").read())
    broken[len(broken) // 2] ^= 0xFF
    tmp = tempfile.NamedTemporaryFile(suffix=".wasm", delete=False)
    tmp.write(bytes(broken))
    tmp.close()
    code, out, err = run(bin_path, "validate", tmp.name)
    os.unlink(tmp.name)
    check("validate a damaged component", code == 1 and "byte offset" in out, f"exit {code}, {out!r} {err!r}")
    code, out, err = run(bin_path, "run", wasm, "--invoke", "no-such-function()")
    check("unknown export", code == 1 and "no exported function" in err, f"exit {code}, {err!r}")


def sha(path):
    """The file's SHA-256, read in pieces: reading py-wippy-echo.wasm (18 MB) whole would grow
    this process, and the peak RSS that test_lazy_memory measures counts the forked child
    before it runs the binary."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def test_entries(bin_path, shared):
    tmp = tempfile.mkdtemp(prefix="wippy-cli-")
    try:
        mods = os.path.join(tmp, "mods")
        os.mkdir(mods)
        for f in ("answer_raw.wasm", "minimal.wasm", "complex.wasm"):
            shutil.copy(os.path.join(shared, "wippy", f), mods)
        entry = os.path.join(tmp, "entry.yaml")
        with open(entry, "w") as f:
            f.write(f"""namespace: test
entries:
  - name: mods
    kind: fs.directory
    directory: ./mods
  - name: answer
    kind: function.wasm
    fs: test:mods
    path: answer_raw.wasm
    hash: sha256:{sha(os.path.join(mods, 'answer_raw.wasm'))}
    method: answer
    wit: |
      answer: func() -> s32;
  - name: compute
    kind: function.wasm
    fs: test:mods
    path: minimal.wasm
    hash: sha256:{sha(os.path.join(mods, 'minimal.wasm'))}
    method: compute
  - name: echo-point
    kind: function.wasm
    fs: test:mods
    path: complex.wasm
    hash: sha256:{sha(os.path.join(mods, 'complex.wasm'))}
    method: echo-point
  - name: try-divide
    kind: function.wasm
    fs: test:mods
    path: complex.wasm
    hash: sha256:{sha(os.path.join(mods, 'complex.wasm'))}
    method: try-divide
  - name: tampered
    kind: function.wasm
    fs: test:mods
    path: minimal.wasm
    hash: sha256:{'0' * 64}
    method: compute
""")
        code, out, err = run(bin_path, "run", entry, "test:answer")
        check("core module + wit", code == 0 and out == "42\n", f"exit {code}, {out!r}, {err!r}")
        code, out, err = run(bin_path, "run", entry, "test:compute", "6", "7")
        check("component entry", code == 0 and out == "42\n", f"exit {code}, {out!r}, {err!r}")
        code, out, err = run(bin_path, "run", entry, "test:echo-point", '{"x": 7, "y": 11}')
        check("component record argument", code == 0 and out == '{"x":7,"y":11}\n', f"exit {code}, {out!r}, {err!r}")
        code, out, err = run(bin_path, "run", entry, "test:try-divide", "10", "0")
        check("component result value", code == 0 and out == '{"err":{"code":1,"message":"division by zero"}}\n',
              f"exit {code}, {out!r}, {err!r}")
        code, out, err = run(bin_path, "run", entry, "test:compute", "6", "4294967296")
        check("out-of-range argument refused", code == 1 and "test:compute" in err, f"exit {code}, {err!r}")
        code, out, err = run(bin_path, "run", entry, "test:tampered", "6", "7")
        want = f"hash verification failed: expected {'0' * 64}, got {sha(os.path.join(mods, 'minimal.wasm'))}"
        check("tampered hash", code == 1 and want in err and "test:tampered" in err and entry in err,
              f"exit {code}, {err!r}")
        code, out, err = run(bin_path, "run", entry, "test:nope")
        check("unknown ID lists the known ones", code == 1 and "test:compute" in err and "test:answer" in err,
              f"exit {code}, {err!r}")
    finally:
        shutil.rmtree(tmp)


def test_wasi_entries(bin_path, shared):
    """Component entries with `imports` and `wasi` (args, env, mounts): only the listed groups are linked."""
    comps = os.path.join(shared, "components")
    tmp = tempfile.mkdtemp(prefix="wippy-wasi-")
    try:
        mods = os.path.join(tmp, "mods")
        os.mkdir(mods)
        for f in ("cli-hello-wat.wasm", "fs-read-c.wasm", "cli-args-c.wasm"):
            shutil.copy(os.path.join(comps, f), mods)
        shutil.copy(os.path.join(shared, "wippy", "sleep-test.wasm"), mods)
        data = os.path.join(tmp, "data")
        shutil.copytree(os.path.join(comps, "fs-read-c.data"), data)
        entry = os.path.join(tmp, "entry.yaml")
        h = lambda f: sha(os.path.join(mods, f))
        with open(entry, "w") as f:
            f.write(f"""namespace: t
entries:
  - name: mods
    kind: fs.directory
    directory: ./mods
  - name: data
    kind: fs.directory
    directory: ./data
  - name: greeting
    kind: env.variable
    variable: WIPPY_TEST_GREETING
    default: hello-default
  - name: hello
    kind: function.wasm
    fs: t:mods
    path: /cli-hello-wat.wasm
    hash: sha256:{h('cli-hello-wat.wasm')}
    method: wasi:cli/run#run
    imports: [wasi:cli, wasi:io]
  - name: sleep
    kind: function.wasm
    fs: t:mods
    path: sleep-test.wasm
    hash: sha256:{h('sleep-test.wasm')}
    method: test-sleep#sleep-ms
    imports: [wasi:io, wasi:clocks]
  - name: hello-no-imports
    kind: function.wasm
    fs: t:mods
    path: cli-hello-wat.wasm
    hash: sha256:{h('cli-hello-wat.wasm')}
    method: wasi:cli/run@0.2.0#run
  - name: read
    kind: function.wasm
    fs: t:mods
    path: fs-read-c.wasm
    hash: sha256:{h('fs-read-c.wasm')}
    method: wasi:cli/run#run
    imports: [wasi:cli, wasi:io, wasi:clocks, wasi:filesystem, WASI:Random@0.2.0]
    wasi:
      args: [fs-read-c]
      mounts: [{{fs: t:data, guest: /data, read_only: true}}]
  - name: args
    kind: function.wasm
    fs: t:mods
    path: cli-args-c.wasm
    hash: sha256:{h('cli-args-c.wasm')}
    method: wasi:cli/run#run
    imports: [wasi:cli, wasi:io, wasi:clocks, wasi:filesystem, wasi:random]
    wasi:
      args: [prog, one]
      env:
        - {{id: t:greeting, name: GREETING}}
        - {{id: t:WIPPY_TEST_MISSING, name: MISSING, required: true}}
""")
        code, out, err = run(bin_path, "run", entry, "t:hello")
        check("wasi entry: command output, then its JSON result", code == 0 and out == 'Hello, world!\n{"ok":null}\n',
              f"exit {code}, {out!r}, {err!r}")
        code, out, err = run(bin_path, "run", entry, "t:sleep", "50")
        check("wasi entry: sleep-test.wasm sleeps 50 ms on the dispatcher", code == 0 and out.strip().isdigit() and int(out) >= 50000000,
              f"exit {code}, {out!r}, {err!r}")
        code, out, err = run(bin_path, "run", entry, "t:hello-no-imports")
        check("wasi entry: an unlisted group traps when called", code == 134 and "host function not available: wasi:cli/stdout" in err,
              f"exit {code}, {err!r}")
        want = json.load(open(os.path.join(comps, "fs-read-c.json")))["expected"]["stdout"]
        code, out, err = run(bin_path, "run", entry, "t:read")
        check("wasi entry: read-only mount through an fs.directory entry", code == 0 and out == want + '{"ok":null}\n',
              f"exit {code}, {out!r}, {err!r}")
        code, out, err = run(bin_path, "run", entry, "t:args")
        check("wasi entry: a missing required variable fails the call naming it",
              code == 1 and "t:args" in err and "wasi.env[1]" in err and "t:WIPPY_TEST_MISSING" in err, f"exit {code}, {err!r}")
        bad = os.path.join(tmp, "bad.yaml")
        with open(bad, "w") as f:
            f.write("namespace: b\nentries:\n  - name: f\n    kind: function.wasm\n    fs: b:x\n    path: a.wasm\n"
                    f"    hash: sha256:{'0' * 64}\n    method: run\n    imports: [wasi:nope]\n")
        code, out, err = run(bin_path, "run", bad, "b:f")
        check("wasi entry: an unknown import group is a located error", code == 1 and "b:f" in err and "wasi:nope" in err,
              f"exit {code}, {err!r}")
        with open(bad, "w") as f:
            f.write("namespace: b\nentries:\n  - name: f\n    kind: function.wasm\n    fs: b:x\n    path: a.wasm\n"
                    f"    hash: sha256:{'0' * 64}\n    method: run\n    wasi:\n      mounts: [{{fs: b:x, guest: data}}]\n")
        code, out, err = run(bin_path, "run", bad, "b:f")
        check("wasi entry: a relative guest path is refused", code == 1 and "wasi.mounts[0].guest must be absolute" in err,
              f"exit {code}, {err!r}")
    finally:
        shutil.rmtree(tmp)


def test_components(bin_path):
    """WASI 0.2 commands through `run COMPONENT.wasm`: a sleep parks on the dispatcher, and a
    wait below a call between two components suspends the whole chain."""
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "components")
    code, out, err = run(bin_path, "run", os.path.join(here, "sleeper.wasm"))
    check("component command sleeping 20 ms", code == 0 and out == "" and err == "", f"exit {code}, {out!r}, {err!r}")
    code, out, err = run(bin_path, "run", os.path.join(here, "nested-sleeper.wasm"), "--invoke", "sleep-twice(1000000)")
    check("suspension across components", code == 0 and int(out.strip() or 0) >= 2000000, f"exit {code}, {out!r}, {err!r}")
    code, out, err = run(bin_path, "run", os.path.join(here, "sleeper.wasm"), "--invoke", "sleep(1000)")
    check("--invoke on a component links the WASI groups", code == 0 and out.strip().isdigit(), f"exit {code}, {out!r}, {err!r}")
    # make bench's component host-call program: 1,000,000 monotonic-clock.now calls, never going back.
    code, out, err = run(bin_path, "run", os.path.join(here, "clock-loop.wasm"))
    check("clock-loop: a million clock calls through a lowered import", code == 0 and out == "" and err == "",
          f"exit {code}, {out!r}, {err!r}")


def test_network_flag(bin_path):
    """`run` links wasi:sockets always; the network needs --allow-network (access-denied, not a
    trap, without it). The guest (tcp-waiter) connects to a listener of this test's own."""
    import socket
    import threading
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "components")
    waiter = os.path.join(here, "tcp-waiter.wasm")
    code, out, err = run(bin_path, "run", waiter, "--invoke", "wait(9)")
    check("sockets without --allow-network: access-denied", code == 0 and out.strip() == "1001", f"exit {code}, {out!r}, {err!r}")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]

    def serve():
        peer, _ = listener.accept()
        peer.sendall(b"abc")
        peer.close()
    threading.Thread(target=serve, daemon=True).start()
    code, out, err = run(bin_path, "run", waiter, "--allow-network", "--invoke", f"wait({port})")
    check("sockets with --allow-network: connect and read", code == 0 and out.strip() == "3", f"exit {code}, {out!r}, {err!r}")
    listener.close()


class Server:
    """`wippy-wasm serve HANDLER --addr 127.0.0.1:0`, its port read from the line it prints."""

    def __init__(self, bin_path, handler, options=()):
        here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "components")
        self.proc = subprocess.Popen([bin_path, "serve", *options, os.path.join(here, handler), "--addr", "127.0.0.1:0"],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stderr.readline()
        m = re.search(r":(\d+)/\s*$", line)
        self.port = int(m.group(1)) if m else None
        self.first_line = line

    def get(self, path="/", conn=None):
        import http.client
        c = conn or http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        c.request("GET", path)
        r = c.getresponse()
        return r.status, r.read()

    def raw(self, data, wait=5):
        import socket
        with socket.create_connection(("127.0.0.1", self.port), timeout=wait) as s:
            s.sendall(data)
            out = b""
            try:
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    out += chunk
            except OSError:
                pass
            return out

    def stop(self):
        self.proc.send_signal(15)
        try:
            return self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return None


def test_serve(bin_path):
    """`serve` on the handlers of testsuite/components (component text in http-*.wat)."""
    import http.client
    import threading
    import time
    hello = Server(bin_path, "http-hello.wasm")
    check("serve prints where it listens", hello.port is not None, repr(hello.first_line))
    if hello.port is None:
        hello.proc.kill()
        return
    status, body = hello.get("/a?b=c")
    check("serve: 200 from the handler", status == 200 and body == b"hello from wippy\n", f"{status} {body!r}")
    conn = http.client.HTTPConnection("127.0.0.1", hello.port, timeout=20)
    answers = [hello.get(p, conn) for p in ("/1", "/2", "/3")]
    check("serve: keep-alive, three requests on one connection", all(a == (200, b"hello from wippy\n") for a in answers), repr(answers))
    conn.close()
    out = hello.raw(b"NOT A REQUEST LINE\r\n\r\n")
    check("serve: malformed request gets 400", out.startswith(b"HTTP/1.1 400 "), repr(out[:60]))
    out = hello.raw(b"GET / HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n b\r\n\r\n")
    check("serve: obsolete line folding gets 400", out.startswith(b"HTTP/1.1 400 "), repr(out[:60]))
    out = hello.raw(b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 70000 + b"\r\n\r\n")
    check("serve: oversized headers get 431", out.startswith(b"HTTP/1.1 431 "), repr(out[:60]))
    status, body = hello.get("/")
    check("serve: still answering after bad requests", status == 200, f"{status}")
    # A POST whose body the handler never reads, the body sent only after the answer: the
    # connection carries the next request.
    import socket
    with socket.create_connection(("127.0.0.1", hello.port), timeout=10) as s:
        s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n")
        first = b""
        while not first.endswith(b"\r\n0\r\n\r\n"):
            chunk = s.recv(65536)
            if not chunk:
                break
            first += chunk
        s.sendall(b"hello worldGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        second = b""
        try:
            while chunk := s.recv(65536):
                second += chunk
        except OSError:
            pass
    check("serve: keep-alive after a POST whose body the handler did not read",
          first.startswith(b"HTTP/1.1 200 ") and b"connection: close" not in first
          and second.startswith(b"HTTP/1.1 200 ") and second.endswith(b"hello from wippy\n\r\n0\r\n\r\n"),
          f"{first[:80]!r} {second[:80]!r}")
    code = hello.stop()
    check("serve: SIGTERM stops it with status 0", code == 0, f"exit {code}, {hello.proc.stderr.read()!r}")

    # With --cache-dir: the handler's core modules are recorded, and a second server (a hit)
    # answers the same.
    cache = tempfile.mkdtemp(prefix="wippy-serve-cache-")
    try:
        answers, records = [], []
        for _ in range(2):
            cached = Server(bin_path, "http-hello.wasm", ["--cache-dir", os.path.join(cache, "c")])
            answers.append(cached.get("/") if cached.port else None)
            cached.stop()
            records.append(len(os.listdir(os.path.join(cache, "c"))) if os.path.isdir(os.path.join(cache, "c")) else 0)
        check("serve --cache-dir: records the handler's core modules, a hit answers the same",
              answers == [(200, b"hello from wippy\n")] * 2 and records[0] > 0 and records[0] == records[1],
              f"{answers!r}, records {records!r}")
    finally:
        shutil.rmtree(cache, ignore_errors=True)

    trapper = Server(bin_path, "http-trapper.wasm")
    results = [trapper.get("/") for _ in range(3)] if trapper.port else []
    check("serve: a trapping handler answers 500, and the server goes on", len(results) == 3 and all(r[0] == 500 for r in results), repr(results))
    trapper.stop()

    sleeper = Server(bin_path, "http-sleeper.wasm")
    if sleeper.port is None:
        sleeper.proc.kill()
        check("serve sleeper starts", False, repr(sleeper.first_line))
        return
    sleeper.get("/")  # one warm instance
    got = []
    lock = threading.Lock()

    def one():
        r = sleeper.get("/")
        with lock:
            got.append(r)
    threads = [threading.Thread(target=one) for _ in range(20)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start
    # Sequentially the 20 sleeps take 4 s; interleaved they overlap (about 0.2 s plus start-up).
    check("serve: 20 requests sleeping 200 ms each interleave", len(got) == 20 and all(g == (200, b"slept 200 ms\n") for g in got) and elapsed < 2.0,
          f"{len(got)} answers in {elapsed:.2f} s")
    print(f"serve: 20 sleeping requests answered in {elapsed:.2f} s")
    # A graceful stop lets the request in progress finish.
    holder = []
    t = threading.Thread(target=lambda: holder.append(sleeper.get("/")))
    t.start()
    time.sleep(0.05)
    code = sleeper.stop()
    t.join()
    check("serve: SIGTERM lets the request in progress finish", code == 0 and holder == [(200, b"slept 200 ms\n")], f"exit {code}, {holder!r}")


def serve_entry_file(tmp):
    """app.yaml for `serve`: a function.wat entry, entries of funcs-callee.wasm (upper, trap) and
    of sleeper.wasm (sleep(ns) -> ns slept) in a lazy, an inline and a one-worker static pool."""
    mods = os.path.join(tmp, "mods")
    os.makedirs(mods, exist_ok=True)
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "components")
    for f in ("funcs-callee.wasm", "sleeper.wasm"):
        shutil.copy(os.path.join(here, f), mods)
    text = ("namespace: app\nentries:\n  - {name: mods, kind: fs.directory, directory: mods}\n"
            "  - name: add\n    kind: function.wat\n"
            "    source: '(module (func (export \"add\") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))'\n"
            "    method: add\n    wit: 'add: func(a: s32, b: s32) -> s32;'\n")
    def function(name, file, method, imports=None, pool=None):
        out = (f"  - name: {name}\n    kind: function.wasm\n    fs: app:mods\n    path: /{file}\n"
               f"    hash: sha256:{sha(os.path.join(mods, file))}\n    method: {method}\n")
        if imports:
            out += f"    imports: [{', '.join(imports)}]\n"
        if pool:
            out += f"    pool: {pool}\n"
        return out
    text += function("upper", "funcs-callee.wasm", "upper")
    text += function("trap", "funcs-callee.wasm", "trap")
    clocks = ["wasi:io", "wasi:clocks"]
    text += function("sleep", "sleeper.wasm", "sleep", clocks, "{type: lazy, max_size: 16}")
    text += function("sleep-inline", "sleeper.wasm", "sleep", clocks, "{type: inline}")
    text += function("sleep-static", "sleeper.wasm", "sleep", clocks, "{type: static, workers: 1, buffer: 1}")
    path = os.path.join(tmp, "app.yaml")
    with open(path, "w") as f:
        f.write(text)
    return path


def test_serve_entries(bin_path):
    """`serve app.yaml`: POST /call/{entry-id} answers as `run app.yaml` prints, errors as JSON
    with their statuses, calls of one entry run on its pool, SIGTERM stops it."""
    import http.client
    import threading
    import time
    tmp = tempfile.mkdtemp(prefix="wippy-serve-entries-")
    server = None
    try:
        app = serve_entry_file(tmp)
        server = Server(bin_path, app)
        check("serve app.yaml prints where it listens", server.port is not None, repr(server.first_line))
        if server.port is None:
            return

        def post(path, body, method="POST"):
            c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
            c.request(method, path, body=body, headers={"Content-Type": "application/json"})
            r = c.getresponse()
            out = (r.status, r.read(), r.getheader("content-type"))
            c.close()
            return out

        for entry, args in (("app:add", [2, 40]), ("app:upper", ["abc"])):
            code, out, err = run(bin_path, "run", app, entry, "--", *[json.dumps(a) for a in args])
            status, body, ctype = post(f"/call/{entry}", json.dumps(args))
            check(f"serve entries: {entry} answers 200 with what run prints", code == 0 and status == 200 and body == out.encode()
                  and ctype == "application/json", f"run {code} {out!r}; serve {status} {body!r} {ctype}")
        status, body, _ = post("/call/app%3Aadd", "[1, 2]")
        check("serve entries: a percent-encoded ID", (status, body) == (200, b"3\n"), f"{status} {body!r}")

        def error_of(body):
            try:
                value = json.loads(body)
                return value["error"] if isinstance(value, dict) and isinstance(value.get("error"), str) else None
            except ValueError:
                return None
        for name, path, body, want, words in (
                ("unknown entry", "/call/app:nope", "[]", 404, "app:nope"),
                ("not a function entry", "/call/app:mods", "[]", 404, "app:mods"),
                ("bad JSON", "/call/app:add", "[1,", 400, "not JSON"),
                ("not an array", "/call/app:add", '{"a": 1}', 400, "JSON array"),
                ("wrong argument count", "/call/app:add", "[1]", 400, "app:add"),
                ("a trap", "/call/app:trap", '["x"]', 500, "unreachable"),
                ("another path", "/nope", "[]", 404, "/call/"),
                ("a quote in the ID is escaped", '/call/app:%22x%22', "[]", 404, '"x"')):
            status, got, ctype = post(path, body)
            message = error_of(got)
            check(f"serve entries: {name} answers {want} with a JSON error", status == want and message is not None and words in message
                  and ctype == "application/json", f"{status} {got!r} {ctype}")
        status, got, _ = post("/call/app:add", None, method="GET")
        check("serve entries: GET answers 405", status == 405 and error_of(got) is not None, f"{status} {got!r}")
        out = server.raw(b"POST /call/app:add HTTP/1.1\r\nHost: x\r\nContent-Length: 67108865\r\n\r\n")
        check("serve entries: a body over 64 MiB answers 413", out.startswith(b"HTTP/1.1 413 ") and b'{"error":' in out, repr(out[:120]))
        out = server.raw(b"NOT A REQUEST\r\n\r\n")
        check("serve entries: a malformed request answers 400", out.startswith(b"HTTP/1.1 400 "), repr(out[:60]))
        out = server.raw(b"POST /call/app:add HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 70000 + b"\r\n\r\n")
        check("serve entries: oversized headers answer 431", out.startswith(b"HTTP/1.1 431 "), repr(out[:60]))
        c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        answers = []
        for args in ([1, 2], [3, 4], [5, 6]):
            c.request("POST", "/call/app:add", body=json.dumps(args))
            r = c.getresponse()
            answers.append((r.status, r.read()))
        c.close()
        check("serve entries: keep-alive, three calls on one connection", answers == [(200, b"3\n"), (200, b"7\n"), (200, b"11\n")], repr(answers))

        def concurrently(path, count, body):
            got = []
            lock = threading.Lock()
            def one():
                r = post(path, body)
                with lock:
                    got.append(r)
            threads = [threading.Thread(target=one) for _ in range(count)]
            start = time.monotonic()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            return got, time.monotonic() - start
        sleep_ns = 300_000_000
        post("/call/app:sleep", "[1]")  # one warm instance
        got, elapsed = concurrently("/call/app:sleep", 8, f"[{sleep_ns}]")
        ok = len(got) == 8 and all(g[0] == 200 and int(g[1]) >= sleep_ns for g in got)
        # Sequentially the eight sleeps take 2.4 s; on the lazy pool they overlap (about 0.3 s).
        check("serve entries: 8 calls of a lazy entry sleeping 300 ms finish together", ok and elapsed < 2.0,
              f"{[g[:2] for g in got]} in {elapsed:.2f} s")
        print(f"serve entries: 8 concurrent 300 ms calls of a lazy entry answered in {elapsed:.2f} s")
        got, elapsed = concurrently("/call/app:sleep-inline", 8, f"[{sleep_ns}]")
        check("serve entries: an inline entry serializes its calls", len(got) == 8 and all(g[0] == 200 for g in got)
              and elapsed >= 8 * sleep_ns / 1e9, f"{[g[:2] for g in got]} in {elapsed:.2f} s")
        print(f"serve entries: 8 concurrent 300 ms calls of an inline entry answered in {elapsed:.2f} s")
        got, _ = concurrently("/call/app:sleep-static", 4, f"[{sleep_ns}]")
        statuses = sorted(g[0] for g in got)
        check("serve entries: a full static queue answers 503", 200 in statuses and 503 in statuses
              and all(error_of(g[1]) for g in got if g[0] == 503), repr(got))
        # A graceful stop answers the call in progress, then exits 0.
        holder = []
        t = threading.Thread(target=lambda: holder.append(post("/call/app:sleep", f"[{sleep_ns}]")))
        t.start()
        time.sleep(0.1)
        code = server.stop()
        t.join()
        check("serve entries: SIGTERM answers the call in progress, then exits 0", code == 0 and len(holder) == 1 and holder[0][0] == 200,
              f"exit {code}, {holder!r}")
        server = None
        code, out, err = run(bin_path, "serve", app, "--addr", "127.0.0.1:0", "--env", "A=1")
        check("serve entries: module options refused", code == 2 and "--env" in err, f"{code} {err!r}")
        broken = os.path.join(tmp, "broken.yaml")
        with open(broken, "w") as f:
            f.write(open(app).read().replace("    method: upper\n", "    method: upper\n    pool: {type: eager}\n"))
        code, out, err = run(bin_path, "serve", broken, "--addr", "127.0.0.1:0")
        check("serve entries: a broken entry file stops it at once", code == 1 and "unknown pool type" in err, f"{code} {err!r}")
    finally:
        if server is not None:
            server.proc.kill()
        shutil.rmtree(tmp)


def test_python_handler(bin_path, shared):
    """A real toolchain's handler: componentize-py's wasi:http/proxy world (CPython in the
    component, every import raised to 0.2.x), built when componentize-py is installed."""
    # On PATH, or beside this Python (a version manager's shims appear only after a rehash).
    beside = os.path.join(os.path.dirname(sys.executable), "componentize-py")
    tool = shutil.which("componentize-py") or (beside if os.access(beside, os.X_OK) else None)
    if not tool:
        print("cli tests: componentize-py not installed: the Python handler is not built or served")
        return
    import http.client
    source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "components", "python-handler")
    with tempfile.TemporaryDirectory() as tmp:
        wit = os.path.join(tmp, "wit")
        os.makedirs(os.path.join(wit, "deps"))
        shutil.copy(os.path.join(source, "world.wit"), wit)
        for name in os.listdir(os.path.join(shared, "wit", "0.2.0")):
            shutil.copytree(os.path.join(shared, "wit", "0.2.0", name), os.path.join(wit, "deps", name))
        shutil.copy(os.path.join(source, "app.py"), tmp)
        component = os.path.join(tmp, "py-handler.wasm")
        p = subprocess.run([tool, "-d", wit, "-w", "handler", "componentize", "app", "-o", component],
                           cwd=tmp, capture_output=True, text=True, timeout=600)
        if p.returncode != 0:
            check("componentize-py builds the Python handler", False, p.stderr[-500:])
            return
        here_server = subprocess.Popen([bin_path, "serve", component, "--addr", "127.0.0.1:0"],
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = here_server.stderr.readline()
        m = re.search(r":(\d+)/\s*$", line)
        try:
            if not m:
                check("serve the Python handler", False, repr(line))
                return
            c = http.client.HTTPConnection("127.0.0.1", int(m.group(1)), timeout=120)
            c.request("POST", "/p?q=1", body=b"x" * 100000, headers={"x-test": "abc"})
            r = c.getresponse()
            body = r.read()
            check("serve: a componentize-py handler answers (request headers and a 100 kB body read)",
                  r.status == 200 and body == b"python saw POST /p?q=1 x-test=abc body=100000 bytes\n", f"{r.status} {body!r}")
        finally:
            here_server.send_signal(15)
            try:
                here_server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                here_server.kill()


def test_lazy_memory(bin_path):
    """A guest growing its memory to 4 GiB but touching 1 MiB stays far below 32 MiB of RSS."""
    wat = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lazy-memory.wat")
    p = subprocess.Popen([bin_path, "run", wat], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    err = p.stderr.read().decode()
    code = os.waitstatus_to_exitcode(status)
    rss_mib = usage.ru_maxrss / 1024
    check("4 GiB memory, 1 MiB touched: peak RSS <= 32 MiB", code == 0 and rss_mib <= 32,
          f"exit {code}, peak RSS {rss_mib:.1f} MiB, {err!r}")


def step_loads(n):
    """What threaded.wat's step_loads(n) returns: the i32s 3i - 50 (i < n) summed, their bytes
    summed as signed bytes, plus the last addresses read (3996 + 4n and 3999 + 4n)."""
    data = b"".join(struct.pack("<i", 3 * i - 50) for i in range(n))
    total = sum(3 * i - 50 for i in range(n)) + sum(struct.unpack("<%db" % len(data), data)) + 3996 + 4 * n + 3999 + 4 * n
    return (total + 2 ** 31) % 2 ** 32 - 2 ** 31


def test_threaded(bin_path):
    wat = os.path.join(os.path.dirname(os.path.abspath(__file__)), "threaded.wat")
    x = 1
    for _ in range(10 ** 7):
        x = (3 * x + 1) & 0xFFFFFFFF
    loop_calls = x - (1 << 32) if x >= 1 << 31 else x
    n = 1000000
    composite = bytearray(n)
    primes = 0
    for i in range(2, n):
        if not composite[i]:
            primes += 1
            composite[2 * i::i] = b"\x01" * len(range(2 * i, n, i))
    y = 1
    for k in range(1000000, 0, -1):
        y = (3 * y + 1) & 0xFFFFFFFF if k & 1 == 0 else y ^ 0x5A5A5A5A
    indirect_calls = y - (1 << 32) if y >= 1 << 31 else y
    cases = [("loop_calls(10000000)", str(loop_calls)), ("indirect_calls(1000000)", str(indirect_calls)),
             ("fresh_locals(3000)", "0"), ("sum_rec(5000)", str(5000 * 5001 // 2)),
             ("primes(1000000)", str(primes)), ("wrap()", str(0x5EED + 7)), ("shifted(1073741826)", str(0x7734)),
             ("count_up(30000000)", "10000000"), ("lanes_small()", str(2 * 0x11223344)),
             ("v128_addresses(64)", "1407"), ("step_loads(100)", str(step_loads(100))), ("step_wrap()", "12349"),
             ("call_shapes(1, 2, 3)", str(1000 * (123 + 37 + 41 + 215)))]
    for call, want in cases:
        code, out, err = run(bin_path, "run", wat, "--invoke", call)
        check(f"threaded {call}", code == 0 and out.strip() == want, f"exit {code}, got {out.strip()!r} {err.strip()!r}, want {want}")
    pairs = os.path.join(os.path.dirname(wat), "pairs.wat")
    code, out, err = run(bin_path, "run", pairs, "--invoke", "check_all()")
    check("fused pairs (pairs.wat check_all)", code == 0 and out.strip() == "0", f"exit {code}, {out.strip()!r} {err.strip()!r}")
    # The fused step-and-branch of a loop spends fuel in the handlers (count_up: one unit per
    # turn, enough fuel) and stops when it runs out (spin_fused).
    code, out, err = run(bin_path, "run", "--fuel", "10000100", wat, "--invoke", "count_up(30000000)")
    check("threaded count_up with fuel", code == 0 and out.strip() == "10000000", f"exit {code}, {out.strip()!r} {err.strip()!r}")
    code, out, err = run(bin_path, "run", "--fuel", "100000", wat, "--invoke", "spin_fused()")
    check("threaded spin_fused stops at --fuel", code == 134 and "all fuel consumed" in err, f"exit {code}, {err.strip()!r}")
    code, out, err = run(bin_path, "run", wat, "--invoke", "oob()")
    check("threaded oob()", code != 0 and "out of bounds memory access" in err, f"exit {code}, {err.strip()!r}")
    for call, message in [("indirect_mismatch()", "indirect call type mismatch"),
                          ("indirect_empty()", "uninitialized element"),
                          ("lanes_small_oob()", "out of bounds memory access"),
                          ("lanes_small_store_oob()", "out of bounds memory access"),
                          ("v128_address_oob(0)", "out of bounds memory access"),
                          ("v128_store_oob(69632)", "out of bounds memory access"),
                          ("step_oob()", "out of bounds memory access")]:
        code, out, err = run(bin_path, "run", wat, "--invoke", call)
        check(f"threaded {call}", code != 0 and message in err, f"exit {code}, {err.strip()!r}")


WASI_EXIT = """(module (import "wasi_snapshot_preview1" "proc_exit" (func $e (param i32)))
  (memory (export "memory") 1) (func (export "_start") (call $e (i32.const STATUS))))"""

TRUNCATE = """(module
  (import "wasi_snapshot_preview1" "fd_filestat_set_size" (func $size (param i32 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_allocate" (func $alloc (param i32 i64 i64) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $e (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (call $e (i32.add (i32.mul (call $size (i32.const 1) (i64.const 0)) (i32.const 10))
                      (call $alloc (i32.const 1) (i64.const 0) (i64.const 10485760))))))"""


def test_gc_invoke(bin_path):
    """GC results print as references; `null` is an argument of a nullable reference type."""
    wat = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gc.wat")
    for call, want_code, want in (("mk(0)", 0, "null"), ("mk(1)", 0, "anyref(object 0)"),
                                  ("mk_get(1)", 0, "5"), ("i31()", 0, "i31ref(2147483647)"),
                                  ("get(null)", 134, "null structure reference")):
        code, out, err = run(bin_path, "run", wat, "--invoke", call)
        text = out.strip() if want_code == 0 else err
        check(f"gc.wat --invoke {call}", code == want_code and want in text, f"exit {code}, {out!r} {err!r}")


def binary_trees_checksum(n):
    """What binary-trees.wat's run(n) returns (the sum of every tree's node count)."""
    return (2 ** (n + 2) - 1) + (2 ** (n + 1) - 1) + sum(2 ** (n - d + 4) * (2 ** (d + 1) - 1) for d in range(4, n + 1, 2))


def test_gc_binary_trees(bin_path):
    """A GC program that makes about 670,000 short-lived structs gives its checksum."""
    wat = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench", "binary-trees.wat")
    code, out, err = run(bin_path, "run", wat, "--invoke", "run(12)")
    check("binary-trees.wat --invoke run(12)", code == 0 and out.strip() == str(binary_trees_checksum(12)),
          f"exit {code}, {out!r} {err!r}")
    # --max-memory caps the GC heap too: what run(12) keeps reachable at once does not fit in
    # 1 MiB (it runs in 8 MiB).
    code, out, err = run(bin_path, "run", "--max-memory", "1048576", wat, "--invoke", "run(12)")
    check("--max-memory caps the GC heap", code == 134 and "out of memory: GC heap limit" in err,
          f"exit {code}, {out!r} {err!r}")


GC_ARRAYS = """(module
  (type $i8s (array (mut i8)))
  (type $i16s (array (mut i16)))
  (type $i64s (array (mut i64)))
  (func $bytes (result (ref $i8s)) (array.new $i8s (i32.const 200) (i32.const 3)))
  (func (export "get_s8") (param i32) (result i32) (array.get_s $i8s (call $bytes) (local.get 0)))
  (func (export "get_u8") (param i32) (result i32) (array.get_u $i8s (call $bytes) (local.get 0)))
  (func (export "set16") (param i32) (result i32)
    (local $a (ref $i16s))
    (local.set $a (array.new_default $i16s (i32.const 2)))
    (array.set $i16s (local.get $a) (i32.const 1) (local.get 0))
    (array.get_s $i16s (local.get $a) (i32.const 1)))
  (func (export "set64") (param i32) (param i64) (result i64)
    (local $a (ref $i64s))
    (local.set $a (array.new_default $i64s (i32.const 2)))
    (array.set $i64s (local.get $a) (local.get 0) (local.get 1))
    (array.get $i64s (local.get $a) (i32.const 1)))
  (func (export "len") (param i32) (result i32) (array.len (array.new_default $i64s (local.get 0))))
  (func (export "len_null") (result i32) (array.len (ref.null $i64s)))
  (func (export "get_null") (result i32) (array.get_u $i8s (ref.null $i8s) (i32.const 0)))
  (type $small (struct (field (mut i8)) (field (mut i16)) (field (mut i32))))
  (func (export "struct_fields") (param i64) (result i32)
    (local $s (ref $small))
    (local.set $s (struct.new_default $small))
    (struct.set $small 0 (local.get $s) (i32.wrap_i64 (local.get 0)))
    (struct.set $small 1 (local.get $s) (i32.wrap_i64 (local.get 0)))
    (struct.set $small 2 (local.get $s) (i32.wrap_i64 (local.get 0)))
    (i32.add (i32.add (struct.get_s $small 0 (local.get $s)) (struct.get_u $small 1 (local.get $s)))
             (struct.get $small 2 (local.get $s)))))
"""


def test_gc_arrays(bin_path):
    """array.get, array.set and array.len of every width, struct.set of narrow fields (from an
    i32 whose slot's high half is set), as the release build's handlers run them (the unit
    tests run the switch), and the checksums of gc-arrays.wat and gc-casts.wat
    (casts of objects answered by the threaded castObject)."""
    tmp = tempfile.mkdtemp(prefix="wippy-cli-")
    try:
        wat = os.path.join(tmp, "arrays.wat")
        with open(wat, "w") as f:
            f.write(GC_ARRAYS)
        for call, want_code, want in (("get_s8(2)", 0, "-56"), ("get_u8(2)", 0, "200"), ("set16(98304)", 0, "-32768"),
                                      ("set64(1, -2)", 0, "-2"), ("len(0)", 0, "0"), ("len(7)", 0, "7"),
                                      ("get_s8(3)", 134, "out of bounds array access"),
                                      ("get_u8(-1)", 134, "out of bounds array access"),
                                      ("set64(2, 5)", 134, "out of bounds array access"),
                                      ("len_null()", 134, "null array reference"),
                                      ("get_null()", 134, "null array reference"),
                                      ("struct_fields(4295000448)", 0, "66176")):
            code, out, err = run(bin_path, "run", wat, "--invoke", call)
            text = out.strip() if want_code == 0 else err
            ok = code == want_code and (text == want if want_code == 0 else want in text)
            check(f"arrays --invoke {call}", ok, f"exit {code}, {out!r} {err!r}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    program = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench", "gc-arrays.wat")
    code, out, err = run(bin_path, "run", program, "--invoke", "run(3)")
    check("gc-arrays.wat --invoke run(3)", code == 0 and out.strip() == "400100988", f"exit {code}, {out!r} {err!r}")
    program = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench", "gc-casts.wat")
    code, out, err = run(bin_path, "run", program, "--invoke", "run(3)")
    check("gc-casts.wat --invoke run(3)", code == 0 and out.strip() == "1995003999", f"exit {code}, {out!r} {err!r}")


GC_ALLOCATIONS = """(module
  (type $pair (struct (field (mut i8)) (field (mut i32))))
  (type $i16s (array (mut i16)))
  (type $block (array (mut (ref null eq))))
  ;; n rounds of small objects made by the threaded allocations (between collections); the sum
  ;; of what they hold, read back.
  (func (export "run") (param $n i32) (result i64)
    (local $sum i64) (local $v i32) (local $p (ref $pair)) (local $a (ref $i16s)) (local $b (ref $block))
    (block $done (loop $next
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $v (i32.wrap_i64 (i64.or (i64.const 0x7000_0000_0000_0000)
                                          (i64.extend_i32_u (i32.mul (local.get $n) (i32.const 2654435))))))
      (local.set $p (struct.new $pair (local.get $v) (local.get $v)))
      (local.set $a (array.new $i16s (local.get $v) (i32.and (local.get $n) (i32.const 7))))
      (local.set $b (array.new_fixed $block 2 (ref.i31 (local.get $n)) (local.get $p)))
      (local.set $sum (i64.add (local.get $sum) (i64.add
        (i64.add (i64.extend_i32_s (struct.get_s $pair 0 (local.get $p))) (i64.extend_i32_u (struct.get $pair 1 (local.get $p))))
        (i64.add (i64.extend_i32_u (array.len (local.get $a)))
          (i64.add (i64.extend_i32_u (i31.get_u (ref.cast (ref i31) (array.get $block (local.get $b) (i32.const 0)))))
                   (i64.extend_i32_u (ref.test (ref $pair) (array.get $block (local.get $b) (i32.const 1)))))))))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $next)))
    (local.get $sum)))
"""


def gc_allocations_sum(n):
    """What GC_ALLOCATIONS' run(n) returns."""
    total = 0
    for k in range(1, n + 1):
        v = (k * 2654435) & 0xFFFFFFFF
        i8 = v & 0xFF
        total += (i8 - 256 if i8 >= 128 else i8) + v + (k & 7) + k + 1
    return total


def test_gc_allocations(bin_path):
    """The threaded allocations (small structs, arrays and fixed arrays from a free index and
    spare storage), casts and narrow fields between frequent collections, as the release build's
    handlers run them, give what the general paths give (a collection before every allocation,
    where they never run)."""
    tmp = tempfile.mkdtemp(prefix="wippy-cli-")
    try:
        wat = os.path.join(tmp, "allocations.wat")
        with open(wat, "w") as f:
            f.write(GC_ALLOCATIONS)
        want = str(gc_allocations_sum(30000))
        for stress in ("", "512", "1"):
            env = dict(os.environ, WIPPY_GC_STRESS=stress)
            p = subprocess.run([bin_path, "run", wat, "--invoke", "run(30000)"], capture_output=True, text=True,
                               timeout=120, env=env)
            check(f"threaded allocations, WIPPY_GC_STRESS={stress!r}", p.returncode == 0 and p.stdout.strip() == want,
                  f"exit {p.returncode}, {p.stdout!r} {p.stderr!r}, expected {want}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def write_file(folder, name, text):
    """Writes `text` to folder/name; returns the path."""
    path = os.path.join(folder, name)
    with open(path, "w") as f:
        f.write(text)
    return path


# A reactor: `_initialize` sets the global `get` reads.
REACTOR_WAT = ('(module (global $g (mut i32) (i32.const 0))'
               ' (func (export "_initialize") (global.set $g (i32.const 42)))'
               ' (func (export "get") (result i32) (global.get $g)))')
# An entry file whose one function returns its argument.
IDENTITY_ENTRY = ("namespace: n\nentries:\n  - name: w\n    kind: function.wat\n"
                  "    source: '(module (func (export \"f\") (param i32) (result i32) local.get 0))'\n"
                  "    method: f\n    wit: 'f: func(a: s32) -> s32;'\n")


def test_exit_codes(bin_path):
    tmp = tempfile.mkdtemp(prefix="wippy-cli-")
    try:
        def wat(name, text):
            return write_file(tmp, name, text)
        start = wat("start.wat", "(module (func $s unreachable) (start $s))")
        code, out, err = run(bin_path, "run", start)
        check("trap in start", code == 134 and "trap: unreachable" in err and err.count("\n") == 1, f"exit {code}, {err!r}")
        for status, want in ((0, 0), (125, 125), (126, 1), (139, 1), (256, 1), (-1, 1)):
            code, out, err = run(bin_path, "run", wat(f"exit{status}.wat", WASI_EXIT.replace("STATUS", str(status))))
            check(f"proc_exit({status})", code == want and (want == status) == (err == ""), f"exit {code}, {err!r}")
        for command in ("run", "validate", "inspect"):
            code, out, err = run(bin_path, command, "/dev/zero")
            check(f"{command} /dev/zero", code == 1 and "not a regular file" in out + err, f"exit {code}, {out!r} {err!r}")
        code, out, err = run(bin_path, "validate", start)
        check("validate .wat", code == 0 and out.strip().endswith("valid"), f"exit {code}, {out!r} {err!r}")
        code, out, err = run(bin_path, "validate", wat("bogus.wat", "(module (func i32.bogus))"))
        check("unknown operator named", code == 1 and "unknown operator `i32.bogus`" in out, f"exit {code}, {out!r}")
        mismatch = wat("mismatch.wat", "(module\n  (func (param i32) (result i32)\n    (i32.add (local.get 0)\n      (f32.const 1))))\n")
        code, out, err = run(bin_path, "validate", mismatch)
        check("invalid .wat at line:column", code == 1 and "mismatch.wat:3:6: invalid: type mismatch" in out
              and "byte offset" not in out, f"exit {code}, {out!r}")
        code, out, err = run(bin_path, "run", mismatch)
        check("run of invalid .wat at line:column", code == 1 and "mismatch.wat:3:6: invalid:" in err, f"exit {code}, {err!r}")
        bad_utf8 = os.path.join(tmp, "utf8.wat")
        with open(bad_utf8, "wb") as f:
            f.write(b'(module (data "\xff"))')
        code, out, err = run(bin_path, "run", bad_utf8)
        check("malformed UTF-8 in a .wat is malformed, not replaced", code == 1 and "utf8.wat:1:16: malformed UTF-8 encoding" in err,
              f"exit {code}, {err!r}")
        bad_entry = wat("bad-entry.yaml", "namespace: n\nentries:\n  - name: w\n    kind: function.wat\n"
                        "    source: |\n      (module\n        (func (export \"f\") (result i32)\n          i64.const 1))\n"
                        "    method: f\n    wit: 'f: func() -> s32;'\n")
        code, out, err = run(bin_path, "run", bad_entry)
        check("invalid function.wat source at line:column", code != 0 and "field 'source' 3:5: invalid module" in err,
              f"exit {code}, {err!r}")
        unknown = wat("unknown.wat", '(module (import "env" "missing" (func $m (result i32)))'
                      ' (func (export "calls") (result i32) (call $m)) (func (export "plain") (result i32) (i32.const 5)))')
        code, out, err = run(bin_path, "run", unknown, "--invoke", "plain")
        check("unknown import refused by default", code == 1 and "env" in err and "missing" in err, f"exit {code}, {err!r}")
        code, out, err = run(bin_path, "run", "--trap-unknown-imports", unknown, "--invoke", "plain")
        check("--trap-unknown-imports links a stub", code == 0 and out == "5\n", f"exit {code}, {out!r} {err!r}")
        code, out, err = run(bin_path, "run", "--trap-unknown-imports", unknown, "--invoke", "calls")
        check("the stub traps naming the import", code == 134 and "env::missing" in err, f"exit {code}, {err!r}")
        reactor = wat("reactor.wat", REACTOR_WAT)
        code, out, err = run(bin_path, "run", reactor, "--invoke", "get")
        check("_initialize runs before --invoke", code == 0 and out == "42\n", f"exit {code}, {out!r} {err!r}")
        code, out, err = run(bin_path, "inspect", start)
        check("inspect .wat", code == 0 and out.startswith("core module"), f"exit {code}, {out!r} {err!r}")
        memories = wat("memories.wat", '(module (import "env" "shared" (memory 1 2 shared))'
                       ' (memory (export "bytes") 3 (pagesize 1)) (memory (export "wide") i64 1))')
        code, out, err = run(bin_path, "inspect", memories)
        want = ['import "env" "shared": memory 1..2 pages, shared', 'export "bytes": memory 3 pages of 1 byte',
                'export "wide": memory 1 pages, i64 addresses']
        check("inspect shows memory sharing, page size and address type",
              code == 0 and all(line in out.splitlines() for line in want), f"exit {code}, {out!r} {err!r}")
        code, out, err = run(bin_path, "bogus-command")
        check("usage error is one line", code == 2 and err.count("\n") == 1 and "wippy-wasm --help" in err, f"exit {code}, {err!r}")
        code, out, err = run(bin_path, "x" * 100000)
        check("long words are cut in messages", code == 2 and len(err) < 400, f"exit {code}, {len(err)} bytes")
        entry = wat("entry.yaml", IDENTITY_ENTRY)
        code, out, err = run(bin_path, "run", entry, "--env", "A=1", "7")
        check("--env refused with an entry file", code == 2 and "--env" in err, f"exit {code}, {err!r}")
        code, out, err = run(bin_path, "run", entry, "[7")
        check("bad JSON argument reported", code == 1 and "not JSON" in err, f"exit {code}, {err!r}")
        code, out, err = run(bin_path, "run", entry, "7")
        check("entry with JSON argument", code == 0 and out == "7\n", f"exit {code}, {out!r} {err!r}")
        log = os.path.join(tmp, "log")
        with open(log, "w") as f:
            f.write("keep me\n")
        with open(log, "a") as f:
            p = subprocess.run([bin_path, "run", wat("trunc.wat", TRUNCATE)], stdout=f, stderr=subprocess.PIPE, timeout=60)
        check("stdout cannot be truncated or grown", p.returncode == 88 and open(log).read() == "keep me\n",
              f"exit {p.returncode}, {os.path.getsize(log)} bytes")
    finally:
        shutil.rmtree(tmp)


def leb(n):
    """`n` as unsigned LEB128."""
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def section(sid, content):
    """A module section: its id, the content's size, the content."""
    return bytes([sid]) + leb(len(content)) + content


def name(text):
    """A binary-format name: its length, then its bytes."""
    return leb(len(text)) + text


def module_with_large_names():
    """A module exporting `f` (two i32 locals: 5 and 7, returns their sum 12), then a `name`
    section of over 2 MiB (a long module name, and `f`'s name)."""
    body = bytes([0x01, 0x02, 0x7F, 0x41, 0x05, 0x21, 0x00, 0x41, 0x07, 0x21, 0x01,
                  0x20, 0x00, 0x20, 0x01, 0x6A, 0x0B])
    names = (name(b"name") + section(0, name(b"m" * (2 << 20)))
             + section(1, leb(1) + leb(0) + name(b"add_locals")))
    return (b"\x00asm\x01\x00\x00\x00" + section(1, bytes([0x01, 0x60, 0x00, 0x01, 0x7F]))
            + section(3, bytes([0x01, 0x00])) + section(7, bytes([0x01]) + name(b"f") + bytes([0x00, 0x00]))
            + section(10, bytes([0x01]) + leb(len(body)) + body) + section(0, names))


def module_with_long_body(reps, mistake):
    """A module with memory 0 and one function (locals i32, i64) whose body repeats `reps` times
    18 instructions the validator's fast loop types (locals, constants, arithmetic, blocks, a
    load); with `mistake`, `i64.const 1; i32.add` in its middle (where the fast loop must leave
    it to the general paths, which report it). Returns the module and the offset of that
    `i32.add`."""
    unit = bytes([0x20, 0x00, 0x41, 0x01, 0x6A, 0x22, 0x00, 0x1A, 0x02, 0x40, 0x0B, 0x03, 0x40, 0x0B,
                  0x20, 0x00, 0x04, 0x40, 0x0B, 0x42, 0x01, 0x21, 0x01, 0x01, 0x41, 0x00, 0x28, 0x02,
                  0x00, 0x1A])
    wrong = bytes([0x42, 0x01, 0x6A]) if mistake else b""
    locals_ = bytes([0x02, 0x01, 0x7F, 0x01, 0x7E])
    body = locals_ + unit * (reps // 2) + wrong + unit * (reps - reps // 2) + bytes([0x0B])
    head = (b"\x00asm\x01\x00\x00\x00" + section(1, bytes([0x01, 0x60, 0x00, 0x00]))
            + section(3, bytes([0x01, 0x00])) + section(5, bytes([0x01, 0x00, 0x01])))
    sized = leb(len(body))
    code = bytes([0x01]) + sized + body
    prefix = head + bytes([10]) + leb(len(code)) + bytes([0x01]) + sized
    return prefix + body, len(prefix) + len(locals_) + len(unit) * (reps // 2) + 2


def test_validator_long_body(bin_path):
    """`validate` of about 10^6 instructions in one body with a 2 MiB native stack (see the
    module docstring), and the same body with a mistake at its end."""
    import resource
    def small_stack():
        resource.setrlimit(resource.RLIMIT_STACK, (2 << 20, 2 << 20))
    with tempfile.TemporaryDirectory() as tmp:
        for mistake in (False, True):
            module, at = module_with_long_body(60000, mistake)
            path = os.path.join(tmp, "long.wasm")
            with open(path, "wb") as f:
                f.write(module)
            p = subprocess.run([bin_path, "validate", path], capture_output=True, text=True, timeout=120,
                               preexec_fn=small_stack)
            if mistake:
                said = p.stdout + p.stderr
                check("validate long body with a mistake", p.returncode != 0 and "type mismatch" in said
                      and f"offset {at:#x}" in said, f"exit {p.returncode}, {said.strip()!r}, want offset {at:#x}")
            else:
                check("validate long body", p.returncode == 0, f"exit {p.returncode}, {p.stderr.strip()!r}")


def test_validation_cache(bin_path, shared):
    """`run --cache-dir`: the record is written once, the second run gives the same output, an
    invalid module is refused every time and never recorded, an unsafe directory is a warning;
    a component's core modules are recorded too."""
    tmp = tempfile.mkdtemp(prefix="wippy-cli-cache-")
    try:
        module = os.path.join(tmp, "m.wat")
        with open(module, "w") as f:
            f.write('(module (func (export "f") (result i32) (i32.const 7)))')
        cache = os.path.join(tmp, "cache")
        outputs = []
        for _ in range(2):
            outputs.append(run(bin_path, "run", "--cache-dir", cache, module, "--invoke", "f"))
        records = [n for n in os.listdir(cache)] if os.path.isdir(cache) else []
        check("--cache-dir runs and records once", outputs[0] == outputs[1] == (0, "7\n", "") and len(records) == 1,
              f"{outputs!r}, records {records!r}")
        check("--cache-dir is private", os.path.isdir(cache) and os.stat(cache).st_mode & 0o777 == 0o700,
              oct(os.stat(cache).st_mode) if os.path.isdir(cache) else "missing")
        invalid = os.path.join(tmp, "bad.wat")
        with open(invalid, "w") as f:
            f.write('(module (func (export "f") (result i32) (i64.const 7)))')
        results = [run(bin_path, "run", "--cache-dir", cache, invalid, "--invoke", "f") for _ in range(2)]
        check("invalid module refused with the cache, every run", all(c == 1 and "type mismatch" in e for c, _, e in results)
              and len(os.listdir(cache)) == 1, f"{results!r}")
        # A binary with locals and a 2 MiB `name` section (its content is not read by `run`):
        # the same result uncached, on a miss and on a hit.
        big = os.path.join(tmp, "big.wasm")
        with open(big, "wb") as f:
            f.write(module_with_large_names())
        results = [run(bin_path, "run", big, "--invoke", "f")]
        results += [run(bin_path, "run", "--cache-dir", cache, big, "--invoke", "f") for _ in range(2)]
        check("a module with locals and a large name section runs uncached, on a miss and on a hit",
              all(r == (0, "12\n", "") for r in results) and len(os.listdir(cache)) == 2, f"{results!r}")
        # A component: its core modules (decoded in place) get records of their own.
        component = os.path.join(shared, "wippy", "minimal.wasm")
        before = len(os.listdir(cache))
        results = [run(bin_path, "run", component, "--invoke", "compute(6, 7)")]
        results += [run(bin_path, "run", "--cache-dir", cache, component, "--invoke", "compute(6, 7)") for _ in range(2)]
        check("a component runs uncached, on a miss and on a hit, its core modules recorded",
              all(r == (0, "42\n", "") for r in results) and len(os.listdir(cache)) > before, f"{results!r}")
        open_dir = os.path.join(tmp, "open")
        os.mkdir(open_dir)
        os.chmod(open_dir, 0o777)
        code, out, err = run(bin_path, "run", "--cache-dir", open_dir, module, "--invoke", "f")
        check("unsafe cache directory: one warning, runs without it", code == 0 and out == "7\n"
              and err.count("\n") == 1 and "writable by its group or others" in err and not os.listdir(open_dir),
              f"exit {code}, {out!r} {err!r}")
    finally:
        shutil.rmtree(tmp)


def registry_entry_file(tmp, shared, extra=""):
    """An entry file with the funcs test components (testsuite/components), py-wippy-echo when
    the shared folder has it, and the `wippy-test-host` targets myns:echo / myns:upper /
    myns:fail as entries of funcs-callee.wasm (`echo-bytes` takes and returns list<u8>, so it
    echoes any bytes for call-bytes and strings for call-string; `fail` answers err(input), which
    the registry prefixes with the target: err("myns:fail: " + input))."""
    mods = os.path.join(tmp, "mods")
    os.makedirs(mods, exist_ok=True)
    here = os.path.dirname(os.path.abspath(__file__))
    for f in ("funcs-caller.wasm", "funcs-callee.wasm"):
        shutil.copy(os.path.join(here, "..", "components", f), mods)
    shutil.copy(os.path.join(here, "mul.wasm"), mods)
    py = os.path.join(shared, "components", "py-wippy-echo.wasm")
    h = lambda f: sha(os.path.join(mods, f))
    text = "namespace: myns\nentries:\n  - {name: mods, kind: fs.directory, directory: mods}\n"
    def function(name, file, method, imports=None, kind="function.wasm", pool=None):
        out = f"  - name: {name}\n    kind: {kind}\n    fs: myns:mods\n    path: /{file}\n    hash: sha256:{h(file)}\n    method: {method}\n"
        if imports:
            out += f"    imports: [{', '.join(imports)}]\n"
        if pool:
            out += f"    pool: {pool}\n"
        return out
    for name, method in (("echo", "echo-bytes"), ("upper", "upper"), ("fail", "fail"), ("trap", "trap")):
        text += function(name, "funcs-callee.wasm", method)
    text += function("caller", "funcs-caller.wasm", "call", ["funcs"])
    text += function("forward", "funcs-caller.wasm", "forward", ["funcs"], pool="{type: inline}")
    text += function("proc", "mul.wasm", "mul", kind="process.wasm")
    if os.path.exists(py):
        shutil.copy(py, mods)
        wasi = ["wasi:cli", "wasi:io", "wasi:clocks", "wasi:filesystem", "wasi:random", "funcs"]
        for method in ("run", "run-bytes", "call-target"):
            text += function(f"py-{method}", "py-wippy-echo.wasm", method, wasi)
    path = os.path.join(tmp, "app.yaml")
    with open(path, "w") as f:
        f.write(text + extra)
    return path


def as_cli_json(value):
    """A fixture value (`{"bytes_hex": ..}` for list<u8>) as `run entry.yaml` takes and prints it."""
    if isinstance(value, dict) and set(value) == {"bytes_hex"}:
        return list(bytes.fromhex(value["bytes_hex"]))
    if isinstance(value, dict):
        return {k: as_cli_json(v) for k, v in value.items()}
    return value


def test_registry(bin_path, shared):
    """The registry: funcs calls between entries (py-wippy-echo's eight invocations, a component
    calling a second entry, a trapping callee), process.wasm, and bad input."""
    tmp = tempfile.mkdtemp(prefix="wippy-registry-")
    try:
        app = registry_entry_file(tmp, shared)
        def call(*args):
            return run(bin_path, "run", app, *args)
        code, out, err = call("myns:caller", "--", "myns:upper", "abc")
        check("funcs: a component calls a second entry", (code, out) == (0, '{"ok":"ABC"}\n'), f"{code} {out!r} {err!r}")
        code, out, err = call("myns:caller", "--", "myns:trap", "x")
        check("funcs: a trapping callee is err, the caller continues",
              code == 0 and json.loads(out) == {"err": "myns:trap: trap: unreachable"}, f"{code} {out!r} {err!r}")
        code, out, err = call("myns:caller", "--", "myns:nope", "x")
        check("funcs: unknown target", json.loads(out or "null") == {"err": "unknown target: myns:nope"}, f"{out!r} {err!r}")
        code, out, err = call("myns:caller", "--", "no target", "x")
        check("funcs: a target that is not an ID", code == 0 and "is not an entry ID ns:name" in out, f"{out!r} {err!r}")
        code, out, err = call("myns:forward", "--", "myns:forward|x")
        check("funcs: back into a busy inline entry is err", code == 0 and '"err":"myns:forward: busy' in out, f"{out!r} {err!r}")
        code, out, err = call("myns:proc", "--", "6", "7")
        check("process.wasm runs once with command-line arguments", (code, out) == (0, "42\n"), f"{code} {out!r} {err!r}")
        bad = os.path.join(tmp, "bad.yaml")
        for pool, expected in (("{type: eager}", "pool.type: unknown pool type 'eager'"),
                               ("{max_size: 0}", "pool.max_size must be a positive integer")):
            with open(bad, "w") as f:
                f.write(open(app).read().replace("    pool: {type: inline}\n", f"    pool: {pool}\n"))
            code, out, err = run(bin_path, "run", bad, "myns:echo", "--", "x")
            check(f"bad pool {pool} is a located error", code == 1 and re.search(r"bad\.yaml:\d+:\d+: myns:forward: " + re.escape(expected), err),
                  f"{code} {err!r}")
        with open(bad, "w") as f:
            f.write(open(app).read().replace("    method: mul\n", "    method: mul\n    pool: {type: inline}\n"))
        code, out, err = run(bin_path, "run", bad, "myns:proc", "--", "6", "7")
        check("a process.wasm entry refuses a pool", code == 1 and "myns:proc: field 'pool': a process.wasm entry has no pool" in err, f"{err!r}")
        fixture = os.path.join(shared, "components", "py-wippy-echo.json")
        if not os.path.exists(fixture):
            print(f"cli tests: skipped py-wippy-echo: {fixture} not found (pass the shared folder as SHARED)")
            return
        for row in json.load(open(fixture))["invocations"]:
            args = [a if isinstance(a, str) else json.dumps(as_cli_json(a)) for a in row["args"]]
            code, out, err = call(f"myns:py-{row['export']}", "--", *args)
            got = json.loads(out) if code == 0 and out else None
            check(f"py-wippy-echo {row['export']}{tuple(row['args'])}", got == as_cli_json(row["expect"]), f"{code} {out!r} {err[-300:]!r}")
    finally:
        shutil.rmtree(tmp)


def test_every_loop_stops(bin_path):
    """testsuite/cli/loops.wat: a loop made of each kind of branch that can go back (br, br_if,
    br_if of an i32.eqz, a fused compare, br_table, br_on_null, br_on_non_null, br_on_cast,
    br_on_cast_fail, a throw caught inside the loop, the legacy try/catch, tail calls) is
    stopped by --fuel, and the forms that once escaped also by --max-time. Each taken backward
    branch costs one unit of fuel: eqz_countdown(1000) takes 999."""
    loops = os.path.join(os.path.dirname(os.path.abspath(__file__)), "loops.wat")
    fuel_trap = "trap: all fuel consumed"
    for name in ("eqz", "eqz_load", "br_if", "br", "br_table", "compare", "on_null", "on_non_null", "on_cast",
                 "on_cast_fail", "throw_catch", "legacy_throw_catch", "tail_call", "tail_call_ref"):
        code, out, err = run(bin_path, "run", "--fuel", "100000", loops, "--invoke", f"{name}()")
        check(f"--fuel stops the {name} loop", code == 134 and fuel_trap in err, f"exit {code}, {err!r}")
    time_trap = "trap: execution time limit exceeded (100 ms)"
    for name in ("eqz", "on_null", "on_non_null", "throw_catch"):
        code, out, err = run(bin_path, "run", "--max-time", "100", loops, "--invoke", f"{name}()")
        check(f"--max-time stops the {name} loop", code == 134 and time_trap in err, f"exit {code}, {err!r}")
    code, out, err = run(bin_path, "run", "--fuel", "999", loops, "--invoke", "eqz_countdown(1000)")
    check("eqz_countdown(1000) runs on 999 units of fuel", code == 0 and out.strip() == "0", f"exit {code}, {out!r} {err!r}")
    code, out, err = run(bin_path, "run", "--fuel", "998", loops, "--invoke", "eqz_countdown(1000)")
    check("eqz_countdown(1000) does not run on 998", code == 134 and fuel_trap in err, f"exit {code}, {err!r}")


def run_peak_rss(bin_path, *args):
    """run()'s (exit status, stdout, stderr) and the command's peak RSS in bytes."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        p = subprocess.Popen([bin_path, *args], stdout=out, stderr=err)
        timer = threading.Timer(120, p.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(p.pid, 0)
        finally:
            timer.cancel()
        out.seek(0)
        err.seek(0)
        return (os.waitstatus_to_exitcode(status), out.read().decode(errors="replace"),
                err.read().decode(errors="replace"), usage.ru_maxrss * 1024)


def test_lift_budget(bin_path):
    """testsuite/components/lift-budget.wasm returns a list whose elements all name the same
    bytes: a million pointers to one MiB would make the host copy a TiB. The default lift budget
    (1 GiB) refuses it with a trap, and the process stays well under 2 GiB."""
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "components")
    component = os.path.join(here, "lift-budget.wasm")
    for export in ("bytes", "strings"):
        code, out, err, rss = run_peak_rss(bin_path, "run", component, "--invoke", f"{export}(1000000, 1048576)")
        check(f"the lift budget refuses a million aliased {export}",
              code == 134 and "trap: lifted value too large" in err and "more than 1073741824 bytes" in err,
              f"exit {code}, {err[:300]!r}")
        check(f"refusing a million aliased {export} takes under 2 GiB", rss < 2 << 30, f"peak RSS {rss} bytes")
    code, out, err = run(bin_path, "run", component, "--invoke", "strings(3, 2)")
    check("aliased strings within the budget", code == 0 and out.strip() == r'["\u{0}\u{0}", "\u{0}\u{0}", "\u{0}\u{0}"]',
          f"exit {code}, {out!r} {err!r}")


def test_json_result_size(bin_path):
    """An entry's result is printed as JSON text written without a tree: a list of 64 MiB of
    bytes (lift-budget.wasm's aliased `bytes`) prints 128 MiB of text and stays far under the
    1.5 GiB a tree of a node per byte would take; text past the lift's bound (1 GiB) is refused
    with a trap naming where it stopped."""
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "components")
    with open(os.path.join(here, "lift-budget.wasm"), "rb") as f:
        component = f.read()
    tmp = tempfile.mkdtemp(prefix="wippy-cli-json-")
    try:
        shutil.copy(os.path.join(here, "lift-budget.wasm"), tmp)
        entry = os.path.join(tmp, "entry.yaml")
        with open(entry, "w") as f:
            f.write("namespace: j\nentries:\n  - {name: mods, kind: fs.directory, directory: .}\n"
                    "  - name: bytes\n    kind: function.wasm\n    fs: j:mods\n    path: /lift-budget.wasm\n"
                    f"    hash: sha256:{hashlib.sha256(component).hexdigest()}\n    method: bytes\n")
        code, out, err, rss = run_peak_rss(bin_path, "run", entry, "--", "8", "8388608")
        check("a 64 MiB list of bytes prints as JSON text", code == 0 and len(out) == 8 * (2 * 8388608 + 1) + 9 + 1
              and out.startswith("[[0,0,") and out.endswith("0,0]]\n"), f"exit {code}, {len(out)} bytes, {err[:300]!r}")
        check("printing 64 MiB of bytes as JSON takes under 1 GiB", rss < 1 << 30, f"peak RSS {rss} bytes")
        code, out, err = run(bin_path, "run", entry, "--", "3", "2")
        check("a small list of bytes as JSON", code == 0 and out == "[[0,0],[0,0],[0,0]]\n", f"exit {code}, {out!r} {err!r}")
        component_path = os.path.join(here, "lift-budget.wasm")
        code, out, err = run(bin_path, "run", component_path, "--invoke", "bytes(3, 2)", "--json")
        check("--invoke --json prints the same text", code == 0 and out == "[[0,0],[0,0],[0,0]]\n", f"exit {code}, {out!r} {err!r}")
        code, out, err = run(bin_path, "run", component_path, "--invoke", "bytes(120, 8388608)", "--json")
        check("--invoke --json past the lift's bound is a trap", code == 134 and
              "trap: result: $[63]: the JSON text would be longer than 1073741824 bytes (StoreConfiguration.maxLiftedBytes)" in err,
              f"exit {code}, {err[:300]!r}")
        code, out, err = run(bin_path, "run", entry, "--", "120", "8388608")
        check("JSON text past the lift's bound is a trap", code == 134 and
              "j:bytes: result: $[63]: the JSON text would be longer than 1073741824 bytes (StoreConfiguration.maxLiftedBytes)" in err,
              f"exit {code}, {err[:300]!r}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def test_serve_queued_bodies(bin_path):
    """`serve app.yaml`: calls waiting for a busy instance hold their bodies as text, parsed only
    when they run. Eight 16 MiB bodies (`[[0,0,...]]`, 8 Mi numbers each, a tree of at least 192
    MB) queued behind a long call of an inline entry keep the server under 1 GiB; each is then
    answered 400 with a message that quotes the argument's beginning, not all of it."""
    import http.client
    import time
    tmp = tempfile.mkdtemp(prefix="wippy-serve-queued-")
    server = None
    try:
        app = os.path.join(tmp, "app.yaml")
        with open(app, "w") as f:
            f.write("namespace: q\nentries:\n  - name: spin\n    kind: function.wat\n"
                    "    source: '(module (func (export \"spin\") (param i32) (result i32) (local i32)"
                    " (loop (local.set 1 (i32.add (local.get 1) (i32.const 1)))"
                    " (br_if 0 (i32.lt_u (local.get 1) (local.get 0)))) (local.get 1)))'\n"
                    "    method: spin\n    pool: {type: inline}\n")
        server = Server(bin_path, app)
        if server.port is None:
            check("serve queued bodies: the server starts", False, repr(server.first_line))
            return
        body = ("[[" + "0," * (8 * 1024 * 1024 - 1) + "0]]").encode()
        answers = {}

        def post(key, data):
            c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
            c.request("POST", "/call/q:spin", body=data, headers={"Content-Type": "application/json"})
            r = c.getresponse()
            answers[key] = (r.status, r.read())
            c.close()
        threads = [threading.Thread(target=post, args=("spin", b"[3000000000]"))]
        threads[0].start()
        time.sleep(0.3)
        for i in range(8):
            threads.append(threading.Thread(target=post, args=(i, body)))
            threads[-1].start()
        peak = 0
        while any(t.is_alive() for t in threads):
            try:
                with open(f"/proc/{server.proc.pid}/status") as f:
                    for line in f:
                        if line.startswith("VmRSS:"):
                            peak = max(peak, int(line.split()[1]) * 1024)
            except OSError:
                break
            time.sleep(0.05)
        for t in threads:
            t.join()
        check("serve queued bodies: the long call answers", answers.get("spin", (0, b""))[0] == 200, repr(answers.get("spin")))
        bad = [answers.get(i) for i in range(8) if answers.get(i) is None or answers[i][0] != 400
               or not answers[i][1].startswith(b'{"error":"q:spin: argument 1: expected an integer, got [0,0,0,')
               or len(answers[i][1]) > 400]
        check("serve queued bodies: each answered 400 with a short message", not bad, repr([(a[0], a[1][:200]) if a else None for a in bad]))
        check("serve queued bodies: eight 16 MiB bodies queued take under 1 GiB", 0 < peak < 1 << 30, f"peak RSS {peak} bytes")
    finally:
        if server:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def test_limits(bin_path):
    """--max-time, --max-memory and --fuel on modules (WASI `_start` and --invoke), components
    (testsuite/components/runaway.wasm, a guest that loops, sleeps then loops, or recurses) and
    entry files, where they tighten the entry's own `limits`. A limit is a trap: exit 134."""
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "components")
    runaway = os.path.join(here, "runaway.wasm")
    tmp = tempfile.mkdtemp(prefix="wippy-cli-limits-")
    try:
        spin = os.path.join(tmp, "spin.wat")
        with open(spin, "w") as f:
            f.write('(module (memory 1) (func (export "_start") (loop (br 0)))'
                    ' (func (export "spin") (loop (br 0)))'
                    ' (func $r (export "recurse") (result i32) (i32.add (call $r) (i32.const 1)))'
                    ' (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))')
        time_trap = "trap: execution time limit exceeded (100 ms)"
        code, out, err = run(bin_path, "run", "--max-time", "100", spin)
        check("--max-time stops _start", code == 134 and time_trap in err, f"exit {code}, {err!r}")
        code, out, err = run(bin_path, "run", "--max-time=100", spin, "--invoke", "spin()")
        check("--max-time stops --invoke", code == 134 and time_trap in err, f"exit {code}, {err!r}")
        code, out, err = run(bin_path, "run", "--fuel", "1000000", spin)
        check("--fuel stops _start", code == 134 and "trap: all fuel consumed" in err, f"exit {code}, {err!r}")
        code, out, err = run(bin_path, "run", spin, "--invoke", "recurse()")
        check("unbounded recursion traps", code == 134 and "trap: call stack exhausted" in err, f"exit {code}, {err!r}")
        code, out, err = run(bin_path, "run", "--max-memory", "196608", spin, "--invoke", "grow(2)")
        check("--max-memory: grow to the cap", code == 0 and out.strip() == "1", f"exit {code}, {out!r} {err!r}")
        code, out, err = run(bin_path, "run", "--max-memory", "196608", spin, "--invoke", "grow(3)")
        check("--max-memory: grow past the cap returns -1", code == 0 and out.strip() == "-1", f"exit {code}, {out!r} {err!r}")
        code, out, err = run(bin_path, "run", "--max-time", "0", spin)
        check("--max-time 0 is a usage error", code == 2 and "--max-time must be a positive integer" in err, f"exit {code}, {err!r}")
        code, out, err = run(bin_path, "run", "--fuel", "-3", spin)
        check("--fuel -3 is a usage error", code == 2 and "--fuel must be a positive integer" in err, f"exit {code}, {err!r}")

        code, out, err = run(bin_path, "run", "--max-time", "100", runaway, "--invoke", "spin()")
        check("--max-time stops a component export", code == 134 and time_trap in err, f"exit {code}, {err!r}")
        code, out, err = run(bin_path, "run", "--max-time", "100", runaway, "--invoke", "sleep-then-spin(20000000)")
        check("--max-time stops a component after a sleep", code == 134 and time_trap in err, f"exit {code}, {err!r}")
        code, out, err = run(bin_path, "run", "--max-time", "100", runaway, "--invoke", "sleep(30000000000)")
        check("--max-time ends a component's long sleep", code == 134 and time_trap in err, f"exit {code}, {err!r}")
        code, out, err = run(bin_path, "run", "--fuel", "1000", runaway, "--invoke", "spin()")
        check("--fuel stops a component", code == 134 and "trap: all fuel consumed" in err, f"exit {code}, {err!r}")
        code, out, err = run(bin_path, "run", runaway, "--invoke", "recurse(0)")
        check("a component's unbounded recursion traps", code == 134 and "call stack exhausted" in err, f"exit {code}, {err!r}")
        code, out, err = run(bin_path, "run", "--max-memory", "131072", runaway, "--invoke", "grow(2)")
        check("--max-memory caps a component", code == 0 and out.strip() == "-1", f"exit {code}, {out!r} {err!r}")

        entry = os.path.join(tmp, "entry.yaml")
        with open(entry, "w") as f:
            f.write('namespace: t\nentries:\n'
                    '  - name: spin\n    kind: function.wat\n    method: spin\n'
                    '    source: "(module (func (export \\"spin\\") (loop (br 0))))"\n'
                    '    limits:\n      max_execution_ms: 300\n')
        code, out, err = run(bin_path, "run", entry, "t:spin")
        check("entry limits.max_execution_ms", code == 134 and "t:spin: trap: execution time limit exceeded (300 ms)" in err,
              f"exit {code}, {err!r}")
        code, out, err = run(bin_path, "run", "--max-time", "100", entry, "t:spin")
        check("--max-time tightens an entry's limit", code == 134 and time_trap in err, f"exit {code}, {err!r}")
        code, out, err = run(bin_path, "run", "--fuel", "5000", entry, "t:spin")
        check("--fuel on an entry", code == 134 and "trap: all fuel consumed" in err, f"exit {code}, {err!r}")
        with open(entry, "w") as f:
            f.write('namespace: t\nentries:\n'
                    '  - name: spin\n    kind: function.wat\n    method: spin\n'
                    '    source: "(module (func (export \\"spin\\")))"\n'
                    '    limits:\n      max_execution_ms: -1\n')
        code, out, err = run(bin_path, "run", entry, "t:spin")
        check("a bad limit is a located error", code == 1 and "t:spin: limits.max_execution_ms must be a positive integer" in err,
              f"exit {code}, {err!r}")
    finally:
        shutil.rmtree(tmp)


TIMING = re.compile(r"^wippy-wasm: timings: (.+?) (\d+\.\d) ms CPU, (\d+\.\d) ms wall$")
FIRST_CALL = re.compile(r"^wippy-wasm: timings: first call \((.+)\) at (\d+\.\d) ms CPU since the process "
                        r"started, (\d+\.\d) ms wall since the command started$")


def timing_lines(err):
    """[(phase, cpu, wall)] of `run --timings`' stderr, the first call as ('first call: WHAT', cpu, wall);
    None when a line is neither."""
    rows = []
    for line in err.splitlines():
        m = FIRST_CALL.match(line) or TIMING.match(line)
        if m is None:
            return None
        name = "first call: " + m.group(1) if m.re is FIRST_CALL else m.group(1)
        rows.append((name, float(m.group(2)), float(m.group(3))))
    return rows


def test_timings(bin_path, shared):
    tmp = tempfile.mkdtemp(prefix="wippy-cli-")
    try:
        reactor = write_file(tmp, "reactor.wat", REACTOR_WAT)
        code, out, err = run(bin_path, "run", "--timings", reactor, "--invoke", "get")
        rows = timing_lines(err)
        names = [r[0] for r in rows] if rows else None
        check("--timings: each phase, then the first call (`_initialize` of a reactor), then the run",
              code == 0 and out == "42\n" and names == ["read", "decode and validate", "instantiate",
                                                      "first call: `_initialize`", "run"], f"exit {code}, {out!r} {err!r}")
        # The first call's CPU time counts from the process's start, so it is at least the phases' sum.
        check("--timings: the first call's CPU time includes the phases'",
              rows is not None and len(rows) == 5 and rows[3][1] + 0.2 >= sum(r[1] for r in rows[:3]), f"{rows!r}")
        start = write_file(tmp, "start.wat", '(module (global $g (mut i32) (i32.const 0))'
                           ' (func $s (global.set $g (i32.const 7))) (start $s)'
                           ' (func (export "get") (result i32) (global.get $g)))')
        code, out, err = run(bin_path, "run", "--timings", start, "--invoke", "get")
        names = [r[0] for r in timing_lines(err) or []]
        check("--timings: a start function is the first call, in instantiation",
              code == 0 and out == "7\n" and names == ["read", "decode and validate",
                                                     "first call: instantiation, which runs the start function",
                                                     "instantiate (its start function included)", "run"],
              f"exit {code}, {out!r} {err!r}")
        code, out, err = run(bin_path, "run", "--timings", os.path.join(shared, "bench", "wasm", "fib.wasm"), "5")
        names = [r[0] for r in timing_lines(err) or []]
        check("--timings: a command's instantiation and `_start` together",
              code == 0 and out.startswith("fib n=5") and names == ["read", "decode and validate",
                                                                     "first call: instantiation, then `_start`", "run"],
              f"exit {code}, {out!r} {err!r}")
        entry = write_file(tmp, "entry.yaml", IDENTITY_ENTRY)
        code, out, err = run(bin_path, "run", "--timings", entry, "7")
        check("--timings refused with an entry file", code == 2 and "--timings" in err and out == "", f"exit {code}, {out!r} {err!r}")
        code, out, err = run(bin_path, "run", "--timings", "--invoke", "compute(6, 7)", os.path.join(shared, "wippy", "minimal.wasm"))
        names = [r[0] for r in timing_lines(err) or []]
        check("--timings: a component's phases and first call",
              code == 0 and out == "42\n" and names == ["read", "decode and validate",
                                                      "instantiate (the core modules' start functions included)",
                                                      "first call: `compute`", "run"], f"exit {code}, {out!r} {err!r}")
    finally:
        shutil.rmtree(tmp)


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    bin_path, shared = sys.argv[1], sys.argv[2]
    if not os.path.isdir(os.path.join(shared, "wippy")):
        print(f"cli tests: {shared}/wippy not found: put the shared suite beside the repository (../shared)")
        return 1
    test_complex(bin_path, shared)
    test_entries(bin_path, shared)
    test_wasi_entries(bin_path, shared)
    test_registry(bin_path, shared)
    test_components(bin_path)
    test_network_flag(bin_path)
    test_serve(bin_path)
    test_serve_entries(bin_path)
    test_python_handler(bin_path, shared)
    test_lazy_memory(bin_path)
    test_exit_codes(bin_path)
    test_gc_invoke(bin_path)
    test_gc_binary_trees(bin_path)
    test_gc_arrays(bin_path)
    test_gc_allocations(bin_path)
    test_validation_cache(bin_path, shared)
    test_threaded(bin_path)
    test_validator_long_body(bin_path)
    test_limits(bin_path)
    test_every_loop_stops(bin_path)
    test_lift_budget(bin_path)
    test_json_result_size(bin_path)
    test_serve_queued_bodies(bin_path)
    test_timings(bin_path, shared)
    for f in failures:
        print("FAIL", f)
    print(f"cli tests: {passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
