/// The list of known failures (`testsuite/spec/expected-failures.txt`).
///
/// Format: one entry per line, `SCRIPT LINE REASON...`; `#` starts a comment, blank lines are
/// ignored. `SCRIPT` is a script's path relative to the folder given on the command line (with or
/// without `.json`, e.g. `simd_lane/simd_lane.json` or `proposals/threads/atomic/atomic`), the
/// `.wast` path (`proposals/threads/atomic.wast`), or its bare name (`simd_lane`, `simd_lane.wast`).
/// `LINE` is the `.wast` line of the failing command, or `*` for every failure of the script.
struct ExpectedFailureList: Sendable {
    /// One entry.
    struct Entry: Hashable, Sendable {
        /// The script as written.
        var script: String
        /// The line, nil for `*`.
        var line: Int?
        /// Why it fails.
        var reason: String
        /// Line of the entry in the list file (for messages).
        var sourceLine: Int

        /// The entry as written back.
        var text: String {
            "\(script) \(line.map(String.init) ?? "*")" + (reason.isEmpty ? "" : " \(reason)")
        }
    }

    /// The entries in file order.
    var entries: [Entry] = []
    /// Lines that could not be parsed: (line number, message).
    var problems: [(line: Int, message: String)] = []

    /// Entry indices by script spelling.
    private var byScript: [String: [Int]] = [:]

    init() {}

    /// Parses the text of a list file.
    init(parsing text: String) {
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(rawLine)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            if fields.isEmpty { continue }
            guard fields.count >= 2 else {
                problems.append((lineNumber, "expected `SCRIPT LINE REASON`, got `\(line.trimmingSpaces)`"))
                continue
            }
            let lineField = fields[1]
            let lineValue: Int?
            if lineField == "*" {
                lineValue = nil
            } else if let n = Int(lineField), n >= 0 {
                lineValue = n
            } else {
                problems.append((lineNumber, "bad line number `\(lineField)`"))
                continue
            }
            let reason = fields.dropFirst(2).joined(separator: " ")
            add(Entry(script: String(fields[0]), line: lineValue, reason: reason, sourceLine: lineNumber))
        }
    }

    /// Appends an entry.
    mutating func add(_ entry: Entry) {
        byScript[Self.normalize(entry.script), default: []].append(entries.count)
        entries.append(entry)
    }

    /// Indices of the entries that name a script with one of these aliases.
    func entries(forAliases aliases: [String]) -> [Int] {
        var result: [Int] = []
        for alias in Set(aliases.map(Self.normalize)) {
            result.append(contentsOf: byScript[alias] ?? [])
        }
        return result.sorted()
    }

    /// The entry (among `candidates`) covering a failure at `line`, preferring an exact line.
    func match(line: Int, candidates: [Int]) -> Int? {
        var wildcard: Int?
        for index in candidates {
            if entries[index].line == line { return index }
            if entries[index].line == nil, wildcard == nil { wildcard = index }
        }
        return wildcard
    }

    private static func normalize(_ script: String) -> String {
        var s = script
        while s.hasPrefix("./") { s.removeFirst(2) }
        return s
    }

    /// The names a script can be listed under.
    static func aliases(relativePath: String, displayPath: String, sourceFilename: String?) -> [String] {
        var names = [relativePath, displayPath]
        func dropSuffix(_ s: String, _ suffix: String) -> String {
            s.hasSuffix(suffix) ? String(s.dropLast(suffix.count)) : s
        }
        names.append(dropSuffix(relativePath, ".json"))
        let base = FileSystem.baseName(relativePath)
        names.append(base)
        names.append(dropSuffix(base, ".json"))
        if let source = sourceFilename, !source.isEmpty {
            names.append(source)
            names.append(dropSuffix(source, ".wast"))
            // json/<rel>/<name>.json comes from wast/<rel>.wast.
            let directory = FileSystem.directoryName(relativePath)
            if directory != "." {
                let parent = FileSystem.directoryName(directory)
                let wast = parent == "." ? source : parent + "/" + source
                names.append(wast)
                names.append(dropSuffix(wast, ".wast"))
            }
        }
        // wast/<rel>.wast is listed under the name of its conversion, json/<rel>/<name>.json.
        if relativePath.hasSuffix(".wast") {
            let stem = dropSuffix(relativePath, ".wast")
            let json = stem + "/" + FileSystem.baseName(stem)
            names.append(json)
            names.append(json + ".json")
        }
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
        return s
    }
}
