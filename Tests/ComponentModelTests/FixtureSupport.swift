import ComponentModel
import Foundation

/// The repository's root (three folders above this file).
let repositoryRoot: String = {
    var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
}()

/// A file of ../shared/wippy, or nil (with a note) when the suite is not beside the repository.
func wippyFixture(_ name: String) -> [UInt8]? {
    let path = repositoryRoot + "/../shared/wippy/" + name
    guard let data = FileManager.default.contents(atPath: path) else {
        print("skipped: \(path) is missing (put the shared suite beside the repository)")
        return nil
    }
    return [UInt8](data)
}

/// Loads a fixture component.
func loadFixture(_ name: String) throws -> LoadedComponent? {
    guard let bytes = wippyFixture(name) else { return nil }
    return try LoadedComponent(bytes: bytes)
}
