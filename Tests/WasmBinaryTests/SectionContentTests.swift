import WasmBytes
import Testing
import WasmBinary

/// What each section decodes into, and each section's errors.
struct SectionContentTests {
    @Test("Type section")
    func types() throws {
        let module = try decodeModule(WasmBytes.module(WasmBytes.section(1, WasmBytes.vec([
            [0x60, 0x02, 0x7F, 0x7E, 0x01, 0x7B],
            [0x60, 0x01, 0x70, 0x02, 0x6F, 0x64, 0x00],
        ]))))
        #expect(module.types == [
            FunctionType(parameters: [.i32, .i64], results: [.v128]),
            FunctionType(parameters: [.funcref], results: [.externref, .ref(RefType(nullable: false, heapType: .concrete(0)))]),
        ])
        for form: UInt8 in [0x4E, 0x4F, 0x50, 0x5E, 0x5F] {
            #expect(throws: DecodeError.self) {
                try decodeModule(WasmBytes.module(WasmBytes.section(1, [0x01, form, 0x00, 0x00])),
                                 options: DecodeOptions(wasm2Limits: true))
            }
        }
        expectDecodeError(WasmBytes.module(WasmBytes.section(1, [0x01, 0x40, 0x00, 0x00])), "malformed definition type")
        expectDecodeError(WasmBytes.module(WasmBytes.section(1, [0x01, 0xE0, 0x7F, 0x00, 0x00])), "integer representation too long")
        expectDecodeError(WasmBytes.module(WasmBytes.section(1, [0x01, 0x60, 0x01, 0x40, 0x00])), "malformed value type")
        expectDecodeError(WasmBytes.module(WasmBytes.section(1, [0x01, 0x60, 0x01, 0x63, 0x80])), "unexpected end of section or function")
    }

    @Test("GC type definitions: recursion groups, sub types, structs and arrays")
    func gcTypes() throws {
        // rec { (sub (struct (field i8) (field (mut (ref null 1))))) (sub final 0 (array (mut i16))) }
        // then a plain function type, alone in its own group.
        let module = try decodeModule(WasmBytes.module(WasmBytes.section(1, [
            0x02,
            0x4E, 0x02,
            0x50, 0x00, 0x5F, 0x02, 0x78, 0x00, 0x63, 0x01, 0x01,
            0x4F, 0x01, 0x00, 0x5E, 0x77, 0x01,
            0x60, 0x00, 0x00,
        ])))
        #expect(module.definedTypes.count == 3)
        #expect(module.types.count == 3)
        #expect(module.definedTypes[0] == SubType(
            isFinal: false, supertypes: [],
            composite: .struct([FieldType(storage: .i8, mutable: false),
                                FieldType(storage: .value(.ref(RefType(nullable: true, heapType: .concrete(1)))), mutable: true)]),
            recGroupStart: 0, recGroupCount: 2))
        #expect(module.definedTypes[1] == SubType(
            isFinal: true, supertypes: [0], composite: .array(FieldType(storage: .i16, mutable: true)),
            recGroupStart: 0, recGroupCount: 2))
        #expect(module.definedTypes[2] == SubType(
            isFinal: true, supertypes: [], composite: .function(FunctionType(parameters: [], results: [])),
            recGroupStart: 2, recGroupCount: 1))
        #expect(module.types[0] == FunctionType(parameters: [], results: []))
        expectDecodeError(WasmBytes.module(WasmBytes.section(1, [0x01, 0x5E, 0x7F, 0x02])), "malformed mutability")
        expectDecodeError(WasmBytes.module(WasmBytes.section(1, [0x01, 0x4E, 0x01, 0x4E, 0x00])), "malformed definition type")
    }

    @Test("Import section")
    func imports() throws {
        let prefix = WasmBytes.name("m") + WasmBytes.name("f")
        let module = try decodeModule(WasmBytes.module(WasmBytes.oneType, WasmBytes.section(2, WasmBytes.vec([
            prefix + [0x00, 0x00],
            prefix + [0x01, 0x70, 0x01, 0x01, 0x02],
            prefix + [0x02, 0x07, 0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
            prefix + [0x03, 0x7E, 0x01],
            prefix + [0x04, 0x00, 0x00],
        ]))))
        #expect(module.imports.map(\.descriptor) == [
            .function(typeIndex: 0),
            .table(TableType(elementType: .funcref, limits: Limits(min: 1, max: 2))),
            .memory(MemoryType(limits: Limits(min: 1, max: 1 << 35, is64: true, shared: true))),
            .global(GlobalType(valueType: .i64, mutability: .variable)),
            .tag(TagType(typeIndex: 0)),
        ])
        #expect(module.imports.allSatisfy { $0.module == "m" && $0.name == "f" })
        #expect(module.importedFunctionCount == 1)
        expectDecodeError(WasmBytes.module(WasmBytes.section(2, WasmBytes.vec([prefix + [0x05, 0x00]]))), "malformed import kind", offset: 15)
        expectDecodeError(WasmBytes.module(WasmBytes.section(2, WasmBytes.vec([prefix + [0x80, 0x00]]))), "malformed import kind")
        expectDecodeError(WasmBytes.module(WasmBytes.section(2, WasmBytes.vec([prefix + [0x03, 0x7F, 0x02]]))), "malformed mutability")
        expectDecodeError(WasmBytes.module(WasmBytes.section(2, WasmBytes.vec([prefix + [0x04, 0x01, 0x00]]))), "malformed tag attribute")
        expectDecodeError(WasmBytes.module(WasmBytes.section(2, WasmBytes.vec([[0x01, 0xFF] + WasmBytes.name("f") + [0x00, 0x00]]))), "malformed UTF-8 encoding")
    }

    @Test("Limits flags")
    func limits() throws {
        func memory(_ bytes: [UInt8]) throws -> Limits {
            try #require(try decodeModule(WasmBytes.module(WasmBytes.section(5, WasmBytes.vec([bytes])))).memories.first).limits
        }
        #expect(try memory([0x00, 0x01]) == Limits(min: 1, max: nil))
        #expect(try memory([0x01, 0x01, 0x02]) == Limits(min: 1, max: 2))
        #expect(try memory([0x03, 0x01, 0x02]) == Limits(min: 1, max: 2, shared: true))
        #expect(try memory([0x02, 0x01]) == Limits(min: 1, max: nil, shared: true))
        #expect(try memory([0x04, 0x80, 0x80, 0x80, 0x80, 0x10]) == Limits(min: 1 << 32, max: nil, is64: true))
        #expect(try memory([0x05, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]) == Limits(min: 0, max: .max, is64: true))
        // 32-bit limits are u64 in 3.0 (the validator rejects sizes over 2^32) and u32 in 2.0.
        #expect(try memory([0x00, 0x80, 0x80, 0x80, 0x80, 0x10]) == Limits(min: 1 << 32, max: nil))
        #expect(throws: DecodeError.self) {
            try decodeModule(WasmBytes.module(WasmBytes.section(5, WasmBytes.vec([[0x00, 0x80, 0x80, 0x80, 0x80, 0x10]]))),
                             options: DecodeOptions(wasm2Limits: true))
        }
        for flags: UInt8 in [0x10, 0x81, 0xFF] {
            expectDecodeError(WasmBytes.module(WasmBytes.section(5, WasmBytes.vec([[flags, 0x00, 0x00]]))), "malformed limits flags", offset: 11)
        }
        // Bit 3: a custom page size's log2 follows the limits (custom-page-sizes proposal); at
        // most 64. WebAssembly 2.0 decoding keeps the bit malformed.
        let onePage = try decodeModule(WasmBytes.module(WasmBytes.section(5, WasmBytes.vec([[0x09, 0x01, 0x02, 0x00]]))))
        #expect(onePage.memories.first == MemoryType(limits: Limits(min: 1, max: 2), pageSizeLog2: 0))
        expectDecodeError(WasmBytes.module(WasmBytes.section(5, WasmBytes.vec([[0x08, 0x00, 0x41]]))), "invalid custom page size", offset: 13)
        #expect(throws: DecodeError.self) {
            try decodeModule(WasmBytes.module(WasmBytes.section(5, WasmBytes.vec([[0x08, 0x00, 0x00]]))),
                             options: DecodeOptions(wasm2Limits: true))
        }
        // Tables: no shared bit.
        let table64 = try decodeModule(WasmBytes.module(WasmBytes.section(4, WasmBytes.vec([[0x70, 0x05, 0x01, 0x80, 0x80, 0x80, 0x80, 0x10]]))))
        #expect(table64.tables.first?.type.limits == Limits(min: 1, max: 1 << 32, is64: true))
        for flags: UInt8 in [0x02, 0x03, 0x08] {
            expectDecodeError(WasmBytes.module(WasmBytes.section(4, WasmBytes.vec([[0x70, flags, 0x00, 0x00]]))), "malformed limits flags")
        }
    }

    @Test("Table section, with and without an initializer")
    func tables() throws {
        let module = try decodeModule(WasmBytes.module(WasmBytes.section(4, WasmBytes.vec([
            [0x70, 0x00, 0x01],
            [0x40, 0x00, 0x64, 0x70, 0x00, 0x01, 0xD2, 0x00, 0x0B],
        ]))))
        #expect(module.tables.count == 2)
        #expect(module.tables[0] == Table(type: TableType(elementType: .funcref, limits: Limits(min: 1, max: nil)), initializer: nil))
        #expect(module.tables[1].type.elementType == RefType(nullable: false, heapType: .function))
        let initializer = try #require(module.tables[1].initializer)
        #expect(initializer.instructions.map(\.opcode) == [.refFunc])
        #expect(initializer.instructions.first?.index == 0)
        #expect(initializer.offset == 20)
        expectDecodeError(WasmBytes.module(WasmBytes.section(4, WasmBytes.vec([[0x40, 0x01, 0x70, 0x00, 0x01, 0xD2, 0x00, 0x0B]]))), "malformed table")
        expectDecodeError(WasmBytes.module(WasmBytes.section(4, WasmBytes.vec([[0x7F, 0x00, 0x01]]))), "malformed reference type")
        expectDecodeError(WasmBytes.module(WasmBytes.section(4, [0x01])), "unexpected end of section or function")
    }

    @Test("Memory, tag and global sections")
    func memoryTagGlobal() throws {
        let module = try decodeModule(WasmBytes.module(
            WasmBytes.oneType,
            WasmBytes.section(5, WasmBytes.vec([[0x00, 0x01]])),
            WasmBytes.section(13, WasmBytes.vec([[0x00, 0x00]])),
            WasmBytes.section(6, WasmBytes.vec([
                [0x7F, 0x00, 0x41, 0x2A, 0x0B],
                [0x7E, 0x01, 0x23, 0x00, 0x42, 0x01, 0x7C, 0x0B],
            ]))))
        #expect(module.memories == [MemoryType(limits: Limits(min: 1, max: nil))])
        #expect(module.tags == [TagType(typeIndex: 0)])
        #expect(module.globals.count == 2)
        #expect(module.globals[0].type == GlobalType(valueType: .i32, mutability: .constant))
        #expect(module.globals[0].initializer.instructions.map(\.opcode) == [.i32Const])
        #expect(module.globals[0].initializer.instructions.first?.bits == 42)
        #expect(module.globals[1].type.mutability == .variable)
        #expect(module.globals[1].initializer.instructions.map(\.opcode) == [.globalGet, .i64Const, .i64Add])
        expectDecodeError(WasmBytes.module(WasmBytes.section(6, WasmBytes.vec([[0x7F, 0x02, 0x41, 0x00, 0x0B]]))), "malformed mutability", offset: 12)
        expectDecodeError(WasmBytes.module(WasmBytes.section(6, WasmBytes.vec([[0x7F, 0xFF, 0x41, 0x00, 0x0B]]))), "malformed mutability")
        // Missing `end`: the section runs out.
        expectDecodeError(WasmBytes.module(WasmBytes.section(6, WasmBytes.vec([[0x7F, 0x00, 0x41, 0x00]]))), "unexpected end of section or function")
        expectDecodeError(WasmBytes.module(WasmBytes.section(6, WasmBytes.vec([[0x7F, 0x00, 0xFF, 0x0B]]))), "illegal opcode ff")
        expectDecodeError(WasmBytes.module(WasmBytes.section(13, WasmBytes.vec([[0x01, 0x00]]))), "malformed tag attribute")
    }

    @Test("Constant expressions keep nested blocks together")
    func nestedConstExpression() throws {
        // block (result i32) i32.const 1 end end: the validator rejects it, the decoder frames it.
        let module = try decodeModule(WasmBytes.module(WasmBytes.section(6, WasmBytes.vec([[0x7F, 0x00, 0x02, 0x7F, 0x41, 0x01, 0x0B, 0x0B]]))))
        #expect(module.globals.first?.initializer.instructions.map(\.opcode) == [.block, .i32Const, .end])
    }

    @Test("Export section")
    func exports() throws {
        let module = try decodeModule(WasmBytes.module(
            WasmBytes.oneType, WasmBytes.oneFunction,
            WasmBytes.section(7, WasmBytes.vec([WasmBytes.name("f") + [0x00, 0x00], WasmBytes.name("t") + [0x04, 0x03]])),
            WasmBytes.oneBody))
        #expect(module.exports == [Export(name: "f", kind: .function, index: 0), Export(name: "t", kind: .tag, index: 3)])
        expectDecodeError(WasmBytes.module(WasmBytes.section(7, WasmBytes.vec([WasmBytes.name("f") + [0x05, 0x00]]))), "malformed export kind", offset: 13)
    }

    @Test("Element section: all eight encodings")
    func elements() throws {
        let offset: [UInt8] = [0x41, 0x00, 0x0B]
        let refNull: [UInt8] = [0xD0, 0x70, 0x0B]
        let refFunc: [UInt8] = [0xD2, 0x00, 0x0B]
        let module = try decodeModule(WasmBytes.module(WasmBytes.section(9, WasmBytes.vec([
            [0x00] + offset + [0x02, 0x00, 0x01],
            [0x01, 0x00, 0x01, 0x02],
            [0x02, 0x01] + offset + [0x00, 0x00],
            [0x03, 0x00, 0x01, 0x05],
            [0x04] + offset + [0x02] + refNull + refFunc,
            [0x05, 0x6F, 0x01, 0xD0, 0x6F, 0x0B],
            [0x06, 0x02] + offset + [0x70, 0x00],
            [0x07, 0x70, 0x01] + refFunc,
        ]))))
        let funcRef = RefType(nullable: false, heapType: .function)
        let segments = module.elements
        #expect(segments.map(\.type) == [funcRef, funcRef, funcRef, funcRef, .funcref, .externref, .funcref, .funcref])
        #expect(segments.map(\.items.count) == [2, 1, 0, 1, 2, 1, 0, 1])
        guard case .active(let table0, let offset0) = segments[0].mode else {
            Issue.record("segment 0 is not active")
            return
        }
        #expect(table0 == 0 && offset0.instructions.map(\.opcode) == [.i32Const])
        #expect(segments[1].mode == .passive)
        guard case .active(let table2, _) = segments[2].mode, case .active(let table6, _) = segments[6].mode else {
            Issue.record("segments 2 and 6 are not active")
            return
        }
        #expect(table2 == 1 && table6 == 2)
        #expect(segments[3].mode == .declarative && segments[7].mode == .declarative)
        #expect(segments[5].mode == .passive)
        // Function indices become `ref.func` expressions.
        #expect(segments[0].items.map { $0.instructions.map(\.opcode) } == [[.refFunc], [.refFunc]])
        #expect(segments[0].items.map { $0.instructions[0].index } == [0, 1])
        #expect(segments[3].items.first?.instructions.first?.index == 5)
        #expect(segments[4].items.map { $0.instructions.map(\.opcode) } == [[.refNull], [.refFunc]])
        // The encodings of function indices keep them as indices, with where each is.
        #expect(segments.map { $0.functionItems != nil } == [true, true, true, true, false, false, false, false])
        #expect(segments.map(\.itemCount) == segments.map(\.items.count))
        let items0 = segments[0].functionItems ?? []
        #expect(items0.map(\.index) == [0, 1])
        #expect(items0.map(\.offset) == segments[0].items.map(\.offset))
        #expect(segments[0].items.map { $0.instructions[0].offset } == items0.map(\.offset))
        // Either form of the same items is the same segment.
        let asExpressions = ElementSegment(type: segments[0].type, items: segments[0].items, mode: segments[0].mode)
        #expect(asExpressions == segments[0] && asExpressions.hashValue == segments[0].hashValue)
        #expect(asExpressions.functionItems == nil)

        expectDecodeError(WasmBytes.module(WasmBytes.section(9, WasmBytes.vec([[0x08] + offset + [0x00]]))), "malformed elements segment kind", offset: 11)
        expectDecodeError(WasmBytes.module(WasmBytes.section(9, WasmBytes.vec([[0x01, 0x01, 0x00]]))), "malformed element kind", offset: 12)
        expectDecodeError(WasmBytes.module(WasmBytes.section(9, WasmBytes.vec([[0x05, 0x7F, 0x01] + refFunc]))), "malformed reference type")
        expectDecodeError(WasmBytes.module(WasmBytes.section(9, WasmBytes.vec([[0x05, 0x70, 0x01, 0xF3, 0x00, 0x0B]]))), "illegal opcode f3")
    }

    @Test("Data section: encodings 0, 1, 2")
    func data() throws {
        let offset: [UInt8] = [0x41, 0x08, 0x0B]
        let module = try decodeModule(WasmBytes.module(WasmBytes.section(11, WasmBytes.vec([
            [0x00] + offset + [0x02, 0xAA, 0xBB],
            [0x01, 0x01, 0xCC],
            [0x02, 0x01] + offset + [0x00],
        ]))))
        #expect(module.data.count == 3)
        #expect(module.data.map { Array(module.bytes[$0.bytes]) } == [[0xAA, 0xBB], [0xCC], []])
        guard case .active(let memory0, let offset0) = module.data[0].mode,
              case .active(let memory2, _) = module.data[2].mode else {
            Issue.record("segments 0 and 2 are not active")
            return
        }
        #expect(memory0 == 0 && memory2 == 1)
        #expect(offset0.instructions.first?.bits == 8)
        #expect(module.data[1].mode == .passive)
        expectDecodeError(WasmBytes.module(WasmBytes.section(11, WasmBytes.vec([[0x03, 0x00]]))), "malformed data segment kind", offset: 11)
        expectDecodeError(WasmBytes.module(WasmBytes.section(11, WasmBytes.vec([[0x01, 0x05, 0x00]]))), "unexpected end of section or function")
        expectDecodeError(WasmBytes.module(WasmBytes.section(11, [0x01, 0x01, 0x01, 0x00, 0x00])), "section size mismatch")
    }

    @Test("Code section: locals and code ranges")
    func code() throws {
        let body: [UInt8] = [0x03, 0x02, 0x7F, 0x00, 0x7E, 0x01, 0x7D, 0x01, 0x0B]
        let bytes = WasmBytes.module(
            WasmBytes.section(1, WasmBytes.vec([[0x60, 0x00, 0x00]])),
            WasmBytes.section(3, WasmBytes.vec([[0x00], [0x00]])),
            WasmBytes.section(10, WasmBytes.vec([[0x02, 0x00, 0x0B], WasmBytes.unsigned(UInt64(body.count)) + body])))
        let module = try decodeModule(bytes)
        #expect(module.functionTypeIndices == [0, 0])
        #expect(module.bodies.count == 2)
        #expect(module.bodies[0].locals.isEmpty)
        #expect(Array(module.bytes[module.bodies[0].code]) == [0x0B])
        #expect(module.bodies[1].locals == [.i32, .i32, .f32])
        #expect(Array(module.bytes[module.bodies[1].code]) == [0x01, 0x0B])
        // Body size past the section, locals past the body, missing body.
        expectDecodeError(WasmBytes.module(WasmBytes.oneType, WasmBytes.oneFunction, WasmBytes.section(10, [0x01, 0x05, 0x00, 0x0B])), "unexpected end of section or function")
        expectDecodeError(WasmBytes.module(WasmBytes.oneType, WasmBytes.oneFunction, WasmBytes.section(10, [0x01, 0x02, 0x01, 0x01])), "unexpected end of section or function")
        expectDecodeError(WasmBytes.module(WasmBytes.oneType, WasmBytes.oneFunction, WasmBytes.section(10, [0x01])), "unexpected end of section or function")
        expectDecodeError(WasmBytes.module(WasmBytes.oneType, WasmBytes.oneFunction, WasmBytes.section(10, [0x01, 0x04, 0x01, 0x01, 0x40, 0x0B])), "malformed value type")
    }

    @Test("Too many locals")
    func tooManyLocals() throws {
        func body(_ groups: [[UInt8]]) -> [UInt8] {
            let content = WasmBytes.vec(groups) + [0x0B]
            return WasmBytes.module(WasmBytes.oneType, WasmBytes.oneFunction, WasmBytes.section(10, WasmBytes.vec([WasmBytes.unsigned(UInt64(content.count)) + content])))
        }
        let limit = UInt64(DecoderLimits.maxLocalsPerFunction)
        let atLimit = try decodeModule(body([WasmBytes.unsigned(limit - 1) + [0x7F], [0x01, 0x7E]]))
        #expect(atLimit.bodies.first?.locals.count == Int(limit))
        #expect(atLimit.bodies.first?.locals.last == .i64)
        expectDecodeError(body([WasmBytes.unsigned(limit) + [0x7F], [0x01, 0x7E]]), "too many locals", offset: 22)
        // Over 2^32-1 in total (binary.wast).
        expectDecodeError(body([[0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F], [0x02, 0x7E]]), "too many locals")
        let quarter: [UInt8] = [0x80, 0x80, 0x80, 0x80, 0x04]
        expectDecodeError(body([quarter + [0x7F], quarter + [0x7E], quarter + [0x7D], quarter + [0x7C]]), "too many locals")
        // A count that is not a u32.
        expectDecodeError(body([[0x80, 0x80, 0x80, 0x80, 0x10, 0x7F]]), "integer too large")
    }

    @Test("Name section: function names; a malformed one is ignored")
    func names() throws {
        let functionNames = WasmBytes.vec([[0x00] + WasmBytes.name("first"), [0x02] + WasmBytes.name("third")])
        let good = WasmBytes.section(0, WasmBytes.name("name") + [0x00] + WasmBytes.name("mod")
            + [0x01] + WasmBytes.unsigned(UInt64(functionNames.count)) + functionNames
            + [0x02, 0x01, 0x00])
        let module = try decodeModule(WasmBytes.module(good))
        #expect(module.functionNames == [0: "first", 2: "third"])
        #expect(module.customSections.map(\.name) == ["name"])

        let unordered = WasmBytes.vec([[0x02] + WasmBytes.name("b"), [0x01] + WasmBytes.name("a")])
        let badOrder = WasmBytes.section(0, WasmBytes.name("name") + [0x01] + WasmBytes.unsigned(UInt64(unordered.count)) + unordered)
        #expect(try decodeModule(WasmBytes.module(badOrder)).functionNames.isEmpty)
        let badUTF8 = WasmBytes.section(0, WasmBytes.name("name") + [0x01, 0x04, 0x01, 0x00, 0x01, 0xFF])
        #expect(try decodeModule(WasmBytes.module(badUTF8)).functionNames.isEmpty)
        let truncated = WasmBytes.section(0, WasmBytes.name("name") + [0x01, 0x09, 0x05])
        #expect(try decodeModule(WasmBytes.module(truncated)).functionNames.isEmpty)
        // A malformed custom section name is still an error.
        expectDecodeError(WasmBytes.module(WasmBytes.section(0, [0x01, 0xFF])), "malformed UTF-8 encoding")
    }
}
