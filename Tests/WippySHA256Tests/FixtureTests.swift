#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FileSupport
import Testing
import WippySHA256

/// The Wippy component fixtures in `../shared/wippy` (relative to the
/// repository) list their SHA-256 digests; check them when the folder exists.
@Suite("Wippy fixture digests")
struct FixtureTests {
    static let fixtures: [(String, String)] = [
        ("minimal.wasm", "292b796376f8b4cc360acf2ea6b82d1084871c3607a079f30b446da8e5c984a4"),
        ("complex.wasm", "0b3b555c2dd2e9bb4e09dead45b0ba00c660abb3b9d5ea1f688dee9b17537b55"),
        ("counter.wasm", "780aa55faaab4d62427664d27790664b1d69bd5d769e8fcedc25b24c1133b1cc"),
        ("strings.wasm", "027b17f2edc51beef076281ef5166f8795b7f0312b9a6a7125c0cf28f6d5dff1"),
        ("sleep-test.wasm", "0044be3a042b7a11dae878667e7eb967c14d041825b1448b72b16d97e9ac706d"),
    ]

    /// `<repository>/../shared/wippy`, found from this file's path.
    static var folder: String {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)  // Tests/WippySHA256Tests/FixtureTests.swift
        return parts.joined(separator: "/") + "/../shared/wippy"
    }

    static var available: Bool {
        Files.read(folder + "/minimal.wasm") != nil
    }

    @Test("the fixtures hash to the digests in their README", .enabled(if: FixtureTests.available))
    func digests() throws {
        for (name, expected) in Self.fixtures {
            let bytes = try #require(Files.read(Self.folder + "/" + name), "\(name)")
            #expect(SHA256.hexDigest(bytes) == expected, "\(name)")
        }
    }
}
