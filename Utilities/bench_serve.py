#!/usr/bin/env python3
"""`serve` under load, beside `wasmtime serve`: requests per second and latency percentiles.

Usage: bench_serve.py [--bin .build/release/wippy-wasm] [--component testsuite/components/http-hello.wasm]
                      [--connections 64] [--seconds 10] [--warmup 2]

Each server runs the same component on a free loopback port; a load client in this process
(asyncio, one keep-alive connection per coroutine, a new request as soon as the previous
answer is complete) drives it for the given time after a warm-up. Not a test: it prints figures.
"""
import argparse
import asyncio
import os
import re
import shutil
import socket
import subprocess
import sys
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def read_response(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    lower = head.lower()
    m = re.search(rb"content-length:\s*(\d+)", lower)
    if m:
        await reader.readexactly(int(m.group(1)))
    elif b"transfer-encoding: chunked" in lower:
        while True:
            size_line = await reader.readuntil(b"\r\n")
            size = int(size_line.split(b";")[0], 16)
            if size == 0:
                # No trailers: the empty line that ends the body.
                await reader.readuntil(b"\r\n")
                break
            await reader.readexactly(size + 2)
    return status


async def client(port, deadline, latencies, errors, record_after):
    request = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        errors.append("connect")
        return
    while True:
        now = time.perf_counter()
        if now >= deadline:
            break
        writer.write(request)
        try:
            status = await read_response(reader)
        except (asyncio.IncompleteReadError, ConnectionError) as e:
            errors.append(type(e).__name__)
            break
        done = time.perf_counter()
        if status != 200:
            errors.append(str(status))
        if now >= record_after:
            latencies.append(done - now)
    writer.close()


async def load(port, connections, seconds, warmup):
    start = time.perf_counter()
    record_after = start + warmup
    deadline = record_after + seconds
    latencies, errors = [], []
    await asyncio.gather(*(client(port, deadline, latencies, errors, record_after) for _ in range(connections)))
    return latencies, errors


def wait_port(port, timeout=30):
    end = time.time() + timeout
    while time.time() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def measure(name, command, port, args):
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if not wait_port(port):
            return name, None
        latencies, errors = asyncio.run(load(port, args.connections, args.seconds, args.warmup))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    latencies.sort()
    if not latencies:
        return name, None

    def pct(p):
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000
    return name, {"rps": len(latencies) / args.seconds, "p50": pct(0.50), "p99": pct(0.99), "errors": len(errors), "n": len(latencies)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=".build/release/wippy-wasm")
    ap.add_argument("--component", default="testsuite/components/http-hello.wasm")
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--warmup", type=float, default=2)
    args = ap.parse_args()
    runs = []
    port = free_port()
    runs.append(("wippy-wasm serve", [args.bin, "serve", args.component, "--addr", f"127.0.0.1:{port}"], port))
    wasmtime = shutil.which("wasmtime")
    if wasmtime:
        port = free_port()
        runs.append(("wasmtime serve", [wasmtime, "serve", "--addr", f"127.0.0.1:{port}", args.component], port))
    print(f"{args.connections} connections, {args.seconds:g} s after {args.warmup:g} s of warm-up, {os.path.basename(args.component)}, "
          f"{os.cpu_count()} CPUs")
    print(f"{'server':<18} {'requests/s':>11} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for name, command, port in runs:
        name, r = measure(name, command, port, args)
        if r is None:
            print(f"{name:<18} did not start or answer")
            continue
        print(f"{name:<18} {r['rps']:>11.0f} {r['p50']:>8.2f} {r['p99']:>8.2f} {r['errors']:>7}")
    if wasmtime:
        print(subprocess.run([wasmtime, "--version"], capture_output=True, text=True).stdout.strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
