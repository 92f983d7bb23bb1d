import WASIHost
import WASIHTTP
import WippyRuntime

/// `wippy-wasm serve app.yaml [--addr HOST:PORT]`: keeps a registry of the file's entries warm
/// and answers `POST /call/{entry-id}` (a JSON array of arguments) with the result as
/// `wippy-wasm run app.yaml` prints it (``EntryHTTPHandler``). Every entry's code is loaded
/// before the server listens, so a broken entry stops it at once. SIGINT or SIGTERM stops it
/// gracefully: calls in progress are answered, then it exits 0.
enum ServeEntriesCommand {
    static func run(_ options: RunOptions, address: SocketAddress) -> Int32 {
        if let message = EntryCommand.refusedOptions(options) {
            printError("wippy-wasm: serve: \(message) (see `wippy-wasm --help`)")
            return ExitStatus.usage
        }
        if let extra = options.arguments.first {
            printError("wippy-wasm: serve: unexpected argument \(MessageText.short(extra)) (entries are called over HTTP: POST /call/{entry-id})")
            return ExitStatus.usage
        }
        // Before the registry starts its worker threads, so that they inherit the blocked
        // signals and SIGTERM reaches the dispatcher, not a worker (which it would kill).
        let signals = ServeCommand.stopSignals()
        let registry: EntryRegistry
        let dispatcher: Dispatcher
        do {
            registry = try EntryRegistry(paths: [options.file])
            try registry.preload()
        } catch {
            printError("wippy-wasm: \(error)")
            return ExitStatus.failure
        }
        defer { registry.shutdown() }
        do {
            dispatcher = try Dispatcher()
        } catch {
            printError("wippy-wasm: serve: cannot create the event loop: \(error)")
            return ExitStatus.failure
        }
        let handler = EntryHTTPHandler(registry: registry, dispatcher: dispatcher)
        let server = HTTPServer(dispatcher: dispatcher, handler: handler)
        do {
            try server.listen(on: address)
        } catch {
            printError("wippy-wasm: serve: cannot listen on \(address.address):\(address.port): \(error)")
            return ExitStatus.failure
        }
        ServeCommand.serveUntilStopped(server, on: dispatcher, at: address, signals: signals)
        return 0
    }
}
