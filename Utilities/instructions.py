"""The one table of WebAssembly instructions wippy-wasm knows.

Each row: (text name, prefix, code, immediate kind, signature).
- prefix: None for single-byte opcodes, 0xFB, 0xFC, 0xFD or 0xFE for prefixed ones (code is the LEB128
  u32). The threads proposal's atomic instructions (0xFE) come last, so `Opcode.isAtomic` is a
  comparison of the dense number.
- immediate kind: how the decoder reads the immediates (see ImmediateKind in Opcode.swift).
- signature: "p1 p2 -> r" for instructions with a fixed operand type rule, or "special" for
  those the validator types by hand (control, variables, memory with address types, refs, ...).
  "A" stands for the address type of the memory operand (i32, or i64 for memory64).

gen_opcodes.py turns this table into Sources/WasmBinary/Generated/Opcode.swift and
Sources/WasmValidation/Generated/OpcodeSignatures.swift.
"""

S = "special"

def _scalar():
    rows = []
    def add(name, code, imm, sig):
        rows.append((name, None, code, imm, sig))
    add("unreachable", 0x00, "none", S)
    add("nop", 0x01, "none", S)
    add("block", 0x02, "block", S)
    add("loop", 0x03, "block", S)
    add("if", 0x04, "block", S)
    add("else", 0x05, "none", S)
    add("try", 0x06, "block", S)          # legacy exception handling
    add("catch", 0x07, "tag", S)          # legacy
    add("throw", 0x08, "tag", S)
    add("rethrow", 0x09, "label", S)      # legacy
    add("throw_ref", 0x0A, "none", S)
    add("end", 0x0B, "none", S)
    add("br", 0x0C, "label", S)
    add("br_if", 0x0D, "label", S)
    add("br_table", 0x0E, "br_table", S)
    add("return", 0x0F, "none", S)
    add("call", 0x10, "func", S)
    add("call_indirect", 0x11, "call_indirect", S)
    add("return_call", 0x12, "func", S)
    add("return_call_indirect", 0x13, "call_indirect", S)
    add("call_ref", 0x14, "type", S)
    add("return_call_ref", 0x15, "type", S)
    add("delegate", 0x18, "label", S)     # legacy
    add("catch_all", 0x19, "none", S)     # legacy
    add("drop", 0x1A, "none", S)
    add("select", 0x1B, "none", S)
    add("select_t", 0x1C, "select_t", S)
    add("try_table", 0x1F, "try_table", S)
    add("local.get", 0x20, "local", S)
    add("local.set", 0x21, "local", S)
    add("local.tee", 0x22, "local", S)
    add("global.get", 0x23, "global", S)
    add("global.set", 0x24, "global", S)
    add("table.get", 0x25, "table", S)
    add("table.set", 0x26, "table", S)
    loads = [("i32.load", "i32"), ("i64.load", "i64"), ("f32.load", "f32"), ("f64.load", "f64"),
             ("i32.load8_s", "i32"), ("i32.load8_u", "i32"), ("i32.load16_s", "i32"), ("i32.load16_u", "i32"),
             ("i64.load8_s", "i64"), ("i64.load8_u", "i64"), ("i64.load16_s", "i64"), ("i64.load16_u", "i64"),
             ("i64.load32_s", "i64"), ("i64.load32_u", "i64")]
    for i, (n, t) in enumerate(loads):
        add(n, 0x28 + i, "memarg", "A -> " + t)
    stores = [("i32.store", "i32"), ("i64.store", "i64"), ("f32.store", "f32"), ("f64.store", "f64"),
              ("i32.store8", "i32"), ("i32.store16", "i32"), ("i64.store8", "i64"), ("i64.store16", "i64"),
              ("i64.store32", "i64")]
    for i, (n, t) in enumerate(stores):
        add(n, 0x36 + i, "memarg", "A " + t + " ->")
    add("memory.size", 0x3F, "memory", "-> A")
    add("memory.grow", 0x40, "memory", "A -> A")
    add("i32.const", 0x41, "i32", "-> i32")
    add("i64.const", 0x42, "i64", "-> i64")
    add("f32.const", 0x43, "f32", "-> f32")
    add("f64.const", 0x44, "f64", "-> f64")
    code = 0x45
    for t in ("i32", "i64"):
        add(t + ".eqz", code, "none", t + " -> i32"); code += 1
        for op in ("eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"):
            add(t + "." + op, code, "none", t + " " + t + " -> i32"); code += 1
    for t in ("f32", "f64"):
        for op in ("eq", "ne", "lt", "gt", "le", "ge"):
            add(t + "." + op, code, "none", t + " " + t + " -> i32"); code += 1
    for t in ("i32", "i64"):
        for op in ("clz", "ctz", "popcnt"):
            add(t + "." + op, code, "none", t + " -> " + t); code += 1
        for op in ("add", "sub", "mul", "div_s", "div_u", "rem_s", "rem_u", "and", "or", "xor",
                   "shl", "shr_s", "shr_u", "rotl", "rotr"):
            add(t + "." + op, code, "none", t + " " + t + " -> " + t); code += 1
    for t in ("f32", "f64"):
        for op in ("abs", "neg", "ceil", "floor", "trunc", "nearest", "sqrt"):
            add(t + "." + op, code, "none", t + " -> " + t); code += 1
        for op in ("add", "sub", "mul", "div", "min", "max", "copysign"):
            add(t + "." + op, code, "none", t + " " + t + " -> " + t); code += 1
    assert code == 0xA7
    conv = [("i32.wrap_i64", "i64", "i32"),
            ("i32.trunc_f32_s", "f32", "i32"), ("i32.trunc_f32_u", "f32", "i32"),
            ("i32.trunc_f64_s", "f64", "i32"), ("i32.trunc_f64_u", "f64", "i32"),
            ("i64.extend_i32_s", "i32", "i64"), ("i64.extend_i32_u", "i32", "i64"),
            ("i64.trunc_f32_s", "f32", "i64"), ("i64.trunc_f32_u", "f32", "i64"),
            ("i64.trunc_f64_s", "f64", "i64"), ("i64.trunc_f64_u", "f64", "i64"),
            ("f32.convert_i32_s", "i32", "f32"), ("f32.convert_i32_u", "i32", "f32"),
            ("f32.convert_i64_s", "i64", "f32"), ("f32.convert_i64_u", "i64", "f32"),
            ("f32.demote_f64", "f64", "f32"),
            ("f64.convert_i32_s", "i32", "f64"), ("f64.convert_i32_u", "i32", "f64"),
            ("f64.convert_i64_s", "i64", "f64"), ("f64.convert_i64_u", "i64", "f64"),
            ("f64.promote_f32", "f32", "f64"),
            ("i32.reinterpret_f32", "f32", "i32"), ("i64.reinterpret_f64", "f64", "i64"),
            ("f32.reinterpret_i32", "i32", "f32"), ("f64.reinterpret_i64", "i64", "f64"),
            ("i32.extend8_s", "i32", "i32"), ("i32.extend16_s", "i32", "i32"),
            ("i64.extend8_s", "i64", "i64"), ("i64.extend16_s", "i64", "i64"), ("i64.extend32_s", "i64", "i64")]
    for n, a, r in conv:
        add(n, code, "none", a + " -> " + r); code += 1
    assert code == 0xC5
    add("ref.null", 0xD0, "heap_type", S)
    add("ref.is_null", 0xD1, "none", S)
    add("ref.func", 0xD2, "func", S)
    add("ref.eq", 0xD3, "none", S)
    add("ref.as_non_null", 0xD4, "none", S)
    add("br_on_null", 0xD5, "label", S)
    add("br_on_non_null", 0xD6, "label", S)
    return rows


def _fc():
    rows = []
    sat = [("i32.trunc_sat_f32_s", "f32", "i32"), ("i32.trunc_sat_f32_u", "f32", "i32"),
           ("i32.trunc_sat_f64_s", "f64", "i32"), ("i32.trunc_sat_f64_u", "f64", "i32"),
           ("i64.trunc_sat_f32_s", "f32", "i64"), ("i64.trunc_sat_f32_u", "f32", "i64"),
           ("i64.trunc_sat_f64_s", "f64", "i64"), ("i64.trunc_sat_f64_u", "f64", "i64")]
    for i, (n, a, r) in enumerate(sat):
        rows.append((n, 0xFC, i, "none", a + " -> " + r))
    rows += [
        ("memory.init", 0xFC, 8, "memory_init", S),
        ("data.drop", 0xFC, 9, "data", S),
        ("memory.copy", 0xFC, 10, "memory_copy", S),
        ("memory.fill", 0xFC, 11, "memory", S),
        ("table.init", 0xFC, 12, "table_init", S),
        ("elem.drop", 0xFC, 13, "elem", S),
        ("table.copy", 0xFC, 14, "table_copy", S),
        ("table.grow", 0xFC, 15, "table", S),
        ("table.size", 0xFC, 16, "table", S),
        ("table.fill", 0xFC, 17, "table", S),
        # wide arithmetic: two i64 results (low half, high half), typed by hand
        # ([i64 i64 i64 i64] -> [i64 i64] and [i64 i64] -> [i64 i64]).
        ("i64.add128", 0xFC, 19, "none", S),
        ("i64.sub128", 0xFC, 20, "none", S),
        ("i64.mul_wide_s", 0xFC, 21, "none", S),
        ("i64.mul_wide_u", 0xFC, 22, "none", S),
    ]
    return rows


def _fd():
    rows = []
    def add(name, code, imm, sig):
        rows.append((name, 0xFD, code, imm, sig))
    V = "v128"
    add("v128.load", 0, "memarg", "A -> v128")
    for i, n in enumerate(["v128.load8x8_s", "v128.load8x8_u", "v128.load16x4_s", "v128.load16x4_u",
                           "v128.load32x2_s", "v128.load32x2_u", "v128.load8_splat", "v128.load16_splat",
                           "v128.load32_splat", "v128.load64_splat"]):
        add(n, 1 + i, "memarg", "A -> v128")
    add("v128.store", 11, "memarg", "A v128 ->")
    add("v128.const", 12, "v128", "-> v128")
    add("i8x16.shuffle", 13, "shuffle", "v128 v128 -> v128")
    add("i8x16.swizzle", 14, "none", "v128 v128 -> v128")
    for i, t in enumerate(["i8x16", "i16x8", "i32x4", "i64x2", "f32x4", "f64x2"]):
        scalar = {"i8x16": "i32", "i16x8": "i32", "i32x4": "i32", "i64x2": "i64", "f32x4": "f32", "f64x2": "f64"}[t]
        add(t + ".splat", 15 + i, "none", scalar + " -> v128")
    lanes = [("i8x16.extract_lane_s", "v128 -> i32"), ("i8x16.extract_lane_u", "v128 -> i32"),
             ("i8x16.replace_lane", "v128 i32 -> v128"),
             ("i16x8.extract_lane_s", "v128 -> i32"), ("i16x8.extract_lane_u", "v128 -> i32"),
             ("i16x8.replace_lane", "v128 i32 -> v128"),
             ("i32x4.extract_lane", "v128 -> i32"), ("i32x4.replace_lane", "v128 i32 -> v128"),
             ("i64x2.extract_lane", "v128 -> i64"), ("i64x2.replace_lane", "v128 i64 -> v128"),
             ("f32x4.extract_lane", "v128 -> f32"), ("f32x4.replace_lane", "v128 f32 -> v128"),
             ("f64x2.extract_lane", "v128 -> f64"), ("f64x2.replace_lane", "v128 f64 -> v128")]
    for i, (n, s) in enumerate(lanes):
        add(n, 21 + i, "lane", s)
    code = 35
    for t in ("i8x16", "i16x8", "i32x4"):
        for op in ("eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"):
            add(t + "." + op, code, "none", "v128 v128 -> v128"); code += 1
    for t in ("f32x4", "f64x2"):
        for op in ("eq", "ne", "lt", "gt", "le", "ge"):
            add(t + "." + op, code, "none", "v128 v128 -> v128"); code += 1
    assert code == 77
    add("v128.not", 77, "none", "v128 -> v128")
    add("v128.and", 78, "none", "v128 v128 -> v128")
    add("v128.andnot", 79, "none", "v128 v128 -> v128")
    add("v128.or", 80, "none", "v128 v128 -> v128")
    add("v128.xor", 81, "none", "v128 v128 -> v128")
    add("v128.bitselect", 82, "none", "v128 v128 v128 -> v128")
    add("v128.any_true", 83, "none", "v128 -> i32")
    for i, n in enumerate(["v128.load8_lane", "v128.load16_lane", "v128.load32_lane", "v128.load64_lane"]):
        add(n, 84 + i, "memarg_lane", "A v128 -> v128")
    for i, n in enumerate(["v128.store8_lane", "v128.store16_lane", "v128.store32_lane", "v128.store64_lane"]):
        add(n, 88 + i, "memarg_lane", "A v128 ->")
    add("v128.load32_zero", 92, "memarg", "A -> v128")
    add("v128.load64_zero", 93, "memarg", "A -> v128")
    add("f32x4.demote_f64x2_zero", 94, "none", "v128 -> v128")
    add("f64x2.promote_low_f32x4", 95, "none", "v128 -> v128")
    un, bi = "v128 -> v128", "v128 v128 -> v128"
    sh = "v128 i32 -> v128"
    table = [
        (96, "i8x16.abs", un), (97, "i8x16.neg", un), (98, "i8x16.popcnt", un),
        (99, "i8x16.all_true", "v128 -> i32"), (100, "i8x16.bitmask", "v128 -> i32"),
        (101, "i8x16.narrow_i16x8_s", bi), (102, "i8x16.narrow_i16x8_u", bi),
        (103, "f32x4.ceil", un), (104, "f32x4.floor", un), (105, "f32x4.trunc", un), (106, "f32x4.nearest", un),
        (107, "i8x16.shl", sh), (108, "i8x16.shr_s", sh), (109, "i8x16.shr_u", sh),
        (110, "i8x16.add", bi), (111, "i8x16.add_sat_s", bi), (112, "i8x16.add_sat_u", bi),
        (113, "i8x16.sub", bi), (114, "i8x16.sub_sat_s", bi), (115, "i8x16.sub_sat_u", bi),
        (116, "f64x2.ceil", un), (117, "f64x2.floor", un),
        (118, "i8x16.min_s", bi), (119, "i8x16.min_u", bi), (120, "i8x16.max_s", bi), (121, "i8x16.max_u", bi),
        (122, "f64x2.trunc", un), (123, "i8x16.avgr_u", bi),
        (124, "i16x8.extadd_pairwise_i8x16_s", un), (125, "i16x8.extadd_pairwise_i8x16_u", un),
        (126, "i32x4.extadd_pairwise_i16x8_s", un), (127, "i32x4.extadd_pairwise_i16x8_u", un),
        (128, "i16x8.abs", un), (129, "i16x8.neg", un), (130, "i16x8.q15mulr_sat_s", bi),
        (131, "i16x8.all_true", "v128 -> i32"), (132, "i16x8.bitmask", "v128 -> i32"),
        (133, "i16x8.narrow_i32x4_s", bi), (134, "i16x8.narrow_i32x4_u", bi),
        (135, "i16x8.extend_low_i8x16_s", un), (136, "i16x8.extend_high_i8x16_s", un),
        (137, "i16x8.extend_low_i8x16_u", un), (138, "i16x8.extend_high_i8x16_u", un),
        (139, "i16x8.shl", sh), (140, "i16x8.shr_s", sh), (141, "i16x8.shr_u", sh),
        (142, "i16x8.add", bi), (143, "i16x8.add_sat_s", bi), (144, "i16x8.add_sat_u", bi),
        (145, "i16x8.sub", bi), (146, "i16x8.sub_sat_s", bi), (147, "i16x8.sub_sat_u", bi),
        (148, "f64x2.nearest", un),
        (149, "i16x8.mul", bi), (150, "i16x8.min_s", bi), (151, "i16x8.min_u", bi),
        (152, "i16x8.max_s", bi), (153, "i16x8.max_u", bi),
        (155, "i16x8.avgr_u", bi),
        (156, "i16x8.extmul_low_i8x16_s", bi), (157, "i16x8.extmul_high_i8x16_s", bi),
        (158, "i16x8.extmul_low_i8x16_u", bi), (159, "i16x8.extmul_high_i8x16_u", bi),
        (160, "i32x4.abs", un), (161, "i32x4.neg", un),
        (163, "i32x4.all_true", "v128 -> i32"), (164, "i32x4.bitmask", "v128 -> i32"),
        (167, "i32x4.extend_low_i16x8_s", un), (168, "i32x4.extend_high_i16x8_s", un),
        (169, "i32x4.extend_low_i16x8_u", un), (170, "i32x4.extend_high_i16x8_u", un),
        (171, "i32x4.shl", sh), (172, "i32x4.shr_s", sh), (173, "i32x4.shr_u", sh),
        (174, "i32x4.add", bi), (177, "i32x4.sub", bi), (181, "i32x4.mul", bi),
        (182, "i32x4.min_s", bi), (183, "i32x4.min_u", bi), (184, "i32x4.max_s", bi), (185, "i32x4.max_u", bi),
        (186, "i32x4.dot_i16x8_s", bi),
        (188, "i32x4.extmul_low_i16x8_s", bi), (189, "i32x4.extmul_high_i16x8_s", bi),
        (190, "i32x4.extmul_low_i16x8_u", bi), (191, "i32x4.extmul_high_i16x8_u", bi),
        (192, "i64x2.abs", un), (193, "i64x2.neg", un),
        (195, "i64x2.all_true", "v128 -> i32"), (196, "i64x2.bitmask", "v128 -> i32"),
        (199, "i64x2.extend_low_i32x4_s", un), (200, "i64x2.extend_high_i32x4_s", un),
        (201, "i64x2.extend_low_i32x4_u", un), (202, "i64x2.extend_high_i32x4_u", un),
        (203, "i64x2.shl", sh), (204, "i64x2.shr_s", sh), (205, "i64x2.shr_u", sh),
        (206, "i64x2.add", bi), (209, "i64x2.sub", bi), (213, "i64x2.mul", bi),
        (214, "i64x2.eq", bi), (215, "i64x2.ne", bi), (216, "i64x2.lt_s", bi), (217, "i64x2.gt_s", bi),
        (218, "i64x2.le_s", bi), (219, "i64x2.ge_s", bi),
        (220, "i64x2.extmul_low_i32x4_s", bi), (221, "i64x2.extmul_high_i32x4_s", bi),
        (222, "i64x2.extmul_low_i32x4_u", bi), (223, "i64x2.extmul_high_i32x4_u", bi),
        (224, "f32x4.abs", un), (225, "f32x4.neg", un), (227, "f32x4.sqrt", un),
        (228, "f32x4.add", bi), (229, "f32x4.sub", bi), (230, "f32x4.mul", bi), (231, "f32x4.div", bi),
        (232, "f32x4.min", bi), (233, "f32x4.max", bi), (234, "f32x4.pmin", bi), (235, "f32x4.pmax", bi),
        (236, "f64x2.abs", un), (237, "f64x2.neg", un), (239, "f64x2.sqrt", un),
        (240, "f64x2.add", bi), (241, "f64x2.sub", bi), (242, "f64x2.mul", bi), (243, "f64x2.div", bi),
        (244, "f64x2.min", bi), (245, "f64x2.max", bi), (246, "f64x2.pmin", bi), (247, "f64x2.pmax", bi),
        (248, "i32x4.trunc_sat_f32x4_s", un), (249, "i32x4.trunc_sat_f32x4_u", un),
        (250, "f32x4.convert_i32x4_s", un), (251, "f32x4.convert_i32x4_u", un),
        (252, "i32x4.trunc_sat_f64x2_s_zero", un), (253, "i32x4.trunc_sat_f64x2_u_zero", un),
        (254, "f64x2.convert_low_i32x4_s", un), (255, "f64x2.convert_low_i32x4_u", un),
        # relaxed SIMD
        (0x100, "i8x16.relaxed_swizzle", bi),
        (0x101, "i32x4.relaxed_trunc_f32x4_s", un), (0x102, "i32x4.relaxed_trunc_f32x4_u", un),
        (0x103, "i32x4.relaxed_trunc_f64x2_s_zero", un), (0x104, "i32x4.relaxed_trunc_f64x2_u_zero", un),
        (0x105, "f32x4.relaxed_madd", "v128 v128 v128 -> v128"), (0x106, "f32x4.relaxed_nmadd", "v128 v128 v128 -> v128"),
        (0x107, "f64x2.relaxed_madd", "v128 v128 v128 -> v128"), (0x108, "f64x2.relaxed_nmadd", "v128 v128 v128 -> v128"),
        (0x109, "i8x16.relaxed_laneselect", "v128 v128 v128 -> v128"),
        (0x10A, "i16x8.relaxed_laneselect", "v128 v128 v128 -> v128"),
        (0x10B, "i32x4.relaxed_laneselect", "v128 v128 v128 -> v128"),
        (0x10C, "i64x2.relaxed_laneselect", "v128 v128 v128 -> v128"),
        (0x10D, "f32x4.relaxed_min", bi), (0x10E, "f32x4.relaxed_max", bi),
        (0x10F, "f64x2.relaxed_min", bi), (0x110, "f64x2.relaxed_max", bi),
        (0x111, "i16x8.relaxed_q15mulr_s", bi),
        (0x112, "i16x8.relaxed_dot_i8x16_i7x16_s", bi),
        (0x113, "i32x4.relaxed_dot_i8x16_i7x16_add_s", "v128 v128 v128 -> v128"),
    ]
    for c, n, s in table:
        add(n, c, "none", s)
    return rows

def _fb():
    """GC (WebAssembly 3.0): structs, arrays, casts, i31 and the any/extern conversions.
    Immediates: "type" one type index; "type_index" a type index and a second u32 (field, count,
    data or element segment, or source type); "heap_type" the cast's target heap type (the
    nullable forms are their own rows); "br_on_cast" a flags byte, a label and two heap types."""
    rows = []
    def add(name, code, imm, sig=S):
        rows.append((name, 0xFB, code, imm, sig))
    add("struct.new", 0, "type")
    add("struct.new_default", 1, "type")
    add("struct.get", 2, "type_index")
    add("struct.get_s", 3, "type_index")
    add("struct.get_u", 4, "type_index")
    add("struct.set", 5, "type_index")
    add("array.new", 6, "type")
    add("array.new_default", 7, "type")
    add("array.new_fixed", 8, "type_index")
    add("array.new_data", 9, "type_index")
    add("array.new_elem", 10, "type_index")
    add("array.get", 11, "type")
    add("array.get_s", 12, "type")
    add("array.get_u", 13, "type")
    add("array.set", 14, "type")
    add("array.len", 15, "none")
    add("array.fill", 16, "type")
    add("array.copy", 17, "type_index")
    add("array.init_data", 18, "type_index")
    add("array.init_elem", 19, "type_index")
    add("ref.test", 20, "heap_type")
    add("ref.test_null", 21, "heap_type")
    add("ref.cast", 22, "heap_type")
    add("ref.cast_null", 23, "heap_type")
    add("br_on_cast", 24, "br_on_cast")
    add("br_on_cast_fail", 25, "br_on_cast")
    add("any.convert_extern", 26, "none")
    add("extern.convert_any", 27, "none")
    add("ref.i31", 28, "none")
    add("i31.get_s", 29, "none")
    add("i31.get_u", 30, "none")
    # The custom-descriptors proposal.
    add("struct.new_desc", 32, "type")
    add("struct.new_default_desc", 33, "type")
    add("ref.get_desc", 34, "type")
    add("ref.cast_desc_eq", 35, "heap_type")
    add("ref.cast_desc_eq_null", 36, "heap_type")
    add("br_on_cast_desc_eq", 37, "br_on_cast")
    add("br_on_cast_desc_eq_fail", 38, "br_on_cast")
    return rows


def _fe():
    """The threads proposal: wait/notify, the fence, and the atomic loads, stores and
    read-modify-writes (their memarg alignment must be exactly the access width)."""
    rows = []
    def add(name, code, imm, sig):
        rows.append((name, 0xFE, code, imm, sig))
    add("memory.atomic.notify", 0x00, "memarg", "A i32 -> i32")
    add("memory.atomic.wait32", 0x01, "memarg", "A i32 i64 -> i32")
    add("memory.atomic.wait64", 0x02, "memarg", "A i64 i64 -> i32")
    add("atomic.fence", 0x03, "fence", S)
    # Per access: (type, width suffix); the order of every group below.
    shapes = [("i32", ""), ("i64", ""), ("i32", "8"), ("i32", "16"), ("i64", "8"), ("i64", "16"), ("i64", "32")]
    for i, (t, w) in enumerate(shapes):
        add("%s.atomic.load%s%s" % (t, w, "_u" if w else ""), 0x10 + i, "memarg", "A -> " + t)
    for i, (t, w) in enumerate(shapes):
        add("%s.atomic.store%s" % (t, w), 0x17 + i, "memarg", "A %s ->" % t)
    code = 0x1E
    for op in ("add", "sub", "and", "or", "xor", "xchg", "cmpxchg"):
        for t, w in shapes:
            name = "%s.atomic.rmw%s.%s%s" % (t, w, op, "_u" if w else "")
            sig = "A %s %s -> %s" % (t, t, t) if op == "cmpxchg" else "A %s -> %s" % (t, t)
            add(name, code, "memarg", sig)
            code += 1
    assert code == 0x4F
    return rows


INSTRUCTIONS = _scalar() + _fc() + _fd() + _fb() + _fe()

IMMEDIATE_KINDS = ["none", "block", "label", "br_table", "func", "call_indirect", "type", "local",
                   "global", "table", "memarg", "memarg_lane", "memory", "memory_init", "memory_copy",
                   "data", "table_init", "table_copy", "elem", "i32", "i64", "f32", "f64", "v128",
                   "shuffle", "lane", "heap_type", "select_t", "tag", "try_table", "fence",
                   "type_index", "br_on_cast"]
