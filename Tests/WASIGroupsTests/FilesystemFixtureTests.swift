import Foundation
import Testing
import WASIHost

/// The five `wasi:filesystem` fixtures of ../shared/components, run in-process with their mount
/// copied to a scratch directory: stdout, stderr and exit status as recorded from wasmtime.
@Test(arguments: ["fs-direct-c", "fs-read-c", "fs-listdir-c", "fs-write-c", "fs-readonly-c"])
func filesystemFixturesMatchWasmtime(_ name: String) throws {
    let fixtures = repositoryRoot + "/../shared/components/"
    guard let component = try sharedComponent(name + ".wasm") else { return }
    guard let data = FileManager.default.contents(atPath: fixtures + name + ".json"),
          let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
          let expected = json["expected"] as? [String: Any],
          let mounts = json["mounts"] as? [[String: Any]], let mount = mounts.first,
          let guest = mount["guest"] as? String else {
        Issue.record("\(name).json has no expected output or mount")
        return
    }
    let source = (mount["host_dir"] as? String).map { fixtures + $0 }
    let scratch = try FilesystemScratch(copying: source)
    let readOnly = mount["read_only"] as? Bool ?? false
    let before = scratch.snapshot()
    let run = try runCommand(component, arguments: [name],
                             mounts: [WASIMount(hostPath: scratch.mount, guestPath: guest, readOnly: readOnly)])
    #expect(run.outcome == .exited(Int32(expected["exit_code"] as? Int ?? -1)))
    #expect(run.stdout == expected["stdout"] as? String)
    #expect(!run.stdout.isEmpty)
    #expect(run.stderr == expected["stderr"] as? String)
    if readOnly {
        #expect(scratch.snapshot() == before, "a read-only mount must not change")
    }
    if let files = expected["files"] as? [String: String] {
        for (path, content) in files {
            let host = scratch.mount + path.dropFirst(guest.count)
            #expect((try? String(contentsOfFile: host, encoding: .utf8)) == content, "\(path)")
        }
    }
    if let trees = expected["trees"] as? [String: [String]], let tree = trees[guest] {
        #expect(scratch.snapshot().keys.sorted() == tree.sorted())
    }
}
