#!/usr/bin/env python3
"""Random modules made of the shapes the translator fuses (`make fuzz-diff FUZZ_SHAPES=1`).

`wasm-tools smith` seldom writes the exact instruction sequences the translator folds into one
threaded instruction, so `fuzz_diff.py --shapes` runs these instead: one exported function
`f(i32, i32, i32) -> i32` over three more locals and an exported page of memory, built from
random statements that are, or nearly are, those sequences:

- stores of a sum of a constant (`i32AddImmThenStore`), of a value loaded and incremented
  (`*p += k` at the same address and offset: `i32AddImmInMemory`; at another: only the add
  fuses), the sum kept by `local.tee` in any local (also the address's own) or not;
- branches on bits (`x & c`, `(x & c) == 0`) as `br_if`, `br_if` carrying a value, `if`/`else`
  and as the backward branch of a loop, the and's result also kept by `local.tee` (two readers:
  no fusion);
- branches on a loaded value (`i32.load`, `i32.load8_u`), kept by `local.tee` or not, and a
  bounded walk `p = *p` while p is not zero, whose load writes its own address's local;
- addresses from a local, masked into the page, or a local plus a constant (fused address
  forms), with offsets that may run past the page (traps).

The function returns the xor of its locals; the harness also compares the memory's SHA-256.
"""
import random

LOCALS = 6  # 0..2 the parameters, 3..5 declared locals (6: a loop count no statement touches)


def _var(r):
    return r.randrange(LOCALS)


def _const(r):
    return r.choice([0, 1, 2, 3, 4, 6, 7, 8, 0xff, 0x100, 0x7fffffff, -1, -2, -0x80000000,
                     r.randrange(-5000, 5000)])


def _address(r):
    a = _var(r)
    c = r.random()
    if c < 0.5:
        return ["local.get %d" % a]
    if c < 0.8:
        return ["local.get %d" % a, "i32.const 4092", "i32.and"]
    return ["local.get %d" % a, "i32.const %d" % r.choice([4, 8, 28, -4]), "i32.add"]


def _offset(r):
    return r.choice([0, 0, 4, 3, 28, 65532])


def _value(r):
    c = r.random()
    if c < 0.35:
        v = ["local.get %d" % _var(r), "i32.const %d" % _const(r), "i32.add"]
    elif c < 0.7:
        v = _address(r) + ["i32.load offset=%d" % _offset(r), "i32.const %d" % _const(r), "i32.add"]
    else:
        v = ["local.get %d" % _var(r)]
    if r.random() < 0.5:
        v.append("local.tee %d" % _var(r))
    return v


def _test(r):
    t = ["local.get %d" % _var(r), "i32.const %d" % _const(r), "i32.and"]
    if r.random() < 0.2:
        t.append("local.tee %d" % _var(r))
    if r.random() < 0.4:
        t.append("i32.eqz")
    return t


def _statement(r, depth):
    c = r.random()
    if depth > 2:
        c *= 0.45  # no deeper nesting
    if c < 0.25:
        return _address(r) + _value(r) + ["i32.store offset=%d" % _offset(r)]
    if c < 0.35:
        a, o = _var(r), _offset(r)
        s = ["local.get %d" % a, "local.get %d" % a, "i32.load offset=%d" % o, "i32.const %d" % _const(r), "i32.add"]
        if r.random() < 0.6:
            s.append("local.tee %d" % _var(r))
        return s + ["i32.store offset=%d" % (o if r.random() < 0.8 else _offset(r))]
    if c < 0.45:
        return ["local.get %d" % _var(r), "i32.const %d" % _const(r),
                r.choice(["i32.add", "i32.and", "i32.xor", "i32.shr_u"]), "local.set %d" % _var(r)]
    if c < 0.6:
        return ["block"] + _test(r) + ["br_if 0"] + _body(r, depth + 1, 2) + ["end"]
    if c < 0.72:
        return _test(r) + ["if"] + _body(r, depth + 1, 2) + ["else"] + _body(r, depth + 1, 2) + ["end"]
    if c < 0.82:
        return (["block (result i32)", "local.get %d" % _var(r)] + _test(r)
                + ["br_if 0", "drop", "local.get %d" % _var(r), "end", "local.set %d" % _var(r)])
    if c < 0.84:
        # A branch on a loaded value (`if (p->next)`), kept by `local.tee` or not.
        return (["block"] + _address(r) + [r.choice(["i32.load", "i32.load8_u"]) + " offset=%d" % _offset(r)]
                + (["local.tee %d" % _var(r)] if r.random() < 0.5 else []) + (["i32.eqz"] if r.random() < 0.4 else [])
                + ["br_if 0"] + _body(r, depth + 1, 2) + ["end"])
    if c < 0.86:
        # p = *p while p is not zero (the load writes its own address's local), at most 20 turns.
        a = _var(r)
        return ["i32.const 20", "local.set 6", "block", "loop",
                "local.get 6", "i32.eqz", "br_if 1", "local.get 6", "i32.const -1", "i32.add", "local.set 6",
                "local.get %d" % a, "i32.const 4092", "i32.and", "i32.load offset=%d" % r.choice([0, 4]),
                "local.tee %d" % a, "br_if 0", "end", "end"]
    if c < 0.9:
        # Shifts right until the tested bits are clear: always ends.
        a = _var(r)
        return (["loop", "local.get %d" % a, "i32.const 1", "i32.shr_u", "local.tee %d" % a,
                 "i32.const %d" % _const(r), "i32.and"]
                + (["i32.eqz", "i32.eqz"] if r.random() < 0.3 else []) + ["br_if 0", "end"])
    return _address(r) + ["i32.load offset=%d" % _offset(r), "local.set %d" % _var(r)]


def _body(r, depth, most):
    out = []
    for _ in range(r.randrange(1, most + 1)):
        out += _statement(r, depth)
    return out


def module_text(seed_bytes):
    """The text of one module, decided by `seed_bytes`."""
    r = random.Random(seed_bytes)
    prologue = ["local.get 0", "i32.const 4092", "i32.and", "local.set 3",
                "local.get 1", "i32.const 4092", "i32.and", "local.set 4",
                "local.get 2", "local.set 5"]
    result = ["local.get 0"] + sum((["local.get %d" % i, "i32.xor"] for i in range(1, LOCALS)), [])
    code = prologue + _body(r, 0, 12) + result
    return ('(module (memory (export "mem") 1)\n'
            '  (func (export "f") (param i32 i32 i32) (result i32) (local i32 i32 i32 i32)\n    '
            + "\n    ".join(code) + "))\n")
