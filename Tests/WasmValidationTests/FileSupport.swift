/// Where the package is, for tests that read files beside it (file access itself is
/// `FileSupport.Files`).
enum TestFiles {
    /// The package root, found from this source file's path.
    static func packageRoot(_ file: String = #filePath) -> String {
        var parts = file.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)  // Tests/WasmValidationTests/FileSupport.swift
        return parts.joined(separator: "/")
    }
}
