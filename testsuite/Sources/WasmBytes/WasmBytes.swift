/// The binary format's basic encodings, for tests that write modules by hand: LEB128 numbers,
/// sections, vectors and names (the WebAssembly specification, §5.1–5.2 and §5.5).
public enum WasmBytes {
    /// `\0asm` and version 1: a core module's preamble.
    public static let header: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]

    /// `value` as unsigned LEB128, in the fewest bytes.
    public static func unsigned(_ value: UInt64) -> [UInt8] {
        var v = value
        var out: [UInt8] = []
        repeat {
            var byte = UInt8(v & 0x7F)
            v >>= 7
            if v != 0 { byte |= 0x80 }
            out.append(byte)
        } while v != 0
        return out
    }

    /// A count or index as unsigned LEB128; `value` must not be negative.
    public static func unsigned(_ value: Int) -> [UInt8] {
        unsigned(UInt64(value))
    }

    /// `value` as signed LEB128, in the fewest bytes.
    public static func signed(_ value: Int64) -> [UInt8] {
        var v = value
        var out: [UInt8] = []
        while true {
            let byte = UInt8(v & 0x7F)
            v >>= 7
            if (v == 0 && byte & 0x40 == 0) || (v == -1 && byte & 0x40 != 0) {
                out.append(byte)
                return out
            }
            out.append(byte | 0x80)
        }
    }

    /// A section: its id, the content's size, the content.
    public static func section(_ id: UInt8, _ content: [UInt8]) -> [UInt8] {
        [id] + unsigned(content.count) + content
    }

    /// A vector: the number of items, then their bytes.
    public static func vec(_ items: [[UInt8]]) -> [UInt8] {
        unsigned(items.count) + items.flatMap { $0 }
    }

    /// A name: its UTF-8 length, then its UTF-8 bytes.
    public static func name(_ text: String) -> [UInt8] {
        name(bytes: Array(text.utf8))
    }

    /// A name given as bytes (which need not be UTF-8, to test how they are rejected).
    public static func name(bytes: [UInt8]) -> [UInt8] {
        unsigned(bytes.count) + bytes
    }

    /// The preamble followed by the given sections.
    public static func module(_ sections: [UInt8]...) -> [UInt8] {
        header + sections.flatMap { $0 }
    }
}
