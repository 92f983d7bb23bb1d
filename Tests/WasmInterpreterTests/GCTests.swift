import Testing
import WasmBinary
import WasmText
import WasmValidation
@testable import WasmInterpreter

/// The GC proposal in the interpreter: structs and arrays with packed and v128 fields, i31,
/// casts, the any/extern conversions, traps, the heap limit, and type ids canonical across
/// modules (GCTestModules.swift holds the modules' text).
@Suite struct GCTests {
    struct Fixture: InstanceFixture {
        let store: Store
        let instance: Instance

        init(configuration: StoreConfiguration = StoreConfiguration()) throws {
            store = Store(configuration: configuration)
            instance = try TestModules.instantiate(GCTestModules.operations, in: store)
        }
    }

    @Test func packedFieldsAreTruncatedOnStoreAndExtendedOnGet() throws {
        let f = try Fixture()
        // 0x1FF: i8 keeps 0xFF (-1 signed, 255 unsigned); i16 keeps 0x1FF.
        #expect(try f.call("packed", [.i32(0x1FF)]) == [.i32(UInt32(bitPattern: -1)), .i32(255), .i32(0x1FF), .i32(7)])
        #expect(try f.call("packed", [.i32(0x18000)]) == [.i32(0), .i32(0), .i32(UInt32(bitPattern: -32768)), .i32(7)])
        #expect(try f.call("set_v128") == [.i64(9)])
    }

    @Test func arrayOperations() throws {
        let f = try Fixture()
        // new 200 x10; fill [2,6) with 3; copy [1,6) to [3,8) (overlapping); set [9] to -1.
        let expected: [UInt32] = [200, 200, 3, 200, 3, 3, 3, 3, 200, 255]
        for (i, value) in expected.enumerated() {
            #expect(try f.call("array", [.i32(UInt32(i)), .i32(0)]) == [.i32(value), .i32(10)])
        }
        #expect(try f.call("get_s", [.i32(1)]) == [.i32(UInt32(bitPattern: -1))])
        #expect(try f.call("get_s", [.i32(2)]) == [.i32(UInt32(bitPattern: -128))])
    }

    @Test func trapsUseTheSpecMessages() throws {
        let f = try Fixture()
        #expect(f.trap("null_struct") == "null structure reference")
        #expect(f.trap("null_array") == "null array reference")
        #expect(f.trap("null_i31") == "null i31 reference")
        #expect(f.trap("oob", [.i32(4)]) == "out of bounds array access")
        #expect(try f.call("oob", [.i32(3)]) == [.i32(0)])
        #expect(f.trap("cast", [.anyref(.i31(1))]) == "cast failure")
    }

    @Test func i31KeepsThirtyOneBits() throws {
        let f = try Fixture()
        #expect(try f.call("i31", [.i32(0x4000_0000)]) == [.i32(0xC000_0000), .i32(0x4000_0000)])
        #expect(try f.call("i31", [.i32(0xFFFF_FFFF)]) == [.i32(0xFFFF_FFFF), .i32(0x7FFF_FFFF)])
        #expect(try f.call("make_i31", [.i32(0x8000_0005)]) == [.anyref(.i31(5))])
    }

    @Test func castsFollowDeclaredSubtypes() throws {
        let f = try Fixture()
        let point = try #require(f.call("make_point").first)
        #expect(try f.call("test", [point]) == [.i32(1), .i32(0), .i32(0), .i32(1), .i32(0)])
        #expect(try f.call("test", [.anyref(.i31(3))]) == [.i32(0), .i32(0), .i32(1), .i32(1), .i32(0)])
        #expect(try f.call("test", [.anyref(nil)]) == [.i32(0), .i32(0), .i32(0), .i32(0), .i32(1)])
        #expect(try f.call("cast", [point]) == [.i32(1)])
        #expect(try f.call("br_on_cast", [point]) == [.i32(1)])
        #expect(try f.call("br_on_cast", [.anyref(.i31(3))]) == [.i32(UInt32(bitPattern: -1))])
    }

    @Test func refEqComparesIdentityAndI31ByValue() throws {
        let f = try Fixture()
        let a = try #require(f.call("make_point").first)
        let b = try #require(f.call("make_point").first)
        #expect(try f.call("eq", [a, a]) == [.i32(1)])
        #expect(try f.call("eq", [a, b]) == [.i32(0)])
        #expect(try f.call("eq", [.anyref(.i31(9)), .anyref(.i31(9))]) == [.i32(1)])
        #expect(try f.call("eq", [.anyref(nil), .anyref(nil)]) == [.i32(1)])
    }

    @Test func externConversionsKeepIdentity() throws {
        let f = try Fixture()
        #expect(try f.call("round_trip", [.externref(7)]) == [.externref(7)])
        #expect(try f.call("round_trip", [.externref(nil)]) == [.externref(nil)])
        #expect(try f.call("internalize", [.externref(7)]) == [.anyref(.host(7))])
    }

    @Test func hostArgumentsOfConcreteTypesAreChecked() throws {
        let f = try Fixture()
        let point = try #require(f.call("make_point").first)
        let bytes = try #require(f.call("make_bytes").first)
        #expect(try f.call("point_x", [point]) == [.i32(1)])
        #expect(f.trap("point_x", [.anyref(nil)]) == "null structure reference")
        // An array where a struct of type $point is expected never reaches the code.
        #expect(f.trap("point_x", [bytes])?.hasPrefix("argument type mismatch") == true)
        #expect(f.trap("point_x", [.anyref(.object(GCObjectAddress(index: 1 << 40)))])?.hasPrefix("argument type mismatch") == true)
    }

    @Test func globalInitializersAllocate() throws {
        let f = try Fixture()
        #expect(try f.call("global") == [.i32(42)])
    }

    @Test func allocationPastTheHeapLimitTraps() throws {
        var configuration = StoreConfiguration()
        configuration.maxGCHeapBytes = 1 << 20
        let f = try Fixture(configuration: configuration)
        #expect(try f.call("big", [.i32(1000)]) == [.i32(1000)])
        #expect(f.trap("big", [.i32(1 << 20)]) == "out of memory: GC heap limit")
        #expect(f.trap("big", [.i32(0xFFFF_FFFF)]) == "out of memory: GC heap limit")
        // Packed elements take their own width: 900,000 i8 elements fit in 1 MiB.
        #expect(try f.call("bytes", [.i32(900_000)]) == [.i32(900_000)])
        #expect(f.trap("bytes", [.i32(2_000_000)]) == "out of memory: GC heap limit")
    }

    @Test func identicalRecursionGroupsShareTypeIDsAcrossModules() throws {
        let store = Store()
        let a = try TestModules.instantiate(GCTestModules.exporter, in: store)
        let make = try #require(a.exportedFunction("make"))
        let b = try TestModules.instantiate(GCTestModules.sameGroup, in: store, imports: ["a.make": .function(make)])
        #expect(Array(b.typeIDs.prefix(2)) == a.typeIDs)
        let run = try #require(b.exportedFunction("run"))
        #expect(try store.invoke(run, [.i32(5)]) == [.i32(5)])
        // The same two types in a group with a third are other types: the import does not match.
        #expect(throws: InstantiationError.self) {
            try TestModules.instantiate(GCTestModules.otherGroup, in: store, imports: ["a.make": .function(make)])
        }
    }

    @Test func nullsOfConcreteTypesReachTheHostInTheirHierarchy() throws {
        let store = Store()
        let module = try validateModule(try parseWATModule("""
            (module
              (type $s (struct (field i32)))
              (type $a (array i8))
              (type $f (func))
              (func (export "nulls") (result (ref null $s) (ref null $a) (ref null $f))
                (ref.null $s) (ref.null $a) (ref.null $f))
              (func (export "one") (result (ref null $s)) (struct.new $s (i32.const 3)))
              (global (export "g") (ref null $a) (ref.null $a))
              (table (export "t") 1 (ref null $s)))
            """))
        let instance = try store.instantiate(module, imports: { _, _ in nil })
        let nulls = try #require(instance.exportedFunction("nulls"))
        #expect(try store.invoke(nulls, []) == [.anyref(nil), .anyref(nil), .funcref(nil)])
        let one = try #require(instance.exportedFunction("one"))
        let global = try #require(instance.exportedGlobal("g"))
        #expect(store.globalValue(global) == .anyref(nil))
        guard case .table(let table)? = instance.export("t") else {
            Issue.record("no table export")
            return
        }
        #expect(store.tableElement(table, at: 0) == .anyref(nil))
        guard case .anyref(.object?)? = try store.invoke(one, []).first else {
            Issue.record("expected a struct")
            return
        }
    }
}
