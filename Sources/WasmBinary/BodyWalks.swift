// Walking a large code section on several chains at once.
//
// Each body's position is read from the size of the body before it, so one walk over the
// section is a chain of dependent loads: a cache miss per body once the section is larger than
// the caches (89,060 misses, about 5% of validating CPython's 99 MB module). Walks started at
// other bodies are independent chains; stepped in turn, their misses overlap. A walk cannot
// know where a body starts in the middle of the section, so it starts at a guess, and its
// bodies are used only when the walk before it lands exactly on that guess: a walk that starts
// at a body passes through the same bodies as every walk that reaches that body, so a guess a
// walk from the section's start lands on is a body's start. Everything else (the first body
// that is not in the common form, an error, a wrong guess) is left to the ordinary walk, which
// reads those bodies as if no walk had run.

/// One walk's bodies: from `start` on, each in the common form (``QuickBody``), up to the
/// first body that starts at or past `stop`, or is not in that form.
struct BodyWalk {
    /// Where the walk began: the section's first body, or a guess.
    let start: Int
    /// Where the next walk begins (or the section's end): this walk stops on reaching it.
    let stop: Int
    /// Where the walk is: after its last body.
    var position: Int
    /// The runs of locals of its bodies; each span's `groupsEnd` counts from this array's start.
    var groups: [LocalGroup] = []
    var spans: [BodySpan] = []
    /// The locals its bodies declare together.
    var locals = 0
    var isRunning = true

    init(start: Int, stop: Int) {
        self.start = start
        self.stop = stop
        position = start
    }
}

/// Starting, guessing and stepping the walks of one code section.
enum BodyWalks {
    /// Below this many bytes of code the section fits the caches and one walk is as fast.
    static let minimumBytes = 1 << 20
    /// Walks for a large section.
    static let walkCount = 8
    /// How many bodies in a row, each ending with `end`, a guess must start.
    static let probeLength = 8
    /// How far from its place a guess is looked for.
    static let searchBytes = 1 << 14

    /// The walks of the `count` bodies in `start ..< end` of `p`: `parts` walks, the first
    /// from `start` (the first body's size), each next one from a guess, run to their stops in
    /// turn. Empty when `parts` is below 2 or a guess cannot be found for any part.
    static func run(_ p: UnsafePointer<UInt8>, start: Int, end: Int, count: Int, parts: Int) -> [BodyWalk] {
        guard parts > 1, end > start, count > 1 else { return [] }
        var starts = [start]
        let stride = (end &- start) / parts
        for k in 1 ..< parts {
            let place = start &+ stride &* k
            guard let last = starts.last, place > last,
                  let guess = guess(p, from: place, limit: min(place &+ searchBytes, end), end: end),
                  guess > last else { continue }
            starts.append(guess)
        }
        guard starts.count > 1 else { return [] }
        var walks: [BodyWalk] = []
        walks.reserveCapacity(starts.count)
        for k in starts.indices {
            walks.append(BodyWalk(start: starts[k], stop: k + 1 < starts.count ? starts[k + 1] : end))
        }
        // Room for the bodies of a walk's share, or for one body per 32 bytes of its part when
        // fewer (a count is only what the section claims); past it the arrays grow.
        for k in walks.indices {
            let expected = min(count / starts.count, (walks[k].stop &- walks[k].start) / 32) &+ 16
            walks[k].spans.reserveCapacity(expected)
            walks[k].groups.reserveCapacity(expected)
        }
        var running = walks.count
        while running > 0 {
            for k in walks.indices where walks[k].isRunning {
                step(&walks[k], p, end: end, count: count)
                if !walks[k].isRunning { running &-= 1 }
            }
        }
        return walks
    }

    /// One body of `walk`: appended when it is in the common form; the walk stops after it at
    /// its stop, and before it when it is not in that form.
    @inline(__always)
    static func step(_ walk: inout BodyWalk, _ p: UnsafePointer<UInt8>, end: Int, count: Int) {
        guard let span = QuickBody.read(p, at: walk.position, end: end, into: &walk.groups,
                                        budget: DecoderLimits.maxLocalsPerFunction) else {
            walk.isRunning = false
            return
        }
        walk.spans.append(span)
        walk.locals &+= span.locals
        walk.position = span.code.upperBound
        if walk.position >= walk.stop || walk.spans.count >= count { walk.isRunning = false }
    }

    /// The first offset in `from ..< limit` that looks like a body's start: right after an
    /// `end` (0x0B, how every body ends), and starting ``probeLength`` bodies in a row (or up to
    /// the section's end) whose sizes fit and whose last bytes are `end`. Only a guess: a wrong
    /// one costs time, never a wrong body. `from` must be past the section's start.
    static func guess(_ p: UnsafePointer<UInt8>, from: Int, limit: Int, end: Int) -> Int? {
        var q = from
        while q < limit {
            if p[q &- 1] == 0x0B && startsBodies(p, at: q, end: end) { return q }
            q &+= 1
        }
        return nil
    }

    /// Whether ``probeLength`` bodies in a row (or fewer, up to `end` exactly) start at `at`,
    /// judged by their sizes and last bytes only.
    static func startsBodies(_ p: UnsafePointer<UInt8>, at: Int, end: Int) -> Bool {
        var at = at
        for _ in 0 ..< probeLength {
            guard let (size, afterSize) = QuickBody.leb(p, at, end), size >= 2, size <= end &- afterSize else {
                return false
            }
            at = afterSize &+ size
            guard p[at &- 1] == 0x0B else { return false }
            if at == end { return true }
        }
        return true
    }
}
