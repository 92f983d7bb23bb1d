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

    /// The compact text of the value as a one-line message quotes it: whole when it takes at
    /// most `maxBytes` bytes; else its first `maxBytes` bytes (cut back to a whole character)
    /// and `…`. Arrays and objects are written only that far, so a 32 MiB array costs no more
    /// than a short one (a single long string or number is copied once, then cut). Control
    /// characters are escaped, as always in JSON text.
    ///
    /// - Parameter maxBytes: The most bytes of the text kept.
    /// - Returns: The text or its beginning.
    public func serializedExcerpt(maxBytes: Int = 120) -> String {
        var serializer = JSONSerializer(pretty: false, limit: max(0, maxBytes))
        serializer.write(self, depth: 0)
        var bytes = serializer.output
        guard bytes.count > maxBytes else { return String(decoding: bytes, as: UTF8.self) }
        var end = max(0, maxBytes)
        // Back to the start of a character: UTF-8 continuation bytes are 0b10xxxxxx.
        while end > 0 && bytes[end] & 0xC0 == 0x80 { end -= 1 }
        bytes.removeSubrange(end...)
        return String(decoding: bytes, as: UTF8.self) + "…"
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
    /// Past this many bytes the rest is not written (an excerpt's text is cut there).
    let limit: Int
    var output: [UInt8] = []

    init(pretty: Bool, limit: Int = .max) {
        self.pretty = pretty
        self.limit = limit
        output.reserveCapacity(256)
    }

    mutating func write(_ value: JSONValue, depth: Int) {
        guard output.count <= limit else { return }
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
                guard output.count <= limit else { return }
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
                guard output.count <= limit else { return }
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
        JSONEscaping.appendQuoted(string, to: &output)
    }
}
