import Testing
import WasmBinary
@testable import WasmText

/// The sections of a module binary in order: a section's id, or `custom:NAME` for a custom one.
private func sections(_ bytes: [UInt8]) throws -> [String] {
    var reader = ByteReader(bytes: bytes)
    reader.offset = 8
    var out: [String] = []
    while !reader.isAtEnd {
        let id = try reader.readByte()
        let size = Int(try reader.readU32())
        let content = try reader.readRange(size)
        if id == 0 {
            var inner = ByteReader(bytes: bytes, range: content)
            out.append("custom:" + (try inner.readName()))
        } else {
            out.append("\(id)")
        }
    }
    return out
}

/// The content (after the name) of the custom section `name` of a module binary.
private func customContent(_ bytes: [UInt8], _ name: String) throws -> [UInt8]? {
    let m = try decodeModule(bytes)
    guard let section = m.customSections.first(where: { $0.name == name }) else { return nil }
    return Array(bytes[section.content])
}

/// `@custom` annotations: custom sections where their placement puts them.
@Suite struct CustomAnnotationTests {
    @Test func placementFollowsTheSpecificationsExample() throws {
        // The example of the specification's appendix on custom annotations; `wasm-tools parse`
        // writes the same order.
        let bytes = try parseWAT("""
            (module
              (@custom "A" "aaa")
              (type $t (func))
              (@custom "B" (after func) "bbb")
              (@custom "C" (before func) "ccc")
              (@custom "D" (after last) "ddd")
              (table 10 funcref)
              (func (type $t))
              (@custom "E" (after import) "eee")
              (@custom "F" (before type) "fff")
              (@custom "G" (after data) "ggg")
              (@custom "H" (after code) "hhh")
              (@custom "I" (after func) "iii")
              (@custom "J" (before func) "jjj")
              (@custom "K" (before first) "kkk")
              (@custom "N" (after memory) "nnn")
              (@custom "M" (before tag) "mmm")
              (@custom "L" (after start) "lll")
              (@custom "O" (after datacount) "ooo")
            )
            """)
        #expect(try sections(bytes) == [
            "custom:K", "custom:F", "1", "custom:E", "custom:C", "custom:J", "3", "custom:B", "custom:I",
            "4", "custom:N", "custom:M", "custom:L", "custom:O", "10", "custom:H", "custom:G", "custom:A",
            "custom:D",
        ])
        #expect(try customContent(bytes, "K") == Array("kkk".utf8))
    }

    @Test func contentIsTheConcatenatedStrings() throws {
        let bytes = try parseWAT(#"(@custom "s4" "" "1" "" "2" "3" "") (@custom "") (@custom "x" (after type) "\00\ff")"#)
        #expect(try sections(bytes) == ["custom:x", "custom:s4", "custom:"])
        #expect(try customContent(bytes, "s4") == Array("123".utf8))
        #expect(try customContent(bytes, "") == [])
        #expect(try customContent(bytes, "x") == [0, 0xFF])
    }

    @Test func customSectionsKeepTheirTextOrderAtOnePlace() throws {
        let bytes = try parseWAT("""
            (module (type $t (func))
              (@custom "s1" "1") (@custom "s2" (before global) "2") (@custom "s1" "3")
              (func) (@custom "s2" (before global) "4") (global i32 (i32.const 0)))
            """)
        #expect(try sections(bytes) == ["1", "3", "custom:s2", "custom:s2", "6", "10", "custom:s1", "custom:s1"])
    }

    @Test func otherAnnotationsAreSkipped() throws {
        let bytes = try parseWAT(#"(module (@foo (@custom "x")) (func (@bar 1 (2) "3") nop) (@a) (@"custom2" "y"))"#)
        #expect(try sections(bytes) == ["1", "3", "10"])
        let quoted = try parseWAT(#"(module (@"custom" "q" "z"))"#)
        #expect(try sections(quoted) == ["custom:q"])
    }

    @Test(arguments: [
        ("(@custom)", "@custom annotation: missing section name"),
        ("(@custom 4)", "@custom annotation: missing section name"),
        ("(@custom bla)", "@custom annotation: missing section name"),
        (#"(@custom "\df")"#, "@custom annotation: malformed UTF-8 encoding"),
        (#"(@custom "bla" here)"#, "@custom annotation: unexpected token"),
        (#"(@custom "bla" after)"#, "@custom annotation: unexpected token"),
        (#"(@custom "bla" (after))"#, "@custom annotation: malformed section kind"),
        (#"(@custom "bla" (type))"#, "@custom annotation: malformed placement"),
        (#"(@custom "bla" (aft type))"#, "@custom annotation: malformed placement"),
        (#"(@custom "bla" (before types))"#, "@custom annotation: malformed section kind"),
        (#"(@custom "bla" (before type code))"#, "@custom annotation: unexpected token"),
        (#"(@custom "bla" "x" (after type))"#, "@custom annotation: unexpected token"),
        (#"(type (@custom "bla") $t (func))"#, "misplaced @custom annotation"),
        (#"(func (@custom "bla"))"#, "misplaced @custom annotation"),
        (#"(func (block (@custom "bla")))"#, "misplaced @custom annotation"),
        (#"(func (nop (@custom "bla")))"#, "misplaced @custom annotation"),
        (#"(module (memory 1) (data (@custom "bla") "x"))"#, "misplaced @custom annotation"),
    ])
    func message(text: String, message: String) {
        #expect(parseError(text)?.message == message, "\(text)")
    }

    @Test func errorsInFieldsComeFirst() {
        #expect(parseError(#"(@custom) (func i32.bogus)"#)?.message == "unknown operator")
    }

    @Test func deeplyNestedContentsDoNotRecurse() {
        let depth = 200_000
        let text = #"(@custom "a" "# + String(repeating: "(", count: depth) + String(repeating: ")", count: depth + 1)
        #expect(parseError(text)?.message == "@custom annotation: malformed placement")
    }
}

/// `@name` annotations: names in the `name` section.
@Suite struct NameAnnotationTests {
    @Test func moduleFunctionAndTagNames() throws {
        let bytes = try parseWAT("""
            (module $moduel (@name "Modül")
              (type $t (func))
              (import "m" "t" (tag $it (@name "imported tag")))
              (import "m" "f" (func (@name "impf")))
              (func (@name "λ") (type $t))
              (func $lambda (@name "λ2") (type $t))
              (func $plain)
              (tag (@name "θ") (type $t))
              (tag $t3)
              (func $p (param $x (@name "xx") i32) (local $y (@name "yy") i32))
            )
            """)
        let m = try decodeModule(bytes)
        #expect(m.functionNames == [0: "impf", 1: "λ", 2: "λ2", 3: "plain", 4: "p"])
        var expected: [UInt8] = []
        func name(_ s: String) { expected.append(UInt8(s.utf8.count)); expected.append(contentsOf: s.utf8) }
        // Subsection 0: the module name.
        expected.append(0)
        expected.append(UInt8("Modül".utf8.count + 1))
        name("Modül")
        // A name map subsection: its id, its size, the count, then (index, name) pairs.
        func nameMap(_ id: UInt8, _ entries: [(Int, String)]) {
            var content: [UInt8] = [UInt8(entries.count)]
            for (index, text) in entries {
                content.append(UInt8(index))
                content.append(UInt8(text.utf8.count))
                content.append(contentsOf: text.utf8)
            }
            expected.append(id)
            expected.append(UInt8(content.count))
            expected.append(contentsOf: content)
        }
        // Subsection 1: function names.
        nameMap(1, [(0, "impf"), (1, "λ"), (2, "λ2"), (3, "plain"), (4, "p")])
        // Subsection 11: tag names.
        nameMap(11, [(0, "imported tag"), (1, "θ"), (2, "t3")])
        #expect(try customContent(bytes, "name") == expected)
        #expect(try sections(bytes).last == "custom:name")
    }

    @Test func moduleNameComesFromTheAnnotation() throws {
        let annotated = try parseWAT(#"(module (@name "Modül"))"#)
        #expect(try customContent(annotated, "name") == [0, 7, 6] + Array("Modül".utf8))
        let both = try parseWAT(#"(module $m (@name "N"))"#)
        #expect(try customContent(both, "name") == [0, 2, 1, UInt8(ascii: "N")])
    }

    @Test(arguments: [
        (#"(module (@name "M1") (@name "M2"))"#, "@name annotation: multiple module names"),
        (#"(module (func) (@name "M"))"#, "misplaced @name annotation"),
        (#"(module (start $f (@name "M")) (func $f))"#, "misplaced @name annotation"),
        (#"(module (func $f (type 0) (@name "M")) (type (func)))"#, "misplaced @name annotation"),
        (#"(func (nop (@name "x")))"#, "misplaced @name annotation"),
        (#"(memory (@name "x") 1)"#, "misplaced @name annotation"),
        (#"(func (@name "a") (@name "b"))"#, "@name annotation: multiple function names"),
        (#"(tag (@name "a") (@name "b"))"#, "@name annotation: multiple tag names"),
        (#"(func (@name))"#, "@name annotation: string expected"),
        (#"(func (@name x))"#, "@name annotation: string expected"),
        (#"(func (@name "a" "b"))"#, "@name annotation: unexpected token"),
        (#"(func (@name "\ff"))"#, "malformed UTF-8 encoding"),
    ])
    func message(text: String, message: String) {
        #expect(parseError(text)?.message == message, "\(text)")
    }
}

/// `@metadata.code.branch_hint` annotations: the branch-hint section.
@Suite struct BranchHintAnnotationTests {
    @Test func hintsOnFlatAndFoldedBranches() throws {
        let bytes = try parseWAT("""
            (module
              (@custom "X" (before code) "x")
              (func $a (param i32)
                local.get 0
                (@metadata.code.branch_hint "\\01") if end
                (@metadata.code.branch_hint "\\00") (br_if 0 (local.get 0))
                (@metadata.code.branch_hint "\\01") (if (local.get 0) (then))
                (@metadata.code.branch_hint "\\01") (i32.eqz (local.get 0)) drop
              )
              (func)
              (func (param i32) (block (local.get 0) (@metadata.code.branch_hint "\\00" "") (br_if 0)))
            )
            """)
        // What `wasm-tools parse` writes: the section just before the code section; offsets from
        // the start of each body (its local declarations); a hint on anything else (`i32.eqz`)
        // is written too (the section is then invalid, not the text malformed).
        #expect(try sections(bytes) == ["1", "3", "custom:X", "custom:metadata.code.branch_hint", "10", "custom:name"])
        #expect(try customContent(bytes, "metadata.code.branch_hint") == [
            2,
            0, 4, 3, 1, 1, 8, 1, 0, 0x0C, 1, 1, 0x11, 1, 1,
            2, 1, 5, 1, 0,
        ])
    }

    @Test func nestedFoldedIfs() throws {
        let bytes = try parseWAT("""
            (func $dummy)
            (func (param i32 i32) (result i32)
              (@metadata.code.branch_hint "\\00")
              (if (result i32) (local.get 0)
                (then
                  (if (local.get 1) (then (call $dummy)))
                  (@metadata.code.branch_hint "\\01")
                  (if (result i32) (local.get 1) (then (i32.const 9)) (else (i32.const 10))))
                (else (i32.const 11))))
            """)
        // 00 | 20 00 04 7f | 20 01 04 40 10 00 0b | 20 01 04 7f 41 09 05 41 0a 0b | 05 ...
        #expect(try customContent(bytes, "metadata.code.branch_hint") == [1, 1, 2, 3, 1, 0, 0x0E, 1, 1])
    }

    @Test func manyHintsInOneFunction() throws {
        let count = 20_000
        let hinted = String(repeating: #"(@metadata.code.branch_hint "\01") (br_if 0 (i32.const 1)) "#, count: count)
        let bytes = try parseWAT("(func \(hinted)) (func (block \(hinted)))")
        let content = try #require(try customContent(bytes, "metadata.code.branch_hint"))
        var reader = ByteReader(bytes: content)
        #expect(try reader.readU32() == 2)
        #expect(try reader.readU32() == 0)
        #expect(try reader.readU32() == UInt32(count))
        // br_if 0 (i32.const 1): 41 01 0d 00; the first br_if is at 1 + 2 (after the locals byte).
        #expect(try reader.readU32() == 3)
    }

    @Test(arguments: [
        (#"(func i32.const 0 (@metadata.code.branch_hint "\01") (@metadata.code.branch_hint "\01") if end)"#,
         "@metadata.code.branch_hint annotation: duplicate annotation"),
        (#"(@metadata.code.branch_hint "\01") (func)"#, "@metadata.code.branch_hint annotation: not in a function"),
        (#"(global i32 (@metadata.code.branch_hint "\01") (i32.const 0))"#,
         "@metadata.code.branch_hint annotation: not in a function"),
        (#"(func (import "m" "f") (@metadata.code.branch_hint "\01"))"#,
         "@metadata.code.branch_hint annotation: not in a function"),
        (#"(func i32.const 0 (@metadata.code.branch_hint "\02") if end)"#,
         "@metadata.code.branch_hint annotation: invalid hint value"),
        (#"(func i32.const 0 (@metadata.code.branch_hint "\00\01") if end)"#,
         "@metadata.code.branch_hint annotation: invalid hint value"),
        (#"(func i32.const 0 (@metadata.code.branch_hint 1) if end)"#,
         "@metadata.code.branch_hint annotation: unexpected token"),
        (#"(func nop (@metadata.code.branch_hint "\01"))"#, "@metadata.code.branch_hint annotation: invalid placement"),
    ])
    func message(text: String, message: String) {
        #expect(parseError(text)?.message == message, "\(text)")
    }
}
