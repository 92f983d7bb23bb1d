import Glibc
import Testing
@testable import WASIHost

/// A temporary directory tree for resolver tests:
/// ```
/// base/
///   outside/secret          (must never be reached)
///   root/                   (the sandbox)
///     dir/file
///     dir/up -> ..          (stays inside)
///     dir/escape -> ../..   (leaves the root)
///     link_out -> ../outside
///     abs_link -> /etc
///     inner_link -> dir/file
///     dir_link -> dir
///     loop -> loop
/// ```
final class SandboxFixture {
    let base: String
    let root: Int32

    init() throws {
        var template = Array("/tmp/wippy-sandbox-test.XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ $0.baseAddress.flatMap { mkdtemp($0) } }) != nil else { throw SystemError.last }
        base = String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        for directory in ["outside", "root", "root/dir"] { mkdir(base + "/" + directory, 0o755) }
        for file in ["outside/secret", "root/dir/file"] {
            let fd = open(base + "/" + file, O_WRONLY | O_CREAT, 0o644)
            close(fd)
        }
        let links = [("root/dir/up", ".."), ("root/dir/escape", "../.."), ("root/link_out", "../outside"),
                     ("root/abs_link", "/etc"), ("root/inner_link", "dir/file"), ("root/dir_link", "dir"),
                     ("root/loop", "loop")]
        for (path, target) in links { symlink(target, base + "/" + path) }
        root = open(base + "/root", O_RDONLY | O_DIRECTORY)
    }

    deinit {
        close(root)
        for path in ["root/dir/up", "root/dir/escape", "root/link_out", "root/abs_link", "root/inner_link",
                     "root/dir_link", "root/loop", "root/dir/file", "outside/secret"] { unlink(base + "/" + path) }
        for directory in ["root/dir", "root", "outside", ""] { rmdir(base + "/" + directory) }
    }

    func resolve(_ path: String, follow: Bool = false) throws(SystemError) -> (name: String, isRoot: Bool) {
        let resolved = try SandboxedPath.resolve(Array(path.utf8), in: root, followFinalSymlink: follow)
        let name = String(decoding: resolved.name.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return (name + (resolved.mustBeDirectory ? "/" : ""), resolved.directory == root)
    }

    func error(_ path: String, follow: Bool = false) -> SystemError? {
        do {
            _ = try resolve(path, follow: follow)
            return nil
        } catch {
            return error
        }
    }
}

@Suite("Sandboxed path resolution")
struct SandboxedPathTests {
    @Test func plainPathsResolveToTheirParent() throws {
        let f = try SandboxFixture()
        #expect(try f.resolve("dir/file") == ("file", false))
        #expect(try f.resolve("dir") == ("dir", true))
        #expect(try f.resolve(".") == (".", true))
        #expect(try f.resolve("dir/./file") == ("file", false))
        #expect(try f.resolve("dir//file") == ("file", false))
        #expect(try f.resolve("dir/../dir/file") == ("file", false))
        #expect(try f.resolve("dir/..") == (".", true))
    }

    @Test func dotDotAboveTheRootIsRefused() throws {
        let f = try SandboxFixture()
        #expect(f.error("..") == .notCapable)
        #expect(f.error("../outside/secret") == .notCapable)
        #expect(f.error("dir/../../outside/secret") == .notCapable)
        #expect(f.error("dir/../..") == .notCapable)
    }

    @Test func absolutePathsAreRefused() throws {
        let f = try SandboxFixture()
        #expect(f.error("/etc/passwd") == .notCapable)
        #expect(f.error("/") == .notCapable)
    }

    @Test func symlinksPointingOutAreRefused() throws {
        let f = try SandboxFixture()
        #expect(f.error("link_out/secret") == .notCapable)
        #expect(f.error("link_out", follow: true) == .notCapable)
        #expect(f.error("abs_link/passwd") == .notCapable)
        #expect(f.error("abs_link", follow: true) == .notCapable)
        #expect(f.error("dir/escape/outside/secret") == .notCapable)
        #expect(f.error("dir/escape", follow: true) == .notCapable)
        // A trailing slash makes the kernel follow the last link: it is expanded (and refused) here.
        #expect(f.error("abs_link/") == .notCapable)
        #expect(f.error("link_out/") == .notCapable)
    }

    @Test func symlinksInsideAreFollowedWhenAsked() throws {
        let f = try SandboxFixture()
        #expect(try f.resolve("inner_link") == ("inner_link", true))
        #expect(try f.resolve("inner_link", follow: true) == ("file", false))
        #expect(try f.resolve("dir_link/file") == ("file", false))
        #expect(try f.resolve("dir/up/dir/file") == ("file", false))
        // Not following: the link itself is named (so unlink removes the link, not its target).
        #expect(try f.resolve("abs_link") == ("abs_link", true))
        #expect(try f.resolve("link_out") == ("link_out", true))
    }

    @Test func loopsAndBadPathsFail() throws {
        let f = try SandboxFixture()
        #expect(f.error("loop", follow: true) == .posix(ELOOP))
        #expect(f.error("loop/x") == .posix(ELOOP))
        #expect(f.error("") == .posix(ENOENT))
        #expect(f.error("dir\u{0}/file") == .posix(EINVAL))
        #expect(f.error("dir/file/x") == .posix(ENOTDIR))
        #expect(f.error("missing/x") == .posix(ENOENT))
    }

    @Test func trailingSlashIsKept() throws {
        let f = try SandboxFixture()
        #expect(try f.resolve("dir/") == ("dir/", true))
        #expect(try f.resolve("dir///") == ("dir/", true))
        #expect(try f.resolve("dir_link/") == ("dir/", true))
        // The name itself has no slash: the kernel would follow a link there.
        let resolved = try SandboxedPath.resolve(Array("dir/".utf8), in: f.root, followFinalSymlink: false)
        #expect(resolved.nameText == "dir" && resolved.mustBeDirectory)
    }

    /// `name/` resolved while `name` was a directory, then `name` replaced by a link out of the
    /// sandbox (what another instance on the same mount could do between the check and the
    /// call): no operation reaches outside. With the slash passed on, the kernel would have
    /// followed the link despite `O_NOFOLLOW` (`open` listed outside/, `status` described it,
    /// `setTimes` changed its times).
    @Test func aLinkSwappedInAfterResolvingIsNotFollowed() throws {
        let f = try SandboxFixture()
        let swapped = f.base + "/root/swapped"
        #expect(mkdir(swapped, 0o755) == 0)
        defer { unlink(swapped); rmdir(swapped) }
        let resolved = try SandboxedPath.resolve(Array("swapped/".utf8), in: f.root, followFinalSymlink: false)
        #expect(rmdir(swapped) == 0 && symlink("../outside", swapped) == 0)
        var before = stat()
        #expect(stat(f.base + "/outside", &before) == 0)

        func failure(_ body: () throws(SystemError) -> Void) -> SystemError? {
            do {
                try body()
                return nil
            } catch {
                return error
            }
        }
        #expect(failure { () throws(SystemError) in close(try resolved.open(flags: O_RDONLY)) } == .posix(ENOTDIR))
        #expect(failure { () throws(SystemError) in _ = try resolved.status() } == .posix(ENOTDIR))
        #expect(failure { () throws(SystemError) in
            try resolved.setTimes(access: .time(FileTime(seconds: 1, nanoseconds: 0)), modification: .time(FileTime(seconds: 1, nanoseconds: 0)))
        } == .posix(ENOTDIR))
        #expect(failure { () throws(SystemError) in _ = try resolved.readLink() } == .posix(ENOTDIR))
        #expect(failure { () throws(SystemError) in try resolved.unlinkFile() } == .posix(ENOTDIR))
        var after = stat()
        #expect(stat(f.base + "/outside", &after) == 0)
        #expect(after.st_mtim.tv_sec == before.st_mtim.tv_sec && after.st_atim.tv_sec == before.st_atim.tv_sec)
        // The link is still there, and outside/ still holds its file.
        var link = stat()
        #expect(lstat(swapped, &link) == 0 && link.st_mode & S_IFMT == S_IFLNK)
        #expect(access(f.base + "/outside/secret", F_OK) == 0)
    }

    /// The kernel's answers for a trailing slash, given without passing it on.
    @Test func trailingSlashAnswersAreTheKernels() throws {
        let f = try SandboxFixture()
        func failure(_ path: String, _ body: (borrowing ResolvedPath) throws(SystemError) -> Void) -> SystemError? {
            do {
                let resolved = try SandboxedPath.resolve(Array(path.utf8), in: f.root, followFinalSymlink: false)
                try body(resolved)
                return nil
            } catch {
                return error
            }
        }
        #expect(failure("dir/file/") { (r: borrowing ResolvedPath) throws(SystemError) in _ = try r.status() } == .posix(ENOTDIR))
        #expect(failure("new/") { (r: borrowing ResolvedPath) throws(SystemError) in close(try r.open(flags: O_RDONLY | O_CREAT)) } == .posix(EISDIR))
        #expect(failure("dir/") { (r: borrowing ResolvedPath) throws(SystemError) in close(try r.open(flags: O_WRONLY)) } == .posix(EISDIR))
        #expect(failure("dir/") { (r: borrowing ResolvedPath) throws(SystemError) in try r.unlinkFile() } == .posix(EISDIR))
        #expect(failure("dir/file/") { (r: borrowing ResolvedPath) throws(SystemError) in try r.unlinkFile() } == .posix(ENOTDIR))
        #expect(failure("missing/") { (r: borrowing ResolvedPath) throws(SystemError) in try r.unlinkFile() } == .posix(ENOENT))
        #expect(failure("dir/") { (r: borrowing ResolvedPath) throws(SystemError) in _ = try r.readLink() } == .posix(EINVAL))
        #expect(failure("new/") { (r: borrowing ResolvedPath) throws(SystemError) in try r.createSymlink(to: Array("t".utf8)) } == .posix(ENOENT))
        #expect(failure("dir/") { (r: borrowing ResolvedPath) throws(SystemError) in try r.createSymlink(to: Array("t".utf8)) } == .posix(EEXIST))
        #expect(failure("dir/") { (r: borrowing ResolvedPath) throws(SystemError) in _ = try r.status() } == nil)
        #expect(failure("dir/") { (r: borrowing ResolvedPath) throws(SystemError) in close(try r.open(flags: O_RDONLY)) } == nil)
    }
}

@Suite("Handle table")
struct HandleTableTests {
    @Test func reusesTheLowestFreeNumber() {
        var table = HandleTable<String>(firstHandle: 3)
        #expect(table.insert("a") == 3)
        #expect(table.insert("b") == 4)
        #expect(table.insert("c") == 5)
        table.remove(4)
        #expect(table[4] == nil)
        #expect(table.insert("d") == 4)
        table.put("z", at: 10)
        #expect(table.insert("e") == 6)
        #expect(table.handles == [3, 4, 5, 6, 10])
    }
}

@Suite("Host clocks and random")
struct HostServiceTests {
    @Test func clocksTick() throws {
        let a = try HostClock.monotonic.now()
        let b = try HostClock.monotonic.now()
        #expect(b >= a)
        #expect(try HostClock.realtime.now() > 1_600_000_000 * 1_000_000_000)
        #expect(try HostClock.monotonic.resolution() >= 1)
    }

    @Test func randomFillsLargeBuffers() throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 10_000, alignment: 1)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        try SecureRandom.fill(buffer)
        #expect(buffer.filter { $0 == 0 }.count < 200)
    }
}
