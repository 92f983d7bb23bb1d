extension JSONValue {
    /// Serializes the value as JSON text.
    ///
    /// The compact form has no whitespace (`{"a":1,"b":[true,null]}`); the
    /// pretty form puts each array element and object member on its own line,
    /// indented by two spaces per level, with `": "` after keys and no
    /// trailing newline. Empty arrays and objects are written `[]` and `{}`.
    ///
    /// Strings are escaped per RFC 8259: `"` and `\` get a backslash, the
    /// control characters backspace, form feed, newline, carriage return and
    /// tab use their short escapes (`\b`, `\f`, `\n`, `\r`, `\t`), other
    /// control characters are written `\u00XX`, and everything else, including
    /// non-ASCII text, is written as UTF-8. Numbers are written as their text.
    ///
    /// - Parameter pretty: Whether to produce indented, multi-line output.
    /// - Returns: The JSON text.
    public func serialized(pretty: Bool = false) -> String {
        String(decoding: serializedBytes(pretty: pretty), as: UTF8.self)
    }

    /// Serializes the value as UTF-8 encoded JSON text; see
    /// ``serialized(pretty:)`` for the format.
    ///
    /// - Parameter pretty: Whether to produce indented, multi-line output.
    /// - Returns: The UTF-8 bytes of the JSON text.
    public func serializedBytes(pretty: Bool = false) -> [UInt8] {
        var serializer = JSONSerializer(pretty: pretty)
        serializer.write(self, depth: 0)
        return serializer.output
    }
}

/// Writes ``JSONValue`` trees as JSON text into a byte buffer.
struct JSONSerializer {
    let pretty: Bool
    var output: [UInt8] = []

    init(pretty: Bool) {
        self.pretty = pretty
        output.reserveCapacity(256)
    }

    mutating func write(_ value: JSONValue, depth: Int) {
        switch value {
        case .null:
            output.append(contentsOf: "null".utf8)
        case .bool(let bool):
            output.append(contentsOf: bool ? "true".utf8 : "false".utf8)
        case .number(let number):
            output.append(contentsOf: number.text.utf8)
        case .string(let string):
            writeString(string)
        case .array(let array):
            guard !array.isEmpty else {
                output.append(contentsOf: "[]".utf8)
                return
            }
            output.append(UInt8(ascii: "["))
            for (position, element) in array.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                newline(depth: depth + 1)
                write(element, depth: depth + 1)
            }
            newline(depth: depth)
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            guard !object.isEmpty else {
                output.append(contentsOf: "{}".utf8)
                return
            }
            output.append(UInt8(ascii: "{"))
            for position in object.indices {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                newline(depth: depth + 1)
                let entry = object.entries[position]
                writeString(entry.key)
                output.append(UInt8(ascii: ":"))
                if pretty { output.append(UInt8(ascii: " ")) }
                write(entry.value, depth: depth + 1)
            }
            newline(depth: depth)
            output.append(UInt8(ascii: "}"))
        }
    }

    @inline(__always)
    mutating func newline(depth: Int) {
        guard pretty else { return }
        output.append(UInt8(ascii: "\n"))
        for _ in 0 ..< depth {
            output.append(0x20)
            output.append(0x20)
        }
    }

    mutating func writeString(_ string: String) {
        output.append(UInt8(ascii: "\""))
        if string.utf8.withContiguousStorageIfAvailable({ writeEscaped($0) }) == nil {
            Array(string.utf8).withUnsafeBufferPointer { writeEscaped($0) }
        }
        output.append(UInt8(ascii: "\""))
    }

    mutating func writeEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
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
