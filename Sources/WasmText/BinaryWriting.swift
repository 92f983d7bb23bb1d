import WasmBinary

// Appending the encodings of the binary format to byte arrays.

extension Array where Element == UInt8 {
    /// Appends `value` as unsigned LEB128.
    @inline(__always)
    mutating func appendULEB(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        append(UInt8(v))
    }

    /// Appends `value` as unsigned LEB128.
    @inline(__always)
    mutating func appendULEB(_ value: UInt32) {
        if value < 0x80 {
            append(UInt8(value))
        } else {
            appendULEB(UInt64(value))
        }
    }

    /// Appends `value` as signed LEB128.
    @inline(__always)
    mutating func appendSLEB(_ value: Int64) {
        var v = value
        while true {
            let byte = UInt8(truncatingIfNeeded: v) & 0x7F
            v >>= 7
            if (v == 0 && byte & 0x40 == 0) || (v == -1 && byte & 0x40 != 0) {
                append(byte)
                return
            }
            append(byte | 0x80)
        }
    }

    /// Appends a vector length and the bytes of a name or data string.
    mutating func appendBytesWithLength(_ bytes: [UInt8]) {
        appendULEB(UInt64(bytes.count))
        append(contentsOf: bytes)
    }

    /// Appends a heap type: an abstract type byte or a type index as s33.
    mutating func appendHeapType(_ type: HeapType) {
        switch type {
        case .function: append(0x70)
        case .extern: append(0x6F)
        case .exception: append(0x69)
        case .any: append(0x6E)
        case .eq: append(0x6D)
        case .i31: append(0x6C)
        case .struct: append(0x6B)
        case .array: append(0x6A)
        case .none: append(0x71)
        case .noExtern: append(0x72)
        case .noFunction: append(0x73)
        case .noException: append(0x74)
        case .concrete(let index): appendSLEB(Int64(index))
        case .exact(let index):
            append(0x62)
            appendULEB(index)
        }
    }

    /// Appends a reference type, in its one-byte short form when it is nullable and abstract.
    mutating func appendRefType(_ type: RefType) {
        if type.heapType.typeIndex != nil {
            append(type.nullable ? 0x63 : 0x64)
        } else if !type.nullable {
            append(0x64)
        }
        appendHeapType(type.heapType)
    }

    /// Appends a function type: `0x60`, then its parameter and result types as vectors.
    mutating func appendFunctionType(_ type: FunctionType) {
        append(0x60)
        appendULEB(UInt64(type.parameters.count))
        for t in type.parameters { appendValueType(t) }
        appendULEB(UInt64(type.results.count))
        for t in type.results { appendValueType(t) }
    }

    /// Appends a value type.
    mutating func appendValueType(_ type: ValueType) {
        switch type {
        case .i32: append(0x7F)
        case .i64: append(0x7E)
        case .f32: append(0x7D)
        case .f64: append(0x7C)
        case .v128: append(0x7B)
        case .ref(let r): appendRefType(r)
        }
    }

    /// Appends limits: flags (bit 0 maximum, bit 1 shared, bit 2 64-bit), minimum, maximum.
    mutating func appendLimits(_ limits: Limits) {
        var flags: UInt8 = 0
        if limits.max != nil { flags |= 1 }
        if limits.shared { flags |= 2 }
        if limits.is64 { flags |= 4 }
        append(flags)
        appendULEB(limits.min)
        if let max = limits.max { appendULEB(max) }
    }

    /// Appends a memory type: its limits, with bit 3 of the flags set and the page size's log2
    /// after them when the page size is not 64 KiB (custom-page-sizes proposal).
    mutating func appendMemoryType(_ type: MemoryType) {
        guard type.pageSizeLog2 != 16 else { return appendLimits(type.limits) }
        let start = count
        appendLimits(type.limits)
        self[start] |= 0x08
        appendULEB(UInt64(type.pageSizeLog2))
    }

    /// Appends a section: its id, its size and `content`, preceded by `count` when given.
    mutating func appendSection(_ id: UInt8, count: Int?, _ content: [UInt8]) {
        append(id)
        var header: [UInt8] = []
        if let count { header.appendULEB(UInt64(count)) }
        appendULEB(UInt64(header.count + content.count))
        append(contentsOf: header)
        append(contentsOf: content)
    }
}
