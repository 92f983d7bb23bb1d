// Types as the text format writes them, for messages: `i32`, `funcref`, `(ref null 3)`.

extension HeapType: CustomStringConvertible {
    /// The heap type's keyword (`func`, `extern`, ...) or its type index.
    public var description: String {
        switch self {
        case .function: return "func"
        case .extern: return "extern"
        case .exception: return "exn"
        case .any: return "any"
        case .eq: return "eq"
        case .i31: return "i31"
        case .struct: return "struct"
        case .array: return "array"
        case .none: return "none"
        case .noFunction: return "nofunc"
        case .noExtern: return "noextern"
        case .noException: return "noexn"
        case .concrete(let index): return "\(index)"
        case .exact(let index): return "(exact \(index))"
        }
    }
}

extension RefType: CustomStringConvertible {
    /// The short form for nullable abstract types (`funcref`), else `(ref null? HEAP)`.
    public var description: String {
        if nullable, heapType.typeIndex != nil {} else if nullable { return "\(heapType)ref" }
        return nullable ? "(ref null \(heapType))" : "(ref \(heapType))"
    }
}

extension ValueType: CustomStringConvertible {
    /// `i32`, `i64`, `f32`, `f64`, `v128`, or the reference type.
    public var description: String {
        switch self {
        case .i32: return "i32"
        case .i64: return "i64"
        case .f32: return "f32"
        case .f64: return "f64"
        case .v128: return "v128"
        case .ref(let type): return type.description
        }
    }
}
