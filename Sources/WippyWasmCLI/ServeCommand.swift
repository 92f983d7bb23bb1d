#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import ComponentModel
import WASIHost
import WASIHTTP
import WippyRuntime

/// `wippy-wasm serve FILE [--addr HOST:PORT]`: an HTTP/1.1 server. An entry file (`.yaml`,
/// `.yml`) is served as its entries (``ServeEntriesCommand``); anything else is a component
/// whose `wasi:http/incoming-handler` export answers the requests (as `wasmtime serve`), linked
/// with the local WASI groups as `run` links them; each request runs on a pooled instance.
/// SIGINT or SIGTERM stops it gracefully: no new connections, requests in progress finish
/// (10 s at most).
///
/// Exit codes: 0 after a stop; 1 when the file cannot be loaded (or the component is no HTTP
/// handler), or the address cannot be listened on; 2 for a malformed address or options that
/// do not apply.
enum ServeCommand {
    /// Where `serve` listens without `--addr` (wasmtime's default).
    static let defaultAddress = "0.0.0.0:8080"
    /// How long a graceful stop waits for requests in progress.
    static let stopGrace: UInt64 = 10_000_000_000

    static func run(_ options: RunOptions, address: String) -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        guard let socketAddress = parseAddress(address) else {
            printError("wippy-wasm: serve: --addr must be HOST:PORT with an IP address or localhost, not \(MessageText.short(address))")
            return ExitStatus.usage
        }
        if EntryCommand.isEntryFile(options.file) { return ServeEntriesCommand.run(options, address: socketAddress) }
        let file = options.file
        let component: LoadedComponent
        do {
            component = try ModuleLoad.component(try ModuleInput.read(file), options: options)
        } catch let error as ModuleInput.Failure {
            printError("wippy-wasm: \(error.message)")
            return 1
        } catch {
            printError("wippy-wasm: \(file): \(error)")
            return 1
        }
        guard let host = ComponentHost(options) else { return 1 }
        let (linker, dispatcher, network, context) = (host.linker, host.dispatcher, host.network, host.context)
        let makeInstance = { () throws -> HandlerInstance in
            let runtime = ComponentRuntime()
            let session = WASISession(context: context, dispatcher: dispatcher)
            session.network = network
            runtime.hostState[WASISession.self] = session
            return try HandlerInstance(runtime: runtime, instance: try runtime.instantiate(component, linker: linker))
        }
        let server: IncomingHandlerServer
        do {
            // One instance up front: a component that is no handler fails here, not per request.
            _ = try makeInstance()
            server = try IncomingHandlerServer(dispatcher: dispatcher, linker: linker, makeInstance: makeInstance)
            try server.listen(on: socketAddress)
        } catch {
            printError("wippy-wasm: \(file): \(error)")
            return 1
        }
        serveUntilStopped(server.server, on: dispatcher, at: socketAddress)
        return 0
    }

    /// SIGINT and SIGTERM as a descriptor (``serveUntilStopped(_:on:at:signals:)``). Blocking
    /// them holds for threads started afterwards only: make it before starting any.
    static func stopSignals() -> SignalDescriptor? { SignalDescriptor(signals: [SIGINT, SIGTERM]) }

    /// Runs `dispatcher` until SIGINT or SIGTERM has stopped `server` and its connections
    /// have closed (or ``stopGrace`` has passed since the signal).
    static func serveUntilStopped(_ server: HTTPServer, on dispatcher: Dispatcher, at address: SocketAddress,
                                  signals: SignalDescriptor? = stopSignals()) {
        var stopDeadlinePassed = false
        signals?.watch(on: dispatcher) {
            guard !server.isStopping else { return }
            server.stop()
            dispatcher.addTimer(deadline: Dispatcher.now() &+ stopGrace) { stopDeadlinePassed = true }
        }
        let shown = address.family == .ipv6 ? "[\(address.address)]" : "\(address.address)"
        printError("Serving HTTP on http://\(shown):\(server.port)/")
        dispatcher.run { server.isStopped || stopDeadlinePassed }
    }

    /// `HOST:PORT` (`localhost`, an IPv4 address, or `[IPv6]`); nil when malformed.
    static func parseAddress(_ text: String) -> SocketAddress? {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else { return nil }
        let host = String(text[..<colon])
        if host == "localhost" { return SocketAddress(.loopback(.ipv4), port: port) }
        guard let address = IPAddress(parsing: host) else { return nil }
        return SocketAddress(address, port: port)
    }
}
