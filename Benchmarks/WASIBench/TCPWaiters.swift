// `WASIBench tcp [N]`: what guests waiting on the network cost. A listener of the benchmark's
// own on 127.0.0.1 accepts N connections on the dispatcher; N instances of
// testsuite/components/tcp-waiter.wasm each connect to it (wasi:sockets start-/finish-connect)
// and block reading their connection. Once all are connected and parked, the benchmark writes a
// few bytes to every connection and runs until all guests have returned. Prints the time to
// connect all, the time to wake all, the OS threads, peak RSS, and RSS per waiting guest.
#if canImport(Glibc)
import Glibc
#endif
import BenchSupport
import ComponentModel
import WASIClocks
import WASIHost
import WASIIO
import WASISockets

func runTCPWaiters(count: Int) throws {
    let path = "testsuite/components/tcp-waiter.wasm"
    guard let bytes = readFile(path) else {
        print("cannot read \(path): run from the repository's root")
        exit(1)
    }
    let component = try LoadedComponent(bytes: bytes)
    let linker = ComponentLinker()
    for g in [wasiIOGroup, wasiClocksGroup, wasiSocketsGroup] { try g.register(into: linker) }
    let dispatcher = try Dispatcher()

    let listener = try NetSocket.make(.ipv4, .tcp)
    try listener.bind(SocketAddress(.loopback(.ipv4), port: 0))
    try listener.listen(backlog: 4096)
    let port = try listener.localAddress().port
    var peers: [NetSocket] = []
    peers.reserveCapacity(count)
    func acceptAll() {
        while let (peer, _) = try? listener.accept() { peers.append(peer) }
        if peers.count < count { dispatcher.watch(listener.fd, write: false, acceptAll) }
    }
    dispatcher.watch(listener.fd, write: false, acceptAll)

    let rssBefore = status("VmRSS")
    let start = Dispatcher.now()
    var done = 0, failures = 0, received = 0
    var keep: [InstantiatedComponent] = []
    keep.reserveCapacity(count)
    for _ in 0..<count {
        let runtime = ComponentRuntime()
        let session = WASISession(context: WASIContext(), dispatcher: dispatcher)
        session.network = .granted
        runtime.hostState[WASISession.self] = session
        let instance = try runtime.instantiate(component, linker: linker)
        keep.append(instance)
        ComponentDriver.drive(on: dispatcher, try instance.start("wait", [.u16(port)])) { outcome in
            if case .success(.u32(let n)?) = outcome, n < 1000 {
                done += 1
                received += Int(n)
            } else {
                failures += 1
            }
        }
    }
    // Until every connection is accepted, then a short settling turn so that every guest has
    // finished its connect and parked in its read.
    dispatcher.run { peers.count >= count || failures > 0 }
    var settled = false
    dispatcher.addTimer(deadline: Dispatcher.now() + 200_000_000) { settled = true }
    dispatcher.run { settled }
    let connected = Dispatcher.now()
    let rssWaiting = status("VmRSS")
    let threads = status("Threads")
    let parked = count - done - failures

    let wake = Dispatcher.now()
    let payload: [UInt8] = Array("data".utf8)
    for peer in peers { _ = try payload.withUnsafeBytes { try peer.send($0) } }
    dispatcher.run { done + failures >= count }
    let end = Dispatcher.now()
    let perGuest = Double(rssWaiting - rssBefore) / Double(count)
    print("wasi-tcp-wait: \(count) guests each holding a TCP connection: connected and parked in \(Double(connected - start) / 1e9) s (incl. 0.2 s settling), \(parked) waiting at once; all woken and done in \(Double(end - wake) / 1e9) s after the data; \(done) finished (\(received) bytes), \(failures) failed")
    print("wasi-tcp-wait: OS threads while waiting: \(threads); peak RSS \(status("VmHWM") / 1024) MiB; RSS per waiting guest \(Int(perGuest)) KiB (its instance, the touched pages of its 64 KiB linear memory, its socket objects and streams; kernel socket buffers are not in RSS)")
}
