#!/usr/bin/env python3
"""Checks that the committed generated files are what the generators write today.

Copies Utilities/ into a scratch folder, runs every generator there (they write below their own
root, so the working tree is not touched) and compares each file they wrote with the committed
one. Exits 1 naming the files that differ and the command that regenerates them, or when a
generator writes a file the repository does not have.
Run: python3 Utilities/check_generated.py   (make generated-check; part of make test)
"""
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GENERATORS = ["gen_opcodes.py", "gen_text.py", "gen_interpreter.py", "gen_pair_tests.py", "gen_doc_snippets.py"]
# Files the generators read besides Utilities/ (copied into the scratch folder, not compared).
INPUT_FILES = ["README.md", "docs/embedding.md"]
# Folders the generators write into that must exist before they run.
OUTPUT_FOLDERS = ["testsuite/cli"]


def written_files(scratch):
    """Every file below scratch that is not part of the copied Utilities folder."""
    found = []
    for folder, _, names in os.walk(scratch):
        rel_folder = os.path.relpath(folder, scratch)
        if rel_folder == "Utilities" or rel_folder.startswith("Utilities" + os.sep):
            continue
        for name in names:
            rel = os.path.normpath(os.path.join(rel_folder, name))
            if rel not in INPUT_FILES:
                found.append(rel)
    return sorted(found)


def main():
    with tempfile.TemporaryDirectory(prefix="wippy-generated-") as scratch:
        shutil.copytree(os.path.join(ROOT, "Utilities"), os.path.join(scratch, "Utilities"),
                        ignore=shutil.ignore_patterns("__pycache__"))
        for folder in OUTPUT_FOLDERS:
            os.makedirs(os.path.join(scratch, folder), exist_ok=True)
        for rel in INPUT_FILES:
            os.makedirs(os.path.dirname(os.path.join(scratch, rel)) or scratch, exist_ok=True)
            shutil.copyfile(os.path.join(ROOT, rel), os.path.join(scratch, rel))
        for generator in GENERATORS:
            run = subprocess.run([sys.executable, os.path.join("Utilities", generator)], cwd=scratch,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if run.returncode != 0:
                print("generated-check: Utilities/%s failed:\n%s" % (generator, run.stderr.strip()))
                return 1
        files = written_files(scratch)
        stale = []
        for rel in files:
            committed = os.path.join(ROOT, rel)
            with open(os.path.join(scratch, rel), "rb") as fresh:
                expected = fresh.read()
            if not os.path.exists(committed):
                stale.append(rel + " (missing)")
                continue
            with open(committed, "rb") as current:
                if current.read() != expected:
                    stale.append(rel)
        if stale:
            print("generated-check: these files differ from what the generators write now:")
            for rel in stale:
                print("  " + rel)
            print("run `make generate` and commit the result (never edit them by hand)")
            return 1
        print("generated-check: %d generated files match their generators" % len(files))
        return 0


if __name__ == "__main__":
    sys.exit(main())
