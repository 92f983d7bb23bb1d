import Testing
import WasmBinary

/// Small helpers to write module binaries by hand in tests.
enum Bin {
    /// `\0asm` and version 1.
    static let header: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]

    /// Unsigned LEB128.
    static func leb(_ value: UInt64) -> [UInt8] {
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

    /// A section with its id and size.
    static func section(_ id: UInt8, _ content: [UInt8]) -> [UInt8] {
        [id] + leb(UInt64(content.count)) + content
    }

    /// A vector: count then the items' bytes.
    static func vec(_ items: [[UInt8]]) -> [UInt8] {
        leb(UInt64(items.count)) + items.flatMap { $0 }
    }

    /// A length-prefixed UTF-8 name.
    static func name(_ s: String) -> [UInt8] {
        let utf8 = Array(s.utf8)
        return leb(UInt64(utf8.count)) + utf8
    }

    /// The header followed by the given sections.
    static func module(_ sections: [UInt8]...) -> [UInt8] {
        header + sections.flatMap { $0 }
    }

    /// Type section with one `[] -> []` function type.
    static let oneType = section(1, vec([[0x60, 0x00, 0x00]]))
    /// Function section with one function of type 0.
    static let oneFunction = section(3, vec([[0x00]]))
    /// Code section with one empty body.
    static let oneBody = section(10, vec([[0x02, 0x00, 0x0B]]))
}

/// Expects `decodeModule` to fail with `message` (and, when given, at `offset`).
func expectDecodeError(
    _ bytes: [UInt8], _ message: String, offset: Int? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    do {
        _ = try decodeModule(bytes)
        Issue.record("decoded, expected \"\(message)\"", sourceLocation: sourceLocation)
    } catch {
        #expect(error.message == message, sourceLocation: sourceLocation)
        if let offset {
            #expect(error.offset == offset, sourceLocation: sourceLocation)
        }
    }
}
