import ComponentModel

/// Registers `wasi:filesystem/types#item`, a function returning `result<T, error-code>`: `body`
/// answers the `ok` payload (nil for `result<_, error-code>`); a thrown ``FilesystemError``
/// becomes `err(code)`; any other error (an unknown handle, a malformed argument) traps the guest.
func defineResult(_ linker: ComponentLinker, _ item: String, _ body: @escaping (ComponentHostCall) throws -> ComponentValue?) throws(ComponentError) {
    try linker.defineFunction("\(typesInterface)#\(item)") { call in
        do {
            return .value(.ok(try body(call)))
        } catch let error as FilesystemError {
            return .value(.err(error.value))
        }
    }
}

/// Registers `wasi:filesystem/types#item`, a function whose result is not a `result`.
func definePlain(_ linker: ComponentLinker, _ item: String, _ body: @escaping (ComponentHostCall) throws -> ComponentValue?) throws(ComponentError) {
    try linker.defineFunction("\(typesInterface)#\(item)") { call in .value(try body(call)) }
}
