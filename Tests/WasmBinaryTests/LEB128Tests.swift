import Testing
import WasmBinary

/// LEB128 rules of `ByteReader`, following binary-leb128.wast: a value may be padded up to the
/// maximum length ⌈N/7⌉ bytes; in the last byte the bits beyond N must be zero (unsigned) or
/// copies of the sign bit (signed), else "integer too large"; a continuation bit in the last
/// byte is "integer representation too long".
struct LEB128Tests {
    private func unsigned(_ bytes: [UInt8], bits: Int) -> Result<UInt64, DecodeError> {
        var reader = ByteReader(bytes: bytes)
        do {
            let value = try reader.readUnsigned(bits: bits)
            return reader.isAtEnd ? .success(value) : .failure(DecodeError("left over", offset: reader.offset))
        } catch {
            return .failure(error)
        }
    }

    private func signed(_ bytes: [UInt8], bits: Int) -> Result<Int64, DecodeError> {
        var reader = ByteReader(bytes: bytes)
        do {
            let value = try reader.readSigned(bits: bits)
            return reader.isAtEnd ? .success(value) : .failure(DecodeError("left over", offset: reader.offset))
        } catch {
            return .failure(error)
        }
    }

    private func message<T>(_ result: Result<T, DecodeError>) -> String? {
        if case .failure(let error) = result { return error.message }
        return nil
    }

    @Test("u32: values and padding up to five bytes")
    func u32Values() throws {
        #expect(try unsigned([0x00], bits: 32).get() == 0)
        #expect(try unsigned([0x7F], bits: 32).get() == 127)
        #expect(try unsigned([0x80, 0x01], bits: 32).get() == 128)
        #expect(try unsigned([0x80, 0x00], bits: 32).get() == 0)
        #expect(try unsigned([0x80, 0x80, 0x80, 0x80, 0x00], bits: 32).get() == 0)
        #expect(try unsigned([0x82, 0x80, 0x80, 0x80, 0x00], bits: 32).get() == 2)
        #expect(try unsigned([0xFF, 0xFF, 0xFF, 0xFF, 0x0F], bits: 32).get() == 0xFFFF_FFFF)
    }

    @Test("u32: too long and too large")
    func u32Errors() {
        // A sixth byte.
        #expect(message(unsigned([0x80, 0x80, 0x80, 0x80, 0x80, 0x00], bits: 32)) == "integer representation too long")
        #expect(message(unsigned([0x82, 0x80, 0x80, 0x80, 0x80, 0x00], bits: 32)) == "integer representation too long")
        // Unused bits of the fifth byte.
        #expect(message(unsigned([0x82, 0x80, 0x80, 0x80, 0x10], bits: 32)) == "integer too large")
        #expect(message(unsigned([0x82, 0x80, 0x80, 0x80, 0x40], bits: 32)) == "integer too large")
        #expect(message(unsigned([0x80, 0x80, 0x80, 0x80, 0x70], bits: 32)) == "integer too large")
        // Both problems: the value is checked first, as the reference interpreter does.
        #expect(message(unsigned([0x80, 0x80, 0x80, 0x80, 0xF0, 0x00], bits: 32)) == "integer too large")
        // Running out of bytes.
        #expect(message(unsigned([0x80], bits: 32)) == "unexpected end")
        #expect(message(unsigned([], bits: 32)) == "unexpected end")
    }

    @Test("u64: ten bytes at most, one usable bit in the last")
    func u64() throws {
        let max: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]
        #expect(try unsigned(max, bits: 64).get() == UInt64.max)
        let paddedTwo: [UInt8] = [0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]
        #expect(try unsigned(paddedTwo, bits: 64).get() == 2)
        #expect(message(unsigned(paddedTwo.dropLast() + [0x80, 0x00], bits: 64)) == "integer representation too long")
        #expect(message(unsigned(paddedTwo.dropLast() + [0x02], bits: 64)) == "integer too large")
        #expect(message(unsigned(paddedTwo.dropLast() + [0x70], bits: 64)) == "integer too large")
        // A five-byte u32 overflow is a fine u64.
        #expect(try unsigned([0x80, 0x80, 0x80, 0x80, 0x10], bits: 64).get() == 1 << 32)
    }

    @Test("s32: sign extension and limits")
    func s32Values() throws {
        #expect(try signed([0x7F], bits: 32).get() == -1)
        #expect(try signed([0x3F], bits: 32).get() == 63)
        #expect(try signed([0x40], bits: 32).get() == -64)
        #expect(try signed([0xFF, 0x7F], bits: 32).get() == -1)
        #expect(try signed([0x80, 0x80, 0x80, 0x80, 0x00], bits: 32).get() == 0)
        #expect(try signed([0xFF, 0xFF, 0xFF, 0xFF, 0x7F], bits: 32).get() == -1)
        #expect(try signed([0xFF, 0xFF, 0xFF, 0xFF, 0x07], bits: 32).get() == Int64(Int32.max))
        #expect(try signed([0x80, 0x80, 0x80, 0x80, 0x78], bits: 32).get() == Int64(Int32.min))
    }

    @Test("s32: too long and too large")
    func s32Errors() {
        #expect(message(signed([0x80, 0x80, 0x80, 0x80, 0x80, 0x00], bits: 32)) == "integer representation too long")
        #expect(message(signed([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F], bits: 32)) == "integer representation too long")
        // Unused bits that are not copies of the sign bit.
        #expect(message(signed([0x80, 0x80, 0x80, 0x80, 0x70], bits: 32)) == "integer too large")
        #expect(message(signed([0xFF, 0xFF, 0xFF, 0xFF, 0x0F], bits: 32)) == "integer too large")
        #expect(message(signed([0x80, 0x80, 0x80, 0x80, 0x1F], bits: 32)) == "integer too large")
        #expect(message(signed([0xFF, 0xFF, 0xFF, 0xFF, 0x4F], bits: 32)) == "integer too large")
        #expect(message(signed([0x80], bits: 32)) == "unexpected end")
    }

    @Test("s64: ten bytes, the sign bit is the only usable bit of the last")
    func s64() throws {
        let nines: [UInt8] = Array(repeating: 0x80, count: 9)
        let ffs: [UInt8] = Array(repeating: 0xFF, count: 9)
        #expect(try signed(nines + [0x7F], bits: 64).get() == Int64.min)
        #expect(try signed(ffs + [0x00], bits: 64).get() == Int64.max)
        #expect(try signed(ffs + [0x7F], bits: 64).get() == -1)
        #expect(try signed(nines + [0x00], bits: 64).get() == 0)
        #expect(message(signed(nines + [0x80, 0x00], bits: 64)) == "integer representation too long")
        #expect(message(signed(ffs + [0xFF, 0x7F], bits: 64)) == "integer representation too long")
        #expect(message(signed(nines + [0x01], bits: 64)) == "integer too large")
        #expect(message(signed(ffs + [0x7E], bits: 64)) == "integer too large")
        #expect(message(signed(ffs + [0x41], bits: 64)) == "integer too large")
    }

    @Test("s33: type indices up to 2^32-1")
    func s33() throws {
        #expect(try signed([0xFF, 0xFF, 0xFF, 0xFF, 0x0F], bits: 33).get() == 0xFFFF_FFFF)
        #expect(try signed([0x80, 0x80, 0x80, 0x80, 0x70], bits: 33).get() == -(1 << 32))
        #expect(message(signed([0xFF, 0xFF, 0xFF, 0xFF, 0x1F], bits: 33)) == "integer too large")
        #expect(message(signed([0x80, 0x80, 0x80, 0x80, 0x20], bits: 33)) == "integer too large")
    }

    @Test("Typed readers truncate as documented")
    func typedReaders() throws {
        var reader = ByteReader(bytes: [0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F])
        #expect(try reader.readU32() == UInt32.max)
        #expect(try reader.readS32() == -1)
        #expect(reader.isAtEnd)
    }

    @Test("Names must be valid UTF-8 and fit")
    func names() throws {
        var ok = ByteReader(bytes: [0x03, 0x61, 0xC3, 0xA9])
        #expect(try ok.readName() == "aé")
        for bad: [UInt8] in [[0x01, 0x80], [0x02, 0xC0, 0x80], [0x03, 0xED, 0xA0, 0x80], [0x01, 0xFF]] {
            var reader = ByteReader(bytes: bad)
            #expect(throws: DecodeError.self) { try reader.readName() }
            var again = ByteReader(bytes: bad)
            do { _ = try again.readName() } catch { #expect(error.message == "malformed UTF-8 encoding") }
        }
        var short = ByteReader(bytes: [0x05, 0x61])
        do { _ = try short.readName() } catch { #expect(error.message == "unexpected end") }
    }
}
