import ComponentBinary
import ComponentModel
import Testing
import WippyJSON

/// JSON text written without a tree (`encodeText`) and the host-memory limit of both forms.
@Suite struct ComponentValueJSONLimitTests {
    static let bytesType = ResolvedValueType.list(.primitive(.u8))

    @Test("A list of bytes as text: the tree's text, and every byte value")
    func bytesAsText() throws {
        let bytes = (0 ... 255).map { UInt8($0) } + [0, 9, 10, 99, 100, 255]
        let text = try ComponentValueJSON.encodeText(.bytes(bytes), as: Self.bytesType)
        #expect(String(decoding: text, as: UTF8.self) == "[" + bytes.map { String($0) }.joined(separator: ",") + "]")
        #expect(text == (try ComponentValueJSON.encode(.bytes(bytes), as: Self.bytesType)).serializedBytes())
        #expect(try ComponentValueJSON.encodeText(.bytes([]), as: Self.bytesType) == Array("[]".utf8))
    }

    @Test("Nested values, escapes and extreme integers give the tree's text")
    func nestedText() throws {
        let type = ResolvedValueType.record([
            ResolvedField(label: "name", type: .primitive(.string)),
            ResolvedField(label: "sizes", type: .list(.tuple([.primitive(.s64), .primitive(.u64)]))),
            ResolvedField(label: "empty", type: .list(.primitive(.u32))),
            ResolvedField(label: "maybe", type: .option(.result(ok: .primitive(.f64), error: .primitive(.string)))),
        ])
        let value = ComponentValue.record([
            ("name", .string("a \"quoted\" \\ name\n\t\u{1}\u{1F}ünï and a string longer than fifteen bytes")),
            ("sizes", .list([.tuple([.s64(.min), .u64(.max)]), .tuple([.s64(-1), .u64(0)]), .tuple([.s64(9), .u64(10)])])),
            ("empty", .list([])),
            ("maybe", .option(.result(isOK: true, payload: .f64(-0.5)))),
        ])
        let tree = try ComponentValueJSON.encode(value, as: type)
        let text = try ComponentValueJSON.encodeText(value, as: type)
        #expect(String(decoding: text, as: UTF8.self) == tree.serialized())
        #expect(try JSONValue.parse(text) == tree)
    }

    @Test("A text encoding that fails reports the tree's error")
    func textErrors() {
        let type = ResolvedValueType.list(.primitive(.u32))
        let value = ComponentValue.list([.u32(1), .u32(2), .s32(3)])
        let tree = #expect(throws: ComponentValueError.self) { try ComponentValueJSON.encode(value, as: type) }
        let text = #expect(throws: ComponentValueError.self) { try ComponentValueJSON.encodeText(value, as: type) }
        #expect(tree == text)
        #expect(text?.path == "$[2]")
        #expect(text?.exceedsLimit == false)
    }

    @Test("Past the limit, the tree stops with exceedsLimit; within it, the value is whole")
    func treeLimit() throws {
        let node = MemoryLayout<JSONValue>.stride
        let bytes = [UInt8](repeating: 7, count: 1000)
        // A node for the array, 32 bytes of its storage's header, a node per byte.
        let exact = node + 32 + 1000 * node
        let fits = try ComponentValueJSON.encode(.bytes(bytes), as: Self.bytesType, limit: exact)
        #expect(fits.serialized().count == 1 + 2 * 1000)
        let over = #expect(throws: ComponentValueError.self) {
            try ComponentValueJSON.encode(.bytes(bytes), as: Self.bytesType, limit: exact - 1)
        }
        #expect(over?.exceedsLimit == true)
        #expect(over?.message == "the JSON form would take more than \(exact - 1) bytes of host memory")
        // Element by element (a list of u32): the error names the element that passed it.
        let numbers = ComponentValue.list((0 ..< 100).map { .u32(UInt32($0)) })
        let inList = #expect(throws: ComponentValueError.self) {
            try ComponentValueJSON.encode(.record([("n", numbers)]), as: .record([ResolvedField(label: "n", type: .list(.primitive(.u32)))]),
                                          limit: 50 * node)
        }
        #expect(inList?.exceedsLimit == true)
        #expect(inList?.path.hasPrefix("$.n[") == true)
    }

    @Test("Past the limit, the text stops with exceedsLimit; at it, the text is whole")
    func textLimit() throws {
        let bytes = [UInt8](repeating: 200, count: 1000)
        let whole = try ComponentValueJSON.encodeText(.bytes(bytes), as: Self.bytesType)
        #expect(whole.count == 2 + 1000 * 4 - 1)
        #expect(try ComponentValueJSON.encodeText(.bytes(bytes), as: Self.bytesType, limit: whole.count) == whole)
        let over = #expect(throws: ComponentValueError.self) {
            try ComponentValueJSON.encodeText(.bytes(bytes), as: Self.bytesType, limit: whole.count - 1)
        }
        #expect(over?.exceedsLimit == true)
        #expect(over?.message == "the JSON text would be longer than \(whole.count - 1) bytes")
        let strings = ComponentValue.list((0 ..< 10).map { _ in .string(String(repeating: "x", count: 100)) })
        let inList = #expect(throws: ComponentValueError.self) {
            try ComponentValueJSON.encodeText(strings, as: .list(.primitive(.string)), limit: 500)
        }
        #expect(inList?.path == "$[4]")
    }

    @Test("Decoding errors quote large input by its beginning")
    func decodingErrorsAreShort() throws {
        let long = String(repeating: "x", count: 1 << 20)
        func message(_ json: JSONValue, _ type: ResolvedValueType) -> String {
            do {
                _ = try ComponentValueJSON.decode(json, as: type)
                return ""
            } catch {
                return error.message
            }
        }
        let string = message(.string(long), .primitive(.u32))
        #expect(string.hasPrefix("expected u32 (an integer), found string \"xxx"))
        #expect(string.hasSuffix("…") && string.utf8.count < 200)
        let digits = try JSONValue.parse(String(repeating: "9", count: 100_000))
        let number = message(digits, .primitive(.u8))
        #expect(number.hasPrefix("999") && number.contains("… is out of range for u8") && number.utf8.count < 200)
        let record = ResolvedValueType.record([ResolvedField(label: "a", type: .primitive(.u32))])
        let key = message(.object(JSONObject([(key: "a", value: 1), (key: long + "\n", value: 2)])), record)
        #expect(key.hasPrefix("unknown field `xxx") && key.contains("…` (the record has: a)") && key.utf8.count < 200)
        let variant = ResolvedValueType.variant([ResolvedCase(label: "a", type: nil)])
        #expect(message(.object(JSONObject([(key: "b\nc", value: .null)])), variant).hasPrefix("unknown case `b\\nc` of "))
    }
}
