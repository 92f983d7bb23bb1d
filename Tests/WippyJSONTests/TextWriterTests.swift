import Testing
import WippyJSON

/// `JSONTextWriter` writes what `JSONValue.serialized()` gives for the same value.
@Suite struct TextWriterTests {
    /// Writes `value` through the writer, the way an encoder walking it would.
    static func write(_ value: JSONValue, into writer: inout JSONTextWriter) {
        switch value {
        case .null: writer.writeNull()
        case .bool(let b): writer.writeBool(b)
        case .number(let n): writer.writeNumber(n)
        case .string(let s): writer.writeString(s)
        case .array(let items):
            writer.beginArray()
            for item in items { write(item, into: &writer) }
            writer.endArray()
        case .object(let object):
            writer.beginObject()
            for (key, item) in zip(object.keys, object.values) {
                writer.writeKey(key)
                write(item, into: &writer)
            }
            writer.endObject()
        }
    }

    @Test("Values of every kind, nested, empty and escaped, as the serializer writes them")
    func matchesSerializer() throws {
        let texts = [
            #"null"#, #"true"#, #"-12.5e3"#, #""""#, #"[]"#, #"{}"#, #"[[],{},[[]]]"#,
            #"{"a":[1,true,null,"x"],"b":{"c":{"d":[]}},"e":"\"\\\/\b\f\n\r\t\u0001\u001f é"}"#,
            #"[{"k":1},{"k":2},[3,[4,[5]]],"tail"]"#,
        ]
        for text in texts {
            let value = try JSONValue.parse(text)
            var writer = JSONTextWriter()
            Self.write(value, into: &writer)
            #expect(writer.bytes == value.serializedBytes(), "\(text)")
        }
    }

    @Test("Integers as JSONNumber spells them, at the extremes too")
    func integers() {
        var writer = JSONTextWriter()
        writer.beginArray()
        let signed: [Int64] = [0, 1, -1, 9, 10, -10, 99, 100, 1234567890, .max, .min]
        let unsigned: [UInt64] = [0, 7, 10, 18446744073709551615]
        for value in signed { writer.writeInteger(value) }
        for value in unsigned { writer.writeUnsigned(value) }
        writer.endArray()
        let expected = "[" + (signed.map { JSONNumber($0).text } + unsigned.map { JSONNumber($0).text }).joined(separator: ",") + "]"
        #expect(String(decoding: writer.bytes, as: UTF8.self) == expected)
    }

    @Test("A byte array in one pass, among other values")
    func byteArray() {
        var writer = JSONTextWriter()
        writer.beginArray()
        writer.writeNull()
        writer.writeByteArray([0, 9, 10, 99, 100, 255])
        writer.writeByteArray([])
        writer.writeBool(false)
        writer.endArray()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "[null,[0,9,10,99,100,255],[],false]")
        let all = (0 ... 255).map { UInt8($0) }
        var one = JSONTextWriter()
        one.writeByteArray(all)
        var each = JSONTextWriter()
        each.beginArray()
        for value in all { each.writeUnsigned(UInt64(value)) }
        each.endArray()
        #expect(one.bytes == each.bytes)
    }
}
