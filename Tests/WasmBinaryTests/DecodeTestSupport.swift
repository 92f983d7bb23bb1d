import Testing
import WasmBinary
import WasmBytes

/// Sections of the smallest valid module, for tests that vary one part of it.
extension WasmBytes {
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
