/// A fresh private directory for one test, removed with everything in it when the value goes away.
public final class TemporaryDirectory {
    /// Where it is.
    public let path: String

    /// Creates the directory `/tmp/PREFIX-XXXXXX`.
    ///
    /// - Throws: ``TemporaryDirectoryError`` when it cannot be created.
    public init(prefix: String = "wippy-test") throws(TemporaryDirectoryError) {
        guard let made = Files.makeTemporaryDirectory(prefix: prefix) else { throw TemporaryDirectoryError(prefix: prefix) }
        path = made
    }

    deinit {
        Files.removeTree(path)
    }

    /// The names of the entries in the directory, sorted.
    public var files: [String] { Files.list(path) }

    /// The content of the file `name` in the directory (empty when it cannot be read).
    public func contents(_ name: String) -> [UInt8] {
        Files.read(path + "/" + name) ?? []
    }

    /// Writes `bytes` to the file `name` in the directory and returns its full path.
    @discardableResult
    public func write(_ name: String, _ bytes: [UInt8]) -> String {
        let full = path + "/" + name
        Files.write(full, bytes)
        return full
    }
}

/// A temporary directory could not be created.
public struct TemporaryDirectoryError: Error, CustomStringConvertible {
    /// The name prefix asked for.
    public let prefix: String

    /// What failed.
    public var description: String { "cannot create a temporary directory /tmp/\(prefix)-XXXXXX" }
}
