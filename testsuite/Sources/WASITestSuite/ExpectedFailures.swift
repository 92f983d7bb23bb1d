/// The list of tests known to fail: one `<suite>/<test>` per line, `#` starts a comment.
public struct WASIExpectedFailures: Sendable {
    /// The test names.
    public var names: Set<String>

    /// Parses the file's text.
    public init(text: String) {
        var names = Set<String>()
        for line in text.split(separator: "\n") {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let name = String(content).filter { $0 != " " && $0 != "\t" && $0 != "\r" }
            if !name.isEmpty { names.insert(name) }
        }
        self.names = names
    }

    /// Reads the file at `path`; an empty list when there is none.
    public static func load(_ path: String) -> WASIExpectedFailures {
        guard let bytes = try? TemporaryDirectory.readFile(path) else { return WASIExpectedFailures(text: "") }
        return WASIExpectedFailures(text: String(decoding: bytes, as: UTF8.self))
    }
}
