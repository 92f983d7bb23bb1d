import WasmBinary
@testable import WasmText

/// Parses `text` and decodes the binary.
func module(_ text: String) throws -> Module {
    try decodeModule(try parseWAT(text))
}

/// The instruction bytes of body `index` (final `end` included).
func body(_ m: Module, _ index: Int = 0) -> [UInt8] {
    Array(m.bytes[m.bodies[index].code])
}

/// The error parsing `text` raises, or nil.
func parseError(_ text: String) -> WATError? {
    do {
        _ = try parseWAT(text)
        return nil
    } catch {
        return error
    }
}
