import Glibc
import Testing
import WasmInterpreter
import WASIHost

private func i32(_ v: UInt32) -> Value { .i32(v) }
private func i64(_ v: UInt64) -> Value { .i64(v) }

/// Standard streams take stream operations only, whatever host file backs them: `run … >> log`
/// must not let the guest truncate, grow or seek the user's `log` (wasmtime answers `badf`, and
/// `spipe` for positioned operations).
@Suite("Rights of the standard streams and of files")
struct StandardStreamRightsTests {
    @Test func aFileUsedAsStandardOutputCannotBeChanged() throws {
        let scratch = ScratchDirectory()
        let path = scratch.path + "/log"
        let fd = open(path, O_RDWR | O_CREAT | O_APPEND, 0o644)
        #expect(fd >= 0)
        defer { close(fd) }
        #expect(write(fd, "hello\n", 6) == 6)
        let guest = try WASIGuest(WASIContext(standardOutput: .host(fd)))

        #expect(try guest.call("fd_filestat_set_size", i32(1), i64(0)) == E.badf)
        #expect(try guest.call("fd_allocate", i32(1), i64(0), i64(10 << 20)) == E.badf)
        #expect(try guest.call("fd_sync", i32(1)) == E.badf)
        #expect(try guest.call("fd_datasync", i32(1)) == E.badf)
        #expect(try guest.call("fd_advise", i32(1), i64(0), i64(0), i32(0)) == E.badf)
        #expect(try guest.call("fd_filestat_set_times", i32(1), i64(0), i64(0), i32(0)) == E.badf)
        #expect(try guest.call("fd_fdstat_set_flags", i32(1), i32(0)) == E.badf)
        #expect(try guest.call("fd_seek", i32(1), i64(0), i32(0), i32(300)) == E.spipe)
        #expect(try guest.call("fd_tell", i32(1), i32(300)) == E.spipe)
        #expect(try guest.call("fd_pwrite", i32(1), i32(100), i32(0), i64(0), i32(300)) == E.spipe)
        #expect(try guest.call("fd_readdir", i32(1), i32(400), i32(10), i64(0), i32(300)) == E.badf)
        #expect(try guest.call("path_open", i32(1), i32(0), i32(200), i32(1), i32(1), i64(0), i64(0), i32(0), i32(300)) == E.badf)
        // Its attributes may be read, and it may be written.
        #expect(try guest.call("fd_filestat_get", i32(1), i32(400)) == E.success)
        guest.write(100, Array("more\n".utf8))
        guest.write32(16, 100)
        guest.write32(20, 5)
        #expect(try guest.call("fd_write", i32(1), i32(16), i32(1), i32(24)) == E.success)

        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_size == 11)
        #expect(fcntl(fd, F_GETFL) & O_APPEND != 0)
    }

    @Test func aFileOpenedWithoutARightIsNotCapable() throws {
        let scratch = ScratchDirectory()
        let guest = try WASIGuest(WASIContext(mounts: [WASIMount(hostPath: scratch.path, guestPath: "/d")]))
        guest.write(1000, Array("f".utf8))
        // Created with fd_read and fd_write only.
        #expect(try guest.call("path_open", i32(3), i32(0), i32(1000), i32(1), i32(1), i64(1 << 1 | 1 << 6), i64(0), i32(0), i32(2000)) == E.success)
        let file = guest.read32(2000)
        #expect(try guest.call("fd_filestat_set_size", i32(file), i64(100)) == E.notcapable)
        #expect(try guest.call("fd_allocate", i32(file), i64(0), i64(100)) == E.notcapable)
        #expect(try guest.call("fd_seek", i32(file), i64(4), i32(0), i32(300)) == E.notcapable)
        var info = stat()
        #expect(stat(scratch.path + "/f", &info) == 0)
        #expect(info.st_size == 0)
    }
}
