import Testing
import WippyYAML
import SeededRandom

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

