import WasmBinary
import WasmValidation
import WasmText
@testable import WasmInterpreter

/// Small modules used by the interpreter tests, as binaries (built with wat2wasm; the text is
/// given beside each).
enum TestModules {
    /// ```wat
    /// (module
    ///   (import "env" "yield" (func $yield (param i32) (result i32)))
    ///   (func $inner (param i32) (result i32)
    ///     local.get 0  call $yield  i32.const 1  i32.add)
    ///   (func $middle (param i32) (result i32)
    ///     local.get 0  call $inner  call $yield  local.get 0  call $inner  i32.add)
    ///   (func (export "run") (param i32) (result i32)
    ///     local.get 0  call $middle  i32.const 1000  i32.mul)
    ///   (func $deep (export "deep") (param i32) (result i32)
    ///     local.get 0 i32.eqz
    ///     if (result i32) i32.const 0
    ///     else local.get 0 i32.const 1 i32.sub call $deep i32.const 1 i32.add end)
    ///   (func $rec (export "infinite") (result i32) call $rec))
    /// ```
    static let suspending: [UInt8] = [
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0a, 0x02, 0x60, 0x01, 0x7f, 0x01, 0x7f,
        0x60, 0x00, 0x01, 0x7f, 0x02, 0x0d, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x05, 0x79, 0x69, 0x65, 0x6c,
        0x64, 0x00, 0x00, 0x03, 0x06, 0x05, 0x00, 0x00, 0x00, 0x00, 0x01, 0x07, 0x19, 0x03, 0x03, 0x72,
        0x75, 0x6e, 0x00, 0x03, 0x04, 0x64, 0x65, 0x65, 0x70, 0x00, 0x04, 0x08, 0x69, 0x6e, 0x66, 0x69,
        0x6e, 0x69, 0x74, 0x65, 0x00, 0x05, 0x0a, 0x3f, 0x05, 0x09, 0x00, 0x20, 0x00, 0x10, 0x00, 0x41,
        0x01, 0x6a, 0x0b, 0x0d, 0x00, 0x20, 0x00, 0x10, 0x01, 0x10, 0x00, 0x20, 0x00, 0x10, 0x01, 0x6a,
        0x0b, 0x0a, 0x00, 0x20, 0x00, 0x10, 0x02, 0x41, 0xe8, 0x07, 0x6c, 0x0b, 0x15, 0x00, 0x20, 0x00,
        0x45, 0x04, 0x7f, 0x41, 0x00, 0x05, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x10, 0x04, 0x41, 0x01, 0x6a,
        0x0b, 0x0b, 0x04, 0x00, 0x10, 0x05, 0x0b,
    ]

    /// Decodes, validates and instantiates `bytes` with the given imports.
    static func instantiate(
        _ bytes: [UInt8], in store: Store, imports: [String: ExternalValue] = [:]
    ) throws -> Instance {
        let module = try validateModule(try decodeModule(bytes))
        return try store.instantiate(module, imports: { m, n in imports[m + "." + n] })
    }

    /// Parses WAT `text`, instantiates it in a new store and calls export `name`.
    static func call(wat text: String, _ name: String, _ args: [Value]) throws -> [Value] {
        let module = try validateModule(try decodeModule(try parseWAT(text)))
        let store = Store()
        let instance = try store.instantiate(module, imports: { _, _ in nil })
        guard let f = instance.exportedFunction(name) else { throw TrapCode.hostTrap("no export \(name)") }
        return try store.invoke(f, args)
    }
}
