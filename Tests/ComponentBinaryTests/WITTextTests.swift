#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ComponentBinary
import Testing
import FileSupport

/// `witText(of:)` prints the same function signatures as `wasm-tools component wit`.
@Suite(.enabled(if: Fixtures.available, Comment(rawValue: Fixtures.missing)))
struct WITTextTests {
    static func wit(_ file: String) throws -> String {
        let bytes = try #require(Fixtures.read(file))
        return witText(of: try decodeComponent(bytes))
    }

    /// The function lines `wasm-tools component wit` (1.262) prints for each Wippy fixture.
    static let expected: [(String, [String])] = [
        ("minimal", ["export compute: func(a: u32, b: u32) -> u32;",
                     "export compute-using-host: func(a: u32, b: u32) -> u32;",
                     "add: func(a: u32, b: u32) -> u32;"]),
        ("complex", ["export echo-point: func(p: point) -> point;",
                     "export echo-person: func(p: person) -> person;",
                     "export echo-rectangle: func(r: rectangle) -> rectangle;",
                     "export echo-color: func(c: color) -> color;",
                     "export echo-shape: func(s: shape) -> shape;",
                     "export echo-permissions: func(p: permissions) -> permissions;",
                     "export echo-list-s32: func(items: list<s32>) -> list<s32>;",
                     "export echo-list-string: func(items: list<string>) -> list<string>;",
                     "export echo-list-point: func(items: list<point>) -> list<point>;",
                     "export maybe-point: func(make-some: bool) -> option<point>;",
                     "export maybe-string: func(make-some: bool) -> option<string>;",
                     "export try-divide: func(a: s32, b: s32) -> result<s32, error-info>;",
                     "export try-parse: func(s: string) -> result<s32, string>;",
                     "export swap-pair: func(a: s32, b: s32) -> tuple<s32, s32>;",
                     "export triple: func(x: s32) -> tuple<s32, s32, s32>;",
                     "export filter-adults: func(people: list<person>) -> list<person>;",
                     "export sum-list: func(numbers: list<s32>) -> s64;",
                     "export double-list: func(numbers: list<s32>) -> list<s32>;",
                     "import test:complex/types@0.1.0;",
                     "record point { x: s32, y: s32 }",
                     "variant shape { circle(u32), square(u32), rect(rectangle), none }",
                     "flags permissions { read, write, execute }"]),
        ("counter", ["export run-test: func(n: u32) -> u32;", "export multi-test: func() -> u32;",
                     "increment: func();", "get: func() -> u32;"]),
        ("strings", ["export process: func(input: string) -> string;", "export echo: func(input: string) -> string;",
                     "log: func(msg: string);", "concat: func(a: string, b: string) -> string;"]),
        ("sleep-test", ["sleep-ms: func(ms: u32) -> u64;",
                        "work-with-sleep: func(iterations: u32, sleep-per-iter-ms: u32) -> u64;",
                        "now: func() -> instant;", "subscribe-duration: func(when: duration) -> pollable;",
                        "block: func();"]),
    ]

    @Test(arguments: expected.map(\.0))
    func signaturesMatchWasmTools(_ name: String) throws {
        let text = try Self.wit("wippy/\(name).wasm")
        let lines = Set(text.split(separator: "\n").map { $0.trimmingCharacters() })
        for want in Self.expected.first(where: { $0.0 == name })?.1 ?? [] {
            #expect(lines.contains(want), "\(name): missing `\(want)` in\n\(text)")
        }
    }

    @Test func wasiInterfacesArePrinted() throws {
        let text = try Self.wit("components/cli-hello-wat.wasm")
        #expect(text.contains("  import wasi:cli/stdout@0.2.0;"))
        #expect(text.contains("  export wasi:cli/run@0.2.0;"))
        #expect(text.contains("interface wasi:cli/run@0.2.0 {\n  run: func() -> result;\n}"))
        #expect(text.contains("  get-stdout: func() -> output-stream;"))
    }

    @Test func composedAndKeywordNames() throws {
        let composed = try Self.wit("components/compose-wat.wasm")
        #expect(composed.contains("  export greet: func(name: string) -> string;"))
        #expect(composed.contains("  export upper: func(s: string) -> string;"))
        let python = try Self.wit("components/py-cli-tour.wasm")
        #expect(python.contains("open-at: func(path-flags: path-flags, path: string, open-flags: open-flags, %flags: descriptor-flags) -> result<descriptor, error-code>;"))
    }

    @Test func everyRealComponentPrints() throws {
        for path in SharedComponentTests.componentFiles() {
            let bytes = try #require(Files.read(path))
            let text = witText(of: try decodeComponent(bytes))
            #expect(text.hasPrefix("world root {"), "\(path)")
        }
    }
}

extension Substring {
    /// Without leading and trailing spaces.
    func trimmingCharacters() -> String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}

/// Prints the WIT of every real component when `WIT_DUMP` is set (for comparing by eye).
@Suite(.enabled(if: Fixtures.available && getenv("WIT_DUMP") != nil, Comment(rawValue: Fixtures.missing)))
struct WITDump {
    @Test func dump() throws {
        for path in SharedComponentTests.componentFiles() {
            let bytes = try #require(Files.read(path))
            print("=== \(path)\n" + witText(of: try decodeComponent(bytes)))
        }
    }
}
