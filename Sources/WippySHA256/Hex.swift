extension SHA256 {
    /// Formats bytes as lowercase hexadecimal, two characters per byte.
    ///
    /// - Parameter bytes: The bytes to format, usually a digest.
    /// - Returns: The hexadecimal text, for example `"ba7816bf"`.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits: StaticString = "0123456789abcdef"
        var utf8: [UInt8] = []
        utf8.reserveCapacity(bytes.underestimatedCount * 2)
        digits.withUTF8Buffer { table in
            for byte in bytes {
                utf8.append(table[Int(byte >> 4)])
                utf8.append(table[Int(byte & 0x0F)])
            }
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// Parses a 64-character hexadecimal digest (either letter case).
    ///
    /// - Parameter text: The hexadecimal digest, for example the part after
    ///   `sha256:` in a Wippy entry's `hash` field.
    /// - Returns: The 32 digest bytes, or `nil` if `text` is not exactly 64
    ///   hexadecimal digits.
    public static func digest(fromHex text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count == digestByteCount * 2 else { return nil }
        var result = [UInt8](repeating: 0, count: digestByteCount)
        for index in 0 ..< digestByteCount {
            guard let high = hexValue(utf8[2 * index]), let low = hexValue(utf8[2 * index + 1]) else { return nil }
            result[index] = high << 4 | low
        }
        return result
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0") ... UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a") ... UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A") ... UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
