#!/usr/bin/env bash
# Builds a package that depends on this one by version (as an embedder's does) with a plain
# `swift build -c release`, and checks that
#   1. SwiftPM accepts the dependency (Package.swift's release settings are `unsafeFlags`,
#      which a versioned dependency may carry only with tools version 6.2 or later);
#   2. the interpreter's handlers were built without frame pointers (what those settings buy);
#   3. the library runs a benchmark kernel to the same result as the CLI.
# Usage: check.sh WIPPY_WASM_BINARY SHARED_DIR. The files of the working tree are tested (the
# ones git knows of), committed to a scratch repository and tagged there.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cli="$1"
shared="$2"
kernel="$shared/bench/wasm/fib.wasm"
if [ ! -f "$kernel" ]; then
    echo "dependency check: $kernel not found; put the shared suite at $shared" >&2
    exit 1
fi
if ! git -C "$root" rev-parse --git-dir > /dev/null 2>&1; then
    echo "dependency check: $root is not a git checkout (the check tags a copy of it with git)" >&2
    exit 1
fi
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
version=1.0.0

# The package as a git repository with a version tag, at a file:// URL.
mkdir "$scratch/wippy-wasm"
(cd "$root" && git ls-files -z --cached --others --exclude-standard |
    tar --null --files-from=- --ignore-failed-read -cf - 2>/dev/null) | tar -xf - -C "$scratch/wippy-wasm"
(
    cd "$scratch/wippy-wasm"
    git init -q
    git add -A
    git -c user.name=check -c user.email=check@localhost commit -q -m "dependency check"
    git tag "$version"
)

# The dependent package.
mkdir -p "$scratch/app/Sources/Embed"
sed -e "s|@URL@|file://$scratch/wippy-wasm|" -e "s|@VERSION@|$version|" \
    "$here/Package.swift.template" > "$scratch/app/Package.swift"
cp "$here/Sources/Embed/main.swift" "$scratch/app/Sources/Embed/"
if ! (cd "$scratch/app" && swift build -c release > "$scratch/build.log" 2>&1); then
    tail -20 "$scratch/build.log" >&2
    echo "dependency check: a package depending on wippy-wasm $version did not build" >&2
    exit 1
fi
embed="$scratch/app/.build/release/Embed"

# Frame pointers: a handler that sets one up starts with `push %rbp; mov %rsp,%rbp`.
if command -v objdump >/dev/null 2>&1; then
    counts="$(objdump -d --no-show-raw-insn "$embed" | awk '
        /^[0-9a-f]+ <.*ThreadedHandlers.*>:$/ { handlers++; getline a; getline b
            if (a ~ /push +%rbp/ && b ~ /mov +%rsp,%rbp/) framed++ }
        END { printf "%d %d", handlers, framed }')"
    read -r handlers framed <<< "$counts"
    if [ "$handlers" -eq 0 ]; then
        echo "dependency check: no threaded handlers found in $embed" >&2
        exit 1
    fi
    if [ "$framed" -ne 0 ]; then
        echo "dependency check: $framed of $handlers threaded handlers set up a frame pointer" >&2
        exit 1
    fi
else
    handlers="(objdump not installed: frame pointers not checked)"
    framed=0
fi

expected="$("$cli" run "$kernel" --invoke 'bench_run(5)')"
actual="$("$embed" "$kernel" bench_run 5)"
if [ "$expected" != "$actual" ]; then
    echo "dependency check: the library gave $actual, the CLI $expected (fib.wasm bench_run(5))" >&2
    exit 1
fi
echo "dependency check: a package depending on wippy-wasm $version builds with plain 'swift build -c release'; $handlers threaded handlers, none with a frame pointer; fib bench_run(5) = $actual as the CLI"
