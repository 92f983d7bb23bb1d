// Literal conformances, so values can be written naturally in code and tests:
// `let expected: YAMLValue = ["name": "compute", "args": [1, 2], "pool": nil]`.

extension YAMLValue: ExpressibleByNilLiteral {
    /// Creates ``YAMLValue/null``.
    public init(nilLiteral: ()) {
        self = .null
    }
}

extension YAMLValue: ExpressibleByBooleanLiteral {
    /// Creates ``YAMLValue/bool(_:)``.
    public init(booleanLiteral value: Bool) {
        self = .bool(value)
    }
}

extension YAMLValue: ExpressibleByIntegerLiteral {
    /// Creates ``YAMLValue/int(_:)``.
    public init(integerLiteral value: Int64) {
        self = .int(value)
    }
}

extension YAMLValue: ExpressibleByFloatLiteral {
    /// Creates ``YAMLValue/float(_:)``.
    public init(floatLiteral value: Double) {
        self = .float(value)
    }
}

extension YAMLValue: ExpressibleByStringLiteral {
    /// Creates ``YAMLValue/string(_:)``.
    public init(stringLiteral value: String) {
        self = .string(value)
    }
}

extension YAMLValue: ExpressibleByArrayLiteral {
    /// Creates ``YAMLValue/list(_:)``.
    public init(arrayLiteral elements: YAMLValue...) {
        self = .list(elements)
    }
}

extension YAMLValue: ExpressibleByDictionaryLiteral {
    /// Creates ``YAMLValue/map(_:)`` with the pairs in the order written; a
    /// repeated key keeps its first position and its last value.
    public init(dictionaryLiteral elements: (String, YAMLValue)...) {
        self = .map(YAMLMap(elements))
    }
}

extension YAMLMap: ExpressibleByDictionaryLiteral {
    /// Creates a map with the pairs in the order written; a repeated key keeps
    /// its first position and its last value.
    public init(dictionaryLiteral elements: (String, YAMLValue)...) {
        self.init(elements)
    }
}
