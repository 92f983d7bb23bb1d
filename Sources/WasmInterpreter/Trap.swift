/// Why an execution trapped. The description is the WebAssembly spec's message for the trap.
public enum TrapCode: Error, Hashable, Sendable, CustomStringConvertible {
    case unreachable
    case integerDivideByZero
    case integerOverflow
    case invalidConversionToInteger
    case outOfBoundsMemoryAccess
    case outOfBoundsTableAccess
    case undefinedElement
    case uninitializedElement
    case indirectCallTypeMismatch
    case nullFunctionReference
    case nullReference
    case outOfBoundsDataSegmentAccess
    case outOfBoundsElementSegmentAccess
    case callStackExhausted
    case uncaughtException
    /// An atomic access whose address is not a multiple of its width.
    case unalignedAtomic
    /// `memory.atomic.wait32/64` on a memory that is not shared.
    case expectedSharedMemory
    /// `memory.atomic.wait32/64` with no time limit on a value that matches: only another
    /// thread could wake it, and a store's code runs on one thread, so it would never return.
    case waitWithoutWaker
    /// A struct instruction on a null reference.
    case nullStructureReference
    /// An array instruction on a null reference.
    case nullArrayReference
    /// `i31.get_s`/`i31.get_u` on a null reference.
    case nullI31Reference
    /// An array index or range past the array's length.
    case outOfBoundsArrayAccess
    /// `ref.cast` of a reference that is not of the target type.
    case castFailure
    /// A null descriptor given to `struct.new_desc`, `ref.cast_desc_eq` or `br_on_cast_desc_eq`
    /// (custom-descriptors proposal).
    case nullDescriptorReference
    /// `ref.cast_desc_eq` of a reference whose descriptor is not the one given.
    case descriptorCastFailure
    /// A struct or array allocation past `StoreConfiguration.maxGCHeapBytes`.
    case gcHeapExhausted
    case hostTrap(String)
    case interrupted(String)
    /// Not a fault: the guest asked to end the whole program with this status (WASI `proc_exit`).
    case exit(Int32)

    /// The spec's wording of the trap.
    public var description: String {
        switch self {
        case .unreachable: return "unreachable"
        case .integerDivideByZero: return "integer divide by zero"
        case .integerOverflow: return "integer overflow"
        case .invalidConversionToInteger: return "invalid conversion to integer"
        case .outOfBoundsMemoryAccess: return "out of bounds memory access"
        case .outOfBoundsTableAccess: return "out of bounds table access"
        case .undefinedElement: return "undefined element"
        case .uninitializedElement: return "uninitialized element"
        case .indirectCallTypeMismatch: return "indirect call type mismatch"
        case .nullFunctionReference: return "null function reference"
        case .nullReference: return "null reference"
        case .outOfBoundsDataSegmentAccess: return "out of bounds memory access"
        case .outOfBoundsElementSegmentAccess: return "out of bounds table access"
        case .callStackExhausted: return "call stack exhausted"
        case .uncaughtException: return "uncaught exception"
        case .unalignedAtomic: return "unaligned atomic"
        case .expectedSharedMemory: return "expected shared memory"
        case .waitWithoutWaker: return "atomic wait would never return: no other thread can notify it"
        case .nullStructureReference: return "null structure reference"
        case .nullArrayReference: return "null array reference"
        case .nullI31Reference: return "null i31 reference"
        case .outOfBoundsArrayAccess: return "out of bounds array access"
        case .castFailure: return "cast failure"
        case .nullDescriptorReference: return "null descriptor reference"
        case .descriptorCastFailure: return "descriptor cast failure"
        case .gcHeapExhausted: return "out of memory: GC heap limit"
        case .hostTrap(let message): return message
        case .interrupted(let message): return message
        case .exit(let code): return "exit with status \(code)"
        }
    }
}
