/// What one step of body decoding gave.
public struct HTTPBodyStep: Sendable, Equatable {
    /// How many input bytes the step used (the rest belongs to a later step, or to the next
    /// message once the body is complete).
    public var consumed: Int
    /// Body bytes (transfer coding removed), possibly none.
    public var data: ArraySlice<UInt8>
    /// Whether the body ended with this step.
    public var isComplete: Bool
}

/// An incremental decoder of a message body in a given framing: feed the received bytes,
/// collect the data, learn where the body ends and which trailers followed it.
public struct HTTPBodyDecoder: Sendable {
    private enum State: Sendable {
        case remaining(UInt64)
        case untilClose
        case chunkSize(line: [UInt8])
        case chunkData(UInt64)
        case chunkDataEnd(seen: Int)
        case trailers(HeadReader)
        case done
    }

    private var state: State
    /// The trailer fields of a chunked body, once it is complete.
    public private(set) var trailers: [HTTPField] = []

    /// The longest chunk-size line accepted (size, extensions and line end).
    public static let maxChunkSizeLine = 4096

    /// Creates a decoder for `framing`; trailer sections are limited by `trailerLimits`.
    public init(framing: HTTPBodyFraming, trailerLimits: HTTPHeadLimits = HTTPHeadLimits()) {
        switch framing {
        case .empty: state = .done
        case .contentLength(let n): state = n == 0 ? .done : .remaining(n)
        case .chunked: state = .chunkSize(line: [])
        case .untilClose: state = .untilClose
        }
        self.trailerLimits = trailerLimits
    }

    private let trailerLimits: HTTPHeadLimits

    /// Whether the whole body has been decoded.
    public var isComplete: Bool {
        if case .done = state { return true }
        return false
    }

    /// Bytes of a content-length body still to come (nil for other framings).
    public var remainingLength: UInt64? {
        switch state {
        case .remaining(let n): return n
        case .done: return 0
        default: return nil
        }
    }

    /// Decodes from the start of `input`: one step, which may consume only part of it (call
    /// again with the rest while it consumed something and the body is not complete).
    public mutating func decode(_ input: ArraySlice<UInt8>) throws(HTTP1Error) -> HTTPBodyStep {
        let empty = input[input.startIndex..<input.startIndex]
        switch state {
        case .done:
            return HTTPBodyStep(consumed: 0, data: empty, isComplete: true)
        case .untilClose:
            return HTTPBodyStep(consumed: input.count, data: input, isComplete: false)
        case .remaining(let n):
            let take = Int(min(UInt64(input.count), n))
            let left = n - UInt64(take)
            state = left == 0 ? .done : .remaining(left)
            return HTTPBodyStep(consumed: take, data: input.prefix(take), isComplete: left == 0)
        case .chunkData(let n):
            let take = Int(min(UInt64(input.count), n))
            let left = n - UInt64(take)
            state = left == 0 ? .chunkDataEnd(seen: 0) : .chunkData(left)
            return HTTPBodyStep(consumed: take, data: input.prefix(take), isComplete: false)
        case .chunkDataEnd(var seen):
            var used = 0
            for byte in input {
                if seen == 0 && byte == 0x0D { seen = 1; used += 1; continue }
                guard byte == 0x0A else { throw .missingChunkTerminator }
                used += 1
                state = .chunkSize(line: [])
                return HTTPBodyStep(consumed: used, data: empty, isComplete: false)
            }
            state = .chunkDataEnd(seen: seen)
            return HTTPBodyStep(consumed: used, data: empty, isComplete: false)
        case .chunkSize(var line):
            guard let lf = input.firstIndex(of: 0x0A) else {
                line.append(contentsOf: input)
                guard line.count <= Self.maxChunkSizeLine else { throw .invalidChunkSize }
                state = .chunkSize(line: line)
                return HTTPBodyStep(consumed: input.count, data: empty, isComplete: false)
            }
            line.append(contentsOf: input[input.startIndex..<lf])
            guard line.count < Self.maxChunkSizeLine else { throw .invalidChunkSize }
            let size = try Self.chunkSize(line)
            state = size == 0 ? .trailers(HeadReader(trailersWithin: trailerLimits)) : .chunkData(size)
            let consumed = lf - input.startIndex + 1
            if size == 0 {
                // The last chunk: with no trailers the empty line follows at once.
                var step = try decode(input[(lf + 1)...])
                step.consumed += consumed
                return step
            }
            return HTTPBodyStep(consumed: consumed, data: empty, isComplete: false)
        case .trailers(var reader):
            let result: ([ArraySlice<UInt8>], [UInt8])?
            do throws(HTTP1Error) {
                result = try reader.feed(input)
            } catch {
                if case .headerSectionTooLarge(let limit) = error { throw .trailerSectionTooLarge(limit: limit) }
                throw error
            }
            guard let (lines, remainder) = result else {
                state = .trailers(reader)
                return HTTPBodyStep(consumed: input.count, data: empty, isComplete: false)
            }
            // The first line is the empty one the reader was primed with.
            trailers = try FieldLines.parse(lines.dropFirst(), limit: trailerLimits.maxFields)
            state = .done
            return HTTPBodyStep(consumed: input.count - remainder.count, data: empty, isComplete: true)
        }
    }

    /// Decodes all of `input`, calling `deliver` with each piece of body data; answers how many
    /// bytes belonged to the body (the rest follows the body's end).
    public mutating func decodeAll(_ input: ArraySlice<UInt8>, _ deliver: (ArraySlice<UInt8>) -> Void) throws(HTTP1Error) -> Int {
        var rest = input
        while !rest.isEmpty || !isComplete {
            let step = try decode(rest)
            if !step.data.isEmpty { deliver(step.data) }
            rest = rest.dropFirst(step.consumed)
            if step.isComplete || step.consumed == 0 { break }
        }
        return input.count - rest.count
    }

    /// The peer closed the connection: fine for an until-close body (which is then complete),
    /// `truncatedBody` for any body still expecting bytes.
    public mutating func finishAtEndOfInput() throws(HTTP1Error) {
        switch state {
        case .done: return
        case .untilClose: state = .done
        default: throw .truncatedBody
        }
    }

    /// A chunk-size line: hexadecimal digits, then optional `;extensions` (ignored).
    static func chunkSize(_ rawLine: [UInt8]) throws(HTTP1Error) -> UInt64 {
        var line = rawLine[...]
        if line.last == 0x0D { line = line.dropLast() }
        if let semicolon = line.firstIndex(of: UInt8(ascii: ";")) { line = line[line.startIndex..<semicolon] }
        while let l = line.last, HTTPFieldSyntax.isWhitespace(l) { line = line.dropLast() }
        guard !line.isEmpty else { throw .invalidChunkSize }
        var size: UInt64 = 0
        for byte in line {
            let digit: UInt64
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt64(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt64(byte - UInt8(ascii: "A") + 10)
            default: throw .invalidChunkSize
            }
            guard size >> 60 == 0 else { throw .chunkSizeOverflow }
            size = size << 4 | digit
        }
        return size
    }
}
