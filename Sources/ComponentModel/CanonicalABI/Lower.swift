import ComponentBinary
import WasmInterpreter

/// Lowering: writing component values into a guest (flat core values and linear memory).
extension CanonContext {
    /// `lower_flat_values`: the flat core values of `values`, laid out by `plan`, written to
    /// `out`. When they flatten to more than the plan's limit, they are stored in memory: at
    /// `outPointer` if given (a lowered import's return area), else in space from `realloc` whose
    /// address is the one flat value.
    func lowerValues<Values: Collection<ComponentValue>>(_ values: Values, _ plan: FlatPlan, outPointer: UInt32?, into out: inout FlatWriter) throws(TrapCode) {
        let types = plan.types
        guard values.count == types.count else {
            throw CanonTrap.trap("expected \(types.count) values, got \(values.count)")
        }
        if plan.isFlat {
            var i = 0
            for v in values {
                try lowerFlat(v, types[i], into: &out)
                i &+= 1
            }
            return
        }
        let ptr: Int
        if let outPointer {
            ptr = Int(outPointer)
        } else {
            ptr = try allocate(alignment: plan.alignment, size: plan.size)
            out.append(UInt64(ptr))
        }
        guard ptr & (plan.alignment - 1) == 0 else { throw CanonTrap.unaligned }
        guard try memory().contains(ptr, plan.size) else { throw CanonTrap.pointerOutOfBounds }
        var i = 0
        for v in values {
            try store(v, types[i], at: ptr + plan.offsets[i])
            i &+= 1
        }
    }

    /// `lower_flat` of one value.
    func lowerFlat(_ value: ComponentValue, _ type: ResolvedValueType, into out: inout FlatWriter) throws(TrapCode) {
        switch type {
        case .primitive(let p):
            switch p {
            case .string:
                guard case .string(let s) = value else { throw mismatch(value, type) }
                let (ptr, len) = try storeString(s)
                out.append(UInt64(ptr))
                out.append(UInt64(len))
            default: out.append(try Self.scalarBits(value, p))
            }
        case .list(let element):
            let (ptr, len) = try storeList(value, element)
            out.append(UInt64(ptr))
            out.append(UInt64(len))
        case .map(let k, let v):
            let (ptr, len) = try storeList(value, .tuple([k, v]))
            out.append(UInt64(ptr))
            out.append(UInt64(len))
        case .fixedList(let element, let length):
            let items = try Self.listItems(value)
            guard items.count == Int(length) else { throw mismatch(value, type) }
            for v in items { try lowerFlat(v, element, into: &out) }
        case .record(let fields):
            let vs = try Self.recordValues(value, fields)
            for (v, f) in zip(vs, fields) { try lowerFlat(v, f.type, into: &out) }
        case .tuple(let items):
            guard case .tuple(let vs) = value, vs.count == items.count else { throw mismatch(value, type) }
            for (v, t) in zip(vs, items) { try lowerFlat(v, t, into: &out) }
        case .flags(let labels):
            let bits = try Self.flagBits(value, labels)
            for w in bits { out.append(UInt64(w)) }
        case .own(let rt): out.append(UInt64(try lowerOwn(value, rt)))
        case .borrow(let rt): out.append(UInt64(try lowerBorrow(value, rt)))
        case .enum, .variant, .option, .result:
            let (index, payload) = try Self.variantCase(value, type)
            out.append(UInt64(index))
            // The type fits in the flat values, so the count is exact (as `flatten`'s, without its arrays).
            let joined = Layout.flatCount(type, limit: Int.max) - 1
            let start = out.count
            if let payload, let t = Layout.payload(type, index) { try lowerFlat(payload, t, into: &out) }
            while out.count < start + joined { out.append(0) }
        case .stream, .future: throw CanonTrap.trap("stream and future values are not supported")
        }
    }

    /// `store`: one value of `type` at `ptr`.
    func store(_ value: ComponentValue, _ type: ResolvedValueType, at ptr: Int) throws(TrapCode) {
        switch type {
        case .primitive(let p):
            switch p {
            case .string:
                guard case .string(let s) = value else { throw mismatch(value, type) }
                let (sp, len) = try storeString(s)
                let m = try memory()
                try m.setU32(ptr, sp)
                try m.setU32(ptr + 4, len)
            default:
                let bits = try Self.scalarBits(value, p)
                let m = try memory()
                switch Layout.size(type) {
                case 1: try m.setU8(ptr, UInt8(truncatingIfNeeded: bits))
                case 2: try m.setU16(ptr, UInt16(truncatingIfNeeded: bits))
                case 4: try m.setU32(ptr, UInt32(truncatingIfNeeded: bits))
                default: try m.setU64(ptr, bits)
                }
            }
        case .list(let element):
            let (lp, len) = try storeList(value, element)
            let m = try memory()
            try m.setU32(ptr, lp)
            try m.setU32(ptr + 4, len)
        case .map(let k, let v):
            let (lp, len) = try storeList(value, .tuple([k, v]))
            let m = try memory()
            try m.setU32(ptr, lp)
            try m.setU32(ptr + 4, len)
        case .fixedList(let element, let length):
            let items = try Self.listItems(value)
            guard items.count == Int(length) else { throw mismatch(value, type) }
            let size = Layout.size(element)
            for (i, v) in items.enumerated() { try store(v, element, at: ptr + i * size) }
        case .record(let fields):
            let vs = try Self.recordValues(value, fields)
            var offset = 0
            for i in 0..<fields.count {
                let layout = Layout.sizeAndAlignment(fields[i].type)
                offset = Layout.alignUp(offset, layout.alignment)
                try store(vs[i], fields[i].type, at: ptr + offset)
                offset &+= layout.size
            }
        case .tuple(let items):
            guard case .tuple(let vs) = value, vs.count == items.count else { throw mismatch(value, type) }
            var offset = 0
            for i in 0..<items.count {
                let layout = Layout.sizeAndAlignment(items[i])
                offset = Layout.alignUp(offset, layout.alignment)
                try store(vs[i], items[i], at: ptr + offset)
                offset &+= layout.size
            }
        case .flags(let labels):
            let words = try Self.flagBits(value, labels)
            let m = try memory()
            switch Layout.flagsSize(labels.count) {
            case 1: try m.setU8(ptr, UInt8(truncatingIfNeeded: words[0]))
            case 2: try m.setU16(ptr, UInt16(truncatingIfNeeded: words[0]))
            default: for (i, w) in words.enumerated() { try m.setU32(ptr + 4 * i, w) }
            }
        case .own(let rt): try memory().setU32(ptr, try lowerOwn(value, rt))
        case .borrow(let rt): try memory().setU32(ptr, try lowerBorrow(value, rt))
        case .enum, .variant, .option, .result:
            let (index, payload) = try Self.variantCase(value, type)
            let m = try memory()
            switch Layout.discriminantSize(Layout.caseCount(type)) {
            case 1: try m.setU8(ptr, UInt8(truncatingIfNeeded: index))
            case 2: try m.setU16(ptr, UInt16(truncatingIfNeeded: index))
            default: try m.setU32(ptr, UInt32(truncatingIfNeeded: index))
            }
            if let payload, let t = Layout.payload(type, index) { try store(payload, t, at: ptr + Layout.payloadOffset(of: type)) }
        case .stream, .future: throw CanonTrap.trap("stream and future values are not supported")
        }
    }

    /// `store_list`: allocates and fills a list; returns its pointer and length.
    func storeList(_ value: ComponentValue, _ element: ResolvedValueType) throws(TrapCode) -> (UInt32, UInt32) {
        if case .bytes(let bytes) = value {
            guard case .primitive(.u8) = element else { throw mismatch(value, .list(element)) }
            let ptr = try allocate(alignment: 1, size: bytes.count, for: .list)
            try memory().setBytes(ptr, bytes)
            return (UInt32(ptr), UInt32(bytes.count))
        }
        let items = try Self.listItems(value)
        let size = Layout.size(element)
        let (total, overflow) = items.count.multipliedReportingOverflow(by: size)
        guard !overflow, total <= Int(UInt32.max) else { throw CanonTrap.trap("list too large") }
        let ptr = try allocate(alignment: Layout.alignment(element), size: total, for: .list)
        for (i, v) in items.enumerated() { try store(v, element, at: ptr + i * size) }
        return (UInt32(ptr), UInt32(items.count))
    }

    /// `store_string`: allocates and copies a string in the options' encoding.
    func storeString(_ s: String) throws(TrapCode) -> (UInt32, UInt32) {
        switch options.encoding {
        case .utf8:
            // Copied straight from the string's UTF-8 storage, without an intermediate array.
            var text = s
            let outcome = text.withUTF8 { (utf8: UnsafeBufferPointer<UInt8>) -> Result<(UInt32, UInt32), TrapCode> in
                do throws(TrapCode) {
                    let ptr = try allocateString(byteCount: utf8.count, alignment: 1)
                    if let src = utf8.baseAddress, utf8.count > 0 {
                        try memory().check(ptr, utf8.count).copyMemory(from: src, byteCount: utf8.count)
                    }
                    return .success((UInt32(ptr), UInt32(utf8.count)))
                } catch {
                    return .failure(error)
                }
            }
            return try outcome.get()
        case .utf16:
            let units = StringCoding.encodeUTF16(s)
            return try copyString(units, alignment: 2, taggedLength: units.count / 2)
        case .latin1UTF16:
            if let latin1 = StringCoding.encodeLatin1(s) {
                return try copyString(latin1, alignment: 2, taggedLength: latin1.count)
            }
            let units = StringCoding.encodeUTF16(s)
            return try copyString(units, alignment: 2, taggedLength: units.count / 2, utf16Tag: true)
        }
    }

    /// Space for `byteCount` bytes of string from `realloc` (strings are limited to 2^31 - 1 bytes).
    private func allocateString(byteCount: Int, alignment: Int) throws(TrapCode) -> Int {
        guard byteCount < Int(Int32.max) else { throw CanonTrap.trap("string too large") }
        return try allocate(alignment: alignment, size: byteCount, for: .string)
    }

    /// Copies encoded string bytes into newly allocated guest memory; returns pointer and the
    /// tagged length (the high bit marks UTF-16 under `latin1+utf16`).
    private func copyString(_ bytes: [UInt8], alignment: Int, taggedLength: Int, utf16Tag: Bool = false) throws(TrapCode) -> (UInt32, UInt32) {
        let ptr = try allocateString(byteCount: bytes.count, alignment: alignment)
        try memory().setBytes(ptr, bytes)
        return (UInt32(ptr), UInt32(taggedLength) | (utf16Tag ? 0x8000_0000 : 0))
    }

    /// `lower_own`: the handle enters this instance's table (or, for a resource this instance
    /// defines, stays as it is: the table holds an own handle to it).
    func lowerOwn(_ value: ComponentValue, _ rt: ResourceID) throws(TrapCode) -> UInt32 {
        guard case .own(let h) = value else { throw mismatch(value, .own(rt)) }
        guard h.type == rt else { throw CanonTrap.trap("resource handle of the wrong type") }
        return try instance.handles.add(HandleEntry(type: rt, rep: h.rep, own: true))
    }

    /// `lower_borrow`: the implementing instance gets the representation; any other gets a
    /// borrow handle scoped to the current call.
    func lowerBorrow(_ value: ComponentValue, _ rt: ResourceID) throws(TrapCode) -> UInt32 {
        let h: ResourceHandle
        switch value {
        case .borrow(let b): h = b
        case .own(let o): h = o
        default: throw mismatch(value, .borrow(rt))
        }
        guard h.type == rt else { throw CanonTrap.trap("resource handle of the wrong type") }
        if let info = runtime.resourceType(rt), info.implementation === instance { return h.rep }
        if scopesBorrows && borrowScope == nil { borrowScope = BorrowScope() }
        let scope = borrowScope
        scope?.outstanding += 1
        return try instance.handles.add(HandleEntry(type: rt, rep: h.rep, own: false, scope: scope))
    }

    func mismatch(_ value: ComponentValue, _ type: ResolvedValueType) -> TrapCode {
        CanonTrap.trap("value \(ValueText.short(value)) does not match type \(witTypeText(type))")
    }

    /// The raw bits of a scalar value.
    static func scalarBits(_ v: ComponentValue, _ p: PrimitiveValueType) throws(TrapCode) -> UInt64 {
        switch (p, v) {
        case (.bool, .bool(let b)): return b ? 1 : 0
        case (.s8, .s8(let x)): return UInt64(UInt32(bitPattern: Int32(x)))
        case (.u8, .u8(let x)): return UInt64(x)
        case (.s16, .s16(let x)): return UInt64(UInt32(bitPattern: Int32(x)))
        case (.u16, .u16(let x)): return UInt64(x)
        case (.s32, .s32(let x)): return UInt64(UInt32(bitPattern: x))
        case (.u32, .u32(let x)): return UInt64(x)
        case (.s64, .s64(let x)): return UInt64(bitPattern: x)
        case (.u64, .u64(let x)): return x
        case (.f32, .f32(let x)): return UInt64(CanonicalNaN.bits(x))
        case (.f64, .f64(let x)): return CanonicalNaN.bits(x)
        case (.char, .char(let c)): return UInt64(c.value)
        default: throw CanonTrap.trap("value \(ValueText.short(v)) does not match type \(p.witName)")
        }
    }

    static func listItems(_ v: ComponentValue) throws(TrapCode) -> [ComponentValue] {
        switch v {
        case .list(let items): return items
        case .bytes(let b): return b.map { .u8($0) }
        default: throw CanonTrap.trap("value \(ValueText.short(v)) is not a list")
        }
    }

    static func recordValues(_ v: ComponentValue, _ fields: [ResolvedField]) throws(TrapCode) -> [ComponentValue] {
        guard case .record(let given) = v, given.count == fields.count else {
            throw CanonTrap.trap("value \(ValueText.short(v)) does not match a record of \(fields.count) fields")
        }
        var out: [ComponentValue] = []
        out.reserveCapacity(fields.count)
        for (g, f) in zip(given, fields) {
            guard g.label == f.label else { throw CanonTrap.trap("record field `\(g.label)` given where `\(f.label)` was expected") }
            out.append(g.value)
        }
        return out
    }

    static func flagBits(_ v: ComponentValue, _ labels: [String]) throws(TrapCode) -> [UInt32] {
        guard case .flags(let set) = v else { throw CanonTrap.trap("value \(ValueText.short(v)) is not flags") }
        var words = [UInt32](repeating: 0, count: max((labels.count + 31) / 32, 1))
        for name in set {
            guard let i = labels.firstIndex(of: name) else { throw CanonTrap.trap("unknown flag `\(name)`") }
            words[i / 32] |= 1 << UInt32(i % 32)
        }
        return words
    }

    /// The case index and payload of a variant-like value.
    static func variantCase(_ v: ComponentValue, _ type: ResolvedValueType) throws(TrapCode) -> (Int, ComponentValue?) {
        switch (type, v) {
        case (.enum(let labels), .enum(let name)):
            guard let i = labels.firstIndex(of: name) else { throw CanonTrap.trap("unknown enum case `\(name)`") }
            return (i, nil)
        case (.variant(let cases), .variant(let name, let payload)):
            guard let i = cases.firstIndex(where: { $0.label == name }) else { throw CanonTrap.trap("unknown variant case `\(name)`") }
            guard (cases[i].type == nil) == (payload == nil) else { throw CanonTrap.trap("variant case `\(name)` payload does not match its type") }
            return (i, payload)
        case (.option(_), .option(let payload)):
            return payload.map { (1, $0) } ?? (0, nil)
        case (.result(let ok, let error), .result(let isOK, let payload)):
            let t = isOK ? ok : error
            guard (t == nil) == (payload == nil) else { throw CanonTrap.trap("result payload does not match its type") }
            return (isOK ? 0 : 1, payload)
        default:
            throw CanonTrap.trap("value \(ValueText.short(v)) does not match type \(witTypeText(type))")
        }
    }
}
