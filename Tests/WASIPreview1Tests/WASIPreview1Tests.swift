import Glibc
import Testing
import WasmInterpreter
import WASIHost
import WASIPreview1

private func i32(_ v: UInt32) -> Value { .i32(v) }
private func i64(_ v: UInt64) -> Value { .i64(v) }

/// A temporary directory removed at the end of the test.
final class ScratchDirectory {
    let path: String
    init() {
        var template = Array("/tmp/wippy-wasi-p1-test.XXXXXX".utf8CString)
        _ = template.withUnsafeMutableBufferPointer { $0.baseAddress.flatMap { mkdtemp($0) } }
        path = String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
    deinit { _ = system("rm -rf '\(path)'") }
}

@Suite("Guest pointers are bounds-checked")
struct PointerBoundsTests {
    let page: UInt32 = 65536

    @Test func outOfBoundsResultPointersAreFault() throws {
        let guest = try WASIGuest(WASIContext(arguments: ["prog", "arg"]))
        #expect(try guest.call("args_sizes_get", i32(page - 2), i32(0)) == E.fault)
        #expect(try guest.call("args_sizes_get", i32(0), i32(page)) == E.fault)
        #expect(try guest.call("args_sizes_get", i32(0xffff_fffc), i32(0)) == E.fault)
        #expect(try guest.call("args_sizes_get", i32(page - 8), i32(page - 4)) == E.success)
        #expect(guest.read32(UInt64(page - 8)) == 2)
        #expect(guest.read32(UInt64(page - 4)) == 9)  // "prog\0arg\0"
        // args_get checks both regions before writing anything.
        #expect(try guest.call("args_get", i32(0), i32(page - 3)) == E.fault)
        #expect(guest.read32(0) == 0)
        #expect(try guest.call("clock_time_get", i32(1), i64(0), i32(page - 7)) == E.fault)
        #expect(try guest.call("fd_fdstat_get", i32(1), i32(page - 23)) == E.fault)
    }

    @Test func outOfBoundsBuffersAreFault() throws {
        let out = WASIByteBuffer()
        let guest = try WASIGuest(WASIContext(standardOutput: .buffer(out)))
        #expect(try guest.call("random_get", i32(page - 10), i32(11)) == E.fault)
        #expect(try guest.call("random_get", i32(0), i32(page)) == E.success)
        #expect(try guest.call("random_get", i32(0xffff_ffff), i32(2)) == E.fault)
        // iovec array itself out of bounds
        #expect(try guest.call("fd_write", i32(1), i32(page - 4), i32(1), i32(0)) == E.fault)
        // an iovec pointing past the end
        guest.write32(16, page - 2)
        guest.write32(20, 3)
        #expect(try guest.call("fd_write", i32(1), i32(16), i32(1), i32(0)) == E.fault)
        // a huge iovec count
        #expect(try guest.call("fd_write", i32(1), i32(16), i32(0x2000_0000), i32(0)) != E.success)
        #expect(out.bytes.isEmpty)
        // a good one
        guest.write(100, Array("hi".utf8))
        guest.write32(16, 100)
        guest.write32(20, 2)
        #expect(try guest.call("fd_write", i32(1), i32(16), i32(1), i32(24)) == E.success)
        #expect(guest.read32(24) == 2)
        #expect(out.text == "hi")
        // result pointer out of bounds: nothing written
        #expect(try guest.call("fd_write", i32(1), i32(16), i32(1), i32(page)) == E.fault)
        #expect(out.text == "hi")
        // path pointers
        #expect(try guest.call("path_open", i32(3), i32(0), i32(page - 1), i32(5), i32(0), i64(0), i64(0), i32(0), i32(0)) == E.badf)
        #expect(try guest.call("poll_oneoff", i32(page - 10), i32(0), i32(1), i32(200)) == E.fault)
    }
}

@Suite("WASI preview 1 host functions")
struct WASIPreview1FunctionTests {
    @Test func standardStreamsUseBuffers() throws {
        let input = WASIByteBuffer(Array("abc".utf8))
        let guest = try WASIGuest(WASIContext(standardInput: .buffer(input)))
        guest.write32(16, 100)
        guest.write32(20, 10)
        #expect(try guest.call("fd_read", i32(0), i32(16), i32(1), i32(24)) == E.success)
        #expect(guest.read32(24) == 3)
        #expect(guest.read(100, 3) == Array("abc".utf8))
        #expect(try guest.call("fd_write", i32(0), i32(16), i32(1), i32(24)) == E.badf)
        #expect(try guest.call("fd_write", i32(9), i32(16), i32(1), i32(24)) == E.badf)
        #expect(try guest.call("sock_shutdown", i32(1), i32(0)) == E.notsock)
        #expect(try guest.call("sock_shutdown", i32(77), i32(0)) == E.badf)
        #expect(try guest.call("clock_time_get", i32(9), i64(0), i32(0)) == E.inval)
        #expect(try guest.call("poll_oneoff", i32(0), i32(100), i32(0), i32(200)) == E.inval)
    }

    @Test func procExitEndsTheCallWithItsStatus() throws {
        let guest = try WASIGuest(WASIContext())
        #expect(throws: TrapCode.exit(3)) { _ = try guest.call("proc_exit", i32(3)) }
    }

    @Test func preopensAndSandboxedPaths() throws {
        let scratch = ScratchDirectory()
        let guest = try WASIGuest(WASIContext(mounts: [WASIMount(hostPath: scratch.path, guestPath: "/sandbox")]))
        #expect(try guest.call("fd_prestat_get", i32(3), i32(0)) == E.success)
        #expect(guest.read32(4) == 8)
        #expect(try guest.call("fd_prestat_dir_name", i32(3), i32(100), i32(4)) == E.nametoolong)
        #expect(try guest.call("fd_prestat_dir_name", i32(3), i32(100), i32(8)) == E.success)
        #expect(guest.read(100, 8) == Array("/sandbox".utf8))
        #expect(try guest.call("fd_prestat_get", i32(4), i32(0)) == E.badf)

        func path(_ text: String) -> (Value, Value) {
            guest.write(1000, Array(text.utf8))
            return (i32(1000), i32(UInt32(text.utf8.count)))
        }
        func open(_ text: String, create: Bool = false) throws -> UInt32 {
            let (p, n) = path(text)
            return try guest.call("path_open", i32(3), i32(0), p, n, i32(create ? 1 : 0), i64(1 << 6 | 1 << 1), i64(0), i32(0), i32(2000))
        }
        #expect(try open("../etc/passwd") == E.perm)
        #expect(try open("/etc/passwd") == E.perm)
        #expect(try open("./../x") == E.perm)
        #expect(try open("missing") == E.noent)
        #expect(try open("bad\u{0}name") == E.inval)
        #expect(try open("new-file", create: true) == E.success)
        let fd = guest.read32(2000)
        #expect(fd == 4)
        #expect(try guest.call("fd_close", i32(fd)) == E.success)
        #expect(try guest.call("fd_close", i32(fd)) == E.badf)

        // A symbolic link the guest creates that points out is refused when followed.
        let (target, targetLength) = (i32(3000), i32(6))
        guest.write(3000, Array("../../".utf8))
        let (linkPath, linkLength) = path("esc")
        #expect(try guest.call("path_symlink", target, targetLength, i32(3), linkPath, linkLength) == E.success)
        let (p, n) = path("esc/etc/passwd")
        #expect(try guest.call("path_filestat_get", i32(3), i32(1), p, n, i32(4000)) == E.perm)
        let (p2, n2) = path("esc")
        #expect(try guest.call("path_filestat_get", i32(3), i32(1), p2, n2, i32(4000)) == E.perm)
        #expect(try guest.call("path_filestat_get", i32(3), i32(0), p2, n2, i32(4000)) == E.success)
        #expect(guest.read(4016, 1) == [7])  // symbolic_link
        // Invalid UTF-8 in a path.
        guest.write(5000, [0x66, 0xff])
        #expect(try guest.call("path_create_directory", i32(3), i32(5000), i32(2)) == E.ilseq)
    }

    @Test func readOnlyMountsRefuseWrites() throws {
        let scratch = ScratchDirectory()
        let guest = try WASIGuest(WASIContext(mounts: [WASIMount(hostPath: scratch.path, guestPath: "/", readOnly: true)]))
        guest.write(1000, Array("d".utf8))
        #expect(try guest.call("path_create_directory", i32(3), i32(1000), i32(1)) == E.rofs)
        #expect(try guest.call("path_open", i32(3), i32(0), i32(1000), i32(1), i32(1), i64(1 << 6), i64(0), i32(0), i32(2000)) == E.rofs)
        var info = stat()
        #expect(stat(scratch.path + "/d", &info) != 0)
    }

    @Test func readdirListsEntries() throws {
        let scratch = ScratchDirectory()
        for name in ["a", "bb"] { close(Glibc.open(scratch.path + "/" + name, O_CREAT | O_WRONLY, 0o644)) }
        let guest = try WASIGuest(WASIContext(mounts: [WASIMount(hostPath: scratch.path, guestPath: "/")]))
        #expect(try guest.call("fd_readdir", i32(3), i32(1000), i32(4096), i64(0), i32(900)) == E.success)
        let used = Int(guest.read32(900))
        #expect(used == 4 * 24 + 1 + 2 + 1 + 2)  // ".", "..", "a", "bb"
        var names: [String] = []
        var offset = 0
        while offset < used {
            let length = Int(guest.read32(UInt64(1000 + offset + 16)))
            names.append(String(decoding: guest.read(UInt64(1000 + offset + 24), length), as: UTF8.self))
            offset += 24 + length
        }
        #expect(names.sorted() == [".", "..", "a", "bb"])
        // A small buffer gets a cut-off record and bufused == buf_len.
        #expect(try guest.call("fd_readdir", i32(3), i32(1000), i32(10), i64(0), i32(900)) == E.success)
        #expect(guest.read32(900) == 10)
        #expect(try guest.call("fd_readdir", i32(3), i32(1000), i32(4096), i64(4), i32(900)) == E.success)
        #expect(guest.read32(900) == 0)
    }
}

@Suite("WASI command runs")
struct WASICommandTests {
    @Test func missingMountIsAnError() {
        #expect(throws: WASIMountError.self) {
            _ = try WASIPreview1(context: WASIContext(mounts: [WASIMount(hostPath: "/nonexistent/dir", guestPath: "/")]))
        }
    }
}
