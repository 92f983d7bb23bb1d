import ComponentBinary
import WasmInterpreter

/// Lifting: reading component values out of a guest (its flat core values and linear memory).
extension CanonContext {
    /// `lift_flat_values`: the values of `plan`'s types from flat core values; when they flatten
    /// to more than the plan's limit, the one flat value is a pointer to them in memory.
    func liftValues(_ plan: FlatPlan, from reader: inout FlatReader) throws(TrapCode) -> [ComponentValue] {
        // No parameters: no array (even a request for no room costs a call into the runtime).
        if plan.types.isEmpty { return [] }
        beginLift()
        var out: [ComponentValue] = []
        out.reserveCapacity(plan.types.count)
        if plan.isFlat {
            for t in plan.types { out.append(try liftFlat(t, &reader)) }
            return out
        }
        let ptr = try spilledPointer(plan, &reader)
        for (t, o) in zip(plan.types, plan.offsets) { out.append(try load(t, at: ptr + o)) }
        return out
    }

    /// ``liftValues(_:from:)`` for a result (none or one value), without an array.
    func liftResult(_ plan: FlatPlan, from reader: inout FlatReader) throws(TrapCode) -> ComponentValue? {
        guard let type = plan.types.first else { return nil }
        beginLift()
        if plan.isFlat { return try liftFlat(type, &reader) }
        return try load(type, at: try spilledPointer(plan, &reader))
    }

    /// The pointer to values passed through memory, checked for alignment and bounds.
    private func spilledPointer(_ plan: FlatPlan, _ reader: inout FlatReader) throws(TrapCode) -> Int {
        let ptr = Int(try reader.nextI32())
        guard ptr & (plan.alignment - 1) == 0 else { throw CanonTrap.unaligned }
        guard try memory().contains(ptr, plan.size) else { throw CanonTrap.pointerOutOfBounds }
        return ptr
    }

    /// `lift_flat` of one value.
    func liftFlat(_ type: ResolvedValueType, _ r: inout FlatReader) throws(TrapCode) -> ComponentValue {
        switch type {
        case .primitive(let p):
            switch p {
            case .bool: return .bool(try r.nextI32() != 0)
            case .s8: return .s8(Int8(truncatingIfNeeded: try r.nextI32()))
            case .u8: return .u8(UInt8(truncatingIfNeeded: try r.nextI32()))
            case .s16: return .s16(Int16(truncatingIfNeeded: try r.nextI32()))
            case .u16: return .u16(UInt16(truncatingIfNeeded: try r.nextI32()))
            case .s32: return .s32(Int32(bitPattern: try r.nextI32()))
            case .u32: return .u32(try r.nextI32())
            case .s64: return .s64(Int64(bitPattern: try r.next()))
            case .u64: return .u64(try r.next())
            case .f32: return .f32(CanonicalNaN.f32(try r.nextI32()))
            case .f64: return .f64(CanonicalNaN.f64(try r.next()))
            case .char: return .char(try Self.char(try r.nextI32()))
            case .string:
                let ptr = try r.nextI32()
                let len = try r.nextI32()
                return .string(try loadString(ptr: ptr, taggedLength: len))
            case .errorContext: throw CanonTrap.trap("error-context values are not supported")
            }
        case .list(let element):
            let ptr = try r.nextI32()
            let len = try r.nextI32()
            return try loadList(element, ptr: ptr, length: len)
        case .map(let k, let v):
            let ptr = try r.nextI32()
            let len = try r.nextI32()
            return try loadList(.tuple([k, v]), ptr: ptr, length: len)
        case .fixedList(let element, let length):
            try chargeLift(Int(length) &* HostBytes.value)
            var out: [ComponentValue] = []
            for _ in 0..<length { out.append(try liftFlat(element, &r)) }
            return .list(out)
        case .record(let fields):
            try chargeLift(fields.count &* HostBytes.field)
            var out: [(label: String, value: ComponentValue)] = []
            out.reserveCapacity(fields.count)
            for f in fields { out.append((f.label, try liftFlat(f.type, &r))) }
            return .record(out)
        case .tuple(let items):
            try chargeLift(items.count &* HostBytes.value)
            var out: [ComponentValue] = []
            for t in items { out.append(try liftFlat(t, &r)) }
            return .tuple(out)
        case .flags(let labels):
            try chargeLift(labels.count &* HostBytes.label)
            var set: [String] = []
            var word: UInt32 = 0
            for (i, l) in labels.enumerated() {
                if i % 32 == 0 { word = try r.nextI32() }
                if word & (1 << UInt32(i % 32)) != 0 { set.append(l) }
            }
            return .flags(set)
        case .own(let rt): return .own(try liftOwn(rt, try r.nextI32()))
        case .borrow(let rt): return .borrow(try liftBorrow(rt, try r.nextI32()))
        case .enum(let labels):
            let i = Int(try r.nextI32())
            guard i < labels.count else { throw CanonTrap.invalidDiscriminant }
            return .enum(labels[i])
        case .variant, .option, .result:
            return try liftFlatVariant(type, &r)
        case .stream, .future: throw CanonTrap.trap("stream and future values are not supported")
        }
    }

    /// A variant's discriminant, then its case's payload read from the joined flat slots.
    private func liftFlatVariant(_ type: ResolvedValueType, _ r: inout FlatReader) throws(TrapCode) -> ComponentValue {
        let index = Int(try r.nextI32())
        guard index < Layout.caseCount(type) else { throw CanonTrap.invalidDiscriminant }
        try chargeLift(HostBytes.box)
        // The type fits in the flat values, so the count is exact (as `flatten`'s, without its arrays).
        let joined = Layout.flatCount(type, limit: Int.max) - 1
        let start = r.position
        var payload: ComponentValue?
        if let t = Layout.payload(type, index) { payload = try liftFlat(t, &r) }
        r.position = start + joined
        return Self.makeVariant(type, index, payload)
    }

    /// `load`: one value of `type` at `ptr`.
    func load(_ type: ResolvedValueType, at ptr: Int) throws(TrapCode) -> ComponentValue {
        let m = try memory()
        switch type {
        case .primitive(let p):
            switch p {
            case .bool: return .bool(try m.u8(ptr) != 0)
            case .s8: return .s8(Int8(bitPattern: try m.u8(ptr)))
            case .u8: return .u8(try m.u8(ptr))
            case .s16: return .s16(Int16(bitPattern: try m.u16(ptr)))
            case .u16: return .u16(try m.u16(ptr))
            case .s32: return .s32(Int32(bitPattern: try m.u32(ptr)))
            case .u32: return .u32(try m.u32(ptr))
            case .s64: return .s64(Int64(bitPattern: try m.u64(ptr)))
            case .u64: return .u64(try m.u64(ptr))
            case .f32: return .f32(CanonicalNaN.f32(try m.u32(ptr)))
            case .f64: return .f64(CanonicalNaN.f64(try m.u64(ptr)))
            case .char: return .char(try Self.char(try m.u32(ptr)))
            case .string: return .string(try loadString(ptr: try m.u32(ptr), taggedLength: try m.u32(ptr + 4)))
            case .errorContext: throw CanonTrap.trap("error-context values are not supported")
            }
        case .list(let element): return try loadList(element, ptr: try m.u32(ptr), length: try m.u32(ptr + 4))
        case .map(let k, let v): return try loadList(.tuple([k, v]), ptr: try m.u32(ptr), length: try m.u32(ptr + 4))
        case .fixedList(let element, let length):
            let size = Layout.size(element)
            try chargeLift(Int(length) &* HostBytes.value)
            var out: [ComponentValue] = []
            for i in 0..<Int(length) { out.append(try load(element, at: ptr + i * size)) }
            return .list(out)
        case .record(let fields):
            try chargeLift(fields.count &* HostBytes.field)
            var out: [(label: String, value: ComponentValue)] = []
            out.reserveCapacity(fields.count)
            var offset = 0
            for f in fields {
                let layout = Layout.sizeAndAlignment(f.type)
                offset = Layout.alignUp(offset, layout.alignment)
                out.append((f.label, try load(f.type, at: ptr + offset)))
                offset &+= layout.size
            }
            return .record(out)
        case .tuple(let items):
            try chargeLift(items.count &* HostBytes.value)
            var out: [ComponentValue] = []
            out.reserveCapacity(items.count)
            var offset = 0
            for t in items {
                let layout = Layout.sizeAndAlignment(t)
                offset = Layout.alignUp(offset, layout.alignment)
                out.append(try load(t, at: ptr + offset))
                offset &+= layout.size
            }
            return .tuple(out)
        case .flags(let labels):
            try chargeLift(labels.count &* HostBytes.label)
            var set: [String] = []
            let size = Layout.flagsSize(labels.count)
            var word: UInt32 = 0
            for (i, l) in labels.enumerated() {
                if i % 32 == 0 {
                    switch size {
                    case 1: word = UInt32(try m.u8(ptr))
                    case 2: word = UInt32(try m.u16(ptr))
                    default: word = try m.u32(ptr + 4 * (i / 32))
                    }
                }
                if word & (1 << UInt32(i % 32)) != 0 { set.append(l) }
            }
            return .flags(set)
        case .own(let rt): return .own(try liftOwn(rt, try m.u32(ptr)))
        case .borrow(let rt): return .borrow(try liftBorrow(rt, try m.u32(ptr)))
        case .enum(let labels):
            let i = try loadDiscriminant(m, ptr, labels.count)
            guard i < labels.count else { throw CanonTrap.invalidDiscriminant }
            return .enum(labels[i])
        case .variant, .option, .result:
            let cases = Layout.caseCount(type)
            let i = try loadDiscriminant(m, ptr, cases)
            guard i < cases else { throw CanonTrap.invalidDiscriminant }
            try chargeLift(HostBytes.box)
            var payload: ComponentValue?
            if let t = Layout.payload(type, i) { payload = try load(t, at: ptr + Layout.payloadOffset(of: type)) }
            return Self.makeVariant(type, i, payload)
        case .stream, .future: throw CanonTrap.trap("stream and future values are not supported")
        }
    }

    private func loadDiscriminant(_ m: GuestMemory, _ ptr: Int, _ cases: Int) throws(TrapCode) -> Int {
        switch Layout.discriminantSize(cases) {
        case 1: return Int(try m.u8(ptr))
        case 2: return Int(try m.u16(ptr))
        default: return Int(try m.u32(ptr))
        }
    }

    /// `load_list_from_range`.
    func loadList(_ element: ResolvedValueType, ptr: UInt32, length: UInt32) throws(TrapCode) -> ComponentValue {
        let m = try memory()
        let start = Int(ptr)
        let size = Layout.size(element)
        guard start & (Layout.alignment(element) - 1) == 0 else { throw CanonTrap.unaligned }
        let (total, overflow) = Int(length).multipliedReportingOverflow(by: size)
        guard !overflow, m.contains(start, total) else { throw CanonTrap.listOutOfBounds }
        if case .primitive(.u8) = element {
            try chargeLift(total)
            return .bytes(try m.bytes(start, total))
        }
        try chargeLift(Int(length) &* HostBytes.value)
        var out: [ComponentValue] = []
        out.reserveCapacity(Int(length))
        for i in 0..<Int(length) { out.append(try load(element, at: start + i * size)) }
        return .list(out)
    }

    /// `load_string_from_range`, in the options' encoding.
    func loadString(ptr: UInt32, taggedLength: UInt32) throws(TrapCode) -> String {
        let m = try memory()
        var units = Int(taggedLength)
        var utf16: Bool
        switch options.encoding {
        case .utf8: utf16 = false
        case .utf16: utf16 = true
        case .latin1UTF16:
            utf16 = taggedLength & 0x8000_0000 != 0
            if utf16 { units = Int(taggedLength & 0x7FFF_FFFF) }
        }
        let alignment = options.encoding == .utf8 ? 1 : 2
        let byteLength = utf16 ? units * 2 : units
        let start = Int(ptr)
        guard start & (alignment - 1) == 0 else { throw CanonTrap.unaligned }
        guard m.contains(start, byteLength) else {
            throw liftsToHost ? CanonTrap.stringPointerOutOfBounds : CanonTrap.stringOutOfBounds
        }
        // UTF-8 is kept as it is; UTF-16 and Latin-1 are copied, then converted to UTF-8
        // (at most 3 bytes a UTF-16 unit, 2 a Latin-1 one).
        if options.encoding == .utf8 {
            try chargeLift(byteLength)
        } else {
            try chargeLift(byteLength &+ units &* (utf16 ? 3 : 2))
        }
        if !utf16 && options.encoding == .utf8 {
            let p = try m.check(start, byteLength)
            return try StringCoding.decodeUTF8(UnsafeRawBufferPointer(start: p, count: byteLength))  // validated in one pass
        }
        let bytes = try m.bytes(start, byteLength)
        if utf16 { return try StringCoding.decodeUTF16(bytes) }
        return StringCoding.decodeLatin1(bytes)
    }

    /// `convert_i32_to_char`.
    static func char(_ v: UInt32) throws(TrapCode) -> Unicode.Scalar {
        guard let s = Unicode.Scalar(v) else { throw CanonTrap.invalidChar }
        return s
    }

    /// `lift_own`: takes the handle out of the instance's table.
    func liftOwn(_ rt: ResourceID, _ handle: UInt32) throws(TrapCode) -> ResourceHandle {
        let e = try instance.handles.get(handle)
        try runtime.checkHandleType(e, rt, handle)
        guard e.own else { throw CanonTrap.trap("handle index \(handle) is a borrow, expected an owned handle") }
        guard e.lendCount == 0 else { throw CanonTrap.trap("cannot remove owned resource while borrowed") }
        _ = try instance.handles.remove(handle)
        return ResourceHandle(type: e.type, rep: e.rep)
    }

    /// `lift_borrow`: an own handle is lent for the call; a borrow is passed on.
    func liftBorrow(_ rt: ResourceID, _ handle: UInt32) throws(TrapCode) -> ResourceHandle {
        let e = try instance.handles.get(handle)
        try runtime.checkHandleType(e, rt, handle)
        if e.own {
            instance.handles.update(handle) { $0.lendCount += 1 }
            lent.append(handle)
        }
        return ResourceHandle(type: e.type, rep: e.rep)
    }

    static func makeVariant(_ type: ResolvedValueType, _ index: Int, _ payload: ComponentValue?) -> ComponentValue {
        switch type {
        case .variant(let cases): return .variant(case: cases[index].label, payload: payload)
        case .option: return .option(index == 0 ? nil : payload)
        case .result: return .result(isOK: index == 0, payload: payload)
        default: return .variant(case: "", payload: payload)
        }
    }
}

/// What lifted values take of the host's memory, as a lift's budget counts it
/// (``CanonContext/chargeLift(_:)``): a list or tuple element, a record field (its label is
/// shared with the type), a set flag's name, and the box of a variant, option or result.
enum HostBytes {
    static var value: Int { MemoryLayout<ComponentValue>.stride }
    static var field: Int { MemoryLayout<(label: String, value: ComponentValue)>.stride }
    static var label: Int { MemoryLayout<String>.stride }
    /// The boxed payload and the allocation's header.
    static var box: Int { MemoryLayout<ComponentValue?>.stride &+ 16 }
}
