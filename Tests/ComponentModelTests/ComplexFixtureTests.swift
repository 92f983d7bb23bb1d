import ComponentModel
import Foundation
import Testing

/// The complex.wasm rows of ../shared/wippy/README.md: (call, expected WAVE).
func complexTableRows() -> [(call: String, expected: String)] {
    let path = repositoryRoot + "/../shared/wippy/README.md"
    guard let data = FileManager.default.contents(atPath: path) else { return [] }
    let text = String(decoding: data, as: UTF8.self)
    guard let start = text.range(of: "## complex.wasm") else { return [] }
    var rows: [(String, String)] = []
    for line in text[start.upperBound...].split(separator: "\n") {
        if line.hasPrefix("## ") { break }
        let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        guard cells.count == 2, cells[0].hasPrefix("`"), cells[0].hasSuffix("`") else { continue }
        let call = String(cells[0].dropFirst().dropLast())
        var expected = cells[1]
        if expected == "the same value", let open = call.firstIndex(of: "(") {
            expected = String(call[call.index(after: open)..<call.index(before: call.endIndex)])
        } else {
            expected = String(expected.trimmingCharacters(in: CharacterSet(charactersIn: "`")))
        }
        rows.append((call, expected))
    }
    return rows
}

@Test func everyComplexRowThroughTheEmbeddingAPI() throws {
    guard let component = try loadFixture("complex.wasm") else { return }
    let rows = complexTableRows()
    #expect(rows.count >= 18)
    let instance = try ComponentRuntime().instantiate(component)
    for row in rows {
        let call = try WAVECall.parse(row.call)
        let type = try #require(instance.functionType(call.name))
        let result = try instance.call(call.name, try call.arguments(for: type))
        let text = result.flatMap { r in type.result.map { WAVE.format(r, as: $0) } } ?? ""
        #expect(text == row.expected, "\(row.call)")
    }
}

@Test func trapsAreErrorsAndTheInstanceStaysUsable() throws {
    guard let component = try loadFixture("complex.wasm") else { return }
    let instance = try ComponentRuntime().instantiate(component)
    #expect(throws: ComponentError.self) { try instance.call("echo-point", [.u32(1)]) }
    #expect(throws: ComponentError.self) { try instance.call("no-such-export", []) }
    #expect(try instance.call("sum-list", [.list([.s32(1), .s32(2)])]) != nil)
}
