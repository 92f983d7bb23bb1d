import Testing
import WippyYAML

/// Parses `text`, recording an issue (and returning `nil`) if it fails.
func parsed(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> YAMLNode? {
    do {
        return try YAMLParser().parse(text)
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// The value of `text`, or `nil` (with a recorded issue) if it fails to parse.
func value(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> YAMLValue? {
    parsed(text, sourceLocation: sourceLocation)?.value
}

/// The error `text` produces, or `nil` (with a recorded issue) if it parses.
func failure(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> YAMLError? {
    do {
        let node = try YAMLParser().parse(text)
        Issue.record("expected an error, got \(node.value)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// A small deterministic generator (SplitMix64), so failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
