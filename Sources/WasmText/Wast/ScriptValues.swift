import WasmBinary

// The constants of scripts: arguments and expected results.

extension ScriptReader {
    /// An argument: `(i32.const N)`, …, `(ref.null ht)`, `(ref.extern N)`, `(ref.host N)`.
    mutating func argument() throws(TextError) -> WastValue {
        guard tokens[pos].kind == .leftParen else { throw unexpected() }
        let keyword = pos + 1
        pos += 2
        let value: WastValue
        if isKeyword(keyword, "i32.const") {
            value = .i32(UInt32(try integer(width: 32)))
        } else if isKeyword(keyword, "i64.const") {
            value = .i64(try integer(width: 64))
        } else if isKeyword(keyword, "f32.const") {
            value = .f32(try float32())
        } else if isKeyword(keyword, "f64.const") {
            value = .f64(try float64())
        } else if isKeyword(keyword, "v128.const") {
            let (shape, lanes) = try v128(allowNaN: false)
            var lo: UInt64 = 0
            var hi: UInt64 = 0
            let width = 128 / shape.count
            for (index, lane) in lanes.enumerated() {
                guard case .bits(let bits) = lane else { continue }
                let shift = UInt64((index * width) % 64)
                if index * width < 64 { lo |= bits << shift } else { hi |= bits << shift }
            }
            value = .v128(V128(lo: lo, hi: hi))
        } else if isKeyword(keyword, "ref.null") {
            value = .refNull(try heapType() ?? .none)
        } else if isKeyword(keyword, "ref.extern") {
            value = .refExtern(UInt32(try integer(width: 32)))
        } else if isKeyword(keyword, "ref.host") {
            value = .refHost(UInt32(try integer(width: 32)))
        } else {
            throw error("unexpected token", at: keyword)
        }
        try expectRightParen()
        return value
    }

    /// An expected result: an argument form, a NaN pattern, `(ref.func)`, `(either ...)`, …
    /// (`either` does not nest, so this recurses at most once.)
    mutating func expectedValue(insideEither: Bool = false) throws(TextError) -> WastExpected {
        guard tokens[pos].kind == .leftParen else { throw unexpected() }
        let keyword = pos + 1
        pos += 2
        let value: WastExpected
        if isKeyword(keyword, "i32.const") {
            value = .i32(UInt32(try integer(width: 32)))
        } else if isKeyword(keyword, "i64.const") {
            value = .i64(try integer(width: 64))
        } else if isKeyword(keyword, "f32.const") {
            if let nan = nanPattern(pos) {
                pos += 1
                value = .f32(.nan(nan))
            } else {
                value = .f32(.bits(try float32()))
            }
        } else if isKeyword(keyword, "f64.const") {
            if let nan = nanPattern(pos) {
                pos += 1
                value = .f64(.nan(nan))
            } else {
                value = .f64(.bits(try float64()))
            }
        } else if isKeyword(keyword, "v128.const") {
            let (shape, lanes) = try v128(allowNaN: true)
            value = .v128(shape, lanes)
        } else if isKeyword(keyword, "ref.null") {
            value = .refNull(try heapType())
        } else if isKeyword(keyword, "ref.extern") {
            value = .refExtern(tokens[pos].kind == .number ? UInt32(try integer(width: 32)) : nil)
        } else if isKeyword(keyword, "ref.host") {
            value = .refHost(UInt32(try integer(width: 32)))
        } else if isKeyword(keyword, "ref.func") {
            if tokens[pos].kind == .number || tokens[pos].kind == .identifier { pos += 1 }
            value = .refFunc
        } else if isKeyword(keyword, "either") && !insideEither {
            var options: [WastExpected] = []
            while tokens[pos].kind == .leftParen { options.append(try expectedValue(insideEither: true)) }
            value = .either(options)
        } else if tokens[keyword].kind == .keyword, bytes[Int(tokens[keyword].start)...].starts(with: Array("ref.".utf8)) {
            let name = String(decoding: bytes[(Int(tokens[keyword].start) + 4)..<Int(tokens[keyword].end)], as: UTF8.self)
            while tokens[pos].kind != .rightParen && tokens[pos].kind != .end { pos += 1 }
            value = .ref(name)
        } else {
            throw error("unexpected token", at: keyword)
        }
        try expectRightParen()
        return value
    }

    /// `nan:canonical` or `nan:arithmetic` at token `index`.
    private func nanPattern(_ index: Int) -> WastNaN? {
        if isKeyword(index, "nan:canonical") { return .canonical }
        if isKeyword(index, "nan:arithmetic") { return .arithmetic }
        return nil
    }

    /// An optional heap type keyword or type index.
    private mutating func heapType() throws(TextError) -> HeapType? {
        let names: [(StaticString, HeapType)] = [
            ("func", .function), ("extern", .extern), ("exn", .exception), ("any", .any), ("eq", .eq),
            ("i31", .i31), ("struct", .struct), ("array", .array), ("none", .none),
            ("nofunc", .noFunction), ("noextern", .noExtern), ("noexn", .noException),
        ]
        for (word, type) in names where isKeyword(pos, word) {
            pos += 1
            return type
        }
        if tokens[pos].kind == .identifier || tokens[pos].kind == .number {
            pos += 1
            return .concrete(0)
        }
        return nil
    }

    /// An integer constant of `width` bits.
    private mutating func integer(width: Int) throws(TextError) -> UInt64 {
        let t = tokens[pos]
        guard t.kind == .number else { throw unexpected() }
        let bits = try withBytes { (p) throws(TextError) -> UInt64 in
            guard let literal = NumericLiteral.integer(p, Int(t.start), Int(t.end)) else {
                throw TextError("unknown operator", at: Int(t.start))
            }
            guard let bits = NumericLiteral.bits(literal, width: width) else {
                throw TextError("constant out of range", at: Int(t.start))
            }
            return bits
        }
        pos += 1
        return bits
    }

    private mutating func float32() throws(TextError) -> UInt32 {
        let t = tokens[pos]
        let bits = try withBytes { (p) throws(TextError) -> UInt32 in
            guard t.kind == .number || t.kind == .keyword,
                  let bits = try NumericLiteral.float32(p, Int(t.start), Int(t.end)) else {
                throw TextError("unexpected token", at: Int(t.start))
            }
            return bits
        }
        pos += 1
        return bits
    }

    private mutating func float64() throws(TextError) -> UInt64 {
        let t = tokens[pos]
        let bits = try withBytes { (p) throws(TextError) -> UInt64 in
            guard t.kind == .number || t.kind == .keyword,
                  let bits = try NumericLiteral.float64(p, Int(t.start), Int(t.end)) else {
                throw TextError("unexpected token", at: Int(t.start))
            }
            return bits
        }
        pos += 1
        return bits
    }

    /// `shape lane*` of a `v128.const`, lanes as bits (or NaN patterns when allowed).
    private mutating func v128(allowNaN: Bool) throws(TextError) -> (WastLaneShape, [WastLane]) {
        let shapes: [(StaticString, WastLaneShape)] = [
            ("i8x16", .i8), ("i16x8", .i16), ("i32x4", .i32), ("i64x2", .i64), ("f32x4", .f32), ("f64x2", .f64),
        ]
        guard let shape = shapes.first(where: { isKeyword(pos, $0.0) })?.1 else { throw unexpected() }
        pos += 1
        var lanes: [WastLane] = []
        let width = 128 / shape.count
        for _ in 0..<shape.count {
            if allowNaN, let nan = nanPattern(pos) {
                pos += 1
                lanes.append(.nan(nan))
                continue
            }
            switch shape {
            case .f32: lanes.append(.bits(UInt64(try float32())))
            case .f64: lanes.append(.bits(try float64()))
            default: lanes.append(.bits(try integer(width: width)))
            }
        }
        return (shape, lanes)
    }
}
