/// An error converting a component value to or from another representation (see
/// ``ComponentValueJSON``).
public struct ComponentValueError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, such as `expected u8, found 300 (out of range 0...255)`.
    public var message: String
    /// Where in the value: `$` for the value itself, then `.field` for record fields and
    /// variant, `ok` or `err` payloads, and `[index]` for list and tuple elements, as in
    /// `$.items[2].name`.
    public var path: String
    /// Whether the value was refused for its size: its JSON form would pass the limit given to
    /// ``ComponentValueJSON/encode(_:as:limit:)`` or ``ComponentValueJSON/encodeText(_:as:limit:)``.
    public var exceedsLimit = false

    /// Creates an error.
    /// - Parameters:
    ///   - message: What went wrong.
    ///   - path: Where in the value.
    public init(message: String, path: String) {
        self.message = message
        self.path = path
    }

    /// `path: message`.
    public var description: String { "\(path): \(message)" }
}

extension ComponentValueError {
    /// An error of a value refused for its size (``exceedsLimit`` set).
    static func overLimit(_ message: String, path: String) -> ComponentValueError {
        var error = ComponentValueError(message: message, path: path)
        error.exceedsLimit = true
        return error
    }

    /// Runs `body`, which converts the part at `path` + `component` but is given `path`, so
    /// that no path is built per element of a large value: an error it throws, whose path
    /// starts with `path`, gets `component` put in after it.
    @inline(__always)
    static func placing<T>(_ component: @autoclosure () -> String, below path: String,
                           _ body: () throws(ComponentValueError) -> T) throws(ComponentValueError) -> T {
        do {
            return try body()
        } catch {
            var placed = error
            placed.path = path + component() + error.path.dropFirst(path.count)
            throw placed
        }
    }
}
