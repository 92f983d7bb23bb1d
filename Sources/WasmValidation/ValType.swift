import WasmBinary

/// The validator's compact encoding of a value type, a reference type's heap type, or the
/// unknown type `⊥` of unreachable code. One machine word, compared with a single instruction.
///
/// Layout of `raw`:
/// - `0`: `⊥` (bottom: the type of an operand popped from a polymorphic stack).
/// - `1...5`: `i32`, `i64`, `f32`, `f64`, `v128`.
/// - references: bit 8 set; bit 9 set when nullable; bits 0–7 the heap kind (`Heap`); bits 32–63
///   the *canonical* type index of a concrete heap type (the first index of the type section
///   whose definition is equivalent), so that equivalent types have equal encodings.
struct ValType: Hashable, Sendable {
    var raw: UInt64

    @inline(__always) init(raw: UInt64) { self.raw = raw }

    static let bottom = ValType(raw: 0)
    static let i32 = ValType(raw: 1)
    static let i64 = ValType(raw: 2)
    static let f32 = ValType(raw: 3)
    static let f64 = ValType(raw: 4)
    static let v128 = ValType(raw: 5)

    static let refBit: UInt64 = 0x100
    static let nullBit: UInt64 = 0x200

    /// Heap kinds.
    enum Heap: UInt64 {
        case function = 1, extern, exception, any, eq, i31, `struct`, array
        case none, noFunction, noExtern, noException, concrete
        /// The heap type of a reference popped from a polymorphic stack.
        case bottom
    }

    @inline(__always) static func ref(_ heap: Heap, nullable: Bool, index: UInt32 = 0) -> ValType {
        ValType(raw: (UInt64(index) << 32) | refBit | (nullable ? nullBit : 0) | heap.rawValue)
    }

    static let funcref = ValType.ref(.function, nullable: true)
    static let externref = ValType.ref(.extern, nullable: true)
    static let exnref = ValType.ref(.exception, nullable: true)
    static let nonNullExnref = ValType.ref(.exception, nullable: false)
    static let eqref = ValType.ref(.eq, nullable: true)

    @inline(__always) var isRef: Bool { raw & ValType.refBit != 0 }
    @inline(__always) var isNullable: Bool { raw & ValType.nullBit != 0 }
    /// Numeric (or unknown).
    @inline(__always) var isNumOrBottom: Bool { raw <= 4 }
    /// Vector (or unknown).
    @inline(__always) var isVecOrBottom: Bool { raw == 0 || raw == 5 }
    @inline(__always) var heapRaw: UInt64 { raw & 0xFF }
    @inline(__always) var heap: Heap { Heap(rawValue: raw & 0xFF) ?? .bottom }
    @inline(__always) var typeIndex: UInt32 { UInt32(truncatingIfNeeded: raw >> 32) }

    /// The same reference type with the given nullability.
    @inline(__always) func withNullable(_ nullable: Bool) -> ValType {
        ValType(raw: nullable ? raw | ValType.nullBit : raw & ~ValType.nullBit)
    }

    /// Whether a value of type `a` may be used where `b` is expected (`a <: b`).
    @inline(__always) static func matches(_ a: ValType, _ b: ValType) -> Bool {
        if a.raw == b.raw || a.raw == 0 { return true }
        return slowMatches(a, b)
    }

    static func slowMatches(_ a: ValType, _ b: ValType) -> Bool {
        guard a.isRef, b.isRef else { return false }
        if a.isNullable && !b.isNullable { return false }
        return heapMatches(a.heap, a.typeIndex, b.heap, b.typeIndex)
    }

    /// Heap subtyping without GC's declared subtypes: every concrete type is a function type.
    static func heapMatches(_ a: Heap, _ ai: UInt32, _ b: Heap, _ bi: UInt32) -> Bool {
        if a == .bottom { return true }
        switch b {
        case .any:
            return a == .any || a == .eq || a == .i31 || a == .struct || a == .array || a == .none
        case .eq:
            return a == .eq || a == .i31 || a == .struct || a == .array || a == .none
        case .i31, .struct, .array:
            return a == b || a == .none
        case .function:
            return a == .function || a == .concrete || a == .noFunction
        case .concrete:
            return (a == .concrete && ai == bi) || a == .noFunction
        case .extern:
            return a == .extern || a == .noExtern
        case .exception:
            return a == .exception || a == .noException
        case .none, .noFunction, .noExtern, .noException:
            return a == b
        case .bottom:
            return false
        }
    }

    /// The public type this stands for, or nil for `⊥` and references to the bottom heap type.
    var valueType: ValueType? {
        switch raw {
        case 0: return nil
        case 1: return .i32
        case 2: return .i64
        case 3: return .f32
        case 4: return .f64
        case 5: return .v128
        default: break
        }
        let ht: HeapType
        switch heap {
        case .function: ht = .function
        case .extern: ht = .extern
        case .exception: ht = .exception
        case .any: ht = .any
        case .eq: ht = .eq
        case .i31: ht = .i31
        case .struct: ht = .struct
        case .array: ht = .array
        case .none: ht = .none
        case .noFunction: ht = .noFunction
        case .noExtern: ht = .noExtern
        case .noException: ht = .noException
        case .concrete: ht = .concrete(typeIndex)
        case .bottom: return nil
        }
        return .ref(RefType(nullable: isNullable, heapType: ht))
    }
}

extension ValType: CustomStringConvertible {
    var description: String {
        switch raw {
        case 0: return "⊥"
        case 1: return "i32"
        case 2: return "i64"
        case 3: return "f32"
        case 4: return "f64"
        case 5: return "v128"
        default: break
        }
        let n = isNullable ? "null " : ""
        switch heap {
        case .function: return "(ref \(n)func)"
        case .extern: return "(ref \(n)extern)"
        case .exception: return "(ref \(n)exn)"
        case .any: return "(ref \(n)any)"
        case .eq: return "(ref \(n)eq)"
        case .i31: return "(ref \(n)i31)"
        case .struct: return "(ref \(n)struct)"
        case .array: return "(ref \(n)array)"
        case .none: return "(ref \(n)none)"
        case .noFunction: return "(ref \(n)nofunc)"
        case .noExtern: return "(ref \(n)noextern)"
        case .noException: return "(ref \(n)noexn)"
        case .concrete: return "(ref \(n)\(typeIndex))"
        case .bottom: return "(ref \(n)⊥)"
        }
    }
}
