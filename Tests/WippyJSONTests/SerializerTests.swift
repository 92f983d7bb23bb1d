import Testing
import WippyJSON

@Suite("Serialization and round trips")
struct SerializerTests {
    @Test func compactForm() {
        let value: JSONValue = ["a": 1, "b": [true, .null]]
        #expect(value.serialized() == #"{"a":1,"b":[true,null]}"#)
        #expect(JSONValue.array([]).serialized() == "[]")
        #expect(JSONValue.object([:]).serialized() == "{}")
        #expect(JSONValue.null.serialized() == "null")
        #expect(JSONValue.bool(false).description == "false")
        #expect(JSONValue.number(JSONNumber(2.5)).serialized() == "2.5")
    }

    @Test func prettyForm() {
        let value: JSONValue = ["a": 1, "b": [true, .null], "c": [:], "d": [], "e": ["f": "g"]]
        let expected = """
        {
          "a": 1,
          "b": [
            true,
            null
          ],
          "c": {},
          "d": [],
          "e": {
            "f": "g"
          }
        }
        """
        #expect(value.serialized(pretty: true) == expected)
        #expect(JSONValue.string("x").serialized(pretty: true) == #""x""#)
    }

    @Test func stringEscaping() {
        let value = JSONValue.string("q\"b\\s/ \u{8}\u{C}\n\r\t\u{0}\u{1F}\u{7F} é中😀")
        #expect(value.serialized() == #""q\"b\\s/ \b\f\n\r\t\u0000\u001f"# + "\u{7F} é中😀\"")
        #expect(JSONValue.string("\u{1}\u{1A}").serialized() == #""\u0001\u001a""#)
        #expect(Array(JSONValue.string("é").serializedBytes()) == [0x22, 0xC3, 0xA9, 0x22])
    }

    @Test func keysAreEscaped() {
        let value: JSONValue = ["a\"b": 1, "\n": 2]
        #expect(value.serialized() == #"{"a\"b":1,"\n":2}"#)
    }

    static let documents: [String] = [
        "null", "true", "false", "0", "-0", "-0.0", "1e5", "1E-5", "2.5e+10", "\"\"",
        #"{"a":1,"b":[true,null]}"#,
        #"[1,-2,3.25,"x",{"y":[[],{}]},false]"#,
        #"{"z":1,"a":2,"m":{"q":"\u0001\"\\"}}"#,
        #"["\ud83d\ude00","é"]"#,
        #"[18446744073709551615,-9223372036854775808,1.0000000000000000000000001]"#,
        #"{"module":"a.wasm","commands":[{"type":"assert_return","line":3,"action":{"type":"invoke","field":"f","args":[{"type":"i64","value":"18446744073709551615"}]},"expected":[{"type":"i64","value":"1"}]}]}"#,
    ]

    @Test(arguments: documents)
    func roundTrips(document: String) throws {
        let value = try JSONValue.parse(document)
        let compact = value.serialized()
        #expect(try JSONValue.parse(compact) == value)
        #expect(try JSONValue.parse(value.serialized(pretty: true)) == value)
        #expect(try JSONValue.parse(value.serializedBytes()) == value)
        if !document.contains("\\u") {
            #expect(compact == document)  // already canonical
        }
    }

    @Test func prettyInputReSerializesCompactly() throws {
        let value = try JSONValue.parse("{\n  \"a\" : [ 1 , 2 ] ,\n  \"b\" : { }\n}\n")
        #expect(value.serialized() == #"{"a":[1,2],"b":{}}"#)
    }
}
