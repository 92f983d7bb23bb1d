import Testing
import WippyJSON
@testable import WippyRuntime

@Suite("serve app.yaml: routes, statuses and error bodies")
struct EntryHTTPTests {
    @Test(arguments: [
        ("POST", "/call/ns:f", EntryHTTPRoute.call("ns:f")),
        ("POST", "/call/ns%3Af?trace=1", .call("ns:f")),
        ("POST", "http://host:8080/call/ns:f", .call("ns:f")),
        ("POST", "/call/%E2%9C%93", .call("\u{2713}")),
        ("GET", "/call/ns:f", .methodNotAllowed),
        ("PUT", "/call/ns:f", .methodNotAllowed),
        ("POST", "/call/", .notFound),
        ("POST", "/call/ns:f/more", .notFound),
        ("POST", "/call/ns%2Ff", .notFound),
        ("POST", "/calls/ns:f", .notFound),
        ("POST", "/", .notFound),
        ("POST", "*", .notFound),
        ("POST", "/call/%zz", .notFound),
        ("POST", "/call/%4", .notFound),
        ("POST", "/call/%FF", .notFound),
    ])
    func routes(method: String, target: String, expected: EntryHTTPRoute) {
        #expect(EntryHTTPRoute(method: method, target: target) == expected)
    }

    @Test func statuses() {
        #expect(EntryHTTPAnswer.status(for: .unknownEntry) == 404)
        #expect(EntryHTTPAnswer.status(for: .arguments) == 400)
        #expect(EntryHTTPAnswer.status(for: .trap) == 500)
        #expect(EntryHTTPAnswer.status(for: .busy) == 503)
        #expect(EntryHTTPAnswer.status(for: .invalid) == 500)
    }

    @Test(arguments: ["plain", "quote \" and backslash \\", "line\nbreak\ttab\u{1}", "ünïcødé ✓"])
    func errorBodiesAreJSON(message: String) throws {
        let body = EntryHTTPAnswer.errorBody(message)
        #expect(body.last == UInt8(ascii: "\n"))
        let value = try JSONValue.parse(body.dropLast())
        #expect(value["error"]?.stringValue == message)
        #expect(value.objectValue?.keys == ["error"])
    }

    @Test func messagesNameTheEntryButNotTheFile() {
        let error = EntryError(.trap, file: "/srv/app.yaml", entryID: "ns:f", "trap: unreachable")
        #expect(EntryHTTPAnswer.message(error) == "ns:f: trap: unreachable")
        #expect(EntryHTTPAnswer.message(EntryError(file: "/srv/app.yaml", "the registry is shut down")) == "the registry is shut down")
    }

    @Test func resultBodiesAreWhatRunPrints() {
        #expect(EntryHTTPAnswer.resultBody("42") == Array("42\n".utf8))
        #expect(EntryHTTPAnswer.resultBody("").isEmpty)
    }
}
