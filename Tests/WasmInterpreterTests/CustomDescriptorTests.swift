import Testing
import WasmBinary
import WasmText
import WasmValidation
@testable import WasmInterpreter

/// The custom-descriptors proposal: the validation rules of `describes`/`descriptor` clauses and
/// exact types, the feature switch, and at run time an object's descriptor (kept, traced by the
/// collector, compared by the descriptor casts), exact casts and exact function imports.
@Suite struct CustomDescriptorTests {
    static let features = ValidationFeatures.all.union(.customDescriptors)

    /// The module of `text`, validated with `features`.
    static func validate(_ text: String, features: ValidationFeatures = features) throws -> ValidatedModule {
        try validateModule(try decodeModule(try parseWAT(text)), features: features)
    }

    /// The validation error's message for `text`, or nil when it is valid.
    static func invalidity(_ text: String, features: ValidationFeatures = features) throws -> String? {
        let module = try decodeModule(try parseWAT(text))
        do {
            _ = try validateModule(module, features: features)
            return nil
        } catch let error as ValidationError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    /// A store with one instance of `text` (imports from `imports`), with calls of its exports.
    struct Fixture: InstanceFixture {
        let store: Store
        let instance: Instance

        init(_ text: String, store: Store = Store(), imports: [String: ExternalValue] = [:]) throws {
            self.store = store
            instance = try store.instantiate(try CustomDescriptorTests.validate(text)) { _, name in imports[name] }
        }
    }

    // MARK: - Validation

    @Test func descriptorClausesMustBeMutualStructsInOneGroup() throws {
        #expect(try Self.invalidity("(module (rec (type (descriptor 1) (struct)) (type (describes 0) (struct))))") == nil)
        #expect(try Self.invalidity("(module (rec (type (descriptor 1) (struct)) (type (struct))))")
            == "type is not described by its descriptor")
        #expect(try Self.invalidity("(module (type (descriptor 1) (struct)) (type (describes 0) (struct)))")
            == "descriptor type is outside rec group")
        #expect(try Self.invalidity("(module (rec (type (describes 1) (struct)) (type (descriptor 0) (struct))))")
            == "forward use of described type")
        #expect(try Self.invalidity("(module (rec (type (descriptor 1) (array i8)) (type (describes 0) (struct))))")
            == "descriptor type must be a struct")
    }

    @Test func subtypesKeepTheirSupertypesDescriptorRelations() throws {
        let base = """
            (type $A (sub (descriptor $A.desc) (struct)))
            (type $A.desc (sub (describes $A) (struct)))
            """
        #expect(try Self.invalidity("""
            (module (rec \(base)
              (type $B (sub $A (descriptor $B.desc) (struct)))
              (type $B.desc (sub $A.desc (describes $B) (struct)))))
            """) == nil)
        // A subtype of a type with a descriptor needs one.
        #expect(try Self.invalidity("(module (rec \(base) (type $B (sub $A (struct)))))") != nil)
        // The subtype's descriptor must be a subtype of the supertype's.
        #expect(try Self.invalidity("""
            (module (rec \(base)
              (type $B (sub $A (descriptor $B.desc) (struct)))
              (type $B.desc (sub (describes $B) (struct)))))
            """)?.hasPrefix("descriptor type") == true)
    }

    @Test func theProposalIsOffUnlessSelected() throws {
        let descriptors = "(module (rec (type (descriptor 1) (struct)) (type (describes 0) (struct))))"
        #expect(try Self.invalidity(descriptors, features: .all)?.contains("custom-descriptors feature is off") == true)
        #expect(try Self.invalidity("(module (type $t (struct)) (global (ref null (exact $t)) (ref.null $t)))",
                                    features: .all)?.contains("exact heap types") == true)
        // The proposal's relaxed `br_on_cast` rule: source and target need only share a top type.
        let unrelated = "(module (func (result anyref) (br_on_cast 0 structref arrayref (unreachable))))"
        #expect(try Self.invalidity(unrelated, features: .all) != nil)
        #expect(try Self.invalidity(unrelated) == nil)
    }

    @Test func exactTypesHaveNoProperSubtypes() throws {
        let types = "(type $super (sub (struct))) (type $sub (sub $super (struct)))"
        // Allocations are exact, and an exact type is a subtype of its inexact form.
        #expect(try Self.invalidity("(module \(types) (func (result (ref (exact $sub))) (struct.new $sub)))") == nil)
        #expect(try Self.invalidity("(module \(types) (func (result (ref $super)) (struct.new $sub)))") == nil)
        #expect(try Self.invalidity("(module \(types) (func (result (ref (exact $super))) (struct.new $sub)))") != nil)
        // `ref.func` of an inexact import is inexact; of an exact one, exact.
        #expect(try Self.invalidity("""
            (module (type $f (func)) (import "m" "f" (func $f (type $f)))
              (global (ref (exact $f)) (ref.func $f)))
            """) != nil)
        #expect(try Self.invalidity("""
            (module (type $f (func)) (import "m" "f" (func $f (exact (type $f))))
              (global (ref (exact $f)) (ref.func $f)))
            """) == nil)
    }

    @Test func allocationMustMatchWhetherTheTypeHasADescriptor() throws {
        let types = "(rec (type $A (descriptor $D) (struct (field i32))) (type $D (describes $A) (struct)))"
        #expect(try Self.invalidity("(module \(types) (func (drop (struct.new $A (i32.const 1)))))")
            == "type with descriptor requires descriptor allocation")
        #expect(try Self.invalidity("(module \(types) (func (drop (struct.new_desc $D (ref.null none)))))")
            == "type without descriptor requires non-descriptor allocation")
        // The descriptor operand must be exact.
        #expect(try Self.invalidity("""
            (module \(types) (func (param (ref $D)) (drop (struct.new_desc $A (i32.const 1) (local.get 0)))))
            """) != nil)
    }

    // MARK: - Run time

    static let objects = """
        (module
          (rec
            (type $A (sub (descriptor $D) (struct (field i32))))
            (type $D (sub (describes $A) (struct (field i64)))))
          (global $d1 (ref (exact $D)) (struct.new $D (i64.const 11)))
          (global $d2 (ref (exact $D)) (struct.new $D (i64.const 22)))
          (global $kept (mut (ref null $A)) (ref.null none))
          (func (export "descriptor_field") (param i32) (result i64)
            (struct.get $D 0 (ref.get_desc $A
              (struct.new_desc $A (local.get 0) (if (result (ref (exact $D))) (local.get 0)
                (then (global.get $d1)) (else (global.get $d2)))))))
          (func (export "null_descriptor") (drop (struct.new_default_desc $A (ref.null none))))
          (func (export "cast") (param i32) (result i32)
            (struct.get $A 0 (ref.cast_desc_eq (ref $A)
              (struct.new_desc $A (i32.const 7) (global.get $d1))
              (if (result (ref (exact $D))) (local.get 0) (then (global.get $d1)) (else (global.get $d2))))))
          (func (export "branch") (param i32) (result i32)
            (block $hit (result (ref $A))
              (br_on_cast_desc_eq $hit anyref (ref $A)
                (struct.new_desc $A (i32.const 7) (global.get $d1))
                (if (result (ref (exact $D))) (local.get 0) (then (global.get $d1)) (else (global.get $d2))))
              (drop)
              (return (i32.const 0)))
            (drop)
            (i32.const 1))
          (func (export "keep")
            (global.set $kept (struct.new_desc $A (i32.const 5) (struct.new $D (i64.const 33)))))
          (func (export "kept_descriptor") (result i64)
            (struct.get $D 0 (ref.get_desc $A (ref.as_non_null (global.get $kept)))))
          (func (export "exact_test") (param i32) (result i32)
            (ref.test (ref (exact $A)) (if (result anyref) (local.get 0)
              (then (struct.new_desc $A (i32.const 1) (global.get $d1)))
              (else (struct.new $D (i64.const 1)))))))
        """

    @Test func anObjectKeepsItsDescriptor() throws {
        let f = try Fixture(Self.objects)
        #expect(try f.call("descriptor_field", [.i32(1)]) == [.i64(11)])
        #expect(try f.call("descriptor_field", [.i32(0)]) == [.i64(22)])
        #expect(f.trap("null_descriptor") == "null descriptor reference")
    }

    @Test func descriptorCastsCompareDescriptors() throws {
        let f = try Fixture(Self.objects)
        #expect(try f.call("cast", [.i32(1)]) == [.i32(7)])
        #expect(f.trap("cast", [.i32(0)]) == "descriptor cast failure")
        #expect(try f.call("branch", [.i32(1)]) == [.i32(1)])
        #expect(try f.call("branch", [.i32(0)]) == [.i32(0)])
        #expect(try f.call("exact_test", [.i32(1)]) == [.i32(1)])
        #expect(try f.call("exact_test", [.i32(0)]) == [.i32(0)])
    }

    @Test func theCollectorTracesDescriptors() throws {
        let f = try Fixture(Self.objects)
        try f.call("keep")
        f.store.collectGarbage()
        // The descriptor is reachable only through the kept object's descriptor slot.
        #expect(try f.call("kept_descriptor") == [.i64(33)])
        // $d1, $d2, the kept object and its descriptor.
        #expect(f.store.gcStatistics.liveObjects == 4)
    }

    @Test func exactImportsLinkOnlyTheExactType() throws {
        let store = Store()
        let exporter = try Fixture("""
            (module (type $super (sub (func))) (type $sub (sub $super (func)))
              (func (export "sub") (type $sub)))
            """, store: store)
        let function = try #require(exporter.instance.export("sub"))
        func importer(_ type: String) -> String {
            """
            (module (type $super (sub (func))) (type $sub (sub $super (func)))
              (import "m" "sub" (func (exact (type \(type))))))
            """
        }
        _ = try Fixture(importer("$sub"), store: store, imports: ["sub": function])
        #expect(throws: InstantiationError.self) {
            _ = try Fixture(importer("$super"), store: store, imports: ["sub": function])
        }
    }
}
