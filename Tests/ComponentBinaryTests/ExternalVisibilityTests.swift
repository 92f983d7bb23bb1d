import ComponentBinary
import Testing

/// The external-visibility rule: an imported or exported item may refer to records, variants,
/// enums, flags and resources only through type indices that an import or an export
/// introduced. The components are `wasm-tools parse` output (names stripped), assembled from
/// their sections.
struct ExternalVisibilityTests {
    static let preamble: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00]

    /// `(core module (func (export "f") (param i32)))` and `(core instance (instantiate 0))`.
    static let coreFunction: [UInt8] = [
        0x01, 0x20, 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x01, 0x7F,
        0x00, 0x03, 0x02, 0x01, 0x00, 0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00, 0x0A, 0x04, 0x01, 0x02,
        0x00, 0x0B, 0x02, 0x04, 0x01, 0x00, 0x00, 0x00,
    ]

    /// `(type (record (field "x" u32)))`, type 0.
    static let record: [UInt8] = [0x07, 0x06, 0x01, 0x72, 0x01, 0x01, 0x78, 0x79]

    /// `(export "rec" (type 0))`, which makes type 1.
    static let exportRecord: [UInt8] = [0x0B, 0x09, 0x01, 0x00, 0x03, 0x72, 0x65, 0x63, 0x03, 0x00, 0x00]

    /// `(type (func (param "r" <parameter>)))`.
    static func functionType(parameter: UInt8) -> [UInt8] {
        [0x07, 0x08, 0x01, 0x40, 0x01, 0x01, 0x72, parameter, 0x01, 0x00]
    }

    /// `(alias core export 0 "f" (core func))`, `(func (type <type>) (canon lift (core func 0)))`
    /// and `(export "f" (func 0))`.
    static func liftAndExport(type: UInt8) -> [UInt8] {
        [0x06, 0x07, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x66,
         0x08, 0x06, 0x01, 0x00, 0x00, 0x00, 0x00, type,
         0x0B, 0x07, 0x01, 0x00, 0x01, 0x66, 0x01, 0x00, 0x00]
    }

    /// Validates a component binary.
    @discardableResult
    static func validate(_ bytes: [UInt8]) throws -> ComponentSummary {
        try validateComponent(try decodeComponent(bytes))
    }

    @Test func unnamedRecordInAnExportedFunctionIsRejected() throws {
        // The lifted function's parameter is the record type 0, which nothing named.
        let bytes = Self.preamble + Self.coreFunction + Self.record + Self.functionType(parameter: 0) + Self.liftAndExport(type: 1)
        let error = #expect(throws: ComponentValidationError.self) { try Self.validate(bytes) }
        #expect(error?.message == "func not valid to be used as export")
        // The offset of the export entry, the last 6 bytes (where wasm-tools reports it too).
        #expect(error?.offset == bytes.count - 6)
    }

    @Test func recordReferencedThroughItsExportIsAccepted() throws {
        // The record is exported first (type 1), and the function refers to the export.
        let bytes = Self.preamble + Self.coreFunction + Self.record + Self.exportRecord
            + Self.functionType(parameter: 1) + Self.liftAndExport(type: 2)
        let summary = try Self.validate(bytes)
        #expect(Set(summary.exports.keys) == ["rec", "f"])
    }

    @Test func exportingTheRecordDoesNotNameTheIndexItWasMadeFrom() throws {
        // The same, but the function refers to type 0: structurally the exported type, yet
        // only type 1 is named.
        let bytes = Self.preamble + Self.coreFunction + Self.record + Self.exportRecord
            + Self.functionType(parameter: 0) + Self.liftAndExport(type: 2)
        let error = #expect(throws: ComponentValidationError.self) { try Self.validate(bytes) }
        #expect(error?.message == "func not valid to be used as export")
        #expect(error?.offset == bytes.count - 6)
    }

    @Test func typeImportNamesTheTypeForLaterImports() throws {
        // (type (record (field "x" u32))) (import "rec" (type (eq 0)))
        // (type (func (param "r" <parameter>))) (import "f" (func (type 2)))
        func component(parameter: UInt8) -> [UInt8] {
            Self.preamble + Self.record + [0x0A, 0x09, 0x01, 0x00, 0x03, 0x72, 0x65, 0x63, 0x03, 0x00, 0x00]
                + Self.functionType(parameter: parameter) + [0x0A, 0x06, 0x01, 0x00, 0x01, 0x66, 0x01, 0x02]
        }
        try Self.validate(component(parameter: 1))
        let error = #expect(throws: ComponentValidationError.self) { try Self.validate(component(parameter: 0)) }
        #expect(error?.message == "func not valid to be used as import")
    }

    @Test func componentTypesCheckEagerlyInstanceTypesWhereUsed() throws {
        // (type (component|instance (type (record (field "x" u32))) (export "f" (func (param "x" 0)))))
        func component(kind: UInt8) -> [UInt8] {
            Self.preamble + [0x07, 0x17, 0x01, kind, 0x03, 0x01, 0x72, 0x01, 0x01, 0x78, 0x79, 0x01, 0x40, 0x01,
                             0x01, 0x78, 0x00, 0x01, 0x00, 0x04, 0x00, 0x01, 0x66, 0x01, 0x01]
        }
        let error = #expect(throws: ComponentValidationError.self) { try Self.validate(component(kind: 0x41)) }
        #expect(error?.message == "func not valid to be used as export")
        #expect(error?.offset == 0x1B) // the export declaration
        try Self.validate(component(kind: 0x42))
    }
}
