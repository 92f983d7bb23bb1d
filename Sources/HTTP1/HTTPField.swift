/// One header (or trailer) field: a name and a value of raw bytes.
public struct HTTPField: Sendable, Equatable {
    /// The name as received or given (compare with ``HTTPFieldSyntax/lowercased(_:)``).
    public var name: String
    /// The value, without leading or trailing whitespace.
    public var value: [UInt8]

    /// Creates a field.
    public init(name: String, value: [UInt8]) {
        self.name = name
        self.value = value
    }

    /// Creates a field with a text value.
    public init(_ name: String, _ value: String) {
        self.init(name: name, value: Array(value.utf8))
    }
}

/// The syntax rules of field names and values (RFC 9110 §5.1, §5.5).
public enum HTTPFieldSyntax {
    /// Whether `byte` is a `tchar` (a character allowed in a token such as a field name).
    @inlinable
    public static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
             UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// Whether `name` is a valid field name (a non-empty token).
    public static func isValidName<C: Collection>(_ name: C) -> Bool where C.Element == UInt8 {
        !name.isEmpty && name.allSatisfy(isTokenByte)
    }

    /// Whether `name` is a valid field name (a non-empty token).
    public static func isValidName(_ name: String) -> Bool { isValidName(name.utf8) }

    /// Whether `value` is a valid field value: visible bytes, spaces and tabs (obs-text allowed),
    /// no CR, LF, NUL or other control byte, and no whitespace at either end.
    public static func isValidValue<C: BidirectionalCollection>(_ value: C) -> Bool where C.Element == UInt8 {
        guard value.allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }) else { return false }
        if let first = value.first, isWhitespace(first) { return false }
        if let last = value.last, isWhitespace(last) { return false }
        return true
    }

    /// Space or horizontal tab.
    @inlinable
    public static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// `name` in ASCII lower case (field names compare case-insensitively).
    public static func lowercased(_ name: String) -> String {
        String(decoding: name.utf8.map { ($0 >= 0x41 && $0 <= 0x5A) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// The values of the fields named `name` (case-insensitive), in order.
    public static func values(_ name: String, in fields: [HTTPField]) -> [[UInt8]] {
        let key = lowercased(name)
        return fields.filter { lowercased($0.name) == key }.map(\.value)
    }
}
