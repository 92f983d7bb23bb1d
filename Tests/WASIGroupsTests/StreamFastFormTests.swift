import ComponentModel
import Foundation
import Testing
import WASIHost
import WASIIO

/// The fast forms of output-stream.write, blocking-write-and-flush and check-write (the guest's
/// buffer written in place, success stored straight into its return area) behave as the
/// general forms do, bad arguments included, through a real guest (testsuite/components/
/// stream-writer.wat).
struct StreamFastFormTests {
    /// An instance of stream-writer whose stdout is `stdout`, with its dispatcher.
    func writer(stdout: WASIStream) throws -> (InstantiatedComponent, Dispatcher) {
        let dispatcher = try Dispatcher()
        let runtime = ComponentRuntime()
        let context = WASIContext(arguments: ["w"], standardOutput: stdout)
        runtime.hostState[WASISession.self] = WASISession(context: context, dispatcher: dispatcher)
        return (try runtime.instantiate(try ownComponent("stream-writer.wasm"), linker: try allGroupsLinker()), dispatcher)
    }

    func trapMessage(_ body: () throws(ComponentError) -> ComponentValue?) -> String {
        do {
            _ = try body()
            return "no trap"
        } catch {
            return error.message
        }
    }

    @Test func writesReachTheStreamAndReportOK() throws {
        let out = WASIByteBuffer()
        let (w, _) = try writer(stdout: .buffer(out))
        #expect(try w.call("write", [.u32(1024), .u32(17), .u32(0)]) == .u32(0))
        #expect(try w.call("blocking-write-and-flush", [.u32(1024), .u32(5), .u32(8)]) == .u32(0))
        #expect(try w.call("write", [.u32(1024), .u32(0), .u32(16)]) == .u32(0))
        #expect(out.text == "hello, fast path\nhello")
        guard case .u64(let permit)? = try w.call("check-write", [.u32(64)]) else {
            Issue.record("check-write gave no u64")
            return
        }
        #expect(permit > 0 && permit != UInt64.max)
    }

    @Test func badArgumentsTrapAsInTheGeneralForm() throws {
        let (w, _) = try writer(stdout: .buffer(WASIByteBuffer()))
        #expect(trapMessage { () throws(ComponentError) in try w.call("write", [.u32(1024), .u32(5), .u32(2)]) }.contains("unaligned pointer"))
        #expect(trapMessage { () throws(ComponentError) in try w.call("check-write", [.u32(4)]) }.contains("unaligned pointer"))
        #expect(trapMessage { () throws(ComponentError) in try w.call("write", [.u32(0xFFFF_FF00), .u32(16), .u32(0)]) }.contains("out of bounds"))
        #expect(trapMessage { () throws(ComponentError) in try w.call("blocking-write-and-flush", [.u32(0), .u32(4097), .u32(0)]) }.contains("Buffer too large"))
        #expect(trapMessage { () throws(ComponentError) in try w.call("write-to-handle", [.u32(99)]) } != "no trap")
    }

    @Test func aWriteTheStreamCannotTakeAtOnceWaits() throws {
        let fds = stalledPipe()
        defer { close(fds.read); close(fds.write) }
        let (w, dispatcher) = try writer(stdout: .host(fds.write))
        // The first 4 KiB fill the pipe; the second must wait until the reader drains it.
        #expect(try w.call("blocking-write-and-flush", [.u32(0), .u32(4096), .u32(8192)]) == .u32(0))
        let started = try w.start("blocking-write-and-flush", [.u32(0), .u32(4096), .u32(8192)])
        var suspended = false
        if case .suspended = started { suspended = true }
        #expect(suspended)
        var drained = 0
        var outcome: Result<ComponentValue?, ComponentError>?
        _ = dispatcher.addTimer(deadline: Dispatcher.now() + 20_000_000) {
            var buffer = [UInt8](repeating: 0, count: 65536)
            drained += buffer.withUnsafeMutableBytes { read(fds.read, $0.baseAddress, 65536) }
        }
        ComponentDriver.drive(on: dispatcher, started) { outcome = $0 }
        dispatcher.run { outcome != nil }
        var rest = [UInt8](repeating: 0, count: 65536)
        drained += rest.withUnsafeMutableBytes { read(fds.read, $0.baseAddress, 65536) }
        #expect(try outcome?.get() == .u32(0))
        #expect(drained == 8192)
    }

    @Test func writesWithinCheckWritesPermitAreTakenThenOneMoreTraps() throws {
        let fds = stalledPipe()
        defer { close(fds.read); close(fds.write) }
        let (w, _) = try writer(stdout: .host(fds.write))
        guard case .u64(let permit)? = try w.call("check-write", [.u32(64)]) else {
            Issue.record("check-write gave no u64")
            return
        }
        // The permit is the stream's buffer (1 MiB): taken in 64 KiB writes although the pipe
        // holds only 4 KiB of them, then one byte more is refused.
        #expect(permit == 1 << 20)
        for _ in 0 ..< Int(permit) / 65536 {
            #expect(try w.call("write", [.u32(0), .u32(65536), .u32(0)]) == .u32(0))
        }
        #expect(trapMessage { () throws(ComponentError) in try w.call("write", [.u32(0), .u32(1), .u32(0)]) }
            .contains("a write of 1 bytes is more than check-write allowed (0 bytes left) and more than the stream has room for now (0 bytes)"))
    }

    @Test func writesWithoutCheckWriteStopAtTheStreamsRoom() throws {
        // Before: a guest writing without asking grew the host's buffer for a stalled pipe
        // without end. Now a write is taken while the stream has room for it, then traps.
        let fds = stalledPipe()
        defer { close(fds.read); close(fds.write) }
        let (w, _) = try writer(stdout: .host(fds.write))
        #expect(try w.call("write", [.u32(0), .u32(65536), .u32(0)]) == .u32(0))
        #expect(trapMessage { () throws(ComponentError) in try w.call("write", [.u32(0), .u32(65536), .u32(0)]) }
            .contains("a write of 65536 bytes is more than check-write allowed"))
    }

    @Test func writeZeroesIsBoundedBeforeAnythingIsAllocated() throws {
        let fds = stalledPipe()
        defer { close(fds.read); close(fds.write) }
        let (w, _) = try writer(stdout: .host(fds.write))
        // 2 GiB of zeroes would have been allocated, then buffered.
        #expect(trapMessage { () throws(ComponentError) in try w.call("write-zeroes", [.u64(1 << 31), .u32(0)]) }
            .contains("a write of 2147483647 bytes is more than check-write allowed"))
        #expect(try w.call("check-write", [.u32(64)]) == .u64(1 << 20))
        #expect(try w.call("write-zeroes", [.u64(1 << 20), .u32(0)]) == .u32(0))
        var buffer = [UInt8](repeating: 1, count: 4096)
        #expect(buffer.withUnsafeMutableBytes { read(fds.read, $0.baseAddress, 4096) } == 4096)
        #expect(buffer.allSatisfy { $0 == 0 })
    }
}
