#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Keeping a cache directory within its size: the least recently used records go first.
///
/// Only this cache's own files are ever removed: regular files of the effective user named as
/// a record (64 hexadecimal digits and `.valid`), and temporary files of an interrupted write
/// (`.NAME.PID.RANDOM.tmp`) an hour old or more. Anything else in the directory is left alone,
/// so `--cache-dir` may name a directory that holds other files. A record's modification time
/// is its last use (``CacheDirectory/record(_:)`` sets it when it reads the record).
extension CacheDirectory {
    /// A file of this cache: its name, size in bytes and modification time (seconds).
    struct Entry {
        var name: String
        var size: Int
        var modified: Int
    }

    /// Temporary files younger than this (seconds) may belong to a write in progress.
    static let temporaryGrace = 3600

    /// When the records take more than `limit` bytes, removes the least recently used ones
    /// (never `keeping`) until they take at most three quarters of it, so that trimming runs
    /// once per many new records, not on every one. Also removes stale temporary files.
    func trim(toFit limit: Int, keeping: String) {
        let now = Int(time(nil))
        var records: [Entry] = []
        var total = 0
        for entry in entries() {
            if Self.isRecordName(entry.name) {
                records.append(entry)
                total &+= entry.size
            } else if Self.isTemporaryName(entry.name), now &- entry.modified >= Self.temporaryGrace {
                unlinkat(descriptor, entry.name, 0)
            }
        }
        guard total > limit else { return }
        let target = limit / 4 * 3
        records.sort { ($0.modified, $0.name) < ($1.modified, $1.name) }
        for record in records where total > target && record.name != keeping {
            if unlinkat(descriptor, record.name, 0) == 0 { total &-= record.size }
        }
    }

    /// The regular files of the effective user in the directory (symbolic links not followed).
    func entries() -> [Entry] {
        let copy = dup(descriptor)
        guard copy >= 0 else { return [] }
        guard let stream = fdopendir(copy) else {
            close(copy)
            return []
        }
        defer { closedir(stream) }
        rewinddir(stream)
        var found: [Entry] = []
        let owner = geteuid()
        while let item = readdir(stream) {
            let name = withUnsafeBytes(of: item.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name != ".", name != ".." else { continue }
            var status = stat()
            guard fstatat(descriptor, name, &status, AT_SYMLINK_NOFOLLOW) == 0,
                  status.st_mode & S_IFMT == S_IFREG, status.st_uid == owner else { continue }
            found.append(Entry(name: name, size: Int(status.st_size), modified: Int(status.st_mtim.tv_sec)))
        }
        return found
    }

    /// Whether `name` is a record's: 64 lowercase hexadecimal digits and `.valid`.
    static func isRecordName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard bytes.count == 70, name.hasSuffix(".valid") else { return false }
        return bytes[..<64].allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    /// Whether `name` is a temporary file of ``store(_:_:)``: `.` + a record's name + `.PID.RANDOM.tmp`.
    static func isTemporaryName(_ name: String) -> Bool {
        guard name.hasPrefix("."), name.hasSuffix(".tmp") else { return false }
        let parts = name.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[1] == "valid", parts[4] == "tmp" else { return false }
        return isRecordName(parts[0] + ".valid")
            && parts[2].allSatisfy(\.isNumber) && parts[3].allSatisfy(\.isNumber)
    }
}
