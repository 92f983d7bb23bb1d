extension ResolvedValueType {
    /// The kind of the type as WIT spells it: the primitive's name (`u32`, `string`, ...), else
    /// `record`, `variant`, `list` (fixed-length lists too), `tuple`, `flags`, `enum`, `option`,
    /// `result`, `own`, `borrow`, `stream`, `future` or `map`.
    public var kindName: String {
        switch self {
        case .primitive(let p): return p.witName
        case .record: return "record"
        case .variant: return "variant"
        case .list, .fixedList: return "list"
        case .tuple: return "tuple"
        case .flags: return "flags"
        case .enum: return "enum"
        case .option: return "option"
        case .result: return "result"
        case .own: return "own"
        case .borrow: return "borrow"
        case .stream: return "stream"
        case .future: return "future"
        case .map: return "map"
        }
    }
}
