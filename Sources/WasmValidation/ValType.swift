import WasmBinary

/// The validator's compact encoding of a value type, a reference type's heap type, or the
/// unknown type `⊥` of unreachable code. One machine word, compared with a single instruction.
///
/// Layout of `raw`:
/// - `0`: `⊥` (bottom: the type of an operand popped from a polymorphic stack).
/// - `1...5`: `i32`, `i64`, `f32`, `f64`, `v128`.
/// - references: bit 8 set; bit 9 set when nullable; bits 0–7 the heap kind (`Heap`); bits 32–63
///   the *canonical* type index of a concrete heap type (the first index of the type section
///   whose definition is equivalent), so that equivalent types have equal encodings, and bits
///   10–11 its composite kind (`Kind`: 0 for a function type, so that references to function
///   types are encoded as before GC); bit 13 set for an exact one (`(exact $t)`, the
///   custom-descriptors proposal).
struct ValType: Hashable, Sendable {
    var raw: UInt64

    @inline(__always) init(raw: UInt64) { self.raw = raw }

    static let bottom = ValType(raw: 0)
    static let i32 = ValType(raw: 1)
    static let i64 = ValType(raw: 2)
    static let f32 = ValType(raw: 3)
    static let f64 = ValType(raw: 4)
    static let v128 = ValType(raw: 5)
    /// Not a type: what an operand stack slot holds that no push has written since the
    /// function began (no type has heap kind 0xFF).
    static let unwritten = ValType(raw: .max)

    static let refBit: UInt64 = 0x100
    static let nullBit: UInt64 = 0x200
    /// Set on a reference to the exact form of a concrete type.
    static let exactBit: UInt64 = 0x2000

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

    /// The composite kind of a concrete heap type (bits 10–11): a function, struct or array type.
    enum Kind: UInt64 {
        case function = 0, `struct` = 1, array = 2
    }

    static let kindShift: UInt64 = 10

    /// A reference to the concrete type with canonical index `index` of kind `kind`, exact or not.
    @inline(__always) static func concrete(_ index: UInt32, _ kind: Kind, nullable: Bool, exact: Bool = false) -> ValType {
        ValType(raw: (UInt64(index) << 32) | kind.rawValue << kindShift | refBit | (nullable ? nullBit : 0)
                | (exact ? exactBit : 0) | Heap.concrete.rawValue)
    }

    /// Whether this is a reference to the exact form of a concrete type.
    @inline(__always) var isExact: Bool { raw & ValType.exactBit != 0 }

    /// The same reference type, exact or not.
    @inline(__always) func withExact(_ exact: Bool) -> ValType {
        ValType(raw: exact ? raw | ValType.exactBit : raw & ~ValType.exactBit)
    }

    /// The composite kind of a concrete heap type (`.function` for the others).
    @inline(__always) var kind: Kind { Kind(rawValue: (raw >> ValType.kindShift) & 3) ?? .function }

    /// Whether a value of type `a` may be used where `b` is expected (`a <: b`); `supertypes`
    /// holds the declared supertype (canonical index, or `UInt32.max`) of each canonical type
    /// index (`ModuleContext.supertypes`).
    @inline(__always) static func matches(_ a: ValType, _ b: ValType, _ supertypes: [UInt32] = []) -> Bool {
        if a.raw == b.raw || a.raw == 0 { return true }
        return slowMatches(a, b, supertypes)
    }

    static func slowMatches(_ a: ValType, _ b: ValType, _ supertypes: [UInt32]) -> Bool {
        guard a.isRef, b.isRef else { return false }
        if a.isNullable && !b.isNullable { return false }
        return heapMatches(a, b, supertypes)
    }

    /// Heap subtyping (nullability ignored): the abstract hierarchies of any, func, extern and
    /// exn, and concrete types through their declared supertype chains. Reads `a`'s heap kind
    /// as a raw number (no enum conversion): the common cases are a few comparisons.
    static func heapMatches(_ a: ValType, _ b: ValType, _ supertypes: [UInt32]) -> Bool {
        let ah = a.raw & 0xFF
        if ah == Heap.bottom.rawValue { return true }
        let concrete = ah == Heap.concrete.rawValue
        let kind = (a.raw >> kindShift) & 3
        switch b.heap {
        case .function:
            return ah == Heap.function.rawValue || ah == Heap.noFunction.rawValue || (concrete && kind == 0)
        case .any:
            return (ah >= Heap.any.rawValue && ah <= Heap.none.rawValue) || (concrete && kind != 0)
        case .eq:
            return (ah >= Heap.eq.rawValue && ah <= Heap.none.rawValue) || (concrete && kind != 0)
        case .i31:
            return ah == Heap.i31.rawValue || ah == Heap.none.rawValue
        case .struct:
            return ah == Heap.struct.rawValue || ah == Heap.none.rawValue || (concrete && kind == Kind.struct.rawValue)
        case .array:
            return ah == Heap.array.rawValue || ah == Heap.none.rawValue || (concrete && kind == Kind.array.rawValue)
        case .concrete:
            let bKind = (b.raw >> kindShift) & 3
            if !concrete { return ah == (bKind == 0 ? Heap.noFunction.rawValue : Heap.none.rawValue) }
            guard kind == bKind else { return false }
            let target = b.typeIndex
            // An exact type's only subtypes are itself and the bottom types.
            if b.isExact { return a.isExact && a.typeIndex == target }
            var i = a.typeIndex
            while i != target {
                guard Int(i) < supertypes.count else { return false }
                let s = supertypes[Int(i)]
                // Declared supertypes have smaller indices: the chain ends.
                guard s < i else { return false }
                i = s
            }
            return true
        case .extern:
            return ah == Heap.extern.rawValue || ah == Heap.noExtern.rawValue
        case .exception:
            return ah == Heap.exception.rawValue || ah == Heap.noException.rawValue
        case .none, .noFunction, .noExtern, .noException:
            return ah == b.raw & 0xFF
        case .bottom:
            return false
        }
    }

    /// The top type of the hierarchy a heap type belongs to (any, func, extern or exn), as a
    /// nullable reference; nil for the bottom heap type.
    var topRef: ValType? {
        switch heap {
        case .any, .eq, .i31, .struct, .array, .none: return .ref(.any, nullable: true)
        case .function, .noFunction: return .funcref
        case .extern, .noExtern: return .externref
        case .exception, .noException: return .exnref
        case .concrete: return kind == .function ? .funcref : .ref(.any, nullable: true)
        case .bottom: return nil
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
        case .concrete: ht = isExact ? .exact(typeIndex) : .concrete(typeIndex)
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
        case .concrete: return isExact ? "(ref \(n)(exact \(typeIndex)))" : "(ref \(n)\(typeIndex))"
        case .bottom: return "(ref \(n)⊥)"
        }
    }
}
