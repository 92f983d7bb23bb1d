import ComponentModel
import Foundation
import Testing
import WASICLI
import WASIClocks
import WASIFilesystem
import WASIHost
import WASIIO
import WASIRandom

/// The repository's root (three folders above this file).
let repositoryRoot: String = {
    var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
}()

/// A component of ../shared/components, or nil (with a note) when the suite is not beside the
/// repository.
/// A pipe whose reader never reads, holding 4 KiB, its writing end non-blocking (a guest's
/// stdout that stalls).
func stalledPipe() -> (read: Int32, write: Int32) {
    var fds: [Int32] = [-1, -1]
    #expect(pipe(&fds) == 0)
    _ = fcntl(fds[1], 1031 /* F_SETPIPE_SZ */, 4096)
    _ = fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK)
    return (fds[0], fds[1])
}

func sharedComponent(_ name: String) throws -> LoadedComponent? {
    let path = repositoryRoot + "/../shared/components/" + name
    guard let data = FileManager.default.contents(atPath: path) else {
        print("skipped: \(path) is missing (put the shared suite beside the repository)")
        return nil
    }
    return try LoadedComponent(bytes: [UInt8](data))
}

/// A component of this repository's testsuite/components.
func ownComponent(_ name: String) throws -> LoadedComponent {
    let path = repositoryRoot + "/testsuite/components/" + name
    guard let data = FileManager.default.contents(atPath: path) else {
        throw ComponentError(.decode, "cannot read \(path)")
    }
    return try LoadedComponent(bytes: [UInt8](data))
}

/// The expected stdout and exit code of a ../shared/components fixture.
func fixtureExpectation(_ name: String) -> (stdout: String, exitCode: Int32)? {
    let path = repositoryRoot + "/../shared/components/" + name + ".json"
    guard let data = FileManager.default.contents(atPath: path),
          let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
          let expected = json["expected"] as? [String: Any],
          let stdout = expected["stdout"] as? String,
          let code = expected["exit_code"] as? Int else { return nil }
    return (stdout, Int32(code))
}

/// A linker with every local WASI group.
func allGroupsLinker() throws -> ComponentLinker {
    let linker = ComponentLinker()
    for g in [wasiIOGroup, wasiCLIGroup, wasiClocksGroup, wasiFilesystemGroup, wasiRandomGroup] {
        try g.register(into: linker)
    }
    return linker
}

/// What a command printed and how it ended.
struct CommandRun {
    var outcome: WASICommand.Outcome
    var stdout: String
    var stderr: String
}

/// Runs a command component with captured stdio.
func runCommand(_ component: LoadedComponent, arguments: [String] = ["cmd"], environment: [(name: String, value: String)] = [],
                mounts: [WASIMount] = [], stdin: [UInt8] = [], linker: ComponentLinker? = nil) throws -> CommandRun {
    let out = WASIByteBuffer(), err = WASIByteBuffer()
    let context = WASIContext(arguments: arguments, environment: environment, mounts: mounts,
                              standardInput: .buffer(WASIByteBuffer(stdin)), standardOutput: .buffer(out), standardError: .buffer(err))
    let outcome = try WASICommand.run(component, linker: try linker ?? allGroupsLinker(), context: context, dispatcher: try Dispatcher())
    return CommandRun(outcome: outcome, stdout: out.text, stderr: err.text)
}
