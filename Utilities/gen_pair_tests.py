#!/usr/bin/env python3
"""Writes testsuite/cli/pairs.wat: for every arithmetic pair the translator fuses into one
instruction (`ThreadedOp.fusedForm`, PAIR_FIRSTS/PAIR_SECONDS in gen_interpreter.py), a function
computing second(first(a, b), c) in the fused shape and a reference that stores first's result
in a local first (which keeps the two instructions apart), and an export `check_N` that runs
both on 2000 pseudo-random inputs (xorshift; floats from random bit patterns, so NaNs and
infinities too) and returns the number of differing results. `check_all` sums them.
The same for every instruction with a constant left operand (IMM_LEFT_OPS; the reference
passes the constant as a parameter), and for every `i32.add` fused with the conditional branch
testing its result (ADD_BRANCH_FIRSTS; the reference puts an empty block between the two, a
branch target that keeps them apart), both as a plain `br_if` and as one carrying a value (which
branches on the negated condition around the value's move). The same for branches testing bits
(`x & c` and `(x & c) == 0`: `br_if`, `br_if` carrying a value, `if`), and for `i32.store` of a
sum of a constant (kept in a local or not), and for `br_if` on the value a load loaded.
Run: python3 Utilities/gen_pair_tests.py
"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from gen_interpreter import pairs, load_pairs, store_pairs, memory_product_pairs, COMMUTATIVE, IMM_LEFT_OPS, COMPARES  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def first_code(first, k):
    name, imm = first
    t = name[:3]
    if imm:
        return ["local.get 0", "%s.const %d" % (t, k), name]
    return ["local.get 0", "local.get 1", name]


def bodies(first, second, k, c_imm):
    """(fused body, reference body) for one shape."""
    sname, form = second
    t = sname[:3]
    f = first_code(first, k)
    c = ["%s.const %s" % (t, c_imm)] if form == "I" else ["local.get 2"]
    if form in ("R", "Rc"):
        fused = c + f + [sname]
        ref = f + ["local.set 3"] + c + ["local.get 3", sname]
    else:
        fused = f + c + [sname]
        ref = f + ["local.set 3", "local.get 3"] + c + [sname]
    return fused, ref


def fill_memory(word="call $next"):
    """Fills the first 4 KiB of memory, 8 bytes at a time, with `word` (random bits by default),
    counting in local 0."""
    return ["    i32.const 0 local.set 0",
            "    block loop",
            "      local.get 0 i32.const 4096 i32.ge_u br_if 1",
            "      local.get 0 %s i64.store" % word,
            "      local.get 0 i32.const 8 i32.add local.set 0 br 0",
            "    end end"]


def turns(body):
    """`body` (lines) run 2000 times, the count down in local 0."""
    return (["    i32.const 2000 local.set 0",
             "    block loop",
             "      local.get 0 i32.eqz br_if 1"]
            + body +
            ["      local.get 0 i32.const 1 i32.sub local.set 0 br 0",
             "    end end"])


def random_memory_turns(body):
    """Fills the first 4 KiB of memory with random bits, then runs `body` 2000 times, each with
    a random address below 4000 in local 1 and a random f64 in local 2."""
    return fill_memory() + turns(["      call $next i32.wrap_i64 i32.const 4000 i32.rem_u local.set 1",
                                  "      call $next f64.reinterpret_i64 local.set 2"] + body)


def bit_test_checks(out, checks, n):
    """Branches testing bits (`x & c`, `(x & c) == 0`) as `br_if`, as `br_if` carrying a value
    and as `if`. Result: 1 when the branch was taken (or `if` ran its first arm), else 2; the
    reference writes the and's result to a local and reads it after an empty block."""
    for c in ("1", "6", "0x80000000", "-1"):
        for zero in (False, True):
            for shape in ("br_if", "carried", "if"):
                bodies_ = []
                for apart in (False, True):
                    test = ["local.get 0", "i32.const " + c, "i32.and"]
                    if apart:
                        test += ["local.set 1", "block end", "local.get 1"]
                    test += ["i32.eqz"] if zero else []
                    code = " ".join(test)
                    if shape == "br_if":
                        body = "block %s br_if 0 i32.const 2 return end i32.const 1" % code
                    elif shape == "carried":
                        body = "block (result i32) i32.const 1 %s br_if 0 drop i32.const 2 end" % code
                    else:
                        body = "%s if (result i32) i32.const 1 else i32.const 2 end" % code
                    bodies_.append(body)
                out.append("  ;; %s on (x & %s)%s" % (shape, c, " == 0" if zero else ""))
                out.append("  (func $fused%d (param i32) (result i32) (local i32) %s)" % (n, bodies_[0]))
                out.append("  (func $ref%d (param i32) (result i32) (local i32) %s)" % (n, bodies_[1]))
                out.append("  (func $check%d (export \"check%d\") (result i32) (local i32 i32) (local i32)" % (n, n))
                out += turns([
                    # Small values half the time, so zero and single bits happen.
                    "      call $next i32.wrap_i64 local.tee 1 i32.const 7 i32.and local.get 1 local.get 0 i32.const 1 i32.and select local.set 1",
                    "      local.get 2 local.get 1 call $fused%d local.get 1 call $ref%d i32.ne i32.add local.set 2" % (n, n),
                ])
                out.append("    local.get 2)")
                checks.append(n)
                n += 1
    return n


def computed_store_checks(out, checks, n):
    """`i32.store` of a sum of a constant, kept in a local (`local.tee`) or only on the operand
    stack, at a random (also unaligned) address in memory filled with random bits: the word
    stored and the result, against the same with an empty block between the add and the store."""
    for kept, source in ((True, "x"), (False, "x"), (True, "*p"), (False, "*p"), (True, "p[1]")):
        # x: the parameter; *p: loaded from the address stored to (`*p += k`); p[1]: loaded from
        # the next word (not the same address: only the add fuses).
        load = {"x": ["local.get 1"], "*p": ["local.get 0", "i32.load offset=3"],
                "p[1]": ["local.get 0", "i32.load offset=7"]}[source]
        for k in ("1", "-1", "0x7fffffff"):
            bodies_ = []
            for apart in (False, True):
                add = load + ["i32.const " + k, "i32.add"]
                if kept:
                    add += ["local.tee 1"]
                if apart:
                    add += ["local.set 2", "block end", "local.get 2"]
                bodies_.append("local.get 0 %s i32.store offset=3 local.get 1" % " ".join(add))
            out.append("  ;; i32.store of %s + %s%s" % (source, k, " kept in a local" if kept else ""))
            out.append("  (func $fused%d (param i32 i32) (result i32) (local i32) %s)" % (n, bodies_[0]))
            out.append("  (func $ref%d (param i32 i32) (result i32) (local i32) %s)" % (n, bodies_[1]))
            out.append("  (func $check%d (export \"check%d\") (result i32) (local i32 i32 i32 i32 i32 i32 i32)" % (n, n))
            out += fill_memory()
            out += turns([
                "      call $next i32.wrap_i64 i32.const 4000 i32.rem_u local.set 1",
                "      call $next i32.wrap_i64 local.set 2",
                # The word before, restored before the reference runs.
                "      local.get 1 i32.load offset=3 local.set 6",
                "      local.get 1 local.get 2 call $fused%d local.get 1 i32.load offset=3 local.set 3" % n,
                "      local.get 1 local.get 6 i32.store offset=3",
                "      local.get 1 local.get 2 call $ref%d local.get 1 i32.load offset=3 local.set 4" % n,
                "      i32.ne local.get 3 local.get 4 i32.ne i32.or local.get 5 i32.add local.set 5",
            ])
            out.append("    local.get 5)")
            checks.append(n)
            n += 1
    return n


def load_branch_checks(out, checks, n):
    """A `br_if` on the value a plain load loaded (`i32.load`, `i32.load8_u`), zero or not,
    kept by `local.tee` or not, plain or carrying a value; and a walk `p = *p` while p is not
    zero, whose load writes its own address's local (bounded by a count). Memory is random,
    with the word at the address cleared half the time; the reference puts an empty block
    between the load and the branch."""
    for load in ("i32.load offset=3", "i32.load8_u offset=3"):
        for zero in (False, True):
            for kept in (False, True):
                for carried in (False, True):
                    bodies_ = []
                    for apart in (False, True):
                        test = ["local.get 0", load] + (["local.tee 1"] if kept else [])
                        if apart:
                            test += ["local.set 2", "block end", "local.get 2"]
                        test += ["i32.eqz"] if zero else []
                        code = " ".join(test)
                        if carried:
                            body = "block (result i32) i32.const 3 %s br_if 0 drop i32.const 5 end" % code
                        else:
                            body = "block %s br_if 0 i32.const 5 return end i32.const 3" % code
                        bodies_.append(body + " local.get 1 i32.add")
                    out.append("  ;; br_if on %s%s%s%s" % (load, " == 0" if zero else "", " kept" if kept else "",
                                                         " carrying a value" if carried else ""))
                    out.append("  (func $fused%d (param i32) (result i32) (local i32 i32) %s)" % (n, bodies_[0]))
                    out.append("  (func $ref%d (param i32) (result i32) (local i32 i32) %s)" % (n, bodies_[1]))
                    out += load_branch_check(n)
                    checks.append(n)
                    n += 1
    walk = ("block loop local.get 1 i32.const 1 i32.add local.tee 1 i32.const 50 i32.gt_u br_if 1 "
            "local.get 0 i32.const 4092 i32.and i32.load offset=3 local.tee 0 %s br_if 0 end end "
            "local.get 0 local.get 1 i32.const 16 i32.shl i32.xor")
    out.append("  ;; p = *p while p is not zero (the load writes its own address's local)")
    out.append("  (func $fused%d (param i32) (result i32) (local i32 i32) %s)" % (n, walk % ""))
    out.append("  (func $ref%d (param i32) (result i32) (local i32 i32) %s)" % (n, walk % "local.set 2 block end local.get 2"))
    out += load_branch_check(n)
    checks.append(n)
    return n + 1


def load_branch_check(n):
    # Random words, half of them zero.
    return (["  (func $check%d (export \"check%d\") (result i32) (local i32 i32) (local i64) (local i32)" % (n, n)]
            + fill_memory("call $next local.tee 2 i64.const 0 local.get 2 i64.const 1 i64.and i64.eqz select")
            + turns(["      call $next i32.wrap_i64 i32.const 4000 i32.rem_u local.set 1",
                     "      local.get 3 local.get 1 call $fused%d local.get 1 call $ref%d i32.ne i32.add local.set 3" % (n, n)])
            + ["    local.get 3)"])


def main():
    out = [";; Generated by Utilities/gen_pair_tests.py. Do not edit.",
           ";; Fused arithmetic pairs against unfused references: every check_N must return 0.",
           "(module",
           "  (memory 1)",
           "  (global $s (mut i64) (i64.const 0x9E3779B97F4A7C15))",
           "  (func $next (result i64)",
           "    global.get $s global.get $s i64.const 13 i64.shl i64.xor global.set $s",
           "    global.get $s global.get $s i64.const 7 i64.shr_u i64.xor global.set $s",
           "    global.get $s global.get $s i64.const 17 i64.shl i64.xor global.set $s",
           "    global.get $s)"]
    checks = []
    n = 0
    for first, second in pairs():
        sname, form = second
        forms = [form]
        if form == "L" and sname in COMMUTATIVE:
            forms.append("Rc")
        for f in forms:
            for k, c_imm in ((5, "0x0ff0"), (37, "-3")) if first[1] or f == "I" else ((0, "0"),):
                t = sname[:3]
                if t == "f64" and f == "I":
                    c_imm = "1.5" if c_imm == "0x0ff0" else "-0x1p-3"
                fused, ref = bodies(first, (sname, f), k, c_imm)
                ty = t
                out.append("  ;; %s %s then %s (%s)" % (first[0], "imm %d" % k if first[1] else "", sname, f))
                out.append("  (func $fused%d (param %s %s %s) (result %s) %s)" % (n, ty, ty, ty, ty, " ".join(fused)))
                out.append("  (func $ref%d (param %s %s %s) (result %s) (local %s) %s)" % (n, ty, ty, ty, ty, ty, " ".join(ref)))
                args = "local.get 1 local.get 2 local.get 3"
                if ty == "i32":
                    arg = "call $next i32.wrap_i64"
                    locals_ = "(local i32 i32 i32 i32 i32 i32 i32)"
                    differs = "local.get 4 local.get 5 i32.ne"
                else:
                    arg = "call $next f64.reinterpret_i64"
                    locals_ = "(local i32) (local f64 f64 f64 f64 f64) (local i32)"
                    # Equal bit patterns, or both NaN (which NaN a commutative operation returns
                    # for two NaN operands is not fixed).
                    differs = ("local.get 4 i64.reinterpret_f64 local.get 5 i64.reinterpret_f64 i64.ne "
                               "local.get 4 local.get 4 f64.eq local.get 5 local.get 5 f64.eq i32.or i32.and")
                bad = 6
                out.append("  (func $check%d (export \"check%d\") (result i32) %s" % (n, n, locals_))
                out += turns([
                    "      %s local.set 1 %s local.set 2 %s local.set 3" % (arg, arg, arg),
                    "      %s call $fused%d local.set 4 %s call $ref%d local.set 5" % (args, n, args, n),
                    "      local.get %d %s i32.add local.set %d" % (bad, differs, bad),
                ])
                out.append("    local.get %d)" % bad)
                checks.append(n)
                n += 1
    # Loads fused with the arithmetic reading their result: memory filled with random bits,
    # random (also unaligned) addresses below 4000, random c.
    for load, form, second in load_pairs():
        sname, pos = second
        forms = [pos] + (["Rc"] if pos == "L" and sname in COMMUTATIVE else [])
        for f in forms:
            address = ["local.get 0"] + (["i32.const 16", "i32.add"] if form == "PlusImm" else [])
            ld = address + ["%s offset=3" % load]
            if f in ("R", "Rc"):
                fused = ["local.get 1"] + ld + [sname]
                ref = ld + ["local.set 2", "local.get 1", "local.get 2", sname]
            else:
                fused = ld + ["local.get 1", sname]
                ref = ld + ["local.set 2", "local.get 2", "local.get 1", sname]
            out.append("  ;; %s%s then %s (%s)" % (load, " (address + 16)" if form else "", sname, f))
            out.append("  (func $fused%d (param i32 f64) (result f64) %s)" % (n, " ".join(fused)))
            out.append("  (func $ref%d (param i32 f64) (result f64) (local f64) %s)" % (n, " ".join(ref)))
            out.append("  (func $check%d (export \"check%d\") (result i32) (local i32 i32) (local f64 f64 f64) (local i32)" % (n, n))
            out += random_memory_turns([
                "      local.get 1 local.get 2 call $fused%d local.set 3 local.get 1 local.get 2 call $ref%d local.set 4" % (n, n),
                "      local.get 5 local.get 3 i64.reinterpret_f64 local.get 4 i64.reinterpret_f64 i64.ne "
                "local.get 3 local.get 3 f64.eq local.get 4 local.get 4 f64.eq i32.or i32.and i32.add local.set 5"])
            out.append("    local.get 5)")
            checks.append(n)
            n += 1
    # Store-back forms: memory filled with random bits; at a random (also unaligned) address,
    # the word after fused(a, c), then the same word restored and the word after ref(a, c).
    shapes = []
    for load, form, second in store_pairs():
        sname, pos = second
        for f in [pos] + (["Rc"] if pos == "L" and sname in COMMUTATIVE else []):
            ld = ["local.get 0", "%s offset=3" % load]
            if f in ("R", "Rc"):
                fused = ["local.get 0", "local.get 1"] + ld + [sname]
                ref = ld + ["local.set 2", "local.get 0", "local.get 1", "local.get 2", sname]
            else:
                fused = ["local.get 0"] + ld + ["local.get 1", sname]
                ref = ld + ["local.set 2", "local.get 0", "local.get 2", "local.get 1", sname]
            shapes.append(("%s then %s (%s), stored back" % (load, sname, f), fused, ref))
    for first, second in memory_product_pairs():
        sname, _ = second
        for scaled in (False, True):
            # *p op c * c, c halved first in the second shape (f64 arithmetic between the load and the store).
            product = ["local.get 1"] + (["f64.const 0.5", "f64.mul"] if scaled else []) + ["local.get 1", "f64.mul"]
            fused = ["local.get 0", "local.get 0", "f64.load offset=3"] + product + [sname]
            ref = ["local.get 0", "f64.load offset=3", "local.set 2", "local.get 0", "local.get 2"] + product + [sname]
            shapes.append(("*p %s c * c%s, *p loaded first" % (sname, " / 2" if scaled else ""), fused, ref))
    for label, fused, ref in shapes:
        out.append("  ;; %s" % label)
        out.append("  (func $fused%d (param i32 f64) %s f64.store offset=3)" % (n, " ".join(fused)))
        out.append("  (func $ref%d (param i32 f64) (local f64) %s f64.store offset=3)" % (n, " ".join(ref)))
        out.append("  (func $check%d (export \"check%d\") (result i32) (local i32 i32) (local f64 f64 f64 f64) (local i32)" % (n, n))
        out += random_memory_turns([
            "      local.get 1 f64.load offset=3 local.set 5",
            "      local.get 1 local.get 2 call $fused%d local.get 1 f64.load offset=3 local.set 3" % n,
            "      local.get 1 local.get 5 f64.store offset=3",
            "      local.get 1 local.get 2 call $ref%d local.get 1 f64.load offset=3 local.set 4" % n,
            "      local.get 6 local.get 3 i64.reinterpret_f64 local.get 4 i64.reinterpret_f64 i64.ne "
            "local.get 3 local.get 3 f64.eq local.get 4 local.get 4 f64.eq i32.or i32.and i32.add local.set 6"])
        out.append("    local.get 6)")
        checks.append(n)
        n += 1
    # Constant left operands: op(k, x) against the same with k passed in as a parameter.
    for name in IMM_LEFT_OPS:
        t = name[:3]
        consts = {"i32": ("0", "0x7ff0"), "i64": ("0", "-3"), "f32": ("1.0", "-0x1p-3"), "f64": ("1.0", "-0x1p-3")}[t]
        for k in consts:
            n_ = n
            fused = ["%s.const %s" % (t, k), "local.get 0", name]
            ref = ["local.get 1", "local.get 0", name]
            out.append("  ;; %s with the constant %s on the left" % (name, k))
            out.append("  (func $fused%d (param %s) (result %s) %s)" % (n_, t, t, " ".join(fused)))
            out.append("  (func $ref%d (param %s %s) (result %s) %s)" % (n_, t, t, t, " ".join(ref)))
            conv = {"i32": "i32.wrap_i64", "i64": "", "f32": "i32.wrap_i64 f32.reinterpret_i32", "f64": "f64.reinterpret_i64"}[t]
            bits = {"i32": "", "i64": "", "f32": "i32.reinterpret_f32", "f64": "i64.reinterpret_f64"}[t]
            eq = "i64.ne" if t in ("i64", "f64") else "i32.ne"
            if t in ("f32", "f64"):
                differs = ("local.get 2 %s local.get 3 %s %s local.get 2 local.get 2 %s.eq local.get 3 local.get 3 %s.eq i32.or i32.and"
                           % (bits, bits, eq, t, t))
            else:
                differs = "local.get 2 local.get 3 %s" % eq
            out.append("  (func $check%d (export \"check%d\") (result i32) (local i32 %s %s %s) (local i32)" % (n_, n_, t, t, t))
            out += turns([
                "      call $next %s local.set 1" % conv,
                "      local.get 1 call $fused%d local.set 2 local.get 1 %s.const %s call $ref%d local.set 3" % (n_, t, k, n_),
                "      local.get 4 %s i32.add local.set 4" % differs,
            ])
            out.append("    local.get 4)")
            checks.append(n_)
            n += 1
    # An `i32.add` fused with the branch testing its result. Result: the sum times 2 plus 1 when
    # the branch was taken (i64, so no bit is lost).
    tests = [("nonzero", []), ("zero", ["i32.eqz"])] + \
        [(c + (" imm" if imm else ""), (["i32.const 0x7ffffff0"] if imm else ["local.get 2"]) + ["i32." + c])
         for c, _ in COMPARES for imm in (False, True)]
    for imm_add in (False, True):
        for label, test in tests:
            for carried in (False, True):
                add = ["local.get 0", "i32.const -7" if imm_add else "local.get 1", "i32.add", "local.tee 3"]
                taken = "local.get 3 i64.extend_i32_u i64.const 1 i64.shl i64.const 1 i64.or"
                fallthrough = "local.get 3 i64.extend_i32_u i64.const 1 i64.shl"
                bodies_ = []
                for gap in ([], ["block end", "local.get 3"]):
                    # The reference: the add's result goes to the local, an empty block (a branch
                    # target) separates it from the branch, which reads the local.
                    code = add + (["drop"] + gap if gap else []) + test
                    if carried:
                        body = ("block (result i64) i64.const 1 %s br_if 0 drop %s return end drop %s"
                                % (" ".join(code), fallthrough, taken))
                    else:
                        body = "block %s br_if 0 %s return end %s" % (" ".join(code), fallthrough, taken)
                    bodies_.append(body)
                out.append("  ;; i32.add%s, then br_if on %s%s" % (" (constant)" if imm_add else "", label,
                                                                 " carrying a value" if carried else ""))
                out.append("  (func $fused%d (param i32 i32 i32) (result i64) (local i32) %s)" % (n, bodies_[0]))
                out.append("  (func $ref%d (param i32 i32 i32) (result i64) (local i32) %s)" % (n, bodies_[1]))
                out.append("  (func $check%d (export \"check%d\") (result i32) (local i32 i32 i32 i32) (local i32)" % (n, n))
                out += turns([
                    # Small values half the time, so equal and zero results happen.
                    "      call $next i32.wrap_i64 local.tee 1 i32.const 3 i32.and local.get 1 local.get 0 i32.const 1 i32.and select local.set 1",
                    "      call $next i32.wrap_i64 local.tee 2 i32.const 7 i32.sub local.get 2 local.get 0 i32.const 2 i32.and select local.set 2",
                    "      call $next i32.wrap_i64 local.tee 3 local.get 1 local.get 2 i32.add local.get 0 i32.const 4 i32.and select local.set 3",
                    "      local.get 4 local.get 1 local.get 2 local.get 3 call $fused%d local.get 1 local.get 2 local.get 3 call $ref%d i64.ne i32.add local.set 4" % (n, n),
                ])
                out.append("    local.get 4)")
                checks.append(n)
                n += 1
    n = bit_test_checks(out, checks, n)
    n = computed_store_checks(out, checks, n)
    n = load_branch_checks(out, checks, n)
    out.append("  (func (export \"check_all\") (result i32)")
    out.append("    " + " ".join("call $check%d" % i if i == 0 else "call $check%d i32.add" % i for i in checks) + ")")
    out.append(")")
    with open(os.path.join(ROOT, "testsuite/cli/pairs.wat"), "w") as f:
        f.write("\n".join(out) + "\n")
    print("testsuite/cli/pairs.wat: %d checks" % n)


if __name__ == "__main__":
    main()
