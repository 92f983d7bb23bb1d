/// Writes compact JSON text value by value, without building a ``JSONValue`` tree first.
///
/// The text is what ``JSONValue/serialized(pretty:)`` gives for the same value in compact form
/// (no whitespace, the same string escapes, numbers as their text), so a large result costs
/// its text and no tree. Commas between the elements of an array and the members of an object
/// are written by the writer; inside an object the caller writes each member's key
/// (``writeKey(_:)``) before its value.
///
/// ```swift
/// var writer = JSONTextWriter()
/// writer.beginObject()
/// writer.writeKey("a")
/// writer.beginArray()
/// writer.writeInteger(1)
/// writer.writeBool(true)
/// writer.endArray()
/// writer.endObject()
/// writer.bytes   // the UTF-8 of {"a":[1,true]}
/// ```
public struct JSONTextWriter: Sendable {
    /// The text written so far, UTF-8.
    public private(set) var bytes: [UInt8] = []
    /// Whether the next value or key follows another in its array or object (a comma first).
    private var afterValue = false

    /// Creates a writer with no text.
    public init() {}

    /// Writes `null`.
    public mutating func writeNull() {
        separate()
        bytes.append(contentsOf: "null".utf8)
    }

    /// Writes `true` or `false`.
    public mutating func writeBool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: value ? "true".utf8 : "false".utf8)
    }

    /// Writes a number as its text.
    public mutating func writeNumber(_ number: JSONNumber) {
        separate()
        bytes.append(contentsOf: number.text.utf8)
    }

    /// Writes a signed integer in decimal (as ``JSONNumber/init(_:)-(Int64)`` spells it).
    public mutating func writeInteger(_ value: Int64) {
        separate()
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(value.magnitude)
    }

    /// Writes an unsigned integer in decimal.
    public mutating func writeUnsigned(_ value: UInt64) {
        separate()
        appendDigits(value)
    }

    /// Writes an array of the numbers in `values` (`[0,7,255]`): what an array of
    /// ``writeUnsigned(_:)`` calls gives, in one pass. Its text is at most `4 * values.count + 1`
    /// bytes.
    public mutating func writeByteArray(_ values: [UInt8]) {
        separate()
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: 4 &* values.count &+ 2))
        let end = bytes.withUnsafeMutableBufferPointer { buffer -> Int in
            guard let base = buffer.baseAddress else { return start }
            var out = base + start
            out.pointee = UInt8(ascii: "[")
            out += 1
            for (index, value) in values.enumerated() {
                if index > 0 {
                    out.pointee = UInt8(ascii: ",")
                    out += 1
                }
                if value >= 100 {
                    out.pointee = UInt8(ascii: "0") &+ value / 100
                    out += 1
                }
                if value >= 10 {
                    out.pointee = UInt8(ascii: "0") &+ value / 10 % 10
                    out += 1
                }
                out.pointee = UInt8(ascii: "0") &+ value % 10
                out += 1
            }
            out.pointee = UInt8(ascii: "]")
            return out - base + 1
        }
        bytes.removeLast(bytes.count &- end)
    }

    /// Writes a string, quoted and escaped as ``JSONValue/serialized(pretty:)`` escapes it.
    public mutating func writeString(_ string: String) {
        separate()
        JSONEscaping.appendQuoted(string, to: &bytes)
    }

    /// Starts an array; its elements follow, then ``endArray()``.
    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        afterValue = false
    }

    /// Ends the array started last.
    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        afterValue = true
    }

    /// Starts an object; its members follow (each a key, then its value), then ``endObject()``.
    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        afterValue = false
    }

    /// Writes the key of the object member whose value is written next.
    public mutating func writeKey(_ key: String) {
        separate()
        JSONEscaping.appendQuoted(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        afterValue = false
    }

    /// Ends the object started last.
    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        afterValue = true
    }

    /// A comma when a value came before in the same array or object; marks that one comes now.
    @inline(__always)
    private mutating func separate() {
        if afterValue { bytes.append(UInt8(ascii: ",")) }
        afterValue = true
    }

    /// The decimal digits of `value`, most significant first.
    private mutating func appendDigits(_ value: UInt64) {
        guard value >= 10 else {
            bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for UInt64.max's 20
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0 {
                count &+= 1
                buffer[24 &- count] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(24 &- count)...]))
        }
    }
}

/// The string escapes of JSON text (RFC 8259), shared by ``JSONTextWriter`` and the
/// serializer of ``JSONValue`` trees.
enum JSONEscaping {
    /// Appends `string` quoted: `"` and `\` get a backslash, backspace, form feed, newline,
    /// carriage return and tab their short escapes, other control characters `\u00XX`, and
    /// everything else is copied as UTF-8.
    static func appendQuoted(_ string: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { appendEscaped($0, to: &output) }
        output.append(UInt8(ascii: "\""))
    }

    static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        var runStart = 0
        for index in bytes.indices {
            let byte = bytes[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            if runStart < index {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart ..< index]))
            }
            runStart = index + 1
            output.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""): output.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): output.append(UInt8(ascii: "\\"))
            case 0x08: output.append(UInt8(ascii: "b"))
            case 0x0C: output.append(UInt8(ascii: "f"))
            case 0x0A: output.append(UInt8(ascii: "n"))
            case 0x0D: output.append(UInt8(ascii: "r"))
            case 0x09: output.append(UInt8(ascii: "t"))
            default:
                let low = byte & 0x0F
                output.append(contentsOf: "u00".utf8)
                output.append(UInt8(ascii: "0") + (byte >> 4))
                output.append(low < 10 ? UInt8(ascii: "0") + low : UInt8(ascii: "a") + low - 10)
            }
        }
        if runStart < bytes.count {
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart ..< bytes.count]))
        }
    }
}
