import ComponentModel
import HTTP1
import WASIHost
import WASIHTTP
import WippyRuntime

/// `serve` with a hostile client: each input (mutated requests, often several pipelined) is
/// sent on one connection to each of two servers, as `wippy-wasm serve` runs them: one answering
/// with testsuite/components/http-hello.wasm, one serving examples/hello/entry.yaml's entries
/// (`POST /call/hello:add` with a JSON body); the client then ends its sending side.
///
/// Whatever the bytes (bodies framed twice, lengths that lie, a `HEAD` among them, HTTP/1.0,
/// `Expect: 100-continue`), the server must close the connection in time, and what it sent
/// must read as framed responses, at most one per request the input holds (read with the same
/// parser the server uses) plus one error answer, in order; only the last may end early.
enum ServeRequestsSurface {
    static let seeds = [
        "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost: a\r\n\r\nPOST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhelloHEAD /c HTTP/1.1\r\nHost: a\r\n\r\n",
        "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;x=1\r\nhello\r\n0\r\nX-Sum: 5\r\n\r\nGET / HTTP/1.1\r\n\r\n",
        "PUT /u HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabcGET / HTTP/1.1\r\nConnection: close\r\n\r\n",
        "GET / HTTP/1.0\r\n\r\n",
        "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nHEAD / HTTP/1.0\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 30\r\n\r\nabcGET / HTTP/1.1\r\n\r\n",
        "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\nGET http://a/b?c HTTP/1.1\r\n\r\n",
        "\r\n\r\nDELETE /x HTTP/1.1\r\nContent-Length: 0\r\n\r\nHEAD /y HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
        "POST /call/hello:add HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\n\r\n[40,2]POST /call/hello%3Aadd?x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n[1\r\n3\r\n,2]\r\n0\r\n\r\n",
        "POST /call/hello:add HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 99999999999\r\n\r\n[",
        "GET /call/hello:add HTTP/1.1\r\n\r\nPOST /call/nope:x HTTP/1.1\r\nContent-Length: 2\r\n\r\n[]POST /call/hello:add HTTP/1.0\r\nContent-Length: 7\r\n\r\n{\"a\":1}",
    ].map { Array($0.utf8) }

    static let tokens = ["\r\n", "\r\n\r\n", "HEAD", "HTTP/1.0", "Content-Length: ", "Transfer-Encoding: chunked",
                         "Connection: close", "Expect: 100-continue", "0\r\n\r\n", "GET / HTTP/1.1\r\n\r\n"]
        .map { Array($0.utf8) }

    /// The surface; nil when the handler, its linker, the entries or a server cannot be made.
    static func surface() -> Surface? {
        guard let bytes = Corpus.read("testsuite/components/http-hello.wasm", limit: 1 << 20),
              let component = try? LoadedComponent(bytes: bytes),
              let linker = try? ImportLinking.linker(for: ["wasi:io", "wasi:clocks", "wasi:http"]),
              let dispatcher = try? Dispatcher() else { return nil }
        var configuration = IncomingHandlerServer.Configuration()
        configuration.handlerTimeout = 1_000_000_000
        configuration.headerTimeout = 2_000_000_000
        configuration.bodyTimeout = 2_000_000_000
        guard let server = ServeSurface.listeningServer(dispatcher: dispatcher, linker: linker, configuration: configuration,
                                                        component: { component }),
              let file = try? EntryFile.load(path: "examples/hello/entry.yaml"),
              let registry = try? EntryRegistry(files: [file], workerCount: 1) else { return nil }
        let entries = HTTPServer(dispatcher: dispatcher, handler: EntryHTTPHandler(registry: registry, dispatcher: dispatcher))
        guard (try? entries.listen(on: SocketAddress(.loopback(.ipv4), port: 0))) != nil else { return nil }
        return Surface(name: "requests", seeds: seeds, tokens: tokens) { input throws(PropertyFailure) in
            let sent = requests(in: input)
            for port in [server.port, entries.port] {
                guard let answer = ServeSurface.exchange(input, port: port, on: dispatcher, halfClose: true) else {
                    throw PropertyFailure(message: "requests: no close within \(ServeSurface.deadline / 1_000_000_000) s")
                }
                try ServeSurface.checkFraming(answer, for: sent + [ServeSurface.SentRequest(method: "GET", http10: false)])
            }
            return !sent.isEmpty
        }
    }

    /// The requests `input` holds, in order, as the server's parser reads them, up to the first
    /// one whose head or body cannot be read.
    static func requests(in input: [UInt8]) -> [ServeSurface.SentRequest] {
        var sent: [ServeSurface.SentRequest] = []
        var rest = input[...]
        while !rest.isEmpty {
            var parser = HTTPRequestHeadParser()
            guard case .complete(let head, let remainder)? = try? parser.feed(rest) else { break }
            sent.append(ServeSurface.SentRequest(method: head.method, http10: head.version != .http11))
            guard let framing = try? HTTPBodyFraming.request(head) else { break }
            var decoder = HTTPBodyDecoder(framing: framing)
            rest = remainder[...]
            guard let used = try? decoder.decodeAll(rest, { _ in }), decoder.isComplete else { break }
            rest = rest.dropFirst(used)
        }
        return sent
    }
}
