import WasmBytes

/// Assembles small module binaries for tests, section by section, from raw encodings.
struct WasmBuilder {
    var types: [[UInt8]] = []
    var imports: [[UInt8]] = []
    var functions: [UInt32] = []
    var tables: [[UInt8]] = []
    var memories: [[UInt8]] = []
    var tags: [[UInt8]] = []
    var globals: [[UInt8]] = []
    var exports: [[UInt8]] = []
    var start: UInt32?
    var elements: [[UInt8]] = []
    var dataCount: UInt32?
    var codes: [[UInt8]] = []
    var data: [[UInt8]] = []

    // Value type bytes.
    static let i32: UInt8 = 0x7F, i64: UInt8 = 0x7E, f32: UInt8 = 0x7D, f64: UInt8 = 0x7C
    static let v128: UInt8 = 0x7B, funcref: UInt8 = 0x70, externref: UInt8 = 0x6F, exnref: UInt8 = 0x69

    /// Unsigned and signed LEB128 and names (`WasmBytes`), short for the tests' byte lists.
    static func u(_ v: UInt64) -> [UInt8] { WasmBytes.unsigned(v) }
    static func s(_ v: Int64) -> [UInt8] { WasmBytes.signed(v) }
    static func name(_ s: String) -> [UInt8] { WasmBytes.name(s) }

    /// Adds a function type; `params`/`results` are value type encodings (each possibly several
    /// bytes, e.g. `[0x64, 0x00]` for `(ref 0)`). Returns its index.
    @discardableResult
    mutating func type(_ params: [[UInt8]], _ results: [[UInt8]]) -> UInt32 {
        types.append([0x60] + Self.u(UInt64(params.count)) + params.flatMap { $0 }
                     + Self.u(UInt64(results.count)) + results.flatMap { $0 })
        return UInt32(types.count - 1)
    }

    /// Adds a function with the given type, locals (`(count, type)` groups) and instructions (the
    /// final `end` is appended unless `end` is false). Returns its index among defined functions.
    @discardableResult
    mutating func function(type: UInt32, locals: [(UInt32, [UInt8])] = [], _ code: [UInt8],
                           end: Bool = true) -> Int {
        functions.append(type)
        var body = Self.u(UInt64(locals.count))
        for (n, t) in locals { body += Self.u(UInt64(n)) + t }
        body += code
        if end { body.append(0x0B) }
        codes.append(Self.u(UInt64(body.count)) + body)
        return functions.count - 1
    }

    mutating func export(_ name: String, kind: UInt8, index: UInt32) {
        exports.append(Self.name(name) + [kind] + Self.u(UInt64(index)))
    }

    private static func section(_ id: UInt8, _ items: [[UInt8]]) -> [UInt8] {
        if items.isEmpty { return [] }
        let content = u(UInt64(items.count)) + items.flatMap { $0 }
        return [id] + u(UInt64(content.count)) + content
    }

    func build() -> [UInt8] {
        var out: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]
        out += Self.section(1, types)
        out += Self.section(2, imports)
        out += Self.section(3, functions.map { Self.u(UInt64($0)) })
        out += Self.section(4, tables)
        out += Self.section(5, memories)
        out += Self.section(13, tags)
        out += Self.section(6, globals)
        out += Self.section(7, exports)
        if let s = start { out += [8] + Self.u(UInt64(Self.u(UInt64(s)).count)) + Self.u(UInt64(s)) }
        out += Self.section(9, elements)
        if let n = dataCount { out += [12] + Self.u(UInt64(Self.u(UInt64(n)).count)) + Self.u(UInt64(n)) }
        out += Self.section(10, codes)
        out += Self.section(11, data)
        return out
    }
}
