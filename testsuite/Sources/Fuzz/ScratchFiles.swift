#if canImport(Glibc)
import Glibc
#endif

/// The files the surfaces run inputs in (under `.build/fuzz`): written, listed and emptied
/// without following links an input made.
enum ScratchFiles {
    /// `.build/fuzz/NAME`, made (with its parents) when missing.
    static func folder(_ name: String) -> String {
        mkdir(".build", 0o755)
        mkdir(".build/fuzz", 0o755)
        mkdir(".build/fuzz/" + name, 0o755)
        return ".build/fuzz/" + name
    }

    /// The names in the directory at `path` (without `.` and `..`); empty when it cannot be read.
    static func names(in path: String) -> [String] {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return [] }
        return names(inOpen: fd, closing: true)
    }

    /// The names in the directory open at `fd`; closes `fd` when `closing`, else reads a copy.
    private static func names(inOpen fd: Int32, closing: Bool) -> [String] {
        let owned = closing ? fd : dup(fd)
        guard owned >= 0 else { return [] }
        guard let stream = fdopendir(owned) else {
            close(owned)
            return []
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Removes everything in the directory open at `dir`: links and files are unlinked,
    /// directories (opened without following links) emptied first.
    static func removeContents(of dir: Int32) -> Bool {
        for name in names(inOpen: dir, closing: false) {
            var info = stat()
            guard fstatat(dir, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return false }
            if info.st_mode & S_IFMT == S_IFDIR {
                let sub = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard sub >= 0 else { return false }
                // A directory the guest made unreadable or unsearchable is opened up first.
                _ = fchmod(sub, 0o755)
                let emptied = removeContents(of: sub)
                close(sub)
                guard emptied, unlinkat(dir, name, AT_REMOVEDIR) == 0 else { return false }
            } else if unlinkat(dir, name, 0) != 0 {
                return false
            }
        }
        return true
    }

    /// Replaces the file at `path` with `bytes`.
    static func write(_ bytes: [UInt8], to path: String) -> Bool {
        write(bytes, to: path, in: AT_FDCWD)
    }

    /// Replaces the file at `path` (relative to the directory open at `dir`) with `bytes`.
    static func write(_ bytes: [UInt8], to path: String, in dir: Int32) -> Bool {
        let fd = openat(dir, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        return written == bytes.count
    }

    /// Copies the regular files and directories under `source` into the directory open at
    /// `dir` (links and anything else are left out).
    static func copyTree(from source: String, into dir: Int32) -> Bool {
        for name in names(in: source) {
            let path = source + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { return false }
            if info.st_mode & S_IFMT == S_IFDIR {
                guard mkdirat(dir, name, 0o755) == 0 else { return false }
                let sub = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard sub >= 0 else { return false }
                let copied = copyTree(from: path, into: sub)
                close(sub)
                guard copied else { return false }
            } else if info.st_mode & S_IFMT == S_IFREG {
                guard let bytes = Corpus.read(path, limit: 1 << 20), write(bytes, to: name, in: dir) else { return false }
            }
        }
        return true
    }
}
