import Testing
@testable import WasmText

@Suite struct NameMapTests {
    @Test(arguments: [10, NameMap.denseLimit + 1])
    func insertLookupRemove(nameCount: Int) {
        var map = NameMap(nameCount: nameCount)
        #expect(map[3] == nil)
        let first = map.insert(3, 7)
        let second = map.insert(3, 8)
        #expect(first && !second)
        #expect(map[3] == 7)
        _ = map.insert(9, 0)
        map.removeAll()
        #expect(map[3] == nil)
        #expect(map[9] == nil)
        let again = map.insert(3, 1)
        #expect(again)
        #expect(map[3] == 1)
    }
}
