import ComponentModel
import WASIHost
import WASIIO

/// The `wasi:filesystem` host group: `wasi:filesystem/types` and `wasi:filesystem/preopens`
/// (WASI 0.2, registered at ``wasiVersion``; any compatible 0.2.x import is served) over the
/// session's mounts.
///
/// Each mount is a preopened directory at its guest path. No path leaves its mount (`..`,
/// absolute paths and symbolic links pointing out are `not-permitted`), a read-only mount
/// refuses every mutation with `not-permitted` (as wasmtime's read-only preopens) and changes
/// nothing on the host. Host errors map to `error-code` as wasmtime maps them.
public let wasiFilesystemGroup = HostGroup(name: "wasi:filesystem") { (linker: ComponentLinker) throws(ComponentError) in
    let io = try IOResources(linker)
    let fs = try FilesystemResources(linker)
    try registerDescriptorMethods(linker, fs, io)
    try registerPathMethods(linker, fs)
    try registerDirectoryEntryStream(linker, fs)
    try registerPreopens(linker, fs)
    try definePlain(linker, "filesystem-error-code") { call in
        let error = try call.resource(0, io.error, as: IOErrorObject.self)
        return .option(FilesystemError(error.error).value)
    }
}
