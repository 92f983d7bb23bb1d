/// A JSON value, as defined by RFC 8259.
///
/// Numbers keep their source text (see ``JSONNumber``) and objects keep their
/// key order (see ``JSONObject``), so parsing and re-serializing a document
/// loses nothing but insignificant whitespace.
///
/// ```swift
/// let value = try JSONValue.parse(#"{"a": [1, true]}"#)
/// value["a"]?[0]?.numberValue?.int64   // 1
/// value.serialized()                   // {"a":[1,true]}
/// ```
public enum JSONValue: Hashable, Sendable {
    /// The literal `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, kept as its exact text.
    case number(JSONNumber)
    /// A string.
    case string(String)
    /// An array of values.
    case array([JSONValue])
    /// An object with ordered key/value pairs.
    case object(JSONObject)
}

extension JSONValue {
    /// Parses one JSON text from UTF-8 bytes with the default ``JSONParser``.
    ///
    /// - Parameter bytes: The UTF-8 encoded JSON text.
    /// - Returns: The parsed value.
    /// - Throws: ``JSONError`` describing the first problem found.
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONError) -> JSONValue {
        try JSONParser().parse(bytes)
    }

    /// Parses one JSON text from a string with the default ``JSONParser``.
    ///
    /// - Parameter text: The JSON text.
    /// - Returns: The parsed value.
    /// - Throws: ``JSONError`` describing the first problem found.
    public static func parse(_ text: String) throws(JSONError) -> JSONValue {
        try JSONParser().parse(text)
    }
}

extension JSONValue {
    /// The member named `key` if this is an object that has it, else `nil`.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    /// The element at `index` if this is an array and `index` is in bounds,
    /// else `nil`.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let array) = self, array.indices.contains(index) else { return nil }
        return array[index]
    }

    /// The string if this is a string, else `nil`.
    public var stringValue: String? {
        guard case .string(let string) = self else { return nil }
        return string
    }

    /// The number if this is a number, else `nil`.
    public var numberValue: JSONNumber? {
        guard case .number(let number) = self else { return nil }
        return number
    }

    /// The elements if this is an array, else `nil`.
    public var arrayValue: [JSONValue]? {
        guard case .array(let array) = self else { return nil }
        return array
    }

    /// The object if this is an object, else `nil`.
    public var objectValue: JSONObject? {
        guard case .object(let object) = self else { return nil }
        return object
    }

    /// The boolean if this is `true` or `false`, else `nil`.
    public var boolValue: Bool? {
        guard case .bool(let bool) = self else { return nil }
        return bool
    }

    /// Whether this is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

extension JSONValue: CustomStringConvertible {
    /// The compact serialization of the value.
    public var description: String { serialized() }
}

extension JSONValue: ExpressibleByBooleanLiteral {
    /// Creates `.bool` from a boolean literal.
    /// - Parameter value: The literal value.
    public init(booleanLiteral value: Bool) {
        self = .bool(value)
    }
}

extension JSONValue: ExpressibleByIntegerLiteral {
    /// Creates `.number` from an integer literal.
    /// - Parameter value: The literal value.
    public init(integerLiteral value: Int64) {
        self = .number(JSONNumber(value))
    }
}

extension JSONValue: ExpressibleByFloatLiteral {
    /// Creates `.number` from a (finite) floating-point literal.
    /// - Parameter value: The literal value.
    public init(floatLiteral value: Double) {
        self = .number(JSONNumber(value))
    }
}

extension JSONValue: ExpressibleByStringLiteral {
    /// Creates `.string` from a string literal.
    /// - Parameter value: The literal value.
    public init(stringLiteral value: String) {
        self = .string(value)
    }
}

extension JSONValue: ExpressibleByArrayLiteral {
    /// Creates `.array` from an array literal.
    /// - Parameter elements: The literal's elements.
    public init(arrayLiteral elements: JSONValue...) {
        self = .array(elements)
    }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
    /// Creates `.object` from a dictionary literal, keeping the written order.
    /// - Parameter elements: The literal's pairs.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements.map { (key: $0.0, value: $0.1) }))
    }
}
