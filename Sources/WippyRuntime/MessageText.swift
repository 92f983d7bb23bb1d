/// Text taken from input (names, paths, arguments) as it may appear in a one-line message.
public enum MessageText {
    /// The longest text a message quotes in full, in characters.
    public static let maxQuoted = 120

    /// `text` itself when short; else its first ``maxQuoted`` characters, `…` and its length, so
    /// a 10 MiB name never fills the terminal. Control characters are escaped to keep one line.
    public static func short(_ text: String) -> String {
        var out = ""
        var count = 0
        for character in text {
            if count == maxQuoted {
                return out + "… (\(text.utf8.count) bytes)"
            }
            count += 1
            if character.isNewline || (character.asciiValue.map { $0 < 0x20 || $0 == 0x7f } ?? false) {
                out += character.unicodeScalars.map { $0.escaped(asASCII: true) }.joined()
            } else {
                out.append(character)
            }
        }
        return out
    }
}
