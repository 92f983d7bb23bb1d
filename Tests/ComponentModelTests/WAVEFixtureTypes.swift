import ComponentBinary

/// The types of `complex.wasm` (`wasm-tools component wit`), built by hand.
enum ComplexTypes {
    static let s32 = ResolvedValueType.primitive(.s32)
    static let u32 = ResolvedValueType.primitive(.u32)
    static let s64 = ResolvedValueType.primitive(.s64)
    static let string = ResolvedValueType.primitive(.string)
    static let bool = ResolvedValueType.primitive(.bool)

    static let point = ResolvedValueType.record([
        ResolvedField(label: "x", type: s32), ResolvedField(label: "y", type: s32),
    ])
    static let person = ResolvedValueType.record([
        ResolvedField(label: "name", type: string), ResolvedField(label: "age", type: u32),
    ])
    static let rectangle = ResolvedValueType.record([
        ResolvedField(label: "top-left", type: point), ResolvedField(label: "bottom-right", type: point),
    ])
    static let color = ResolvedValueType.enum(["red", "green", "blue"])
    static let shape = ResolvedValueType.variant([
        ResolvedCase(label: "circle", type: u32), ResolvedCase(label: "square", type: u32),
        ResolvedCase(label: "rect", type: rectangle), ResolvedCase(label: "none", type: nil),
    ])
    static let permissions = ResolvedValueType.flags(["read", "write", "execute"])
    static let errorInfo = ResolvedValueType.record([
        ResolvedField(label: "code", type: u32), ResolvedField(label: "message", type: string),
    ])

    static func function(_ parameters: [(String, ResolvedValueType)], _ result: ResolvedValueType) -> ResolvedFunctionType {
        ResolvedFunctionType(parameters: parameters.map { ResolvedField(label: $0.0, type: $0.1) }, result: result)
    }

    /// The exports of complex.wasm by name.
    static let functions: [String: ResolvedFunctionType] = [
        "echo-point": function([("p", point)], point),
        "echo-person": function([("p", person)], person),
        "echo-rectangle": function([("r", rectangle)], rectangle),
        "echo-color": function([("c", color)], color),
        "echo-shape": function([("s", shape)], shape),
        "echo-permissions": function([("p", permissions)], permissions),
        "echo-list-s32": function([("items", .list(s32))], .list(s32)),
        "echo-list-string": function([("items", .list(string))], .list(string)),
        "echo-list-point": function([("items", .list(point))], .list(point)),
        "maybe-point": function([("make-some", bool)], .option(point)),
        "maybe-string": function([("make-some", bool)], .option(string)),
        "try-divide": function([("a", s32), ("b", s32)], .result(ok: s32, error: errorInfo)),
        "try-parse": function([("s", string)], .result(ok: s32, error: string)),
        "swap-pair": function([("a", s32), ("b", s32)], .tuple([s32, s32])),
        "triple": function([("x", s32)], .tuple([s32, s32, s32])),
        "filter-adults": function([("people", .list(person))], .list(person)),
        "sum-list": function([("numbers", .list(s32))], s64),
        "double-list": function([("numbers", .list(s32))], .list(s32)),
    ]
}
