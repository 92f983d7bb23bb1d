import ComponentModel
import Testing

final class Box {
    let value: Int
    init(_ value: Int) { self.value = value }
}

@Test func resourceTableChecksTypesParentsAndItsLimit() throws {
    let linker = ComponentLinker()
    let a = try linker.resourceType("test:x/y@0.1.0#a")
    let b = try linker.resourceType("test:x/y@0.1.0#b")
    #expect(try linker.resourceType("test:x/y@0.1.0#a") == a)  // shared by name
    let state = ComponentHostState(maxHandles: 3)
    let table = state.resources
    let parent = try table.push(Box(1), type: a)
    let child = try table.push(Box(2), type: b, parent: parent)
    #expect(try table.get(.borrow(parent), a, as: Box.self).value == 1)
    #expect(throws: ComponentResourceError.self) { try table.get(.borrow(parent), b, as: Box.self) }  // wrong type
    #expect(throws: ComponentResourceError.self) { try table.get(.own(ResourceHandle(type: a, rep: 99)), a, as: Box.self) }
    #expect(throws: ComponentResourceError.self) { try table.delete(parent.rep) }  // has a child
    _ = try table.push(Box(3), type: a)
    #expect(throws: ComponentResourceError.self) { try table.push(Box(4), type: a) }  // limit 3
    try table.delete(child.rep)
    try table.delete(parent.rep)
    #expect(table.count == 1)
}

@Test func aLinkerRefusesDuplicatesAndChangesAfterUse() throws {
    guard let component = try loadFixture("minimal.wasm") else { return }
    let linker = ComponentLinker()
    try linker.define("test:minimal/host@0.1.0#add") { _ in .u32(0) }
    #expect(throws: ComponentError.self) { try linker.define("test:minimal/host@0.1.0#add") { _ in .u32(1) } }
    _ = try ComponentRuntime().instantiate(component, linker: linker)
    #expect(throws: ComponentError.self) { try linker.define("test:minimal/host@0.1.0#other") { _ in nil } }
    // One linker serves many instances, each with its own host state.
    let two = try ComponentRuntime().instantiate(component, linker: linker)
    #expect(try two.call("compute-using-host", [.u32(1), .u32(2)]) == .u32(0))
}

@Test func hostFunctionsSeeTheirInstancesOwnState() throws {
    guard let component = try loadFixture("minimal.wasm") else { return }
    let linker = ComponentLinker()
    try linker.defineFunction("test:minimal/host@0.1.0#add") { call in
        let base = call.state[Box.self]?.value ?? 0
        guard case .u32(let a) = call.arguments[0], case .u32(let b) = call.arguments[1] else { return .value(nil) }
        return .value(.u32(a &+ b &+ UInt32(base)))
    }
    let one = ComponentRuntime(), two = ComponentRuntime()
    one.hostState[Box.self] = Box(100)
    two.hostState[Box.self] = Box(200)
    let first = try one.instantiate(component, linker: linker)
    let second = try two.instantiate(component, linker: linker)
    #expect(try first.call("compute-using-host", [.u32(1), .u32(2)]) == .u32(103))
    #expect(try second.call("compute-using-host", [.u32(1), .u32(2)]) == .u32(203))
}
