import Testing
import WippyYAML

@Suite("Flow collections")
struct FlowTests {
    @Test func flowSequences() {
        #expect(value("a: [1, two, \"three\", 'four', 5.5, true, null, ~]") == ["a": [1, "two", "three", "four", 5.5, true, nil, nil]])
        #expect(value("a: []") == ["a": []])
        #expect(value("a: [a, b,]") == ["a": ["a", "b"]])
        #expect(value("a: [ spaced ,  items ]") == ["a": ["spaced", "items"]])
    }

    @Test func flowMappings() {
        #expect(value("pool: {type: lazy, size: 4}") == ["pool": ["type": "lazy", "size": 4]])
        #expect(value("a: {}") == ["a": [:]])
        #expect(value("a: {x: 1,}") == ["a": ["x": 1]])
        #expect(value("a: {x, y: 2}") == ["a": ["x": nil, "y": 2]])
        #expect(value("a: {x: , y: }") == ["a": ["x": nil, "y": nil]])
        #expect(value(#"a: {"json":1, "b":"c"}"#) == ["a": ["json": 1, "b": "c"]])
        #expect(value("a: {url: http://h:80/p, k: a:b}") == ["a": ["url": "http://h:80/p", "k": "a:b"]])
    }

    @Test func nestedFlow() {
        #expect(value("a: [[1, 2], {b: [3, {c: d}]}, []]") == ["a": [[1, 2], ["b": [3, ["c": "d"]]], []]])
        let node = parsed("mounts: [{fs: app:dir, guest: /data}, {fs: app:tmp, guest: /tmp, read_only: true}]")
        #expect(node?["mounts"]?[1]?["read_only"]?.bool == true)
        #expect(node?["mounts"]?[1]?.mark.description == "1:39")
        #expect(node?["mounts"]?[1]?["guest"]?.mark.description == "1:60")
        #expect(node?["mounts"]?.style == .flowList)
        #expect(node?["mounts"]?[0]?.style == .flowMap)
    }

    @Test("flow collections spanning lines, with comments")
    func multiLineFlow() {
        let text = """
        args: [
          one,   # first
          "two",
          three
          four,
        ]
        env: {
          A: 1,
          # comment line
          B: [x,
        y]
        }
        """
        #expect(value(text) == ["args": ["one", "two", "three four"], "env": ["A": 1, "B": ["x", "y"]]])
    }

    @Test func flowAsListItemAndTopLevel() {
        #expect(value("- [a, b]\n- {c: d}\n") == [["a", "b"], ["c": "d"]])
        #expect(value("{a: 1, b: [2]}\n") == ["a": 1, "b": [2]])
        #expect(value("[a, b] # comment\n") == ["a", "b"])
    }

    @Test func flowScalarsKeepTheirText() {
        let node = parsed("v: [1.10, 0755, \"1.10\"]")
        #expect(node?["v"]?[0]?.string == "1.10")
        #expect(node?["v"]?[1]?.string == "0755")
        #expect(node?["v"]?[2]?.value == "1.10")
        #expect(node?["v"]?[0]?.value == .float(1.1))
    }
}
