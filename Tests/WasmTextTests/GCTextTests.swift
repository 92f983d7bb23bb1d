import Foundation
import Testing
import WasmBinary
@testable import WasmText

/// The GC proposal's text forms: recursion groups, sub types, structs, arrays, field names and
/// the 0xFB instructions.
struct GCTextTests {
    private func encode(_ text: String) throws -> [UInt8] {
        try parseWAT(text)
    }

    @Test("Types: rec groups, sub types, struct fields and arrays are encoded as wasm-tools does")
    func typeDefinitions() throws {
        let binary = try encode("""
            (module
              (rec (type $a (sub (struct (field $x i8) (field (mut (ref null $b))))))
                   (type $b (sub final $a (struct (field i8) (field (mut (ref null $b)))))))
              (type $v (array (mut i16)))
              (type $f (sub final (func (param i32))))
              (rec))
            """)
        #expect(binary == [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
                           0x01, 0x1F, 0x04,
                           0x4E, 0x02,
                           0x50, 0x00, 0x5F, 0x02, 0x78, 0x00, 0x63, 0x01, 0x01,
                           0x4F, 0x01, 0x00, 0x5F, 0x02, 0x78, 0x00, 0x63, 0x01, 0x01,
                           0x5E, 0x77, 0x01,
                           0x60, 0x01, 0x7F, 0x00,
                           0x4E, 0x00])
        let module = try decodeModule(binary)
        #expect(module.definedTypes.count == 4)
        #expect(module.definedTypes[1].supertypes == [0])
    }

    @Test("Instructions: field names, nullable casts, br_on_cast flags")
    func instructions() throws {
        let binary = try encode("""
            (module
              (type $s (struct (field $x (mut i32)) (field $y i64)))
              (type $a (array (mut i8)))
              (data $d "abc")
              (func (param (ref null $s)) (result i32)
                (struct.set $s $x (local.get 0) (i32.const 1))
                (drop (struct.get $s $y (local.get 0)))
                (drop (ref.cast (ref null $s) (local.get 0)))
                (drop (ref.test (ref $s) (local.get 0)))
                (drop (array.new_data $a $d (i32.const 0) (i32.const 3)))
                (drop (array.new_fixed $a 2 (i32.const 1) (i32.const 2)))
                (drop (block (result (ref $s)) (br_on_cast 0 (ref null $s) (ref $s) (local.get 0)) (unreachable)))
                (i31.get_s (ref.i31 (i32.const 7)))))
            """)
        let module = try decodeModule(binary)
        guard let body = module.bodies.first else {
            Issue.record("no body")
            return
        }
        var decoder = InstructionDecoder(bytes: module.bytes, range: body.code)
        var seen: [String] = []
        while !decoder.isAtEnd {
            let ins = try decoder.next()
            switch ins.opcode {
            case .structSet, .structGet: seen.append("\(ins.opcode.name) \(ins.index) \(ins.index2)")
            case .refCastNull, .refTest: seen.append("\(ins.opcode.name) \(ins.heapType)")
            case .arrayNewData, .arrayNewFixed: seen.append("\(ins.opcode.name) \(ins.index) \(ins.index2)")
            case .brOnCast: seen.append("br_on_cast \(ins.index) \(ins.index2) \(ins.heapType2) \(ins.heapType)")
            case .refI31, .i31GetS: seen.append(ins.opcode.name)
            default: break
            }
        }
        #expect(seen == [
            "struct.set 0 0", "struct.get 0 1", "ref.cast_null 0", "ref.test 0",
            "array.new_data 1 0", "array.new_fixed 1 2", "br_on_cast 0 1 0 0",
            "ref.i31", "i31.get_s",
        ])
        #expect(module.dataCount == 1)
    }

    @Test("Errors: duplicate and unknown field names")
    func errors() {
        #expect(throws: WATError.self) {
            try encode("(module (type (struct (field $x i32) (field $x i32))))")
        }
        #expect(throws: WATError.self) {
            try encode("(module (type $s (struct (field $x i32))) (func (param (ref $s)) (result i32) (struct.get $s $y (local.get 0))))")
        }
        #expect(throws: WATError.self) {
            try encode("(module (rec (func)))")
        }
    }
}

/// Every module of the newest suite's GC scripts, parsed from the `.wast` text, decodes to the
/// same module as the suite's binary of it (made by `wasm-tools` from the same text).
@Suite(.enabled(if: SpecSuite.isAvailable, "\(SpecSuite.missing)"))
struct GCSpecRoundTripTests {
    static let scripts = [
        "array", "array_copy", "array_fill", "array_init_data", "array_init_elem", "array_new_data",
        "array_new_elem", "br_on_cast", "br_on_cast_fail", "extern", "i31", "ref_cast", "ref_eq", "ref_test",
        "struct", "type-canon", "type-equivalence", "type-rec", "type-subtyping", "binary-gc", "local_init",
        "ref", "ref_as_non_null", "ref_null", "br_on_null", "br_on_non_null", "call_ref", "return_call_ref",
        "table", "global", "elem", "linking", "select", "tag", "table_init",
    ]

    @Test("Text modules of the GC scripts decode to the same module as their binaries")
    func textMatchesBinary() throws {
        var compared = 0
        var failures: [String] = []
        for name in Self.scripts {
            guard let bytes = SpecSuite.script(name, root: SpecSuite.latest) else { continue }
            let script: WastScript
            do {
                script = try WastScript.parse(bytes: bytes)
            } catch {
                failures.append("\(name).wast: script: \(error)")
                continue
            }
            let binaries = SpecSuite.binaryModules(name, root: SpecSuite.latest)
            for command in script.commands {
                let module: WastModule
                switch command.kind {
                case .module(let m), .assertInvalid(let m, _), .assertUnlinkable(let m, _),
                     .assertUninstantiable(let m, _):
                    module = m
                default:
                    continue
                }
                guard let file = binaries[command.line], let reference = SpecSuite.bytes(file),
                      let expected = try? decodeModule(reference) else { continue }
                let actual: Module
                do {
                    actual = try decodeModule(try module.encode())
                } catch {
                    failures.append("\(name).wast:\(command.line): \(error)")
                    continue
                }
                compared += 1
                if let difference = NormalizedModule.difference(actual, expected) {
                    failures.append("\(name).wast:\(command.line): differs:\n\(difference)")
                }
            }
        }
        print("[GC round trip] modules compared: \(compared), differing or unreadable: \(failures.count)")
        #expect(compared > 300)
        #expect(failures.isEmpty, "\(failures.prefix(40).joined(separator: "\n"))")
    }
}
