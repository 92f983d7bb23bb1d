#!/usr/bin/env python3
"""Generates the interpreter's threaded-code opcode enum and run loop.

Inputs: instructions.py (every instruction with its operand signature), the memory-access
table below, and templates/RunLoop.swift (the hand-written run loop with its control
instructions; the marker line `// @@GENERATED_CASES@@` is replaced by the generated cases).
Outputs: Sources/WasmInterpreter/Generated/ThreadedOp.swift and
Sources/WasmInterpreter/Generated/RunLoop.swift. Run: python3 Utilities/gen_interpreter.py
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from instructions import INSTRUCTIONS  # noqa: E402
from gen_opcodes import swift_name, write, HEADER  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Hand-written threaded instructions (semantics in templates/RunLoop.swift). Layout notes there.
INTERNAL = [
    "trapUnreachable", "copy1", "copy2", "copyPair", "const1", "const2", "constPair", "constCopy", "copyConst",
    "jump", "brIfNonZero", "brIfZero",
    "brTable", "select1", "select2", "ret", "call", "callIndirect", "callRef", "returnCall",
    "returnCallIndirect", "returnCallRef", "callMoves", "callMoves1", "callMoves2", "callMoves3",
    "callMoves1Const", "callMoves2Const", "callIndirectMoves",
    "callIndirectMoves1", "callIndirectMoves2", "globalGet1", "globalGet2",
    "globalSet1", "globalSet2",
    "memorySize", "memoryGrow", "memoryFill", "memoryCopy", "memoryInit", "dataDrop",
    "tableGet", "tableSet", "tableSize", "tableGrow", "tableFill", "tableCopy", "tableInit",
    "elemDrop", "refIsNull", "refAsNonNull", "brOnNull", "brOnNonNull", "throwTag", "throwRef",
    "otherMemory", "atomic", "gc", "releaseCaught",
]

# Integer instructions with an immediate second operand (the translator uses them when the
# operand is a constant): w0 = op | dst, then i32: w1 = a | imm << 32; i64: w1 = a, w2 = imm.
IMM_OPS = [t + "." + o for t in ("i32", "i64") for o in (
    "add", "sub", "mul", "and", "or", "xor", "shl", "shr_s", "shr_u", "rotl", "rotr",
    "eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u")] + \
    [t + "." + o for t in ("f32", "f64") for o in ("add", "sub", "mul", "div")]
# Integer compares fused with a conditional branch: w0 = op | a, w1 = b slot (or the
# immediate for the Imm forms), w2 = relative target. Each pair is (compare, its negation).
COMPARES = [("eq", "ne"), ("ne", "eq"), ("lt_s", "ge_s"), ("lt_u", "ge_u"), ("gt_s", "le_s"),
            ("gt_u", "le_u"), ("le_s", "gt_s"), ("le_u", "gt_u"), ("ge_s", "lt_s"), ("ge_u", "lt_u")]


# Pairs of arithmetic instructions fused into one when the second reads the first's result and
# nothing else does (the translator's `fuseResult`): r = second(first(a, b), c). `first` is
# (name, immediate second operand?); `second` is (name, form): "L" reads the first's result as
# its left operand and a slot c as its right, "R" the other way round (only for
# non-commutative instructions; for commutative ones the translator swaps), "I" a constant c.
# Layout: w0 = op | dst, w1 = a | b (a slot; b a slot or the first's 32-bit immediate), w2 = c.
PAIR_FIRSTS = [("i32.xor", False), ("i32.and", False), ("i32.add", False), ("i32.shl", True),
               ("i32.shr_u", True), ("i32.rotl", True), ("i32.and", True),
               ("f64.mul", False), ("f64.add", False), ("f64.sub", False)]
PAIR_SECONDS = {
    "i32": [("i32.xor", "L"), ("i32.add", "L"), ("i32.and", "L"), ("i32.or", "L"),
            ("i32.and", "I"), ("i32.add", "I"), ("i32.shl", "I")],
    "f64": [("f64.add", "L"), ("f64.mul", "L"), ("f64.sub", "L"), ("f64.sub", "R"),
            ("f64.mul", "I"), ("f64.add", "I")],
}
COMMUTATIVE = {"i32.xor", "i32.add", "i32.and", "i32.or", "f64.add", "f64.mul"}


def pair_name(first, second):
    (fname, fimm), (sname, form) = first, second
    name = swift_name(fname) + ("Imm" if fimm else "") + "Then"
    s = swift_name(sname)
    return name + s[0].upper() + s[1:] + {"L": "", "R": "Rev", "I": "Imm"}[form]


def pairs():
    return [(f, sec) for f in PAIR_FIRSTS for sec in PAIR_SECONDS[f[0][:3]]]


def gen_pair_cases():
    lines = []
    for first, second in pairs():
        (fname, fimm), (sname, form) = first, second
        t = fname[:3]
        a = READ[t].format(s="pc.low32(1)")
        b = "UInt32(truncatingIfNeeded: pc.high32(1))" if fimm else READ[t].format(s="pc.high32(1)")
        if form == "I":
            c = "UInt32(truncatingIfNeeded: pc[2])" if t == "i32" else "Double(bits: pc[2])"
        else:
            c = READ[t].format(s="Int(truncatingIfNeeded: pc[2])")
        lines.append("    case .%s:" % pair_name(first, second))
        lines.append("        let t = Numerics.%s(%s, %s)" % (func_name(fname), a, b))
        args = (c, "t") if form == "R" else ("t", c)
        lines.append("        let r = Numerics.%s(%s, %s)" % (func_name(sname), args[0], args[1]))
        lines.append("        " + WRITE[t].format(d=HI.format(w="w0")))
        lines.append("        pc += 3")
    for load, form, second in load_pairs():
        lines += load_arithmetic_case(load_pair_name(load, form, second), load, form, second)
        lines.append("        " + WRITE["f64"].format(d=HI.format(w="w0")))
        lines.append("        pc += 5")
    return lines


def load_arithmetic_case(case, load, form, second):
    """The case's lines up to r = second(load, c) (or second(c, load)), c the slot in w4."""
    sname, pos = second
    size, ty, _ = LOADS[load]
    lines = ["    case .%s:" % case] + effective_address(size, form)
    lines.append("        let t = Double(bits: at.loadUnaligned(as: %s.self))" % ty)
    c = READ["f64"].format(s="Int(truncatingIfNeeded: pc[4])")
    args = (c, "t") if pos == "R" else ("t", c)
    lines.append("        let r = Numerics.%s(%s, %s)" % (func_name(sname), args[0], args[1]))
    return lines


def gen_store_back_cases():
    lines = []
    for first, second in memory_product_pairs():
        sname, form = second
        lines.append("    case .%s:" % memory_product_name(first, second))
        lines += effective_address(8)
        lines.append("        let c = Double(bits: at.loadUnaligned(as: UInt64.self))")
        lines.append("        let t = Numerics.f64_mul(%s, %s)" % (READ["f64"].format(s="pc.low32(4)"), READ["f64"].format(s="pc.high32(4)")))
        args = ("c", "t") if form == "R" else ("t", "c")
        lines.append("        let r = Numerics.%s(%s, %s)" % (func_name(sname), args[0], args[1]))
        lines.append("        at.storeBytes(of: r.bits, as: UInt64.self)")
        lines.append("        pc += 5")
    for load, form, second in store_pairs():
        lines += load_arithmetic_case(store_pair_name(load, form, second), load, form, second)
        lines.append("        at.storeBytes(of: r.bits, as: UInt64.self)")
        lines.append("        pc += 5")
    return lines


# A fused load-and-arithmetic form (plain address) whose result an `f64.store` to the same
# address (same slot, same offset, memory 0) writes back: `*p += c` in one instruction
# (the translator's `fuseStoreBack`). Layout: the fused load's words; its destination unused.
STORE_PAIR_FORMS = [None]


def store_pair_name(load, form, second):
    return load_pair_name(load, form, second) + "ThenStore"


def store_pairs():
    return [(l, f, sec) for l, f, sec in load_pairs() if f in STORE_PAIR_FORMS]


# `*p += a * b` and `*p -= a * b` when the value at p was loaded first: a plain `f64.load`, then
# the f64 `mul` pair reading it as c (`f64.mul` then `add`/`sub`), then an `f64.store` of the
# result to the same address (the translator's `fuseStoreBack`). Layout: the load's words
# (w0 = op), then w4 = a | b, the product's slots.
# (With *p loaded first, the product is the newer operand: `a * b - *p` cannot take this shape.)
MEMORY_PRODUCT_SECONDS = [("f64.add", "L"), ("f64.sub", "R")]


def memory_product_pairs():
    return [(("f64.mul", False), sec) for sec in MEMORY_PRODUCT_SECONDS]


def memory_product_name(first, second):
    return pair_name(first, second) + "InMemory"


# Loads fused with the arithmetic instruction reading their result (the translator's
# `fuseResult`): r = second(load, c) ("L") or second(c, load) ("R"). The load is an `f64.load`,
# plain or with its `i32.add` immediate address fused (LOAD_PAIR_FORMS). Layout: the load's four
# words (w0 = op | dst), then w4 = c.
LOAD_PAIR_LOADS = ["f64.load"]
LOAD_PAIR_FORMS = [None, "PlusImm"]
LOAD_PAIR_SECONDS = [("f64.add", "L"), ("f64.mul", "L"), ("f64.sub", "L"), ("f64.sub", "R")]


def load_pair_name(load, form, second):
    sname, pos = second
    s = swift_name(sname)
    return swift_name(load) + (form or "") + "Then" + s[0].upper() + s[1:] + ("Rev" if pos == "R" else "")


def load_pairs():
    return [(l, f, sec) for l in LOAD_PAIR_LOADS for f in LOAD_PAIR_FORMS for sec in LOAD_PAIR_SECONDS]


def imm_name(text):
    return swift_name(text) + "Imm"


# Non-commutative arithmetic whose constant operand is the left one (`0 - x`, `1.0 / x`,
# `1 << n`): the immediate layout of IMM_OPS, computing op(imm, a).
IMM_LEFT_OPS = [t + "." + o for t in ("i32", "i64") for o in ("sub", "shl")] + \
    [t + "." + o for t in ("f32", "f64") for o in ("sub", "div")]


def imm_left_name(text):
    return swift_name(text) + "ImmLeft"


# An `i32.add` (two slots, or a slot and a constant) fused with the conditional branch that
# tests its result (the translator's `emitBranchHead`): the step and exit test of a counted loop,
# `i += k; if (i != n) continue`, in one instruction. The branch is `br_if` on the value
# (`NonZero`, `Zero`) or a fused compare of it with a slot or a constant.
# Layout: w0 = op | dst, w1 = a | b (the add's operands), then the compare's second operand
# (for compare forms), then the relative target (from w0). The sum is written to dst before
# the jump but after the fuel check, so a hand-back to the switch re-runs the whole instruction.
ADD_BRANCH_FIRSTS = [("i32.add", False), ("i32.add", True)]


# Wide arithmetic (two i64 results, the low half at dst and the high half at dst + 1; every
# operand is read before either result is written, as the results' slots may be operands'):
# name -> the operand slots' words. `i64.add128`, `i64.sub128`: w1 = a_lo | a_hi,
# w2 = b_lo | b_hi; `i64.mul_wide_s`, `i64.mul_wide_u`: w1 = a | b.
WIDE_OPS = {"i64.add128": 2, "i64.sub128": 2, "i64.mul_wide_s": 1, "i64.mul_wide_u": 1}


def gen_wide_cases():
    lines = []
    for name, words in WIDE_OPS.items():
        args = []
        for w in range(1, words + 1):
            args += ["fp[pc.low32(%d)]" % w, "fp[pc.high32(%d)]" % w]
        lines.append("    case .%s:" % swift_name(name))
        lines.append("        let (low, high) = Numerics.%s(%s)" % (func_name(name), ", ".join(args)))
        lines.append("        let d = " + HI.format(w="w0"))
        lines.append("        fp[d] = low")
        lines.append("        fp[d &+ 1] = high")
        lines.append("        pc += %d" % (words + 1))
    return lines


# GC array accesses with the element width fixed by the array type (TranslatorGC.swift):
# (name, width in bytes, the slot's bits from the element at `at`). w0 = op | dst, w1 = the
# array's slot | the index's slot.
ARRAY_GETS = [
    ("arrayGet64", 8, "UInt64(littleEndian: at.loadUnaligned(as: UInt64.self))"),
    ("arrayGet32", 4, "UInt64(UInt32(littleEndian: at.loadUnaligned(as: UInt32.self)))"),
    ("arrayGet16U", 2, "UInt64(UInt16(littleEndian: at.loadUnaligned(as: UInt16.self)))"),
    ("arrayGet16S", 2, "UInt64(UInt32(bitPattern: Int32(Int16(littleEndian: at.loadUnaligned(as: Int16.self)))))"),
    ("arrayGet8U", 1, "UInt64(at.load(as: UInt8.self))"),
    ("arrayGet8S", 1, "UInt64(UInt32(bitPattern: Int32(at.load(as: Int8.self))))"),
]
# (name, width, the stored type): w0 = op, w1 = the array's slot | the index's slot, w2 = the
# value's slot; the element keeps the value's low `width` bytes.
ARRAY_SETS = [("arraySet64", 8, "UInt64"), ("arraySet32", 4, "UInt32"), ("arraySet16", 2, "UInt16"),
              ("arraySet8", 1, "UInt8")]
ARRAY_OPS = [n for n, *_ in ARRAY_GETS] + [n for n, *_ in ARRAY_SETS] + ["arrayLength"]
# `ref.eq` (w0 = op | dst, w1 = a | b), `ref.i31`, `i31.get_s` and `i31.get_u` (w0 = op | dst,
# w1 = the operand's slot): GC instructions that read no heap.
REF_OPS = ["refEq", "refI31", "i31GetS", "i31GetU"]
# A cast to a concrete struct or array type (`castObject`) or to any, eq, i31, struct or array
# (`castAbstract`), emitted ahead of the `gc` cast it can skip (TranslatorGC.swift): w0 = op |
# the result's slot, w1 = the reference's slot | mode << 32 (1: exact, 2: `ref.cast`, 4:
# `br_on_cast_fail`, 8: null passes), w2 = the target's type id (linked) or abstract type.
CAST_OPS = [("castObject", "objectCastMatches", "exact: mode & 1 != 0, "), ("castAbstract", "abstractCastMatches", "")]
# `struct.get` of a field but v128 (w0 = op | dst, w1 = the struct's slot | the field's slot):
# (name, the result's bits from the field's slot `v`); a field kept whole, or a packed one read
# unsigned, reads as it is (a packed field keeps only its low bits). `struct.set` (w0 = op, w1 =
# the struct's slot | the value's slot, w2 = the field's slot): (name, the mask of the bits the
# field keeps, or None for a 64-bit field).
STRUCT_GETS = [("structGetField", "v"),
               ("structGetFieldS8", "UInt64(UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: v))))"),
               ("structGetFieldS16", "UInt64(UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: v))))")]
STRUCT_SETS = [("structSetField", None), ("structSetField32", "0xFFFF_FFFF"), ("structSetField16", "0xFFFF"),
               ("structSetField8", "0xFF")]
STRUCT_OPS = [n for n, _ in STRUCT_GETS] + [n for n, _ in STRUCT_SETS]
# `struct.new` and `struct.new_default` of a struct of 1 ... 8 slots without a descriptor, ahead
# of the `gc` instruction it can skip (TranslatorGC.swift): w0 = op | dst, w1 = the fields' first
# slot | their count << 32, w2 = the type id (linked), w3 = each slot's `FieldCode` (a byte each).
NEW_OPS = [("structNewSmall", "UnsafePointer(fp + pc.low32(1))"), ("structNewSmallDefault", "nil")]
# `array.new` and `array.new_default` of elements 1, 2, 4 or 8 bytes wide when they take 1 ... 8
# slots, ahead of the `gc` instruction: w0 = op | dst, w1 = the value's slot | the count's slot,
# w2 = the type id (linked), w3 = the element width.
# (name, the count, each element's value): `array.new_fixed` has w1 = the first value's slot |
# the count itself (one slot per value).
ARRAY_NEW_OPS = [("arrayNewSmall", "Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: fp[pc.high32(1)]))",
                  "{ _ in fp[pc.low32(1)] }"),
                 ("arrayNewSmallDefault", "Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: fp[pc.high32(1)]))",
                  "{ _ in 0 }"),
                 ("arrayNewFixedSmall", "pc.high32(1)", "{ fp[pc.low32(1) &+ $0] }")]
GC_WORDS = 5


def gc_access_head(name, null, address):
    """The head of a threaded struct or array access: the reference's bits from w1's low half,
    the trap on null, and `address` (a `guard let` of the field or element, with its failure)."""
    return ["    case .%s:" % name,
            "        let bits = fp[pc.low32(1)]",
            "        guard bits != 0 else { throw TrapCode.%s }" % null] + address


def gen_gc_cases():
    """The GC instructions that run as threaded instructions: the heap's object table and the
    supertype chains are read through the loop state (`GCObjectView`, `CastTypeView`), so they
    need no store."""
    return gen_array_access_cases() + gen_struct_field_cases() + gen_reference_cases()


def gen_array_access_cases():
    """`array.get`, `array.set` and `array.len` of non-v128 elements."""
    lines = []
    table = "st.pointee.gcObjects"

    def element(name, width):
        # `at`, the element's address (w1 = the array's slot | the index's slot).
        return gc_access_head(name, "nullArrayReference", [
            "        let i = fp[pc.high32(1)]",
            "        guard let at = arrayElementAddress(bits, i, width: %d, %s) else {" % (width, table),
            "            throw TrapCode.arrayAccess(bits, i, %s)" % table,
            "        }"])
    for name, width, expr in ARRAY_GETS:
        lines += element(name, width)
        lines.append("        fp[%s] = %s" % (HI.format(w="w0"), expr))
        lines.append("        pc += 2")
    for name, width, ty in ARRAY_SETS:
        lines += element(name, width)
        lines.append("        at.storeBytes(of: %s(truncatingIfNeeded: fp[pc.low32(2)]).littleEndian, as: %s.self)" % (ty, ty))
        lines.append("        pc += 3")
    lines += gc_access_head("arrayLength", "nullArrayReference", [
        "        guard let n = arrayLength(bits, %s) else { throw TrapCode.arrayAccess(bits, 0, %s) }" % (table, table)])
    lines.append("        fp[%s] = n" % HI.format(w="w0"))
    lines.append("        pc += 2")
    return lines


def gen_struct_field_cases():
    """`struct.get` and `struct.set` of fields but v128."""
    lines = []

    def field(name, slot):
        # `slot`, the field's slot (`slot`: the word holding its offset).
        return gc_access_head(name, "nullStructureReference", [
            "        guard let slot = structFieldSlot(bits, %s, st.pointee.gcObjects) else {" % slot,
            "            throw TrapCode.hostTrap(\"not a struct with that field\")",
            "        }"])
    for name, expr in STRUCT_GETS:
        lines += field(name, "pc.high32(1)")
        lines.append("        let v = slot.pointee")
        lines.append("        fp[%s] = %s" % (HI.format(w="w0"), expr))
        lines.append("        pc += 2")
    for name, mask in STRUCT_SETS:
        lines += field(name, "Int(truncatingIfNeeded: pc[2])")
        lines.append("        slot.pointee = fp[pc.high32(1)]" + (" & %s" % mask if mask else ""))
        lines.append("        pc += 3")
    for name, fields in NEW_OPS:
        lines += allocation_case(name, "allocateSmallStruct(typeID: Int(truncatingIfNeeded: pc[2]), slotCount: pc.high32(1), "
                                       "fields: %s, packing: pc[3]," % fields, "")
    for name, count, value in ARRAY_NEW_OPS:
        lines += allocation_case(name, "allocateSmallArray(typeID: Int(truncatingIfNeeded: pc[2]), count: %s, "
                                       "width: Int(truncatingIfNeeded: pc[3])," % count, ", %s" % value)
    return lines


def allocation_case(name, call, last):
    """A threaded allocation ahead of the `gc` one (4 words, then the `gc` instruction's): `call`
    (its arguments before the views, `last` after them) gives the new reference, or nil to run
    the `gc` one."""
    return ["    case .%s:" % name,
            "        if let ref = %s" % call,
            "                         st.pointee.gcObjects, st.pointee.gcAllocation%s) {" % last,
            "            fp[%s] = ref" % HI.format(w="w0"),
            "            pc += %d" % (4 + GC_WORDS),
            "        } else {",
            "            pc += 4",
            "        }"]


def gen_reference_cases():
    """`ref.eq`, `ref.i31`, `i31.get_s`/`_u` and `castObject`."""
    d = HI.format(w="w0")
    lines = ["    case .refEq:",
             "        fp[%s] = fp[pc.low32(1)] == fp[pc.high32(1)] ? 1 : 0" % d,
             "        pc += 2",
             "    case .refI31:",
             "        fp[%s] = GCRef.i31(fp[pc.low32(1)])" % d,
             "        pc += 2",
             ]
    for name, function, exact in CAST_OPS:
        lines += ["    case .%s:" % name,
                  "        let mode = pc.high32(1)",
                  "        if let m = %s(fp[pc.low32(1)], Int(truncatingIfNeeded: pc[2]), %snullable: mode & 8 != 0," % (function, exact),
                  "                      st.pointee.gcObjects, st.pointee.castTypes), mode & 2 == 0 || m {",
                  "            if mode & 2 == 0 { fp[%s] = m != (mode & 4 != 0) ? 1 : 0 }" % d,
                  "            pc += %d" % (3 + GC_WORDS),
                  "        } else {",
                  "            pc += 3",
                  "        }"]
    for name, expr in (("i31GetU", "UInt64(value)"),
                       ("i31GetS", "UInt64(value & 0x4000_0000 != 0 ? value | 0x8000_0000 : value)")):
        lines.append("    case .%s:" % name)
        lines.append("        let bits = fp[pc.low32(1)]")
        lines.append("        guard bits != 0 else { throw TrapCode.nullI31Reference }")
        lines.append("        let value = UInt32(truncatingIfNeeded: bits & GCRef.i31Mask)")
        lines.append("        fp[%s] = %s" % (d, expr))
        lines.append("        pc += 2")
    return lines


def add_branch_tests():
    """(branch op name, condition on v with {b}, whether it has a b word)."""
    out = [("brIfNonZero", "v != 0", False), ("brIfZero", "v == 0", False)]
    for c, _ in COMPARES:
        for imm in (False, True):
            out.append((fused_name("i32." + c, imm), "Numerics.i32_%s(v, {b}) != 0" % c, True))
    return out


def add_branch_name(first, branch):
    fname, fimm = first
    return swift_name(fname) + ("Imm" if fimm else "") + "Then" + branch[0].upper() + branch[1:]


def add_branches():
    return [(f, b) for f in ADD_BRANCH_FIRSTS for b in add_branch_tests()]


def gen_add_branch_cases():
    lines = []
    for first, (branch, cond, has_b) in add_branches():
        imm = first[1]
        b_add = "UInt32(truncatingIfNeeded: pc.high32(1))" if imm else READ["i32"].format(s="pc.high32(1)")
        target = 3 if has_b else 2
        b = ""
        if has_b:
            b = "UInt32(truncatingIfNeeded: pc[2])" if branch.endswith("Imm") else \
                READ["i32"].format(s="Int(truncatingIfNeeded: pc[2])")
        lines.append("    case .%s:" % add_branch_name(first, branch))
        lines.append("        let v = Numerics.i32_add(%s, %s)" % (READ["i32"].format(s="pc.low32(1)"), b_add))
        lines.append("        if %s {" % cond.format(b=b))
        lines.append("            let offset = Int(Int64(bitPattern: pc[%d]))" % target)
        lines.append("            if offset <= 0 {")
        lines.append("                if st.mustCheck { try checkPoint() }")
        lines.append("            }")
        # The destination is read after the fuel check (not kept in a register across it).
        lines.append("            fp[pc.high32(0)] = UInt64(v)")
        lines.append("            pc += offset")
        lines.append("        } else {")
        lines.append("            fp[pc.high32(0)] = UInt64(v)")
        lines.append("            pc += %d" % (target + 1))
        lines.append("        }")
    return lines


# `br_if` or `if` testing bits of a value: an `i32.and` of a constant whose result only the
# branch reads, fused into it (the translator's `popCondition`; also through an `i32.eqz`):
# "brIfI32AndImm" jumps when a & imm != 0, "brIfNotI32AndImm" when it is 0.
# Layout as the fused compares: w0 = op | a, w1 = imm, w2 = relative target.
TEST_BRANCHES = [("brIfI32AndImm", "!="), ("brIfNotI32AndImm", "==")]


def gen_test_branch_cases():
    lines = []
    for name, cmp in TEST_BRANCHES:
        lines.append("    case .%s:" % name)
        lines += conditional_branch("%s & UInt32(truncatingIfNeeded: pc[1]) %s 0" % (READ["i32"].format(s=HI.format(w="w0")), cmp))
    return lines


# An `i32.store` of the value an `i32.add` of a constant just computed (`p->n = x + 1`,
# `*p = --n`), the add fused into the store (the translator's `fuseComputedStore`): the sum
# still goes to the add's destination, and to memory. Layout: the store's words with the add's
# destination in w0 (w1 = address slot, w2 = offset + 4, w3 = memory state), then w4 = a | imm,
# the add's operand word. The access is checked before anything is written.
# When the add's operand is the value a plain `i32.load` of the same address (the same slot, the
# same offset, memory 0) loaded right before it, read by nothing else (`*p += c`, keeping the
# sum: `n = --p->refcount`), the load goes too: "i32AddImmInMemory" loads, adds and stores in one
# access. Layout: the same words, w4 = the constant (low half).
COMPUTED_STORES = ["i32AddImmThenStore", "i32AddImmInMemory"]


def gen_computed_store_cases():
    lines = ["    case .i32AddImmThenStore:"] + effective_address(4)
    lines.append("        let r = Numerics.i32_add(%s, UInt32(truncatingIfNeeded: pc.high32(4)))" % READ["i32"].format(s="pc.low32(4)"))
    lines.append("        " + WRITE["i32"].format(d=HI.format(w="w0")))
    lines.append("        at.storeBytes(of: r, as: UInt32.self)")
    lines.append("        pc += 5")
    lines += ["    case .i32AddImmInMemory:"] + effective_address(4)
    lines.append("        let r = Numerics.i32_add(at.loadUnaligned(as: UInt32.self), UInt32(truncatingIfNeeded: pc.low32(4)))")
    lines.append("        " + WRITE["i32"].format(d=HI.format(w="w0")))
    lines.append("        at.storeBytes(of: r, as: UInt32.self)")
    lines.append("        pc += 5")
    return lines


# A `br_if` on the value a plain load of memory 0 just loaded (`if (p->next)`, `if (!p->flag)`),
# also kept by `local.tee` (the translator's `emitBranchHead`): the load becomes the branch. The
# value is still written to the load's destination, after the fuel check of a backward branch
# (a hand-back to the switch then runs the whole instruction again, and the destination may be
# the address's own slot: `p = p->next`). Layout: the load's words (w0 = op | dst, w1 =
# address slot, w2 = offset + size, w3 = memory state), then w4 = relative target.
LOAD_BRANCH_LOADS = ["i32.load", "i32.load8_u"]
LOAD_BRANCH_TESTS = [("NonZero", "!="), ("Zero", "==")]


def load_branch_name(load, test):
    return swift_name(load) + "ThenBrIf" + test


def load_branches():
    return [(l, t) for l in LOAD_BRANCH_LOADS for t in LOAD_BRANCH_TESTS]


def gen_load_branch_cases():
    lines = []
    for load, (test, cmp) in load_branches():
        size, ty, _ = LOADS[load]
        lines.append("    case .%s:" % load_branch_name(load, test))
        lines += effective_address(size)
        lines.append("        let v = UInt32(at.loadUnaligned(as: %s.self))" % ty)
        lines += conditional_branch("v %s 0" % cmp, target=4, write="fp[%s] = UInt64(v)" % HI.format(w="w0"))
    return lines


def fused_name(text, imm=False):
    n = swift_name(text)
    return "brIf" + n[0].upper() + n[1:] + ("Imm" if imm else "")


def fused_ops():
    out = []
    for t in ("i32", "i64"):
        for c, _ in COMPARES:
            out.append((t + "." + c, False))
            out.append((t + "." + c, True))
    return out


READ = {
    "i32": "UInt32(truncatingIfNeeded: fp[{s}])",
    "i64": "fp[{s}]",
    "f32": "Float(bits: UInt32(truncatingIfNeeded: fp[{s}]))",
    "f64": "Double(bits: fp[{s}])",
    "v128": "fp.v128({s})",
}
WRITE = {
    "i32": "fp[{d}] = UInt64(r)",
    "i64": "fp[{d}] = r",
    "f32": "fp[{d}] = UInt64(r.bits)",
    "f64": "fp[{d}] = r.bits",
    "v128": "fp.setV128({d}, r)",
}
THROWS = re.compile(r"^i(32|64)\.(div|rem)_|^i(32|64)\.trunc_f")
LO = "Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: {w}))"
HI = "Int(truncatingIfNeeded: {w} >> 32)"

# Memory accesses: name -> (bytes, loaded Swift type, expression of `v` giving the slot value(s)).
LOADS = {
    "i32.load": (4, "UInt32", "UInt64(v)"),
    "i64.load": (8, "UInt64", "v"),
    "f32.load": (4, "UInt32", "UInt64(v)"),
    "f64.load": (8, "UInt64", "v"),
    "i32.load8_s": (1, "Int8", "UInt64(UInt32(bitPattern: Int32(v)))"),
    "i32.load8_u": (1, "UInt8", "UInt64(v)"),
    "i32.load16_s": (2, "Int16", "UInt64(UInt32(bitPattern: Int32(v)))"),
    "i32.load16_u": (2, "UInt16", "UInt64(v)"),
    "i64.load8_s": (1, "Int8", "UInt64(bitPattern: Int64(v))"),
    "i64.load8_u": (1, "UInt8", "UInt64(v)"),
    "i64.load16_s": (2, "Int16", "UInt64(bitPattern: Int64(v))"),
    "i64.load16_u": (2, "UInt16", "UInt64(v)"),
    "i64.load32_s": (4, "Int32", "UInt64(bitPattern: Int64(v))"),
    "i64.load32_u": (4, "UInt32", "UInt64(v)"),
}
V128_LOADS = {
    "v128.load8x8_s": (8, "Numerics.i16x8_extend_low_i8x16_s(V128(lo: v, hi: 0))"),
    "v128.load8x8_u": (8, "Numerics.i16x8_extend_low_i8x16_u(V128(lo: v, hi: 0))"),
    "v128.load16x4_s": (8, "Numerics.i32x4_extend_low_i16x8_s(V128(lo: v, hi: 0))"),
    "v128.load16x4_u": (8, "Numerics.i32x4_extend_low_i16x8_u(V128(lo: v, hi: 0))"),
    "v128.load32x2_s": (8, "Numerics.i64x2_extend_low_i32x4_s(V128(lo: v, hi: 0))"),
    "v128.load32x2_u": (8, "Numerics.i64x2_extend_low_i32x4_u(V128(lo: v, hi: 0))"),
    "v128.load8_splat": (1, "Numerics.i8x16_splat(UInt32(truncatingIfNeeded: v))"),
    "v128.load16_splat": (2, "Numerics.i16x8_splat(UInt32(truncatingIfNeeded: v))"),
    "v128.load32_splat": (4, "Numerics.i32x4_splat(UInt32(truncatingIfNeeded: v))"),
    "v128.load64_splat": (8, "Numerics.i64x2_splat(v)"),
    "v128.load32_zero": (4, "V128(lo: v, hi: 0)"),
    "v128.load64_zero": (8, "V128(lo: v, hi: 0)"),
}
STORES = {
    "i32.store": (4, "UInt32(truncatingIfNeeded: x)"),
    "i64.store": (8, "x"),
    "f32.store": (4, "UInt32(truncatingIfNeeded: x)"),
    "f64.store": (8, "x"),
    "i32.store8": (1, "UInt8(truncatingIfNeeded: x)"),
    "i32.store16": (2, "UInt16(truncatingIfNeeded: x)"),
    "i64.store8": (1, "UInt8(truncatingIfNeeded: x)"),
    "i64.store16": (2, "UInt16(truncatingIfNeeded: x)"),
    "i64.store32": (4, "UInt32(truncatingIfNeeded: x)"),
}
LANE_LOADS = {  # name -> (bytes, replace function, conversion of v)
    "v128.load8_lane": (1, "i8x16_replace_lane", "UInt32(truncatingIfNeeded: v)"),
    "v128.load16_lane": (2, "i16x8_replace_lane", "UInt32(truncatingIfNeeded: v)"),
    "v128.load32_lane": (4, "i32x4_replace_lane", "UInt32(truncatingIfNeeded: v)"),
    "v128.load64_lane": (8, "i64x2_replace_lane", "v"),
}
LANE_STORES = {  # name -> (bytes, Swift type stored, extract expression)
    "v128.store8_lane": (1, "UInt8", "UInt8(truncatingIfNeeded: Numerics.i8x16_extract_lane_u(vec, lane))"),
    "v128.store16_lane": (2, "UInt16", "UInt16(truncatingIfNeeded: Numerics.i16x8_extract_lane_u(vec, lane))"),
    "v128.store32_lane": (4, "UInt32", "Numerics.i32x4_extract_lane(vec, lane)"),
    "v128.store64_lane": (8, "UInt64", "Numerics.i64x2_extract_lane(vec, lane)"),
}
UNSIGNED = {1: "UInt8", 2: "UInt16", 4: "UInt32", 8: "UInt64"}


def func_name(text):
    return text.replace(".", "_")


def simple_ops():
    """Instructions handled by generated code, with their signature parts."""
    out = []
    for name, prefix, code, imm, sig in INSTRUCTIONS:
        if sig == "special" or imm not in ("none", "lane", "shuffle"):
            continue
        lhs, rhs = sig.split("->")
        out.append((name, imm, lhs.split(), rhs.split()))
    return out


def memory_ops():
    return [n for n in LOADS] + ["v128.load"] + list(V128_LOADS) + list(STORES) + ["v128.store"] + \
        list(LANE_LOADS) + list(LANE_STORES)


# Address computations a scalar load or store can absorb (the `i32` instruction that computed
# its address, when nothing else reads that result): the suffix of the fused form, and how the
# run loop forms the address from w1 = a | b.
ADDRESS_FORMS = {
    "Plus": "UInt64(%s &+ %s)" % (READ["i32"].format(s=LO.format(w="w1")), READ["i32"].format(s=HI.format(w="w1"))),
    "PlusImm": "UInt64(%s &+ UInt32(truncatingIfNeeded: w1 >> 32))" % READ["i32"].format(s=LO.format(w="w1")),
    "ShlImm": "UInt64(%s &<< (UInt32(truncatingIfNeeded: w1 >> 32) & 31))" % READ["i32"].format(s=LO.format(w="w1")),
}


def plus_ops():
    """(base threaded op, text name of the access, address form) for every fused form."""
    out = []
    for form in ADDRESS_FORMS:
        for name in list(LOADS) + list(STORES):
            out.append((swift_name(name), name, form))
        for name in STORES:
            out.append((imm_name(name), name, form))
        out += [("v128Load", "v128.load", form), ("v128Store", "v128.store", form)]
    return out


def plus_op_name(base, form):
    return base + form


def tee_load_name(name):
    """A scalar load that also writes the address it computed (`PlusImm`) to a slot."""
    return swift_name(name) + "PlusImmTee"


def tee_loads():
    """The loads with a `tee_load_name` form: all scalar loads but those that fuse with the
    arithmetic reading their value (LOAD_PAIR_LOADS), which would lose that fusion."""
    return [n for n in LOADS if n not in LOAD_PAIR_LOADS]


def effective_address(size, plus=None, named=False):
    # A fused address computation wraps at 32 bits, as the `i32` instruction would have.
    address = "fp[%s]" % LO.format(w="w1") if plus is None else ADDRESS_FORMS[plus]
    lines = ["        let w1 = pc[1]", "        " + MEMORY_STATE]
    if named:
        # The case uses the address itself too (`let address`).
        lines.append("        let address = " + address)
        address = "address"
    # w2 is the offset plus the access size (saturated; the translator's `accessEnd`), so one
    # overflow test and one compare bound the whole access.
    return lines + [
        "        let (end, overflow) = %s.addingReportingOverflow(pc[2])" % address,
        "        guard !overflow, end <= mem.pointee.byteCount else {",
        "            throw TrapCode.outOfBoundsMemoryAccess",
        "        }",
        "        let at = mem.pointee.base.advanced(by: Int(truncatingIfNeeded: end) &- %d)" % size,
    ]


def v128_access_case(access, form):
    """The case of `v128.load` (access "Load") or `v128.store` ("Store"), plain (form None) or
    with the address computation of ADDRESS_FORMS[form] fused."""
    move = {"Load": "fp.setV128(%s, from: at)", "Store": "fp.copyV128(%s, to: at)"}[access]
    lines = ["    case .v128%s%s:" % (access, form or "")]
    lines += effective_address(16, form)
    lines.append("        " + move % HI.format(w="w0"))
    lines.append("        pc += 4")
    return lines


def imm_case(name, case, left):
    """The case of an arithmetic instruction with one constant operand: the right one
    (IMM_OPS), or the left one when `left` (IMM_LEFT_OPS)."""
    t = name[:3]
    lines = ["    case .%s:" % case]
    if t == "f32":
        lines.append("        let w1 = pc[1]")
        a, c = READ["f32"].format(s=LO.format(w="w1")), "Float(bits: UInt32(truncatingIfNeeded: w1 >> 32))"
        tail = ["        fp[%s] = UInt64(r.bits)" % HI.format(w="w0"), "        pc += 2"]
    elif t == "f64":
        a, c = "Double(bits: fp[Int(truncatingIfNeeded: pc[1])])", "Double(bits: pc[2])"
        tail = ["        fp[%s] = r.bits" % HI.format(w="w0"), "        pc += 3"]
    elif t == "i32":
        lines.append("        let w1 = pc[1]")
        a, c = READ["i32"].format(s=LO.format(w="w1")), "UInt32(truncatingIfNeeded: w1 >> 32)"
        tail = ["        fp[%s] = UInt64(r)" % HI.format(w="w0"), "        pc += 2"]
    else:
        a, c = "fp[Int(truncatingIfNeeded: pc[1])]", "pc[2]"
        result = "UInt64(r)" if name.split(".")[1] in [c_ for c_, _ in COMPARES] else "r"
        tail = ["        fp[%s] = %s" % (HI.format(w="w0"), result), "        pc += 3"]
    args = (c, a) if left else (a, c)
    lines.append("        let r = Numerics.%s(%s, %s)" % (func_name(name), args[0], args[1]))
    return lines + tail


def gen_extra_cases():
    lines = []
    for name in IMM_OPS:
        lines += imm_case(name, imm_name(name), left=False)
    for name, imm in fused_ops():
        t = name[:3]
        a = READ[t].format(s=HI.format(w="w0"))
        if imm:
            b = "UInt32(truncatingIfNeeded: pc[1])" if t == "i32" else "pc[1]"
        else:
            b = READ[t].format(s="Int(truncatingIfNeeded: pc[1])")
        lines.append("    case .%s:" % fused_name(name, imm))
        lines += conditional_branch("Numerics.%s(%s, %s) != 0" % (func_name(name), a, b))
    return lines


def conditional_branch(condition, target=2, write=None):
    """The lines of a conditional branch whose relative target is word `target` (w0 = op | a,
    w1 = b, w2 = target for the compares): a backward branch taken is a check point (fuel,
    deadlines, interrupts). `write`, a statement run on both ways out, comes after the check
    point, so that a hand-back to the switch leaves nothing changed."""
    also = ["            " + write] if write else []
    return (["        if %s {" % condition,
             "            let offset = Int(Int64(bitPattern: pc[%d]))" % target,
             "            if offset <= 0 {",
             "                if st.mustCheck { try checkPoint() }",
             "            }"] + also +
            ["            pc += offset",
             "        } else {"] + also +
            ["            pc += %d" % (target + 1),
             "        }"])


def gen_side_cases():
    """Cases run by `Execution.executeSide` instead of the main switch: in unoptimised builds
    every case's temporaries take their own stack space in `execute`, whose frame nested
    executions (host calls re-entering the store) stack up, so forms added later live in a
    function of their own. Optimised builds run them in their handlers."""
    lines = []
    for name in IMM_LEFT_OPS:
        lines += imm_case(name, imm_left_name(name), left=True)
    return lines + gen_add_branch_cases() + gen_store_back_cases() + gen_wide_cases() + gen_gc_cases() + \
        gen_test_branch_cases() + gen_computed_store_cases() + gen_load_branch_cases()


SIDE_FUNCTION = """
extension Execution {
    /// Runs one instruction of the forms kept out of `execute` (`gen_side_cases` in
    /// gen_interpreter.py) and returns the next position.
    func executeSide(
        _ instruction: ThreadedOp, _ pc: UnsafeMutablePointer<UInt64>, _ fp: UnsafeMutablePointer<UInt64>, _ w0: UInt64
    ) throws(TrapCode) -> UnsafeMutablePointer<UInt64> {
        var pc = pc
        let st = loopState
        switch instruction {
@@SIDE_CASES@@
            // @@END_SIDE_CASES@@
            default:
                throw TrapCode.hostTrap("instruction \\(instruction) is not run by executeSide")
            }
        return pc
    }
}
"""


def side_case_names():
    return [re.match(r"    case \.(\w+):$", l).group(1) for l in gen_side_cases() if l.startswith("    case .")]


def gen_cases():
    names = side_case_names()
    lines = []
    for k in range(0, len(names), 4):
        last = k + 4 >= len(names)
        lines.append(("    case " if k == 0 else "         ") + ", ".join("." + n for n in names[k:k + 4]) + (":" if last else ","))
    lines.append("        pc = try executeSide(instruction, pc, fp, w0)")
    lines += gen_extra_cases() + gen_pair_cases()
    for name, imm, params, results in simple_ops():
        case = swift_name(name)
        lines.append("    case .%s:" % case)
        w = 2
        if imm == "shuffle":
            lines.append("        let w1 = pc[1]")
            args = [READ["v128"].format(s=LO.format(w="w1")), READ["v128"].format(s=HI.format(w="w1")),
                    "V128(lo: pc[2], hi: pc[3])"]
            w = 4
        elif imm == "lane" and len(params) == 1:
            lines.append("        let w1 = pc[1]")
            args = [READ[params[0]].format(s=LO.format(w="w1")), HI.format(w="w1")]
        elif imm == "lane":
            lines.append("        let w1 = pc[1]")
            args = [READ[params[0]].format(s=LO.format(w="w1")), "Int(truncatingIfNeeded: pc[2])",
                    READ[params[1]].format(s=HI.format(w="w1"))]
            w = 3
        elif len(params) == 1:
            args = [READ[params[0]].format(s=LO.format(w="pc[1]"))]
        elif len(params) == 2:
            lines.append("        let w1 = pc[1]")
            args = [READ[params[0]].format(s=LO.format(w="w1")), READ[params[1]].format(s=HI.format(w="w1"))]
        else:
            lines.append("        let w1 = pc[1]")
            args = [READ[params[0]].format(s=LO.format(w="w1")), READ[params[1]].format(s=HI.format(w="w1")),
                    READ[params[2]].format(s=LO.format(w="pc[2]"))]
            w = 3
        call = "Numerics.%s(%s)" % (func_name(name), ", ".join(args))
        if THROWS.search(name):
            call = "try " + call
        lines.append("        let r = " + call)
        lines.append("        let d = " + HI.format(w="w0"))
        lines.append("        " + WRITE[results[0]].format(d="d"))
        lines.append("        pc += %d" % w)
    # Memory: w0 = op | dst-or-value << 32; w1 = address slot | memory index << 32; w2 = offset;
    # w3 = the MemoryState pointer (stable for the store's life);
    # lane forms: w4 = vector slot | lane << 32 (loads) or lane (stores).
    for name, (size, ty, expr) in LOADS.items():
        lines.append("    case .%s:" % swift_name(name))
        lines += effective_address(size)
        lines.append("        let v = at.loadUnaligned(as: %s.self)" % ty)
        lines.append("        fp[%s] = %s" % (HI.format(w="w0"), expr))
        lines.append("        pc += 4")
    lines += v128_access_case("Load", None)
    for name, (size, expr) in V128_LOADS.items():
        lines.append("    case .%s:" % swift_name(name))
        lines += effective_address(size)
        lines.append("        let v = UInt64(at.loadUnaligned(as: %s.self))" % UNSIGNED[size])
        lines.append("        let r = " + expr)
        lines.append("        let d = " + HI.format(w="w0"))
        lines.append("        fp.setV128(d, r)")
        lines.append("        pc += 4")
    for name, (size, expr) in STORES.items():
        lines.append("    case .%s:" % swift_name(name))
        lines += effective_address(size)
        lines.append("        let x = fp[%s]" % HI.format(w="w0"))
        lines.append("        at.storeBytes(of: %s, as: %s.self)" % (expr, UNSIGNED[size]))
        lines.append("        pc += 4")
    # Stores of a constant: w0 = op, w1 = address | memory, w2 = offset, w3 = memory, w4 = the value.
    for name, (size, expr) in STORES.items():
        lines.append("    case .%sImm:" % swift_name(name))
        lines += effective_address(size)
        lines.append("        let x = pc[4]")
        lines.append("        at.storeBytes(of: %s, as: %s.self)" % (expr, UNSIGNED[size]))
        lines.append("        pc += 5")
    # The same accesses fused with the instruction that computed the address (ADDRESS_FORMS).
    for form in ADDRESS_FORMS:
        for name, (size, ty, expr) in LOADS.items():
            lines.append("    case .%s:" % plus_op_name(swift_name(name), form))
            lines += effective_address(size, form)
            lines.append("        let v = at.loadUnaligned(as: %s.self)" % ty)
            lines.append("        fp[%s] = %s" % (HI.format(w="w0"), expr))
            lines.append("        pc += 4")
        for name, (size, expr) in STORES.items():
            lines.append("    case .%s:" % plus_op_name(swift_name(name), form))
            lines += effective_address(size, form)
            lines.append("        let x = fp[%s]" % HI.format(w="w0"))
            lines.append("        at.storeBytes(of: %s, as: %s.self)" % (expr, UNSIGNED[size]))
            lines.append("        pc += 4")
            lines.append("    case .%s:" % plus_op_name(imm_name(name), form))
            lines += effective_address(size, form)
            lines.append("        let x = pc[4]")
            lines.append("        at.storeBytes(of: %s, as: %s.self)" % (expr, UNSIGNED[size]))
            lines.append("        pc += 5")
        lines += v128_access_case("Load", form) + v128_access_case("Store", form)
    lines += v128_access_case("Store", None)
    # A load from a local that an `i32.add` of a constant just wrote (`p += k; *p`: the add's
    # result retargeted to the local by `local.tee` or `local.set`, read back by the load): the
    # add's words, w3 = the MemoryState pointer, w4 = the local's slot, which gets the sum once
    # the access is known to be in bounds.
    for name in tee_loads():
        size, ty, expr = LOADS[name]
        lines.append("    case .%s:" % tee_load_name(name))
        lines += effective_address(size, "PlusImm", named=True)
        lines.append("        fp[Int(truncatingIfNeeded: pc[4])] = address")
        lines.append("        let v = at.loadUnaligned(as: %s.self)" % ty)
        lines.append("        fp[%s] = %s" % (HI.format(w="w0"), expr))
        lines.append("        pc += 5")
    for name, (size, fn, conv) in LANE_LOADS.items():
        lines.append("    case .%s:" % swift_name(name))
        lines += effective_address(size)
        lines.append("        let v = UInt64(at.loadUnaligned(as: %s.self))" % UNSIGNED[size])
        lines.append("        let w3 = pc[4]")
        lines.append("        let vec = " + READ["v128"].format(s=LO.format(w="w3")))
        lines.append("        let r = Numerics.%s(vec, %s, %s)" % (fn, HI.format(w="w3"), conv))
        lines.append("        let d = " + HI.format(w="w0"))
        lines.append("        fp.setV128(d, r)")
        lines.append("        pc += 5")
    for name, (size, ty, expr) in LANE_STORES.items():
        lines.append("    case .%s:" % swift_name(name))
        lines += effective_address(size)
        lines.append("        let s = " + HI.format(w="w0"))
        lines.append("        let vec = " + READ["v128"].format(s="s"))
        lines.append("        let lane = Int(truncatingIfNeeded: pc[4])")
        lines.append("        at.storeBytes(of: %s, as: %s.self)" % (expr, ty))
        lines.append("        pc += 5")
    return lines


def opcode_table(out, name, form):
    """A `[ThreadedOp?]` indexed by opcode: `form(instruction name)` or nil for each."""
    out.append("    static let %s: [ThreadedOp?] = [" % name)
    for text, *_ in INSTRUCTIONS:
        f = form(text)
        out.append("        %s, // %s" % ("." + f if f else "nil", text))
    out.append("    ]\n")


def gen_enum():
    names = [swift_name(n) for n, *_ in simple_ops()] + [swift_name(n) for n in memory_ops()] + INTERNAL + \
        [imm_name(n) for n in IMM_OPS] + [fused_name(n, i) for n, i in fused_ops()] + \
        [imm_name(n) for n in STORES] + [plus_op_name(b, form) for b, _, form in plus_ops()] + \
        [tee_load_name(n) for n in tee_loads()] + \
        [pair_name(f, sec) for f, sec in pairs()] + \
        [load_pair_name(l, f, sec) for l, f, sec in load_pairs()] + \
        [store_pair_name(l, f, sec) for l, f, sec in store_pairs()] + \
        [memory_product_name(f, sec) for f, sec in memory_product_pairs()] + \
        [imm_left_name(n) for n in IMM_LEFT_OPS] + [add_branch_name(f, b[0]) for f, b in add_branches()] + \
        [swift_name(n) for n in WIDE_OPS] + ARRAY_OPS + REF_OPS + [n for n, *_ in CAST_OPS] + STRUCT_OPS + [n for n, _ in NEW_OPS] + \
        [n for n, *_ in ARRAY_NEW_OPS] + [n for n, _ in TEST_BRANCHES] + COMPUTED_STORES + \
        [load_branch_name(l, t[0]) for l, t in load_branches()]
    out = [HEADER, "/// The instructions of the threaded code the translator emits and the run loop executes.",
           "///", "/// Numeric, vector and memory instructions keep their WebAssembly names; the others are",
           "/// the interpreter's own (see templates/RunLoop.swift for their layouts).",
           "enum ThreadedOp: UInt16, CaseIterable {"]
    for i, n in enumerate(names):
        out.append("    case %s = %d" % (n, i))
    out.append("}\n")
    out.append("extension ThreadedOp {")
    out.append("    /// The threaded instruction that implements a numeric, vector or memory instruction")
    out.append("    /// one to one, or nil when the translator handles the instruction itself.")
    direct = set(n for n, *_ in simple_ops()) | set(memory_ops())
    opcode_table(out, "direct", lambda n: swift_name(n) if n in direct else None)
    out.append("    /// The immediate-operand form of an instruction (integer and float arithmetic with a")
    out.append("    /// constant second operand, stores of a constant value), by opcode.")
    opcode_table(out, "immediateForm", lambda n: imm_name(n) if n in IMM_OPS or n in STORES else None)
    out.append("    /// The form of a non-commutative instruction whose left operand is a constant, by opcode")
    out.append("    /// (the immediate layout of `immediateForm`, computing op(immediate, a)).")
    opcode_table(out, "immediateLeftForm", lambda n: imm_left_name(n) if n in IMM_LEFT_OPS else None)
    out.append("    /// The form of a conditional branch that also computes the `i32.add` (`add`: two slots or")
    out.append("    /// an immediate) whose result it tests, or nil.")
    out.append("    static func addBranchForm(_ add: ThreadedOp, _ branch: ThreadedOp) -> ThreadedOp? {")
    out.append("        switch (add, branch) {")
    for first, (branch, _, _) in add_branches():
        out.append("        case (.%s, .%s): return .%s" % (swift_name(first[0]) + ("Imm" if first[1] else ""), branch,
                                                           add_branch_name(first, branch)))
    out.append("        default: return nil")
    out.append("        }")
    out.append("    }\n")
    for label, imm in (("fusedBranch", False), ("fusedImmediateBranch", True)):
        out.append("    /// The compare-and-branch instruction for a compare, and the one for its negation.")
        out.append("    static func %s(_ compare: Opcode) -> (ThreadedOp, ThreadedOp)? {" % label)
        out.append("        switch compare {")
        for t in ("i32", "i64"):
            for c, neg in COMPARES:
                out.append("        case .%s: return (.%s, .%s)" % (
                    swift_name(t + "." + c), fused_name(t + "." + c, imm), fused_name(t + "." + neg, imm)))
        out.append("        default: return nil")
        out.append("        }")
        out.append("    }\n")
    out.append("    /// The number of bytes a memory instruction reads or writes.")
    out.append("    static func accessSize(_ access: ThreadedOp) -> UInt64 {")
    out.append("        switch access {")
    sizes = {}
    for name, (size, *_r) in LOADS.items():
        sizes[name] = size
    for name, (size, *_r) in STORES.items():
        sizes[name] = size
    for name, (size, *_r) in V128_LOADS.items():
        sizes[name] = size
    for name, (size, *_r) in LANE_LOADS.items():
        sizes[name] = size
    for name, (size, *_r) in LANE_STORES.items():
        sizes[name] = size
    sizes["v128.load"] = 16
    sizes["v128.store"] = 16
    assert set(sizes) == set(memory_ops())
    by_size = {}
    for name, size in sizes.items():
        by_size.setdefault(size, []).append("." + swift_name(name))
    for name in STORES:
        by_size[STORES[name][0]].append("." + imm_name(name))
    for b, name, form in plus_ops():
        by_size[sizes[name]].append("." + plus_op_name(b, form))
    for name in tee_loads():
        by_size[sizes[name]].append("." + tee_load_name(name))
    for size in sorted(by_size):
        ops = by_size[size]
        for k in range(0, len(ops), 6):
            prefix = "        case " if k == 0 else "             "
            suffix = ":" if k + 6 >= len(ops) else ","
            out.append(prefix + ", ".join(ops[k:k + 6]) + suffix)
        out.append("            return %d" % size)
    out.append("        default: return 0")
    out.append("        }")
    out.append("    }\n")
    # Arithmetic pairs and loads feeding arithmetic, in one table: each fused form's words are
    # the first instruction's words after its first, then c (the translator's `fuseResult`).
    out.append("    /// The instruction computing second(first(...), c) in one step, or nil. `first` is the")
    out.append("    /// instruction that produced a value: a two-slot or immediate arithmetic form, or an")
    out.append("    /// `f64.load` form; `second` reads that value as its left operand, or its right one when")
    out.append("    /// `resultOnRight`, and c as the other (a slot, or its immediate). The fused form's words")
    out.append("    /// after its first are first's, then c.")
    out.append("    static func fusedForm(_ first: ThreadedOp, _ second: ThreadedOp, resultOnRight: Bool) -> ThreadedOp? {")
    out.append("        switch (first, second, resultOnRight) {")
    cases = []
    for first, second in pairs():
        (fname, fimm), (sname, form) = first, second
        fop = swift_name(fname) + ("Imm" if fimm else "")
        sop = swift_name(sname) + ("Imm" if form == "I" else "")
        cases.append((fop, sop, form, sname, pair_name(first, second)))
    for load, form, second in load_pairs():
        sname, pos = second
        cases.append((swift_name(load) + (form or ""), swift_name(sname), pos, sname, load_pair_name(load, form, second)))
    for fop, sop, pos, sname, fused in cases:
        out.append("        case (.%s, .%s, %s): return .%s" % (fop, sop, "true" if pos == "R" else "false", fused))
        if pos == "L" and sname in COMMUTATIVE:
            out.append("        case (.%s, .%s, true): return .%s" % (fop, sop, fused))
    out.append("        default: return nil")
    out.append("        }")
    out.append("    }\n")
    out.append("    /// The form of a fused load-and-arithmetic instruction that also stores its result back")
    out.append("    /// to the address it loaded from (`*p += c`), or nil.")
    out.append("    static func storeBackForm(_ loadPair: ThreadedOp) -> ThreadedOp? {")
    out.append("        switch loadPair {")
    for load, form, second in store_pairs():
        out.append("        case .%s: return .%s" % (load_pair_name(load, form, second), store_pair_name(load, form, second)))
    out.append("        default: return nil")
    out.append("        }")
    out.append("    }\n")
    out.append("    /// The form of an `f64.mul` pair (`second(a * b, c)`) whose c is a value loaded from memory")
    out.append("    /// and whose result is stored back there (`*p += a * b`), or nil.")
    out.append("    static func memoryProductForm(_ pair: ThreadedOp) -> ThreadedOp? {")
    out.append("        switch pair {")
    for first, second in memory_product_pairs():
        out.append("        case .%s: return .%s" % (pair_name(first, second), memory_product_name(first, second)))
    out.append("        default: return nil")
    out.append("        }")
    out.append("    }\n")
    out.append("    /// The form of a scalar load or store (or constant store) that computes its address")
    out.append("    /// itself from w1 = a | b, as the fused instruction (`AddressForm`) would have.")
    out.append("    static func addressForm(_ access: ThreadedOp, _ form: AddressForm) -> ThreadedOp? {")
    out.append("        switch (access, form) {")
    for b, _, form in plus_ops():
        out.append("        case (.%s, .%s): return .%s" % (b, form[0].lower() + form[1:], plus_op_name(b, form)))
    out.append("        default: return nil")
    out.append("        }")
    out.append("    }\n")
    out.append("    /// The form of a plain load that also takes the conditional branch (`brIfNonZero` or")
    out.append("    /// `brIfZero`) testing the value it loaded, or nil.")
    out.append("    static func loadBranchForm(_ load: ThreadedOp, _ branch: ThreadedOp) -> ThreadedOp? {")
    out.append("        switch (load, branch) {")
    for load, (test, _) in load_branches():
        out.append("        case (.%s, .brIf%s): return .%s" % (swift_name(load), test, load_branch_name(load, test)))
    out.append("        default: return nil")
    out.append("        }")
    out.append("    }\n")
    out.append("    /// The form of a scalar load that reads its address from a local an `i32.add` of a")
    out.append("    /// constant just wrote, and writes that local itself (w4).")
    out.append("    static func teeAddressForm(_ access: ThreadedOp) -> ThreadedOp? {")
    out.append("        switch access {")
    for name in tee_loads():
        out.append("        case .%s: return .%s" % (swift_name(name), tee_load_name(name)))
    out.append("        default: return nil")
    out.append("        }")
    out.append("    }")
    out.append("}\n")
    out.append("import WasmBinary\n")
    out.append("/// How many operands an instruction pops and how many slots its result takes.")
    out.append("struct OperandShape {")
    out.append("    var params: Int")
    out.append("    var resultSize: Int")
    out.append("}\n")
    out.append("extension Opcode {")
    out.append("    /// The operand shape of an instruction with a fixed signature, else nil.")
    out.append("    var operandShape: OperandShape? { Opcode.operandShapes[Int(rawValue)] }\n")
    out.append("    static let operandShapes: [OperandShape?] = [")
    for name, prefix, code, imm, sig in INSTRUCTIONS:
        if sig == "special":
            out.append("        nil, // %s" % name)
            continue
        lhs, rhs = sig.split("->")
        res = rhs.split()
        size = 0 if not res else (2 if res[0] == "v128" else 1)
        out.append("        OperandShape(params: %d, resultSize: %d), // %s" % (len(lhs.split()), size, name))
    out.append("    ]")
    out.append("}")
    write("Sources/WasmInterpreter/Generated/ThreadedOp.swift", "\n".join(out) + "\n")


def split_word_reads(loop):
    """Reads the two 32-bit halves of w1 as separate 32-bit loads (`low32`/`high32`, one
    instruction each) instead of one 64-bit load and a shift, and drops `let w1 = pc[1]` from
    the cases that no longer need it."""
    loop = loop.replace("Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: w1))", "pc.low32(1)")
    loop = loop.replace("UInt32(truncatingIfNeeded: w1 >> 32)", "UInt32(truncatingIfNeeded: pc.high32(1))")
    loop = loop.replace("Int(truncatingIfNeeded: w1 >> 32)", "pc.high32(1)")
    lines = loop.split("\n")
    out = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.strip() == "let w1 = pc[1]":
            j = i + 1
            while j < len(lines) and not CASE_END.match(lines[j]) and "@@" not in lines[j]:
                j += 1
            if not any(re.search(r"\bw1\b", l) for l in lines[i + 1:j]):
                i += 1
                continue
        out.append(line)
        i += 1
    return "\n".join(out)


def gen_run_loop():
    with open(os.path.join(ROOT, "Utilities/templates/RunLoop.swift")) as f:
        template = f.read()
    marker = "        // @@GENERATED_CASES@@\n"
    assert marker in template
    body = "\n".join("        " + l if l else l for l in gen_cases()) + "\n"
    text = HEADER.replace("instructions.py", "instructions.py, gen_interpreter.py and templates/RunLoop.swift")
    side = "\n".join("        " + l if l else l for l in gen_side_cases())
    loop = split_word_reads(template.replace(marker, body) + SIDE_FUNCTION.replace("@@SIDE_CASES@@", side))
    write("Sources/WasmInterpreter/Generated/RunLoop.swift", text + loop)
    gen_handlers(loop)


# Threaded handlers (Generated/ThreadedHandlers.swift) are made from the run loop's own cases,
# so each instruction's semantics are written once. A case becomes a handler when it only
# touches pc, fp, w0 and the loop state (vector instructions included). In a handler,
# every way the case could trap hands the instruction back to the switch instead (before any
# state changed), and the switch runs it again and throws: so handlers never throw.
CASE = re.compile(r"^            case \.(\w+):$")
CASE_END = re.compile(r"^            (case |\})")
NOT_IN_HANDLERS = re.compile(
    r"(?<!\.)\bself\b|\bstore\b|\binstruction\b|\bframes?\b|\bframeCount\b|\bcontinue\b|\breturn\b|"
    r"\bstack\b|\bcallHost\b|\bexecuteBulk\b|\bexecuteGC\b|\bunwind\b|\bfp (=|\+=)|\bswitchNext\b")
CHECK_POINT = "if st.mustCheck { try checkPoint() }"
# In a handler, a load or store reaches memory 0 through the handler's `mb` argument (its base)
# and `st.pointee.memorySize` instead of the state pointer in w3 (accesses of other memories run
# in the switch, after `otherMemory`); the destination or value slot, the high half of w0, is read
# from the code (`pc.high32(0)`: the dispatch passes no first word).
MEMORY_STATE = "let mem = unsafeBitCast(pc[3], to: UnsafeMutablePointer<MemoryState>.self)"
HANDLER_REWRITES = [
    ("end <= mem.pointee.byteCount", "end <= st.pointee.memorySize"),
    ("mem.pointee.base.advanced(by:", "mb.advanced(by:"),
    (HI.format(w="w0"), "w0hi"),
]
HAND_BACK = "return handBack(pc, fp, st)"


def handler_cases(loop):
    """(name, body lines) of every single-instruction case of the run loop."""
    lines = loop.split("\n")
    out = []
    i = 0
    while i < len(lines):
        m = CASE.match(lines[i])
        if not m:
            i += 1
            continue
        j = i + 1
        while j < len(lines) and not CASE_END.match(lines[j]) and "@@" not in lines[j]:
            j += 1
        out.append((m.group(1), [l[16:] if l.startswith(" " * 16) else l.strip() for l in lines[i + 1:j]]))
        i = j
    return out


def handler_body(body):
    """The case's lines rewritten for a handler, or None when it must stay in the switch."""
    text = "\n".join(body)
    if NOT_IN_HANDLERS.search(text) or not re.search(r"\bpc (\+=|=)", text):
        return None
    out = []
    k = 0
    while k < len(body):
        line = body[k]
        stripped = line.strip()
        indent = line[:len(line) - len(line.lstrip())]
        if stripped == CHECK_POINT:
            out.append(indent + "if st.mustCheck, !st.spendFuel() { %s }" % HAND_BACK)
            k += 1
            continue
        if stripped == MEMORY_STATE:
            k += 1
            continue
        for old, new in HANDLER_REWRITES:
            line = line.replace(old, new)
        m = re.match(r"let (\w+) = try (.*)$", stripped)
        if m:
            line = indent + "guard let %s = try? %s else { %s }" % (m.group(1), m.group(2), HAND_BACK)
        line = re.sub(r"throw TrapCode\.\w+(\([^)]*\))?", HAND_BACK, line)
        assert "throw" not in line and "try " not in line.replace("try?", ""), line
        out.append(line)
        k += 1
    return out


def gen_handlers(loop):
    installed = []
    chunks = []
    current = []
    # Instructions whose handlers would be the same code (`f32.load` and `i32.load`, ...) share
    # one function: LLVM's function merging would otherwise keep one body and turn the others
    # into chains of jumps to it (each table entry needs its own address), one or two more jumps
    # for every such instruction.
    first_with_body = {}
    shared = []
    for name, body in handler_cases(loop):
        lines = handler_body(body)
        if lines is None:
            continue
        installed.append(name)
        text = "\n".join(lines)
        if text in first_with_body:
            shared.append((name, first_with_body[text]))
            continue
        first_with_body[text] = name
        assert "w0 " not in text and "unsafeBitCast(pc[3]" not in text, name
        h = ["        t[Int(ThreadedOp.%s.rawValue)] = { pc, fp, st, tbl, mb in" % name]
        if "w0hi" in text:
            h.append("            let w0hi = pc.high32(0)")
        h.append("            var pc = pc")
        h += ["            " + l for l in lines]
        h.append("            dispatchThreaded(pc, fp, st, tbl, mb)")
        h.append("        }")
        current.append("\n".join(h))
        if len(current) == 40:
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    current = ["        t[Int(ThreadedOp.%s.rawValue)] = t[Int(ThreadedOp.%s.rawValue)]" % pair for pair in shared]
    for k in range(0, len(current), 80):
        chunks.append(current[k:k + 80])
    out = [HEADER.replace("instructions.py", "the run loop's cases (gen_interpreter.py)"),
           "import WasmBinary",
           "",
           "// Threaded handlers made from the run loop's cases: %d instructions. See ThreadedDispatch.swift." % len(installed),
           "",
           "extension ThreadedHandlers {",
           "    /// Installs the handlers made from the run loop's cases.",
           "    static func installGenerated(_ t: UnsafeMutablePointer<ThreadedHandler>) {"]
    out += ["        installGenerated%d(t)" % i for i in range(len(chunks))]
    out.append("    }")
    for i, chunk in enumerate(chunks):
        out.append("")
        out.append("    private static func installGenerated%d(_ t: UnsafeMutablePointer<ThreadedHandler>) {" % i)
        out += chunk
        out.append("    }")
    out.append("}")
    write("Sources/WasmInterpreter/Generated/ThreadedHandlers.swift", "\n".join(out) + "\n")


if __name__ == "__main__":
    gen_enum()
    gen_run_loop()
