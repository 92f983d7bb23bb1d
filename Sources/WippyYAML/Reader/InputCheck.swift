/// Checks that input is well-formed UTF-8 made of characters YAML allows,
/// before any parsing, so the reader can treat a zero byte as end of input.
enum InputCheck {
    /// Throws ``YAMLError/Kind/invalidCharacter`` at the first invalid byte
    /// sequence, control character (other than tab, line feed, and carriage
    /// return before a line feed), DEL, C1 control (other than U+0085),
    /// noncharacter U+FFFE/U+FFFF, or byte order mark after the first character.
    static func validate(_ bytes: UnsafeBufferPointer<UInt8>) throws(YAMLError) {
        var index = 0
        var line = 1
        var lineStart = 0
        let count = bytes.count

        func fail(_ message: String, at offset: Int) -> YAMLError {
            var col = 1
            var position = lineStart
            while position < offset {
                if bytes[position] & 0xC0 != 0x80 { col += 1 }
                position += 1
            }
            return YAMLError(.invalidCharacter, message, at: YAMLMark(line: line, column: col, offset: offset))
        }

        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                if byte >= 0x20 && byte != 0x7F || byte == ASCII.tab {
                    index += 1
                    continue
                }
                if byte == ASCII.lineFeed {
                    index += 1
                    line += 1
                    lineStart = index
                    continue
                }
                if byte == ASCII.carriageReturn && index + 1 < count && bytes[index + 1] == ASCII.lineFeed {
                    index += 1
                    continue
                }
                if byte == ASCII.carriageReturn {
                    throw fail("carriage return without a line feed; use \\n or \\r\\n line breaks", at: index)
                }
                throw fail("control character U+\(hex4(UInt32(byte))) is not allowed; escape it in a double-quoted string", at: index)
            }
            // Decode one multi-byte UTF-8 sequence.
            let length: Int
            var scalar: UInt32
            switch byte {
            case 0xC2 ... 0xDF: length = 2; scalar = UInt32(byte & 0x1F)
            case 0xE0 ... 0xEF: length = 3; scalar = UInt32(byte & 0x0F)
            case 0xF0 ... 0xF4: length = 4; scalar = UInt32(byte & 0x07)
            default: throw fail("invalid UTF-8 byte 0x\(hex2(byte))", at: index)
            }
            guard index + length <= count else { throw fail("truncated UTF-8 sequence", at: index) }
            for offset in 1 ..< length {
                let next = bytes[index + offset]
                guard next & 0xC0 == 0x80 else { throw fail("invalid UTF-8 sequence", at: index) }
                scalar = scalar << 6 | UInt32(next & 0x3F)
            }
            let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
            guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800 ... 0xDFFF).contains(scalar) else {
                throw fail("invalid UTF-8 sequence", at: index)
            }
            if (0x80 ... 0x9F).contains(scalar) && scalar != 0x85 {
                throw fail("control character U+\(hex4(scalar)) is not allowed; escape it in a double-quoted string", at: index)
            }
            if scalar == 0xFFFE || scalar == 0xFFFF {
                throw fail("noncharacter U+\(hex4(scalar)) is not allowed", at: index)
            }
            if scalar == 0xFEFF && index != 0 {
                throw fail("byte order mark (U+FEFF) is only allowed at the start of the input", at: index)
            }
            index += length
        }
    }

    static func hex2(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }

    static func hex4(_ value: UInt32) -> String {
        let digits = Array("0123456789ABCDEF")
        var text = ""
        var shift = value > 0xFFFF ? 20 : 12
        while shift >= 0 {
            text.append(digits[Int((value >> UInt32(shift)) & 0xF)])
            shift -= 4
        }
        return text
    }
}
