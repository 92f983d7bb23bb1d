#!/usr/bin/env python3
"""Runs the spec suites and writes the conformance section of docs/STATUS.md.

Usage (from the repository root, after `swift build -c release`):
    python3 Utilities/spec_status.py [--shared ../shared]
It runs `wippy-wasm spectest` on the 2.0 and the newest (3.0) suites, groups the 3.0 scripts
by feature and replaces the text between <!-- spec:begin --> and <!-- spec:end -->.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build/release/wippy-wasm")
LINE = re.compile(r"^(.*\.json): (\d+) passed, (\d+) failed, (\d+) skipped$")

GC = {"array", "array_copy", "array_fill", "array_init_data", "array_init_elem", "array_new_data",
      "array_new_elem", "struct", "i31", "ref_cast", "ref_test", "ref_eq", "br_on_cast",
      "br_on_cast_fail", "extern", "type-canon", "type-equivalence", "type-rec", "type-subtyping",
      "binary-gc"}
FUNCREF = {"call_ref", "return_call_ref", "ref_as_non_null", "br_on_null", "br_on_non_null", "ref",
           "local_init"}
TAIL = {"return_call", "return_call_indirect"}
EH = {"tag", "throw", "throw_ref", "try_table"}
TEXT_ONLY = {"annotations", "id", "instance"}


def run(path):
    out = subprocess.run([BIN, "spectest", path, "--quiet"], capture_output=True, text=True).stdout
    rows = {}
    total = None
    for line in out.splitlines():
        m = LINE.match(line)
        if m:
            rows[m.group(1)] = tuple(int(m.group(i)) for i in (2, 3, 4))
        if line.startswith("spectest:"):
            total = line
    return rows, total


def feature(rel, core20):
    parts = rel.split("/")
    if parts[0] == "proposals":
        return "proposal: " + parts[1] + " (not in 3.0)"
    if parts[0] == "legacy":
        return "legacy exception handling (not in 3.0)"
    if parts[0] == "custom" and len(parts) > 2:
        return "custom annotations (branch hints, names)"
    name = parts[0]
    if name in core20:
        return "core: files of the 2.0 suite (3.0 versions)"
    if name in GC:
        return "GC"
    if name in FUNCREF:
        return "typed function references"
    if name in TAIL:
        return "tail calls"
    if name in EH:
        return "exception handling"
    if name.startswith("relaxed_") or "_relaxed_" in name:
        return "relaxed SIMD"
    if "64" in name:
        return "memory64 / table64"
    if name in TEXT_ONLY:
        return "text format (annotations, ids, instances)"
    return "multi-memory and other 3.0 files"


def main():
    shared = os.path.join(ROOT, "..", "shared")
    if "--shared" in sys.argv:
        shared = sys.argv[sys.argv.index("--shared") + 1]
    spec = os.path.join(shared, "spec")
    if not os.path.isdir(spec):
        sys.exit("spec suite not found at %s: put the WebAssembly spec suite there" % spec)
    core20 = set(os.listdir(os.path.join(spec, "wasm-2.0", "json")))
    _, total20 = run(os.path.join(spec, "wasm-2.0", "json"))
    _, total20wast = run(os.path.join(spec, "wasm-2.0", "wast"))
    _, total30wast = run(os.path.join(spec, "wast"))
    rows, total30 = run(os.path.join(spec, "json"))
    groups = {}
    for path, (p, f, s) in rows.items():
        rel = os.path.relpath(path, os.path.join(spec, "json"))
        g = groups.setdefault(feature(rel, core20), [0, 0, 0, 0])
        g[0] += 1
        g[1] += p
        g[2] += f
        g[3] += s
    lines = ["<!-- spec:begin -->",
             "Measured with `python3 Utilities/spec_status.py` (runs `.build/release/wippy-wasm spectest`).",
             "",
             "- WebAssembly 2.0, binary modules (`../shared/spec/wasm-2.0/json`): `%s`" % total20,
             "- WebAssembly 2.0, all assertions from the `.wast` sources (`../shared/spec/wasm-2.0/wast`): `%s`" % total20wast,
             "- Newest suite, WebAssembly 3.0 (`../shared/spec/json`): `%s`" % total30,
             "- Newest suite from the `.wast` sources (`../shared/spec/wast`): `%s`" % total30wast,
             "",
             "Both routes parse text-format modules with our parser (in the JSON route, the `.wat` files",
             "`json-from-wast` writes for `assert_malformed` and the like). A skipped command (one the",
             "runner cannot express) would count as not passed. The 3.0 failures",
             "are listed in `testsuite/spec/expected-failures-3.0.txt`. The table is the JSON route.",
             "",
             "| 3.0 suite by feature | scripts | passed | failed | skipped |",
             "|---|---:|---:|---:|---:|"]
    for name in sorted(groups, key=lambda k: (-groups[k][1], k)):
        n, p, f, s = groups[name]
        lines.append("| %s | %d | %d | %d | %d |" % (name, n, p, f, s))
    lines.append("<!-- spec:end -->")
    section = "\n".join(lines)
    status = os.path.join(ROOT, "docs", "STATUS.md")
    text = open(status).read() if os.path.exists(status) else "# Status\n\n## Spec conformance\n\n<!-- spec:begin -->\n<!-- spec:end -->\n"
    if "<!-- spec:begin -->" not in text:
        text += "\n## Spec conformance\n\n<!-- spec:begin -->\n<!-- spec:end -->\n"
    start = text.index("<!-- spec:begin -->")
    end = text.index("<!-- spec:end -->") + len("<!-- spec:end -->")
    text = text[:start] + section + text[end:]
    with open(status, "w") as f:
        f.write(text)
    print(section)


if __name__ == "__main__":
    main()
