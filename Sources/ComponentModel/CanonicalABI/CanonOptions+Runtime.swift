import ComponentBinary
import WasmInterpreter

/// The options of a `canon lift` or `canon lower`, resolved to store addresses.
struct RuntimeCanonOptions {
    var memory: MemoryAddress?
    var realloc: FunctionAddress?
    var postReturn: FunctionAddress?
    var encoding: StringEncoding = .utf8
}

/// Trap messages of the canonical ABI (the wording wasmtime uses, which the component model's
/// tests expect).
enum CanonTrap {
    static func trap(_ message: String) -> TrapCode { .hostTrap(message) }
    static let unaligned = trap("unaligned pointer")
    static let invalidDiscriminant = trap("invalid variant discriminant")
    static let invalidChar = trap("invalid `char` bit pattern")
    static let stringOutOfBounds = trap("string content out-of-bounds")
    static let stringPointerOutOfBounds = trap("string pointer/length out of bounds of memory")
    static let incompleteUTF8 = trap("incomplete utf-8 byte sequence")
    static let listOutOfBounds = trap("list content out-of-bounds")
    static let pointerOutOfBounds = trap("pointer out of bounds of memory")
    static let invalidUTF8 = trap("invalid utf-8")
    static let invalidUTF16 = trap("invalid utf-16")
    static let reallocBeyondEnd = trap("realloc return: beyond end of memory")
    static let reallocUnaligned = trap("realloc return: result not aligned")
    static let noMemory = trap("canonical ABI: a memory is needed but the function has no `memory` option")
    static let noRealloc = trap("canonical ABI: an allocation is needed but the function has no `realloc` option")
    static let cannotLeave = trap("cannot leave component instance")
    static let cannotEnter = trap("cannot enter component instance")
    static func unknownHandle(_ i: UInt32) -> TrapCode { trap("unknown handle index \(i)") }
    static func liftTooLarge(limit: Int) -> TrapCode {
        trap("lifted value too large: the values passed out of the component in one call would take more than \(limit) bytes of host memory (StoreConfiguration.maxLiftedBytes)")
    }
}
