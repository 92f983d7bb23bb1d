/// A YAML value: what a document means, without source positions or spelling.
///
/// Values compare by meaning: two maps are equal when they hold equal values
/// under the same keys in the same order, wherever they were written. To find
/// where a value came from, or how a scalar was spelled, use ``YAMLNode``,
/// which ``YAMLParser`` returns.
///
/// Plain (unquoted) scalars are resolved the way `gopkg.in/yaml.v3` (the
/// library Wippy itself reads entry files with) resolves them, except that
/// timestamps stay strings:
/// - empty, `~`, `null`, `Null`, `NULL` are ``null``;
/// - `true`/`True`/`TRUE` and `false`/`False`/`FALSE` are ``bool(_:)``
///   (`yes`, `no`, `on`, `off` are strings);
/// - decimal, `0x` hexadecimal, `0o` octal, `0b` binary and YAML 1.1 octal
///   with a leading zero (`0755` is 493) integers are ``int(_:)``; underscores
///   are ignored (`1_000`); integers beyond `Int64` become ``float(_:)``;
/// - decimal numbers with a fraction or exponent (`1.5`, `1e3`, `1.`),
///   `.inf`, `-.inf` and `.nan` are ``float(_:)``;
/// - anything else is a ``string(_:)``.
///
/// Quoted and block (`|`, `>`) scalars are always strings. Keys are always
/// strings: the key's text as written (`1: x` has the key `"1"`).
public enum YAMLValue: Hashable, Sendable {
    /// No value: an empty value, `~` or `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer.
    case int(Int64)
    /// A floating-point number (including `.inf` and `.nan`).
    case float(Double)
    /// A string: any quoted or block scalar, or a plain scalar that is not a
    /// null, boolean or number.
    case string(String)
    /// A sequence (`- a` lines or `[a, b]`).
    case list([YAMLValue])
    /// A mapping (`key: value` lines or `{key: value}`), in source order.
    case map(YAMLMap)
}

extension YAMLValue {
    /// Whether the value is ``null``.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The boolean, if the value is ``bool(_:)``.
    public var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The integer, if the value is ``int(_:)``.
    public var int: Int64? {
        if case .int(let value) = self { return value }
        return nil
    }

    /// The number as a `Double`, if the value is ``float(_:)`` or ``int(_:)``.
    public var double: Double? {
        switch self {
        case .float(let value): return value
        case .int(let value): return Double(value)
        default: return nil
        }
    }

    /// The string, if the value is ``string(_:)``.
    ///
    /// This does not convert other scalars: use ``YAMLNode/string`` for the
    /// source text of any scalar (so that `version: 1.10` reads as `"1.10"`).
    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The elements, if the value is ``list(_:)``.
    public var list: [YAMLValue]? {
        if case .list(let value) = self { return value }
        return nil
    }

    /// The mapping, if the value is ``map(_:)``.
    public var map: YAMLMap? {
        if case .map(let value) = self { return value }
        return nil
    }

    /// The value stored under `key`, if this is a map that has the key.
    ///
    /// - Parameter key: The key to look up.
    public subscript(key: String) -> YAMLValue? {
        map?[key]?.value
    }

    /// The element at `index`, if this is a list and `index` is in range.
    ///
    /// - Parameter index: The zero-based element index.
    public subscript(index: Int) -> YAMLValue? {
        guard case .list(let items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }

    /// A lowercase name of the value's type for messages: `null`, `boolean`,
    /// `integer`, `float`, `string`, `list` or `map`.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .int: return "integer"
        case .float: return "float"
        case .string: return "string"
        case .list: return "list"
        case .map: return "map"
        }
    }
}
