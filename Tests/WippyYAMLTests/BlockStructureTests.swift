import Testing
import WippyYAML

@Suite("Block mappings and sequences")
struct BlockStructureTests {
    @Test func nestedMappings() {
        #expect(value("a:\n  b:\n    c: 1\n  d: 2\ne: 3\n") == ["a": ["b": ["c": 1], "d": 2], "e": 3])
    }

    @Test func keyOrderIsKept() {
        let map = value("zeta: 1\nalpha: 2\nmid: 3\n")?.map
        #expect(map?.keys == ["zeta", "alpha", "mid"])
    }

    @Test func sequencesOfScalarsAndSequences() {
        #expect(value("- a\n- b\n-\n  - c\n  - d\n- - e\n  - f\n") == ["a", "b", ["c", "d"], ["e", "f"]])
    }

    @Test func listOfMapsWithContinuationKeys() {
        let text = """
        - name: x
          kind: a
          meta:
            k: v
        -   name: y
            kind: b
        -
          name: z
        """
        #expect(value(text) == [
            ["name": "x", "kind": "a", "meta": ["k": "v"]],
            ["name": "y", "kind": "b"],
            ["name": "z"],
        ])
    }

    @Test func nestedCompactSequences() {
        #expect(value("- - - a\n    - b\n  - c\n- d\n") == [[["a", "b"], "c"], "d"])
    }

    @Test func sequenceAtKeyIndentationEndsAtNextKey() {
        #expect(value("a:\n- 1\n- 2\nb:\n- 3\nc: 4\n") == ["a": [1, 2], "b": [3], "c": 4])
        #expect(value("top:\n  a:\n  - x\n  b: y\n") == ["top": ["a": ["x"], "b": "y"]])
    }

    @Test func emptyValues() {
        let node = parsed("a:\nb: # comment\nc:\n  # only a comment\nd: ~\nlist:\n-\n- \n- x\n")
        #expect(node?.value == ["a": nil, "b": nil, "c": nil, "d": nil, "list": [nil, nil, "x"]])
        #expect(node?["a"]?.style == .empty)
        #expect(node?["a"]?.mark.description == "1:2")
        #expect(node?["list"]?[0]?.mark.description == "7:1")
    }

    @Test func commentsEverywhere() {
        let text = """
        # leading comment
        a: 1 # trailing
           # indented comment line
        # another
        b:   # value on next line
          - x  # in list
          # between items
          - y
        c: "quoted # not a comment" # comment
        d: plain#not-a-comment
        """
        #expect(value(text) == ["a": 1, "b": ["x", "y"], "c": "quoted # not a comment", "d": "plain#not-a-comment"])
    }

    @Test func blankLinesAndTrailingWhitespace() {
        #expect(value("\n\na: 1   \n\n\n  \nb: 2\t\n\n") == ["a": 1, "b": 2])
    }

    @Test func documentMarkers() {
        #expect(value("---\na: 1\n") == ["a": 1])
        #expect(value("--- # comment\na: 1\n...\n# trailing comment\n") == ["a": 1])
        #expect(value("--- [1, 2]\n") == [1, 2])
        #expect(value("--- text\n") == "text")
        #expect(value("a: 1\n...\n") == ["a": 1])
        #expect(value("a: ---\nb: ...\n") == ["a": "---", "b": "..."])
        #expect(value("---word: 1\n") == ["---word": 1])
    }

    @Test func emptyDocuments() {
        for text in ["", "\n", "# only a comment\n", "---\n", "---\n...\n", "   \n\t\n"] {
            let node = parsed(text)
            #expect(node?.value == .null, "\(text.debugDescription)")
            #expect(node?.style == .empty)
        }
    }

    @Test func topLevelScalars() {
        #expect(value("hello") == "hello")
        #expect(value("42\n") == 42)
        #expect(value("\"quoted\"\n# c\n") == "quoted")
        #expect(value("|\n  block\n") == "block\n")
        #expect(value("[a, {b: c}]") == ["a", ["b": "c"]])
    }

    @Test func keysWithSpacesQuotesAndColons() {
        let text = """
        a b: 1
        "quoted key": 2
        'single': 3
        url: http://host:8080/path
        key with: colon: inside
        """
        #expect(failure(text)?.kind == .syntax)
        #expect(value("a b: 1\n\"quoted key\": 2\n'single': 3\nurl: http://host:8080/path\nx:y: z\n") == [
            "a b": 1, "quoted key": 2, "single": 3, "url": "http://host:8080/path", "x:y": "z",
        ])
    }

    @Test func keysAreTheirText() {
        #expect(value("1: a\ntrue: b\nnull: c\n~: d\n\"\": e\n")?.map?.keys == ["1", "true", "null", "~", ""])
    }

    @Test func indentationOfOneSpaceAndDeepIndents() {
        #expect(value("a:\n b:\n  c: d\n e: f\n") == ["a": ["b": ["c": "d"], "e": "f"]])
        #expect(value("a:\n          b: 1\n") == ["a": ["b": 1]])
    }

    @Test("a map with many keys uses its index and still keeps order")
    func largeMap() {
        let text = (0 ..< 100).map { "key\($0): \($0)" }.joined(separator: "\n")
        let map = value(text)?.map
        #expect(map?.count == 100)
        #expect(map?["key57"]?.int == 57)
        #expect(map?.keys.first == "key0")
        #expect(map?.keys.last == "key99")
        #expect(map?["missing"] == nil)
    }

    @Test("nesting up to the limit parses; one more level is rejected")
    func depthLimit() {
        func blockMaps(_ depth: Int) -> String {
            (0 ..< depth).map { String(repeating: " ", count: $0) + "k:" }.joined(separator: "\n") + " leaf\n"
        }
        #expect((try? YAMLParser().parse(blockMaps(256))) != nil)
        let mapError = failure(blockMaps(257))
        #expect(mapError?.kind == .nestingTooDeep)
        #expect(mapError?.line == 257)

        func blockLists(_ depth: Int) -> String { String(repeating: "- ", count: depth) + "x\n" }
        #expect((try? YAMLParser().parse(blockLists(256))) != nil)
        #expect(failure(blockLists(257))?.kind == .nestingTooDeep)

        func flow(_ depth: Int) -> String { String(repeating: "[", count: depth) + String(repeating: "]", count: depth) }
        #expect((try? YAMLParser().parse(flow(256))) != nil)
        let flowError = failure(flow(257))
        #expect(flowError?.kind == .nestingTooDeep)
        #expect(flowError?.description.hasPrefix("1:257:") == true)
        #expect(failure("a:\n  - " + flow(255))?.kind == .nestingTooDeep)
        #expect((try? YAMLParser().parse("a:\n  - " + flow(254))) != nil)

        #expect(failure(String(repeating: "[", count: 100_000))?.kind == .nestingTooDeep)
        #expect((try? YAMLParser(maxDepth: 1).parse("a: [1]")) == nil)
        #expect((try? YAMLParser(maxDepth: 0).parse("plain")) != nil)
    }
}
