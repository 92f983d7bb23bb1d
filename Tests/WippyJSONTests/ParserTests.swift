import Testing
import WippyJSON

@Suite("Parsing valid documents")
struct ParserTests {
    @Test func scalars() throws {
        #expect(try JSONValue.parse("null") == .null)
        #expect(try JSONValue.parse("true") == .bool(true))
        #expect(try JSONValue.parse(" false ") == .bool(false))
        #expect(try JSONValue.parse("\"hi\"") == .string("hi"))
        #expect(try JSONValue.parse("-12.5e+3").numberValue?.text == "-12.5e+3")
        #expect(try JSONValue.parse("0") == .number(JSONNumber(0)))
    }

    @Test func structureAndAccessors() throws {
        let value = try JSONValue.parse(#"""
        {
          "name": "add",
          "args": [{"type": "i32", "value": "1"}, {"type": "i32", "value": "2"}],
          "line": 17,
          "flag": true,
          "none": null,
          "empty": {},
          "list": []
        }
        """#)
        #expect(value["name"]?.stringValue == "add")
        #expect(value["args"]?[1]?["value"]?.stringValue == "2")
        #expect(value["args"]?[2] == nil)
        #expect(value["args"]?[-1] == nil)
        #expect(value["line"]?.numberValue?.int64 == 17)
        #expect(value["flag"]?.boolValue == true)
        #expect(value["none"]?.isNull == true)
        #expect(value["empty"]?.objectValue?.isEmpty == true)
        #expect(value["list"]?.arrayValue == [])
        #expect(value["missing"] == nil)
        #expect(value.objectValue?.keys == ["name", "args", "line", "flag", "none", "empty", "list"])
        #expect(value["name"]?["x"] == nil)
        #expect(value[0] == nil)
    }

    @Test func allWhitespaceKinds() throws {
        let value = try JSONValue.parse(" \t\r\n[ \t\r\n1 \t\r\n, \t\r\n{ \"a\" \n: \n2 } ] \n")
        #expect(value == [1, ["a": 2]])
    }

    @Test func byteInputs() throws {
        let bytes = Array(#"{"a":[1,2,"x"]}"#.utf8)
        let expected: JSONValue = ["a": [1, 2, "x"]]
        #expect(try JSONValue.parse(bytes) == expected)
        #expect(try JSONValue.parse(bytes[...]) == expected)
        #expect(try JSONValue.parse(bytes.lazy.map { $0 }) == expected)  // non-contiguous
        #expect(try JSONParser().parse(#"{"a":[1,2,"x"]}"#.utf8) == expected)
    }

    @Test func stringEscapes() throws {
        let value = try JSONValue.parse(#""a\"b\\c\/d\be\ff\ng\rh\ti\u0041\u00e9\u4e2d\u0000""#)
        #expect(value == .string("a\"b\\c/d\u{8}e\u{C}f\ng\rh\ti" + "A\u{E9}\u{4E2D}\u{0}"))
    }

    @Test func surrogatePairs() throws {
        #expect(try JSONValue.parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try JSONValue.parse(#""x\uD834\uDD1Ey""#) == .string("x𝄞y"))
        #expect(try JSONValue.parse(#""\uDBFF\uDFFF""#) == .string("\u{10FFFF}"))
        #expect(try JSONValue.parse(#""\uD800\uDC00""#) == .string("\u{10000}"))
    }

    @Test func rawUTF8() throws {
        #expect(try JSONValue.parse("\"héllo 中文 😀\"") == .string("héllo 中文 😀"))
        #expect(try JSONValue.parse([0x22, 0xF4, 0x8F, 0xBF, 0xBF, 0x22]) == .string("\u{10FFFF}"))
        #expect(try JSONValue.parse([0x22, 0xEF, 0xBF, 0xBF, 0x22]) == .string("\u{FFFF}"))
    }

    @Test func bigIntegers() throws {
        let max = try JSONValue.parse("18446744073709551615")
        #expect(max.numberValue?.uint64 == UInt64.max)
        #expect(max.numberValue?.int64 == nil)
        #expect(max.serialized() == "18446744073709551615")

        let min = try JSONValue.parse("-9223372036854775808")
        #expect(min.numberValue?.int64 == Int64.min)
        #expect(min.numberValue?.uint64 == nil)
        #expect(min.serialized() == "-9223372036854775808")

        let huge = "123456789012345678901234567890.123456789012345678901234567890e-7"
        #expect(try JSONValue.parse("[\(huge)]").serialized() == "[\(huge)]")
    }

    @Test func duplicateKeysKeepAllPairsAndLookupSeesLast() throws {
        let value = try JSONValue.parse(#"{"a":1,"b":2,"a":3}"#)
        #expect(value.objectValue?.count == 3)
        #expect(value["a"] == 3)
        #expect(value.serialized() == #"{"a":1,"b":2,"a":3}"#)
    }

    @Test func largeObjectsUseIndexedLookup() throws {
        let members = (0 ..< 100).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        let value = try JSONValue.parse("{\(members)}")
        for index in 0 ..< 100 {
            #expect(value["k\(index)"]?.numberValue?.int64 == Int64(index))
        }
        #expect(value["k100"] == nil)
    }

    @Test func nestingUpToTheLimitIsAccepted() throws {
        let depth = JSONParser.defaultMaxDepth
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var value = try JSONValue.parse(text)
        var levels = 0
        while case .array(let inner) = value {
            levels += 1
            value = inner.first ?? .null
        }
        #expect(levels == depth)

        let objects = String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)
        #expect(throws: Never.self) { try JSONValue.parse(objects) }
    }

    @Test func customDepthLimit() throws {
        let shallow = JSONParser(maxDepth: 2)
        #expect(try shallow.parse("[[1]]") == [[1]])
        #expect(throws: JSONError.self) { try shallow.parse("[[[1]]]") }
        #expect(try JSONParser(maxDepth: 0).parse("7") == 7)
        #expect(throws: JSONError.self) { try JSONParser(maxDepth: -5).parse("[]") }
    }
}
