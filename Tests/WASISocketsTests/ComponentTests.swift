import ComponentModel
import Foundation
import Testing
import WASIClocks
import WASIHost
import WASIIO
import WASISockets

/// testsuite/components/tcp-waiter.wasm through the canonical ABI: it connects with
/// start-/finish-connect (waiting on subscribe) and blocking-reads its connection.
@Suite struct TCPWaiterComponentTests {
    static let root: String = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()

    func waiter(_ dispatcher: Dispatcher, network: NetworkPermissions) throws -> InstantiatedComponent {
        let path = Self.root + "/testsuite/components/tcp-waiter.wasm"
        let bytes = try #require(FileManager.default.contents(atPath: path))
        let component = try LoadedComponent(bytes: [UInt8](bytes))
        let linker = ComponentLinker()
        for g in [wasiIOGroup, wasiClocksGroup, wasiSocketsGroup] { try g.register(into: linker) }
        let runtime = ComponentRuntime()
        let session = WASISession(context: WASIContext(), dispatcher: dispatcher)
        session.network = network
        runtime.hostState[WASISession.self] = session
        return try runtime.instantiate(component, linker: linker)
    }

    @Test func manyGuestsWaitOnOneThreadAndWakeWithTheirData() throws {
        let dispatcher = try Dispatcher()
        let (listener, address) = try loopbackListener()
        let count = 20
        var results: [ComponentValue?] = []
        var instances: [InstantiatedComponent] = []
        for _ in 0..<count {
            let instance = try waiter(dispatcher, network: .granted)
            instances.append(instance)
            ComponentDriver.drive(on: dispatcher, try instance.start("wait", [.u16(address.port)])) { outcome in
                results.append(try? outcome.get())
            }
        }
        var peers: [NetSocket] = []
        // A guest that ended without connecting (an error) is counted, so the loop cannot wait
        // forever for its connection; the expectations below then fail instead of hanging.
        while peers.count + results.count < count {
            wait(listener.readable(), on: dispatcher)
            while let (peer, _) = try listener.accept() { peers.append(peer) }
        }
        #expect(results.isEmpty)  // every guest is parked in its read
        for (i, peer) in peers.enumerated() {
            let data = [UInt8](repeating: 0x61, count: i % 5 + 1)
            _ = try data.withUnsafeBytes { try peer.send($0) }
        }
        dispatcher.run { results.count == count }
        let counts = results.compactMap { value -> UInt32? in
            if case .u32(let n)? = value { return n }
            return nil
        }
        #expect(counts.count == count)
        #expect(counts.allSatisfy { $0 >= 1 && $0 <= 5 })
        #expect(counts.reduce(0, +) == UInt32((0..<count).map { $0 % 5 + 1 }.reduce(0, +)))
    }

    @Test func deniedGuestGetsAccessDeniedNotATrap() throws {
        let dispatcher = try Dispatcher()
        let instance = try waiter(dispatcher, network: .denied)
        let result = try ComponentDriver.run(on: dispatcher) { () throws(ComponentError) in try instance.start("wait", [.u16(9)]) }
        #expect(result == .u32(1001))  // 1000 + access-denied
    }
}
