#if canImport(Glibc)
import Glibc
#endif

/// Seed inputs read from the shared suite and the repository.
enum Corpus {
    /// The files under `directory` (recursively) whose names end in `suffix`, at most `limit`
    /// bytes each, in a stable order.
    static func files(under directory: String, suffix: String, limit: Int = 1 << 20) -> [[UInt8]] {
        paths(under: directory, suffix: suffix).sorted().compactMap { read($0, limit: limit) }
    }

    static func paths(under directory: String, suffix: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var found: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let path = directory + "/" + name
            if entry.pointee.d_type == UInt8(DT_DIR) {
                found += paths(under: path, suffix: suffix)
            } else if name.hasSuffix(suffix) {
                found.append(path)
            }
        }
        return found
    }

    static func read(_ path: String, limit: Int) -> [UInt8]? {
        guard let f = fopen(path, "rb") else { return nil }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count <= limit {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, 1 << 16, f) }
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes.count <= limit ? bytes : nil
    }

    /// Splits WAST scripts into their top-level commands, so each seed is small.
    static func wastCommands(_ scripts: [[UInt8]]) -> [[UInt8]] {
        var commands: [[UInt8]] = []
        for script in scripts {
            var depth = 0, start = -1, i = 0
            var inString = false, inLineComment = false
            while i < script.count {
                let c = script[i]
                if inLineComment {
                    if c == 0x0A { inLineComment = false }
                } else if inString {
                    if c == 0x5C { i += 1 } else if c == 0x22 { inString = false }
                } else if c == 0x22 {
                    inString = true
                } else if c == 0x3B, i + 1 < script.count, script[i + 1] == 0x3B {
                    inLineComment = true
                } else if c == 0x28 {
                    if depth == 0 { start = i }
                    depth += 1
                } else if c == 0x29, depth > 0 {
                    depth -= 1
                    if depth == 0, start >= 0 {
                        commands.append(Array(script[start...i]))
                        start = -1
                    }
                }
                i += 1
            }
        }
        return commands
    }
}
