import Foundation
import Testing
@testable import ComponentModel
import WasmBinary
import WasmInterpreter

/// A lowered import reads the guest's core arguments from its frame's slots (`FlatReader`
/// over slots) and writes its result there (`FlatWriter` into slots); a fast form gets them
/// copied into its `ComponentFlatCall` (eight in place, the rest beside). The component
/// (testsuite/components/slot-arguments.wat) passes ten core arguments of all four number types
/// from the embedder's call of `run` to the host's `mix`; every way of answering must see the
/// same arguments.
struct SlotArgumentTests {
    static let name = "test:slots/host#mix"

    static func component() throws -> LoadedComponent {
        let path = repositoryRoot + "/testsuite/components/slot-arguments.wasm"
        let bytes = try #require(FileManager.default.contents(atPath: path))
        return try LoadedComponent(bytes: [UInt8](bytes))
    }

    /// `run`'s arguments: a negative `s8` (sign-extended into its i32), a `u64` above 2^32, a
    /// `u32` with its top bit set, floats with fractions.
    static let arguments: [ComponentValue] = [
        .u32(0x8000_0001), .u64(0x1_2345_6789), .f32(3.5), .f64(-4.25), .s8(-5),
        .u16(65_535), .u32(7), .u32(8), .u32(9), .u64(UInt64.max - 1),
    ]

    /// What `mix` answers: a wrapping sum of its arguments' bits, each as it was passed.
    static func mix(_ values: [ComponentValue]) -> UInt64 {
        var sum: UInt64 = 0
        for v in values {
            switch v {
            case .u32(let x): sum &+= UInt64(x)
            case .u64(let x): sum &+= x
            case .f32(let x): sum &+= UInt64(x.bitPattern)
            case .f64(let x): sum &+= x.bitPattern
            case .s8(let x): sum &+= UInt64(bitPattern: Int64(x))
            case .u16(let x): sum &+= UInt64(x)
            default: sum &+= 1 << 63
            }
        }
        return sum
    }

    /// The core signature the guest imports `mix` with.
    static let coreType = FunctionType(parameters: [.i32, .i64, .f32, .f64, .i32, .i32, .i32, .i32, .i32, .i64],
                                       results: [.i64])

    /// The general form: gets the lifted arguments.
    static func general(_ seen: Seen) -> ComponentHostFunction {
        { call in
            seen.general.append(call.arguments)
            return .value(.u64(mix(call.arguments)))
        }
    }

    final class Seen: @unchecked Sendable {
        var general: [[ComponentValue]] = []
        var core: [[Value]] = []
        var firstI32: [UInt32] = []
    }

    @Test func theGeneralFormLiftsTheArgumentsFromTheSlots() throws {
        let seen = Seen()
        let linker = ComponentLinker()
        try linker.defineFunction(Self.name, Self.general(seen))
        let instance = try ComponentRuntime().instantiate(try Self.component(), linker: linker)
        #expect(try instance.call("run", Self.arguments) == .u64(Self.mix(Self.arguments)))
        #expect(seen.general == [Self.arguments])
    }

    @Test func aFastFormSeesEveryCoreArgumentAndItsResultReachesTheGuest() throws {
        let seen = Seen()
        let linker = ComponentLinker()
        try linker.defineFunction(Self.name, coreType: Self.coreType, flat: { call in
            seen.core.append(call.arguments)
            seen.firstI32.append(call.i32(0))
            // An argument that is not an i32, and one past the last, read as 0.
            #expect(call.i32(1) == 0)
            #expect(call.i32(10) == 0)
            return .core([.i64(0xFEED)])
        }, Self.general(seen))
        let instance = try ComponentRuntime().instantiate(try Self.component(), linker: linker)
        #expect(try instance.call("run", Self.arguments) == .u64(0xFEED))
        #expect(seen.general.isEmpty)
        #expect(seen.firstI32 == [0x8000_0001])
        let expected: [Value] = [
            .i32(0x8000_0001), .i64(0x1_2345_6789), .f32(Float(3.5).bitPattern), .f64(Double(-4.25).bitPattern),
            .i32(0xFFFF_FFFB), .i32(65_535), .i32(7), .i32(8), .i32(9), .i64(UInt64.max - 1),
        ]
        #expect(seen.core == [expected])
    }

    @Test func aFastFormThatDeclinesLeavesTheCallToTheGeneralForm() throws {
        let seen = Seen()
        let linker = ComponentLinker()
        try linker.defineFunction(Self.name, coreType: Self.coreType, flat: { _ in .notHandled }, Self.general(seen))
        let instance = try ComponentRuntime().instantiate(try Self.component(), linker: linker)
        for _ in 0 ..< 3 {
            #expect(try instance.call("run", Self.arguments) == .u64(Self.mix(Self.arguments)))
        }
        #expect(seen.general == Array(repeating: Self.arguments, count: 3))
    }

    @Test func aFastFormResultOfTheWrongTypeTraps() throws {
        let seen = Seen()
        let linker = ComponentLinker()
        try linker.defineFunction(Self.name, coreType: Self.coreType, flat: { _ in .core([.i32(1)]) }, Self.general(seen))
        let instance = try ComponentRuntime().instantiate(try Self.component(), linker: linker)
        #expect(throws: ComponentError.self) { _ = try instance.call("run", Self.arguments) }
    }
}

/// The flat readers and writers over slots, directly.
struct SlotFlatValuesTests {
    @Test func aReaderOverSlotsDropsTheHighHalfOfNarrowValues() throws {
        let slots: [UInt64] = [0xDEAD_BEEF_0000_0007, 0xDEAD_BEEF_0000_0008, 0x4040_0000]
        try slots.withUnsafeBufferPointer { buffer in
            let base = try #require(buffer.baseAddress)
            // Value 1 is wide (an i64 or f64); 0 and 2 are not.
            var reader = FlatReader(slots: base, count: 3, wide: 0b010)
            #expect(try reader.next() == 7)
            #expect(try reader.next() == 0xDEAD_BEEF_0000_0008)
            #expect(try reader.nextI32() == 0x4040_0000)
            #expect(throws: TrapCode.self) { _ = try reader.next() }
        }
    }

    @Test func aWriterIntoSlotsWritesEachValueAsTheInterpreterKeepsIt() {
        var slots: [UInt64] = [9, 9, 9]
        slots.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var writer = FlatWriter(types: [.i32, .i64], slots: base)
            writer.append(0xFFFF_FFFF_0000_0001)
            writer.append(0xFFFF_FFFF_0000_0002)
            // Past the types: counted, not written.
            writer.append(3)
            #expect(writer.count == 3)
            #expect(writer.values.isEmpty)
        }
        #expect(slots == [1, 0xFFFF_FFFF_0000_0002, 9])
    }
}
