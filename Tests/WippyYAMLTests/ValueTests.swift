import Testing
import WippyYAML

@Suite("YAMLValue, YAMLMap and YAMLNode")
struct ValueTests {
    @Test func literalsBuildValues() {
        let value: YAMLValue = ["name": "x", "size": 4, "ratio": 0.5, "on": true, "none": nil, "list": [1, "two"]]
        #expect(value["name"] == .string("x"))
        #expect(value["size"]?.int == 4)
        #expect(value["ratio"]?.double == 0.5)
        #expect(value["on"]?.bool == true)
        #expect(value["none"]?.isNull == true)
        #expect(value["list"]?[1]?.string == "two")
        #expect(value["list"]?[2] == nil)
        #expect(value["missing"] == nil)
        #expect(value.map?.keys == ["name", "size", "ratio", "on", "none", "list"])
    }

    @Test func accessorsReturnNilForOtherTypes() {
        let value: YAMLValue = "text"
        #expect(value.int == nil)
        #expect(value.bool == nil)
        #expect(value.double == nil)
        #expect(value.list == nil)
        #expect(value.map == nil)
        #expect(value["key"] == nil)
        #expect(value[0] == nil)
        #expect(YAMLValue.int(3).double == 3.0)
        #expect(YAMLValue.int(3).string == nil)
    }

    @Test func typeNames() {
        let values: [YAMLValue] = [nil, true, 1, 1.5, "s", [], [:]]
        #expect(values.map(\.typeName) == ["null", "boolean", "integer", "float", "string", "list", "map"])
    }

    @Test("values compare by meaning, not by position or spelling")
    func equalityIgnoresMarks() throws {
        let block = try YAMLParser().parse("a: 1\nb:\n  - x\n")
        let flow = try YAMLParser().parse("{a: 0x1, b: [\"x\"]}")
        #expect(block.value == flow.value)
        #expect(block.value.hashValue == flow.value.hashValue)
        #expect(block != flow)
        #expect(block.value == ["a": 1, "b": ["x"]])
        #expect(block.value != ["b": ["x"], "a": 1])
        var set = Set<YAMLValue>()
        set.insert(block.value)
        #expect(set.contains(flow.value))
    }

    @Test func mapLookupAndEntries() throws {
        let node = try YAMLParser().parse("first: 1\nsecond: two\n")
        let map = try #require(node.map)
        #expect(map.count == 2)
        #expect(map.contains(key: "first"))
        #expect(!map.contains(key: "third"))
        #expect(map.position(of: "second") == 1)
        #expect(map[1].key == "second")
        #expect(map[1].value == "two")
        #expect(map.entry(forKey: "second")?.keyMark == YAMLMark(line: 2, column: 1, offset: 9))
        #expect(map.map(\.key) == ["first", "second"])
    }

    @Test func mapInitializerKeepsFirstPositionAndLastValue() {
        let map = YAMLMap([("a", 1), ("b", 2), ("a", 3)])
        #expect(map.keys == ["a", "b"])
        #expect(map["a"]?.value == 3)
        let large = YAMLMap((0 ..< 40).map { ("k\($0 % 30)", YAMLValue.int(Int64($0))) })
        #expect(large.count == 30)
        #expect(large["k5"]?.int == 35)
        #expect(large.keys.last == "k29")
    }

    @Test func nodeFromValue() {
        let node = YAMLNode(["list": [1, "s", nil], "f": .float(.infinity)])
        #expect(node.value == ["list": [1, "s", nil], "f": .float(.infinity)])
        #expect(node["list"]?.items.count == 3)
        #expect(node["list"]?[0]?.text == "1")
        #expect(node["list"]?[2]?.style == .empty)
        #expect(node["f"]?.string == ".inf")
        #expect(node.mark == .start)
        #expect(node.style == .flowMap)
        #expect(!node.isScalar)

        let mark = YAMLMark(line: 4, column: 2, offset: 30)
        let marked = YAMLNode(["a": ["b": [1]]], mark: mark)
        #expect(marked["a"]?["b"]?[0]?.mark == mark)
        #expect(marked["a"]?.map?.entry(forKey: "b")?.keyMark == mark)
        #expect(marked.value == ["a": ["b": [1]]])
    }

    @Test func nodeAccessors() throws {
        let node = try YAMLParser().parse("n: 5\nf: 2.5\nb: false\nl: [a]\nm: {k: v}\ns: x\n")
        #expect(node["n"]?.int == 5)
        #expect(node["f"]?.double == 2.5)
        #expect(node["b"]?.bool == false)
        #expect(node["l"]?.list?.count == 1)
        #expect(node["s"]?.list == nil)
        #expect(node["m"]?.map?.keys == ["k"])
        #expect(node["l"]?.text == nil)
        #expect(node["l"]?.string == nil)
        #expect(node["s"]?.isScalar == true)
        #expect(node["x"] == nil)
        #expect(node[0] == nil)
        #expect(node["l"]?[5] == nil)
    }

    @Test func parsingFromBytesAndNonContiguousCollections() throws {
        let text = "a: [1, 2]\n"
        let fromBytes = try YAMLParser().parse(Array(text.utf8))
        let fromLazy = try YAMLParser().parse(text.utf8.lazy.map { $0 })
        let fromNode = try YAMLNode.parse(text)
        #expect(fromBytes == fromNode)
        #expect(fromLazy.value == fromNode.value)
        #expect(try YAMLNode.parse(Array(text.utf8)).value == ["a": [1, 2]])
    }

    @Test func marks() {
        let mark = YAMLMark(line: 3, column: 7, offset: 20)
        #expect(mark.description == "3:7")
        #expect(YAMLMark.start < mark)
        let error = YAMLError(.syntax, "boom", at: mark)
        #expect(error.description == "3:7: boom")
        #expect(error.line == 3 && error.column == 7 && error.offset == 20)
    }
}
