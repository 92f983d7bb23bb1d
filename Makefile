# wippy-wasm — common tasks. `make test` is what CI runs (.ci/run).
SWIFT ?= swift
SHARED ?= ../shared
SPEC ?= $(SHARED)/spec
BIN := .build/release/wippy-wasm

.PHONY: all build release test unit-test spec spec-2.0 spec-3.0 demo generate clean

all: build

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release --product wippy-wasm

# Unit and integration tests (Swift Testing).
unit-test:
	$(SWIFT) test

# The WebAssembly 2.0 spec suite (binary modules): must pass apart from the listed failures.
spec-2.0: release
	$(BIN) spectest $(SPEC)/wasm-2.0/json --quiet --expected-failures testsuite/spec/expected-failures.txt

# The newest (3.0) suite: runs everything; failures must be listed in its own manifest.
spec-3.0: release
	$(BIN) spectest $(SPEC)/json --quiet --expected-failures testsuite/spec/expected-failures-3.0.txt

spec: spec-2.0 spec-3.0

test: unit-test spec

# The main job in miniature: run an example module.
demo: release
	$(BIN) run examples/hello/add.wasm --invoke 'add(40, 2)'

# Regenerate the instruction tables and the run loop from Utilities/instructions.py.
generate:
	python3 Utilities/gen_opcodes.py
	python3 Utilities/gen_interpreter.py

clean:
	rm -rf .build
