/// Decodes a core WebAssembly module binary into a ``Module``.
///
/// The decoder checks the binary format only: the preamble, the section order and sizes, every
/// section's structure, the constant expressions (decoded into ``ConstExpression``s) and the
/// local declarations of function bodies. It does **not** decode the instructions of function
/// bodies; each ``FunctionBody`` records where they are, and the validator decodes them while
/// type checking. Likewise "data count section required" is left to the validator.
///
/// Every count and length read from the input is checked against the bytes that remain before
/// anything is reserved, so hostile input cannot make the decoder allocate more than a small
/// multiple of its own size (see ``DecoderLimits`` for the limits on locals).
///
/// - Parameter bytes: The module binary. The returned module keeps it in ``Module/bytes``.
/// - Returns: The decoded module, not yet validated.
/// - Throws: A ``DecodeError`` worded like the reference interpreter's messages
///   ("magic header not detected", "section size mismatch", "integer too large", …) with the
///   byte offset where the problem was found. A component binary is refused with
///   "unknown binary version: this is a component, not a core module".
public func decodeModule(_ bytes: [UInt8], options: DecodeOptions = DecodeOptions()) throws(DecodeError) -> Module {
    try decodeModule(bytes, range: 0 ..< bytes.count, options: options)
}

/// Decodes the core module at `bytes[range]` in place (a module embedded in a component),
/// as ``decodeModule(_:options:)`` decodes a binary of its own, without copying it.
///
/// The returned module keeps all of `bytes` (``Module/bytes``, with ``Module/range``), and its
/// ranges and the offsets of a thrown error are indices into `bytes`.
package func decodeModule(
    _ bytes: [UInt8], range: Range<Int>, options: DecodeOptions = DecodeOptions()
) throws(DecodeError) -> Module {
    let range = range.clamped(to: 0 ..< bytes.count)
    var decoder = ModuleDecoder(bytes: bytes, range: range)
    decoder.options = options
    try decoder.decode()
    return decoder.module
}

/// The state of one `decodeModule` call. The sections are decoded by the extensions in the
/// `*Section*.swift` files.
struct ModuleDecoder {
    /// The whole binary.
    let bytes: [UInt8]
    /// The module being filled in.
    var module: Module
    /// How many more locals the bodies may declare
    /// (``DecoderLimits/maxLocalsPerModule(binarySize:)`` minus those decoded so far).
    var localBudget: Int
    /// Whether a `name` custom section was seen (only the first one is read).
    var sawNameSection = false
    /// Which edition's binary rules apply.
    var options = DecodeOptions()

    /// Where the module lies in ``bytes`` (all of it, unless the module is embedded in a
    /// component).
    let start: Int
    /// One past the module's last byte in ``bytes``.
    let end: Int

    init(bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        self.start = range.lowerBound
        self.end = range.upperBound
        self.module = Module(bytes: bytes, range: range)
        self.localBudget = DecoderLimits.maxLocalsPerModule(binarySize: range.count)
    }

    /// Decodes the preamble and every section, then checks the cross-section counts.
    mutating func decode() throws(DecodeError) {
        var reader = ByteReader(bytes: bytes, range: start ..< end)
        try readPreamble(&reader)
        var lastRank = 0
        while !reader.isAtEnd {
            let idOffset = reader.offset
            let id = try reader.readByte()
            guard let rank = Self.sectionRank(id) else {
                throw DecodeError("malformed section id", offset: idOffset)
            }
            if id != 0 {
                guard rank > lastRank else {
                    throw DecodeError("unexpected content after last section", offset: idOffset)
                }
                lastRank = rank
            }
            let sizeOffset = reader.offset
            let size = try reader.readU32()
            guard let length = Int(exactly: size), length <= reader.remaining else {
                throw DecodeError("length out of bounds", offset: sizeOffset)
            }
            let content = try reader.readRange(length)
            var section = ByteReader(bytes: bytes, range: content)
            section.limitsAsU32 = options.wasm2Limits
            do {
                try decodeSection(id, &section)
            } catch {
                throw error.insideSection()
            }
            guard section.isAtEnd else {
                throw DecodeError("section size mismatch", offset: section.offset)
            }
        }
        try checkCounts()
    }

    /// Checks the magic number and the version.
    private func readPreamble(_ reader: inout ByteReader) throws(DecodeError) {
        guard end - start >= 4 else { throw DecodeError("unexpected end", offset: end) }
        guard bytes[start ..< start + 4].elementsEqual([0x00, 0x61, 0x73, 0x6D]) else {
            throw DecodeError("magic header not detected", offset: start)
        }
        guard end - start >= 8 else { throw DecodeError("unexpected end", offset: end) }
        let version = bytes[start + 4 ..< start + 8]
        if version.elementsEqual([0x0D, 0x00, 0x01, 0x00]) {
            throw DecodeError(
                "unknown binary version: this is a component, not a core module", offset: start + 4)
        }
        guard version.elementsEqual([0x01, 0x00, 0x00, 0x00]) else {
            throw DecodeError("unknown binary version", offset: start + 4)
        }
        reader.offset = start + 8
    }

    /// Position of a section id in the required order (custom sections are 0 and go anywhere),
    /// or nil for an unknown id.
    static func sectionRank(_ id: UInt8) -> Int? {
        switch id {
        case 0: return 0
        case 1...5: return Int(id)  // type, import, function, table, memory
        case 13: return 6  // tag
        case 6...9: return Int(id) + 1  // global, export, start, element
        case 12: return 11  // data count
        case 10: return 12  // code
        case 11: return 13  // data
        default: return nil
        }
    }

    /// Decodes the content of one section; `reader` is limited to that content.
    private mutating func decodeSection(_ id: UInt8, _ reader: inout ByteReader)
        throws(DecodeError)
    {
        switch id {
        case 0: try decodeCustomSection(&reader)
        case 1: try decodeTypeSection(&reader)
        case 2: try decodeImportSection(&reader)
        case 3: try decodeFunctionSection(&reader)
        case 4: try decodeTableSection(&reader)
        case 5: try decodeMemorySection(&reader)
        case 6: try decodeGlobalSection(&reader)
        case 7: try decodeExportSection(&reader)
        case 8: module.start = try reader.readU32()
        case 9: try decodeElementSection(&reader)
        case 10: try decodeCodeSection(&reader)
        case 11: try decodeDataSection(&reader)
        case 12: module.dataCount = try reader.readU32()
        case 13: try decodeTagSection(&reader)
        default: throw DecodeError("malformed section id", offset: reader.offset)
        }
    }

    /// The checks that need several sections: function vs. code, data count vs. data.
    private func checkCounts() throws(DecodeError) {
        let bodyCount = options.deferCode ? (module.codeSection?.count ?? 0) : module.bodies.count
        guard module.functionTypeIndices.count == bodyCount else {
            throw DecodeError(
                "function and code section have inconsistent lengths", offset: end)
        }
        if let count = module.dataCount, UInt64(count) != UInt64(module.data.count) {
            throw DecodeError(
                "data count and data section have inconsistent lengths", offset: end)
        }
    }
}

/// Choices between the binary rules of WebAssembly editions.
public struct DecodeOptions: Hashable, Sendable {
    /// Read the limits of 32-bit memories and tables as `u32` (WebAssembly 2.0), so an
    /// oversized limit is malformed. By default (3.0) they are read as `u64` and the validator
    /// rejects sizes beyond the 32-bit range. Type definitions other than plain function
    /// types (GC's `rec`, `sub`, struct and array) are refused too.
    public var wasm2Limits: Bool

    /// Leave the code section undecoded: only where its bodies are and how many
    /// (``Module/codeSection``) are read, and ``Module/bodies`` stays empty until
    /// ``Module/adoptBodies(_:)`` fills it from the extents a validation cache record gives
    /// (its bodies' local declarations decoded when each is first translated:
    /// ``Module/decodedBody(_:)``). For the persistent validation cache, whose record vouches
    /// for the bytes it hashed: a hit never walks CPython's 89,060 bodies, one cache miss each.
    package var deferCode = false

    /// Creates options; the default follows WebAssembly 3.0.
    public init(wasm2Limits: Bool = false) {
        self.wasm2Limits = wasm2Limits
    }
}
