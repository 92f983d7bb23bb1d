import WasmBinary

/// The slot bits of a scalar or reference value (v128 values take two slots; use `writeValue`).
func slotBits(_ value: Value) -> UInt64 {
    switch value {
    case .i32(let v): return UInt64(v)
    case .i64(let v): return v
    case .f32(let v): return UInt64(v)
    case .f64(let v): return v
    case .v128(let v): return v.lo
    case .funcref(let f): return f.map { UInt64($0.index) + 1 } ?? 0
    case .externref(let e): return e.map { UInt64($0) + 1 } ?? 0
    case .exnref(let e): return e.map { UInt64($0.index) + 1 } ?? 0
    }
}

/// Writes a value into one slot (two for v128).
func writeValue(_ value: Value, to slots: UnsafeMutablePointer<UInt64>) {
    if case .v128(let v) = value {
        slots[0] = v.lo
        slots[1] = v.hi
    } else {
        slots[0] = slotBits(value)
    }
}

/// The reference value a slot holds, seen with the given heap type.
func refValue(_ bits: UInt64, heapType: HeapType) -> Value {
    switch heapType {
    case .extern, .noExtern:
        return .externref(bits == 0 ? nil : UInt32(truncatingIfNeeded: bits - 1))
    case .exception, .noException:
        return .exnref(bits == 0 ? nil : ExceptionAddress(index: Int(truncatingIfNeeded: bits - 1)))
    default:
        return .funcref(bits == 0 ? nil : FunctionAddress(index: Int(truncatingIfNeeded: bits - 1)))
    }
}

/// Reads a value of the given type from one slot (two for v128).
func readValue(_ type: ValueType, from slots: UnsafePointer<UInt64>) -> Value {
    switch type {
    case .i32: return .i32(UInt32(truncatingIfNeeded: slots[0]))
    case .i64: return .i64(slots[0])
    case .f32: return .f32(UInt32(truncatingIfNeeded: slots[0]))
    case .f64: return .f64(slots[0])
    case .v128: return .v128(V128(lo: slots[0], hi: slots[1]))
    case .ref(let r): return refValue(slots[0], heapType: r.heapType)
    }
}

/// Whether a value may be passed where the type is expected.
func matches(_ value: Value, _ type: ValueType) -> Bool {
    switch (value, type) {
    case (.i32, .i32), (.i64, .i64), (.f32, .f32), (.f64, .f64), (.v128, .v128): return true
    case (.funcref(let f), .ref(let r)):
        switch r.heapType {
        case .function, .concrete, .noFunction: return f != nil || r.nullable
        default: return false
        }
    case (.externref(let e), .ref(let r)):
        switch r.heapType {
        case .extern, .noExtern, .any: return e != nil || r.nullable
        default: return false
        }
    case (.exnref(let e), .ref(let r)):
        switch r.heapType {
        case .exception, .noException: return e != nil || r.nullable
        default: return false
        }
    default: return false
    }
}
