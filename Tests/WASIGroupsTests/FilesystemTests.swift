import Foundation
import Testing
import ComponentModel
import WASIHost
import WASIIO

// Focused tests of the wasi:filesystem host functions, called directly against scratch trees.

@Test func pathsThatLeaveTheMountAreNotPermitted() throws {
    let scratch = try FilesystemScratch()
    let host = try FilesystemHost(mount: scratch.mount, readOnly: false)
    let root = try host.preopen()
    for path in ["../outside/secret", "sub/../../outside/secret", "/etc/passwd", "link_out/secret", "abs_link/passwd"] {
        #expect(try host.open(root, path) == .failure(FSCode("not-permitted")), "\(path)")
        #expect(try host.open(root, path, follow: true) == .failure(FSCode("not-permitted")), "\(path) following")
    }
    // Following the final symbolic link out of the mount is refused too; not following it reads the link.
    let outStat = try host.method("stat-at", root, [.flags(["symlink-follow"]), .string("abs_link")])
    #expect(errorCode(outStat) == "not-permitted")
    guard case .result(true, .record(let fields)?)? = try host.method("stat-at", root, [.flags([]), .string("abs_link")]) else {
        Issue.record("stat-at of the link itself should succeed")
        return
    }
    #expect(fields.first?.value == .enum("symbolic-link"))
    // Creating through an escaping path changes nothing outside.
    #expect(try host.open(root, "../outside/new", openFlags: ["create"], flags: ["write"]) == .failure(FSCode("not-permitted")))
    #expect(errorCode(try host.method("create-directory-at", root, [.string("link_out/made")])) == "not-permitted")
    #expect(errorCode(try host.method("unlink-file-at", root, [.string("link_out/secret")])) == "not-permitted")
    #expect(!FileManager.default.fileExists(atPath: scratch.base + "/outside/new"))
    #expect(!FileManager.default.fileExists(atPath: scratch.base + "/outside/made"))
    #expect(FileManager.default.fileExists(atPath: scratch.base + "/outside/secret"))
    // A link that stays inside still works.
    guard case .success(let inner) = try host.open(root, "inner_link", follow: true) else {
        Issue.record("inner_link should open")
        return
    }
    guard case .result(true, .tuple(let read)?)? = try host.method("read", inner, [.u64(5), .u64(0)]) else {
        Issue.record("read should succeed")
        return
    }
    #expect(read.first == .bytes(Array("hello".utf8)))
}

@Test func symlinksPointingOutAreRefused() throws {
    let scratch = try FilesystemScratch()
    let host = try FilesystemHost(mount: scratch.mount, readOnly: false)
    let root = try host.preopen()
    #expect(errorCode(try host.method("symlink-at", root, [.string("/etc/passwd"), .string("l1")])) == "not-permitted")
    #expect(errorCode(try host.method("symlink-at", root, [.string("../outside"), .string("l2")])) == "not-permitted")
    #expect(errorCode(try host.method("symlink-at", root, [.string("sub/../../x"), .string("l3")])) == "not-permitted")
    #expect(isOK(try host.method("symlink-at", root, [.string("hello.txt"), .string("ok1")])))
    // From a link inside sub, `..` is still inside the mount, even through a descriptor for sub.
    guard case .success(let sub) = try host.open(root, "sub", openFlags: ["directory"]) else {
        Issue.record("sub should open")
        return
    }
    #expect(isOK(try host.method("symlink-at", sub, [.string("../hello.txt"), .string("up")])))
    #expect(errorCode(try host.method("symlink-at", sub, [.string("../../outside"), .string("out")])) == "not-permitted")
    #expect(try host.method("readlink-at", root, [.string("sub/up")]) == .ok(.string("../hello.txt")))
    let made = Set(try FileManager.default.contentsOfDirectory(atPath: scratch.mount))
    #expect(made.isDisjoint(with: ["l1", "l2", "l3"]))
    #expect(made.contains("ok1"))
}

@Test func aReadOnlyMountRefusesEveryMutation() throws {
    let scratch = try FilesystemScratch()
    let before = scratch.snapshot()
    let host = try FilesystemHost(mount: scratch.mount, readOnly: true)
    let root = try host.preopen()
    #expect(try host.open(root, "new.txt", openFlags: ["create"], flags: ["write"]) == .failure(FSCode("not-permitted")))
    #expect(try host.open(root, "hello.txt", flags: ["read", "write"]) == .failure(FSCode("not-permitted")))
    #expect(try host.open(root, "hello.txt", openFlags: ["truncate"]) == .failure(FSCode("not-permitted")))
    let newTime = ComponentValue.variant(case: "now", payload: nil)
    let refused: [(String, [ComponentValue])] = [
        ("create-directory-at", [.string("d")]),
        ("remove-directory-at", [.string("sub")]),
        ("unlink-file-at", [.string("hello.txt")]),
        ("symlink-at", [.string("hello.txt"), .string("l")]),
        ("rename-at", [.string("hello.txt"), .borrow(root), .string("moved.txt")]),
        ("link-at", [.flags([]), .string("hello.txt"), .borrow(root), .string("linked.txt")]),
        ("set-times-at", [.flags([]), .string("hello.txt"), newTime, newTime]),
        ("set-times", [newTime, newTime]),
    ]
    for (name, arguments) in refused {
        #expect(errorCode(try host.method(name, root, arguments)) == "not-permitted", "\(name)")
    }
    guard case .success(let file) = try host.open(root, "hello.txt") else {
        Issue.record("reading still works")
        return
    }
    #expect(try host.method("get-flags", file) == .ok(.flags(["read"])))
    #expect(errorCode(try host.method("write", file, [.bytes([1, 2]), .u64(0)])) == "not-permitted")
    #expect(errorCode(try host.method("set-size", file, [.u64(0)])) == "not-permitted")
    #expect(errorCode(try host.method("write-via-stream", file, [.u64(0)])) == "not-permitted")
    #expect(errorCode(try host.method("append-via-stream", file)) == "not-permitted")
    #expect(try host.method("get-flags", root) == .ok(.flags(["read"])))
    #expect(scratch.snapshot() == before)
}

@Test func aDirectoryStreamKeepsAnsweringNoneAfterItsEnd() throws {
    let scratch = try FilesystemScratch()
    let host = try FilesystemHost(mount: scratch.mount, readOnly: true)
    let root = try host.preopen()
    guard case .result(true, .own(let stream)?)? = try host.method("read-directory", root) else {
        Issue.record("read-directory should succeed")
        return
    }
    var names: [String] = []
    for _ in 0..<20 {
        let next = try host.call("[method]directory-entry-stream.read-directory-entry", [.borrow(stream)])
        guard case .result(true, .option(let entry))? = next else {
            Issue.record("unexpected \(String(describing: next))")
            return
        }
        guard case .record(let fields)? = entry else { continue }
        if case .string(let name) = fields[1].value { names.append(name) }
    }
    #expect(names.sorted() == ["abs_link", "hello.txt", "inner_link", "link_out", "sub"])
    // Reading a file as a directory is not-directory; a directory as a file is bad-descriptor.
    guard case .success(let file) = try host.open(root, "hello.txt") else { return }
    #expect(errorCode(try host.method("read-directory", file)) == "not-directory")
    #expect(errorCode(try host.method("read", root, [.u64(1), .u64(0)])) == "bad-descriptor")
    #expect(errorCode(try host.method("read-via-stream", root, [.u64(0)])) == "is-directory")
}

@Test func foreignAndStaleHandlesTrapInsteadOfCrashing() throws {
    let scratch = try FilesystemScratch()
    let host = try FilesystemHost(mount: scratch.mount, readOnly: false)
    let root = try host.preopen()
    // A handle number nobody handed out, and a handle of another resource type.
    let bogus = ResourceHandle(type: root.type, rep: 4242)
    #expect(throws: (any Error).self) { try host.method("stat", bogus) }
    guard case .result(true, .own(let stream)?)? = try host.method("read-directory", root) else { return }
    #expect(throws: (any Error).self) { try host.method("stat", stream) }
    #expect(throws: (any Error).self) { try host.call("[method]directory-entry-stream.read-directory-entry", [.borrow(root)]) }
    // A handle of another instance's table is unknown here.
    let other = try FilesystemHost(mount: scratch.mount, readOnly: false)
    _ = try other.preopen()
    let theirs = try other.preopen()
    #expect(throws: (any Error).self) { try host.method("stat", theirs) }
    // A dropped handle.
    guard case .success(let file) = try host.open(root, "hello.txt") else { return }
    try host.state.resources.delete(file.rep)
    #expect(throws: (any Error).self) { try host.method("stat", file) }
    #expect(throws: (any Error).self) { try host.method("rename-at", root, [.string("hello.txt"), .borrow(file), .string("x")]) }
}

@Test func filesAreWrittenReadAndManagedInAWritableMount() throws {
    let scratch = try FilesystemScratch()
    let host = try FilesystemHost(mount: scratch.mount, readOnly: false)
    let root = try host.preopen()
    #expect(try host.method("get-flags", root) == .ok(.flags(["read", "mutate-directory"])))
    guard case .success(let file) = try host.open(root, "out.txt", openFlags: ["create", "exclusive"], flags: ["read", "write"]) else {
        Issue.record("create should succeed")
        return
    }
    #expect(try host.open(root, "out.txt", openFlags: ["create", "exclusive"], flags: ["write"]) == .failure(FSCode("exist")))
    #expect(try host.method("write", file, [.bytes(Array("abcdef".utf8)), .u64(2)]) == .ok(.u64(6)))
    #expect(try host.method("read", file, [.u64(100), .u64(0)]) == .ok(.tuple([.bytes([0, 0] + Array("abcdef".utf8)), .bool(false)])))
    #expect(try host.method("read", file, [.u64(100), .u64(8)]) == .ok(.tuple([.bytes([]), .bool(true)])))
    #expect(isOK(try host.method("set-size", file, [.u64(3)])))
    #expect(isOK(try host.method("sync", file)))
    #expect(isOK(try host.method("sync-data", file)))
    #expect(isOK(try host.method("advise", file, [.u64(0), .u64(0), .enum("sequential")])))
    #expect(try host.method("get-type", file) == .ok(.enum("regular-file")))
    #expect(try host.method("get-flags", file) == .ok(.flags(["read", "write"])))
    let stamp = ComponentValue.variant(case: "timestamp", payload: .record([("seconds", .u64(1_000_000)), ("nanoseconds", .u32(5))]))
    #expect(isOK(try host.method("set-times", file, [stamp, .variant(case: "no-change", payload: nil)])))
    guard case .result(true, .record(let stat)?)? = try host.method("stat", file) else { return }
    #expect(stat[2].value == .u64(3))
    #expect(stat[3].value == .option(.record([("seconds", .u64(1_000_000)), ("nanoseconds", .u32(5))])))

    // A file opened for reading only refuses writes (the host says bad-descriptor).
    guard case .success(let readOnlyFile) = try host.open(root, "hello.txt") else { return }
    #expect(errorCode(try host.method("write", readOnlyFile, [.bytes([1]), .u64(0)])) == "bad-descriptor")

    // Same object, metadata hashes.
    guard case .success(let again) = try host.open(root, "out.txt") else { return }
    #expect(try host.method("is-same-object", file, [.borrow(again)]) == .bool(true))
    #expect(try host.method("is-same-object", file, [.borrow(readOnlyFile)]) == .bool(false))
    let hash = try host.method("metadata-hash", file)
    #expect(hash == (try host.method("metadata-hash-at", root, [.flags([]), .string("out.txt")])))
    #expect(hash != (try host.method("metadata-hash-at", root, [.flags([]), .string("hello.txt")])))

    // Directories, links, renames, removal.
    #expect(isOK(try host.method("create-directory-at", root, [.string("made")])))
    #expect(errorCode(try host.method("create-directory-at", root, [.string("made")])) == "exist")
    #expect(isOK(try host.method("link-at", root, [.flags([]), .string("out.txt"), .borrow(root), .string("made/hard.txt")])))
    #expect(errorCode(try host.method("link-at", root, [.flags(["symlink-follow"]), .string("out.txt"), .borrow(root), .string("x")])) == "invalid")
    #expect(isOK(try host.method("rename-at", root, [.string("out.txt"), .borrow(root), .string("made/renamed.txt")])))
    #expect(errorCode(try host.method("remove-directory-at", root, [.string("made")])) == "not-empty")
    #expect(isOK(try host.method("unlink-file-at", root, [.string("made/hard.txt")])))
    #expect(isOK(try host.method("unlink-file-at", root, [.string("made/renamed.txt")])))
    #expect(isOK(try host.method("remove-directory-at", root, [.string("made")])))
    #expect(errorCode(try host.method("stat-at", root, [.flags([]), .string("made")])) == "no-entry")
    #expect(try host.open(root, "sub", openFlags: ["directory", "create"]) == .failure(FSCode("invalid")))
    #expect(try host.open(root, "hello.txt", openFlags: ["directory"]) == .failure(FSCode("not-directory")))
}

@Test func streamsAndErrorCodesOfStreamFailures() throws {
    let scratch = try FilesystemScratch()
    let host = try FilesystemHost(mount: scratch.mount, readOnly: false)
    let root = try host.preopen()
    guard case .success(let file) = try host.open(root, "log.txt", openFlags: ["create"], flags: ["write"]),
          case .result(true, .own(let out)?)? = try host.method("append-via-stream", file) else {
        Issue.record("append-via-stream should succeed")
        return
    }
    let write = "[method]output-stream.blocking-write-and-flush"
    let streams = "wasi:io/streams@\(wasiVersion)"
    #expect(isOK(try host.call(write, [.borrow(out), .bytes(Array("one\n".utf8))], interface: streams)))
    #expect(isOK(try host.call(write, [.borrow(out), .bytes(Array("two\n".utf8))], interface: streams)))
    #expect((try? String(contentsOfFile: scratch.mount + "/log.txt", encoding: .utf8)) == "one\ntwo\n")
    // Reading a write-only file through a stream fails; the stream's error maps to bad-descriptor.
    guard case .result(true, .own(let input)?)? = try host.method("read-via-stream", file, [.u64(0)]) else { return }
    let read = try host.call("[method]input-stream.read", [.borrow(input), .u64(10)], interface: streams)
    guard case .result(false, .variant("last-operation-failed", .own(let error)?)?)? = read else {
        Issue.record("expected last-operation-failed, got \(String(describing: read))")
        return
    }
    #expect(try host.call("filesystem-error-code", [.borrow(error)]) == .option(.enum("bad-descriptor")))
    // Each get-directories call hands out fresh handles.
    #expect(try host.preopen() != root)
}
