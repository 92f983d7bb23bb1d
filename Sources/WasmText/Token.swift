/// The kinds of tokens of the text format.
enum TokenKind: UInt8 {
    /// `(`
    case leftParen
    /// `)`
    case rightParen
    /// A word starting with a lowercase letter: `module`, `i32.add`, `offset=8`, `nan:0x1`, …
    case keyword
    /// `$name` or `$"name"`.
    case identifier
    /// `"..."`
    case string
    /// A word starting with a digit, `+` or `-`: a number if it parses as one.
    case number
    /// Anything else the lexer accepts but no rule uses (`a"b"`, `,`, `{`, …).
    case reserved
    /// The end of the input (always the last token).
    case end
}

/// One token: its kind and where it is in the source.
struct Token {
    var kind: TokenKind
    /// Byte offset of its first byte.
    var start: Int32
    /// Byte offset after its last byte.
    var end: Int32
    /// `(`: index of the matching `)` token. Identifier: its name's number in the ``NameTable``
    /// (equal names, quoted or not, have equal numbers). Otherwise 0.
    var link: Int32

    /// Byte length.
    @inline(__always) var length: Int { Int(end - start) }
}

/// Interns identifier names: every distinct name gets a small number.
struct NameTable: Sendable {
    /// The names' bytes, one after the other.
    private var bytes: [UInt8] = []
    /// Where each name starts in `bytes`; one more entry than names.
    private var starts: [Int32] = [0]
    /// Open-addressing hash table of name numbers (-1: empty).
    private var slots: [Int32] = Array(repeating: -1, count: 64)
    /// The hash of each name.
    private var hashes: [UInt32] = []

    /// Number of distinct names.
    var count: Int { hashes.count }

    /// The bytes of name `number`.
    func name(_ number: Int32) -> ArraySlice<UInt8> {
        let n = Int(number)
        return bytes[Int(starts[n])..<Int(starts[n + 1])]
    }

    /// The name as text, for messages.
    func text(_ number: Int32) -> String {
        String(decoding: name(number), as: UTF8.self)
    }

    @inline(__always)
    static func hash(_ source: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt32 {
        var h: UInt32 = 2_166_136_261
        var i = start
        while i < end {
            h = (h ^ UInt32(source[i])) &* 16_777_619
            i += 1
        }
        return h
    }

    /// The number of the name `source[start..<end]`, adding it if it is new.
    mutating func intern(_ source: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int32 {
        let h = Self.hash(source, start, end)
        var mask = slots.count - 1
        var slot = Int(h) & mask
        while true {
            let entry = slots[slot]
            if entry < 0 { break }
            if hashes[Int(entry)] == h {
                let s = Int(starts[Int(entry)])
                let e = Int(starts[Int(entry) + 1])
                if e - s == end - start {
                    var same = true
                    var i = 0
                    while i < e - s {
                        if bytes[s + i] != source[start + i] { same = false; break }
                        i += 1
                    }
                    if same { return entry }
                }
            }
            slot = (slot + 1) & mask
        }
        let number = Int32(hashes.count)
        hashes.append(h)
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[start..<end]))
        starts.append(Int32(bytes.count))
        if hashes.count * 2 > slots.count {
            slots = Array(repeating: -1, count: slots.count * 2)
            mask = slots.count - 1
            for (index, hash) in hashes.enumerated() {
                var s = Int(hash) & mask
                while slots[s] >= 0 { s = (s + 1) & mask }
                slots[s] = Int32(index)
            }
        } else {
            slots[slot] = number
        }
        return number
    }

    /// The number of a name given as bytes, adding it if it is new.
    mutating func intern(_ name: [UInt8]) -> Int32 {
        name.withUnsafeBufferPointer { intern($0, 0, $0.count) }
    }
}
