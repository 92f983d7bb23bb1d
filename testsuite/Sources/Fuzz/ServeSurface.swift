import ComponentModel
import HTTP1
import WasmInterpreter
import WASIHost
import WASIHTTP
import WippyRuntime

/// `serve` with hostile handlers: each input (a mutated `wasi:http/incoming-handler` component
/// of testsuite/components) answers three pipelined requests on one connection (a GET, a POST
/// with a body, a HEAD that closes), as `wippy-wasm serve` would, with `wasi:cli`, `wasi:io`,
/// `wasi:clocks`, `wasi:random` and `wasi:http` linked (the network denied) and each call
/// bounded by fuel, memory and a 200 ms handler timeout.
///
/// Whatever the guest does (trap, answer twice, declare a length it does not keep, stream a
/// body and stop), what the server sends must read as framed responses, one per request in
/// order and informational ones before them, each with its length or chunked coding, and at
/// most the last one cut short by the connection's close: bytes that do not parse, or a
/// response framed by the close, mean a client would read one guest's bytes as another answer.
enum ServeSurface {
    static let requests: [(method: String, bytes: String)] = [
        ("GET", "GET /a?b=c HTTP/1.1\r\nHost: fuzz\r\n\r\n"),
        ("POST", "POST /b HTTP/1.1\r\nHost: fuzz\r\nContent-Length: 5\r\n\r\nhello"),
        ("HEAD", "HEAD /c HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n\r\n"),
    ]
    /// How long the server may take to answer all three and close.
    static let deadline: UInt64 = 10_000_000_000

    /// The component each new handler instance is made from.
    final class CurrentComponent {
        var component: LoadedComponent?
    }

    /// The surface; nil when its linker, dispatcher or server cannot be made.
    static func surface() -> Surface? {
        let seeds = Corpus.paths(under: "testsuite/components", suffix: ".wasm").sorted()
            .filter { $0.split(separator: "/").last?.hasPrefix("http-") == true }
            .compactMap { Corpus.read($0, limit: 512 << 10) }
        let current = CurrentComponent()
        guard let linker = try? ImportLinking.linker(for: ["wasi:cli", "wasi:io", "wasi:clocks", "wasi:random", "wasi:http"]),
              let dispatcher = try? Dispatcher() else { return nil }
        var configuration = IncomingHandlerServer.Configuration()
        configuration.handlerTimeout = 200_000_000
        configuration.headerTimeout = 2_000_000_000
        configuration.bodyTimeout = 2_000_000_000
        configuration.maxIdleInstances = 0
        var store = StoreConfiguration()
        store.fuel = 5_000_000
        store.maxMemoryBytes = 64 << 20
        guard let server = listeningServer(dispatcher: dispatcher, linker: linker, configuration: configuration, store: store,
                                           component: { current.component }) else { return nil }
        let wire = Array(requests.map(\.bytes).joined().utf8)
        return Surface(name: "serve", seeds: seeds) { bytes throws(PropertyFailure) in
            guard let component = try? LoadedComponent(bytes: bytes) else { return false }
            current.component = component
            guard let answer = exchange(wire, port: server.port, on: dispatcher) else {
                throw PropertyFailure(message: "serve: no answer and no close within \(deadline / 1_000_000_000) s")
            }
            try checkFraming(answer, for: requests.map { SentRequest(method: $0.method, http10: false) })
            return true
        }
    }

    /// A component server listening on a loopback port, as `wippy-wasm serve` runs one: each
    /// handler instance is made from `component()` in a runtime of its own (`store`), with
    /// stdin empty and stdout and stderr discarded; nil when it cannot be made or cannot listen.
    static func listeningServer(dispatcher: Dispatcher, linker: ComponentLinker, configuration: IncomingHandlerServer.Configuration,
                                store: StoreConfiguration = StoreConfiguration(),
                                component: @escaping () -> LoadedComponent?) -> IncomingHandlerServer? {
        let context = WASIContext(standardInput: .buffer(WASIByteBuffer()), standardOutput: .null, standardError: .null)
        guard let server = try? IncomingHandlerServer(dispatcher: dispatcher, linker: linker, configuration: configuration, makeInstance: {
            guard let component = component() else { throw ComponentError(.instantiation, "no component") }
            let runtime = ComponentRuntime(configuration: store)
            runtime.hostState[WASISession.self] = WASISession(context: context, dispatcher: dispatcher)
            return try HandlerInstance(runtime: runtime, instance: try runtime.instantiate(component, linker: linker))
        }), (try? server.listen(on: SocketAddress(.loopback(.ipv4), port: 0))) != nil else { return nil }
        return server
    }

    /// Sends `request` on a new connection (then ends the sending side, when `halfClose`) and
    /// collects what comes back until the server closes it; nil when it does not within
    /// ``deadline``.
    static func exchange(_ request: [UInt8], port: UInt16, on dispatcher: Dispatcher, halfClose: Bool = false) -> [UInt8]? {
        guard let socket = try? NetSocket.make(.ipv4, .tcp) else { return [] }
        let end = Dispatcher.now() + deadline
        var timedOut = false
        let timer = dispatcher.addTimer(deadline: end) { timedOut = true }
        defer { dispatcher.cancel(timer) }
        var connected = (try? socket.startConnect(SocketAddress(.loopback(.ipv4), port: port))) ?? false
        while !connected && !timedOut {
            var ready = false
            _ = socket.writable().whenReady(on: dispatcher) { ready = true }
            dispatcher.run { ready || timedOut }
            connected = (try? socket.finishConnect()) ?? false
        }
        var sent = 0
        var sendingEnded = false
        var received: [UInt8] = []
        var closed = false
        while !closed && !timedOut {
            if sent < request.count, let n = request[sent...].withUnsafeBytes({ try? socket.send($0) }) { sent += n }
            if sent == request.count && halfClose && !sendingEnded {
                try? socket.shutdown(.send)
                sendingEnded = true
            }
            while !closed, let got = (try? socket.receive(maxCount: 65536)) ?? nil {
                received += got.bytes
                closed = got.bytes.isEmpty
            }
            if closed { break }
            var ready = false
            let pollable = sent < request.count ? EitherPollable(socket.readable(), socket.writable()) : socket.readable()
            _ = pollable.whenReady(on: dispatcher) { ready = true }
            dispatcher.run { ready || timedOut }
        }
        return closed ? received : nil
    }

    /// What a response's framing depends on: the request's method and version.
    struct SentRequest {
        var method: String
        var http10: Bool
    }

    /// `answer` reads as framed responses, at most one final one per request (`sent`, in
    /// order), informational ones before them; only the last may end early, and only an answer
    /// to HTTP/1.0 may be framed by the close.
    static func checkFraming(_ answer: [UInt8], for sent: [SentRequest]) throws(PropertyFailure) {
        var rest = answer[...]
        var index = 0
        func unreadable(_ error: HTTP1Error) -> PropertyFailure {
            PropertyFailure(message: "serve: the answer to request \(index + 1) does not parse (\(error)): "
                + String(decoding: rest.prefix(200), as: UTF8.self).debugDescription)
        }
        while !rest.isEmpty {
            guard index < sent.count else {
                throw PropertyFailure(message: "serve: \(rest.count) bytes after the answer to the last request")
            }
            let head: HTTPResponseHead, framing: HTTPBodyFraming
            do throws(HTTP1Error) {
                var parser = HTTPResponseHeadParser()
                guard case .complete(let h, let remainder) = try parser.feed(rest) else {
                    // Cut short by the close; still the start of a status line, not some other bytes.
                    let start = Array("HTTP/".utf8)
                    guard rest.starts(with: start.prefix(rest.count)) else { throw HTTP1Error.badStatusLine }
                    return
                }
                (head, framing) = (h, try .response(h, requestMethod: sent[index].method))
                rest = remainder[...]
            } catch {
                throw unreadable(error)
            }
            if sent[index].http10 && !HTTPFieldSyntax.values("transfer-encoding", in: head.fields).isEmpty {
                throw PropertyFailure(message: "serve: a transfer coding sent to an HTTP/1.0 client: \(head)")
            }
            if case .untilClose = framing {
                guard sent[index].http10 else {
                    throw PropertyFailure(message: "serve: a response framed by the connection's close: \(head)")
                }
                return  // the rest is its body
            }
            var decoder = HTTPBodyDecoder(framing: framing)
            do throws(HTTP1Error) {
                rest = rest.dropFirst(try decoder.decodeAll(rest) { _ in })
            } catch {
                throw unreadable(error)
            }
            guard decoder.isComplete else { return }  // the body was cut short by the close
            if head.status >= 200 { index += 1 }
        }
    }
}
