import ComponentModel
import WASIHost

/// The object behind a `directory-entry-stream` handle: a directory's entries (without `.` and
/// `..`), read when the stream was made, handed out one at a time.
final class DirectoryEntryStreamObject {
    private let entries: [DirectoryEntry]
    private var next = 0

    init(_ entries: [DirectoryEntry]) { self.entries = entries }

    /// The next `directory-entry`, or nil at the end (and every time after it). A name that is
    /// not UTF-8 is `illegal-byte-sequence` (the stream moves past it).
    func read() throws(FilesystemError) -> ComponentValue? {
        guard next < entries.count else { return nil }
        let entry = entries[next]
        next += 1
        guard let name = String(validating: entry.name, as: UTF8.self) else { throw .illegalByteSequence }
        return .record([("type", entry.kind.descriptorType), ("name", .string(name))])
    }
}

/// `descriptor.read-directory` and `directory-entry-stream.read-directory-entry`.
func registerDirectoryEntryStream(_ linker: ComponentLinker, _ fs: FilesystemResources) throws(ComponentError) {
    let descriptor = fs.descriptor, stream = fs.directoryEntryStream
    try defineResult(linker, "[method]descriptor.read-directory") { call in
        let d = try call.resource(0, descriptor, as: DescriptorObject.self).directory()
        let all = try host { () throws(SystemError) in try DirectoryListing.entries(of: d.fd) }
        let entries = all.filter { $0.name != [UInt8(ascii: ".")] && $0.name != [UInt8(ascii: "."), UInt8(ascii: ".")] }
        return .own(try call.resources.push(DirectoryEntryStreamObject(entries), type: stream))
    }
    try defineResult(linker, "[method]directory-entry-stream.read-directory-entry") { call in
        .option(try call.resource(0, stream, as: DirectoryEntryStreamObject.self).read())
    }
}
