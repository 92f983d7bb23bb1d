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
    case .anyref(let r):
        switch r {
        case nil: return 0
        case .i31(let v)?: return GCRef.i31(UInt64(v))
        case .object(let o)?: return GCRef.object(o.index)
        case .host(let h)?: return UInt64(h) + 1
        }
    }
}

/// The any-hierarchy reference of a slot's bits (nil for null); a struct or array's address
/// holds it in `heap` (see `GCObjectAddress`; the heap is only fetched for one, so reading a
/// number or another reference costs no reference count).
func anyReference(_ bits: UInt64, heap: @autoclosure () -> GCHeap) -> AnyReference? {
    if bits == 0 { return nil }
    if GCRef.isI31(bits) { return .i31(UInt32(truncatingIfNeeded: bits & GCRef.i31Mask)) }
    if GCRef.isObject(bits) { return .object(GCObjectAddress(root: heap().hostRoot(GCRef.objectIndex(bits)))) }
    return .host(UInt32(truncatingIfNeeded: bits - 1))
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

/// The reference value a slot holds, seen with the given heap type (a struct or array held in
/// `heap`).
func refValue(_ bits: UInt64, heapType: HeapType, heap: @autoclosure () -> GCHeap) -> Value {
    switch heapType {
    case .extern, .noExtern:
        // An externalised struct, array or i31 keeps its identity (see `Value.anyref`).
        if GCRef.isI31(bits) || GCRef.isObject(bits) { return .anyref(anyReference(bits, heap: heap())) }
        return .externref(bits == 0 ? nil : UInt32(truncatingIfNeeded: bits - 1))
    case .any, .eq, .i31, .struct, .array, .none:
        return .anyref(anyReference(bits, heap: heap()))
    case .exception, .noException:
        return .exnref(bits == 0 ? nil : ExceptionAddress(root: heap().exceptionRoot(Int(truncatingIfNeeded: bits - 1))))
    case .concrete where GCRef.isI31(bits) || GCRef.isObject(bits), .exact where GCRef.isI31(bits) || GCRef.isObject(bits):
        // A concrete struct or array type (a function's bits are never tagged).
        return .anyref(anyReference(bits, heap: heap()))
    default:
        return .funcref(bits == 0 ? nil : FunctionAddress(index: Int(truncatingIfNeeded: bits - 1)))
    }
}

/// Reads a value of the given type from one slot (two for v128); a struct or array is held in
/// `heap`.
func readValue(_ type: ValueType, from slots: UnsafePointer<UInt64>, heap: @autoclosure () -> GCHeap) -> Value {
    switch type {
    case .i32: return .i32(UInt32(truncatingIfNeeded: slots[0]))
    case .i64: return .i64(slots[0])
    case .f32: return .f32(UInt32(truncatingIfNeeded: slots[0]))
    case .f64: return .f64(slots[0])
    case .v128: return .v128(V128(lo: slots[0], hi: slots[1]))
    case .ref(let r): return refValue(slots[0], heapType: r.heapType, heap: heap())
    }
}

/// Reads values of the given types from consecutive slots (a frame's arguments or results);
/// a struct or array is held in `heap`.
func readValues(_ types: [ValueType], from slots: UnsafePointer<UInt64>, heap: @autoclosure () -> GCHeap) -> [Value] {
    // No types: no array to ask for (even a request for no room costs a call into the runtime).
    if types.isEmpty { return [] }
    var values: [Value] = []
    values.reserveCapacity(types.count)
    var slot = 0
    for t in types {
        values.append(readValue(t, from: slots + slot, heap: heap()))
        slot += slotSize(t)
    }
    return values
}

/// Writes values of the given types into consecutive slots (the twin of ``readValues``); each
/// value must match its type (its slots are counted by the type).
func writeValues(_ values: [Value], _ types: [ValueType], to slots: UnsafeMutablePointer<UInt64>) {
    var slot = 0
    for (v, t) in zip(values, types) {
        writeValue(v, to: slots + slot)
        slot += slotSize(t)
    }
}

/// Whether a value may be passed where the type is expected.
func matches(_ value: Value, _ type: ValueType) -> Bool {
    switch (value, type) {
    case (.i32, .i32), (.i64, .i64), (.f32, .f32), (.f64, .f64), (.v128, .v128): return true
    case (.funcref(let f), .ref(let r)):
        switch r.heapType {
        case .function, .concrete, .exact, .noFunction: return f != nil || r.nullable
        default: return false
        }
    case (.externref(let e), .ref(let r)):
        switch r.heapType {
        case .extern, .noExtern, .any: return e != nil || r.nullable
        default: return false
        }
    case (.anyref(let a), .ref(let r)):
        switch (a, r.heapType) {
        case (nil, .any), (nil, .eq), (nil, .i31), (nil, .struct), (nil, .array), (nil, .none), (nil, .concrete),
             (nil, .exact):
            return r.nullable
        case (.i31?, .any), (.i31?, .eq), (.i31?, .i31), (.i31?, .extern): return true
        case (.object?, .any), (.object?, .eq), (.object?, .struct), (.object?, .array), (.object?, .concrete), (.object?, .exact),
             (.object?, .extern):
            return true
        case (.host?, .any), (.host?, .extern): return true
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
