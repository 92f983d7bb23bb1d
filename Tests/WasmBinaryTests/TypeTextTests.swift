import Testing
import WasmBinary

/// Types in messages read as the text format writes them, never as Swift dumps.
@Test func valueTypesPrintAsWAT() {
    #expect("\(ValueType.i32)" == "i32")
    #expect("\(ValueType.funcref)" == "funcref")
    #expect("\(ValueType.ref(RefType(nullable: false, heapType: .extern)))" == "(ref extern)")
    #expect("\(ValueType.ref(RefType(nullable: true, heapType: .concrete(3))))" == "(ref null 3)")
    #expect("\(ValueType.ref(RefType(nullable: true, heapType: .noFunction)))" == "nofuncref")
}
