import Testing
import WasmBinary
@testable import WasmValidation

/// The GC proposal's validation rules (WebAssembly 3.0): type section rules, iso-recursive type
/// equivalence, subtyping, the 0xFB instructions, constant expressions and function type
/// requirements. Each module is the binary `wasm-tools parse` makes of the text in its comment.
@Suite struct GCValidationTests {
    /// A module from its hexadecimal bytes.
    static func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var it = hex.utf8.makeIterator()
        while let hi = it.next(), let lo = it.next() {
            out.append(UInt8(Self.nibble(hi) << 4 | Self.nibble(lo)))
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8 { c >= 0x61 ? c - 0x61 + 10 : c - 0x30 }


    /// ```wat
    /// (module
    ///   (type $p (sub (struct (field i32) (field (ref null any)))))
    ///   (type $c (sub final $p (struct (field i32) (field (ref null eq)) (field i64))))
    ///   (type $a (sub (array (mut i8))))
    ///   (type $f (sub (func (param (ref $c)) (result (ref null $p)))))
    ///   (type $g (sub $f (func (param (ref null $p)) (result (ref $c)))))
    ///   (func (param (ref $c)) (result (ref null $p)) (local.get 0)))
    /// ```
    static let structSubtyping = bytes(
        "0061736d01000000012c0550005f027f006e004f01005f037f006d007e0050005e780150006001640101630050010360" +
        "016300016401030201030a0601040020000b0017046e616d65041005000170010163020161030166040167")

    /// ```wat
    /// (module (type $p (struct)) (type $c (sub $p (struct))))
    /// ```
    static let finalSupertype = bytes(
        "0061736d010000000108025f005001005f00000e046e616d65040702000170010163")

    /// ```wat
    /// (module (type $p (sub (struct (field (mut (ref null any)))))) (type $c (sub $p (struct (field (mut (ref null eq)))))))
    /// ```
    static let mutableFieldInvariant = bytes(
        "0061736d01000000010e0250005f016e015001005f016d01000e046e616d65040702000170010163")

    /// ```wat
    /// (module (type $p (sub (struct (field i32) (field i64)))) (type $c (sub $p (struct (field i32)))))
    /// ```
    static let immutableFieldNarrower = bytes(
        "0061736d0100000001100250005f027f007e005001005f017f00000e046e616d65040702000170010163")

    /// ```wat
    /// (module (type $p (sub (func (result (ref eq))))) (type $c (sub $p (func (result (ref any))))))
    /// ```
    static let funcResultsCovariant = bytes(
        "0061736d010000000110025000600001646d500100600001646e000e046e616d65040702000170010163")

    /// ```wat
    /// (module (type $p (sub (struct))) (type $c (sub $p (array i32))))
    /// ```
    static let kindMismatch = bytes(
        "0061736d01000000010b0250005f005001005e7f00000e046e616d65040702000170010163")

    /// ```wat
    /// (module (rec (type $a (struct (field (ref null $b)))) (type $b (struct (field (ref null $a))))))
    /// ```
    static let recForward = bytes(
        "0061736d01000000010d014e025f016301005f01630000000e046e616d65040702000161010162")

    /// ```wat
    /// (module
    ///   (rec (type $a (struct (field (ref null $b)))) (type $b (struct (field (ref null $a)))))
    ///   (rec (type $c (struct (field (ref null $d)))) (type $d (struct (field (ref null $c)))))
    ///   (type $e (struct (field (ref null $a))))
    ///   (type $f (struct (field (ref null $c))))
    ///   (rec (type $g (struct)) (type $h (struct)))
    ///   (type $i (struct)))
    /// ```
    static let recCanonical = bytes(
        "0061736d01000000012b064e025f016301005f016300004e025f016303005f016302005f016300005f016302004e025f" +
        "005f005f000023046e616d65041c09000161010162020163030164040165050166060167070168080169")

    /// ```wat
    /// (module
    ///   (rec (type $a (struct (field (ref null $b)))) (type $b (struct (field (ref null $a)))))
    ///   (rec (type $c (struct (field (ref null $d)))) (type $d (struct (field (ref null $c)))))
    ///   (func (param (ref $a)) (result (ref $c)) (local.get 0)))
    /// ```
    static let isoRecursiveUse = bytes(
        "0061736d010000000120034e025f016301005f016300004e025f016303005f0163020060016400016402030201040a06" +
        "01040020000b0014046e616d65040d04000161010162020163030164")

    /// ```wat
    /// (module
    ///   (rec (type $a (struct)) (type $b (struct)))
    ///   (func (param (ref $a)) (result (ref $b)) (local.get 0)))
    /// ```
    static let differentPositionsDiffer = bytes(
        "0061736d01000000010e024e025f005f0060016400016401030201020a0601040020000b000e046e616d650407020001" +
        "61010162")

    /// ```wat
    /// (module
    ///   (rec (type $a (struct)) (type $b (struct (field i32))))
    ///   (type $c (struct))
    ///   (func (param (ref $a)) (result (ref $c)) (local.get 0)))
    /// ```
    static let groupVsSingleton = bytes(
        "0061736d010000000112034e025f005f017f005f0060016400016402030201030a0601040020000b0011046e616d6504" +
        "0a03000161010162020163")

    /// ```wat
    /// (module
    ///   (type $s (struct))
    ///   (type $arr (array i8))
    ///   (type $f (func))
    ///   (func (param (ref $s) (ref $arr) (ref i31) (ref $f)) (result (ref any) (ref eq) (ref array) (ref eq) (ref func) (ref null $s) (ref null $f) (ref null extern))
    ///     (local.get 0) (local.get 0) (local.get 1) (local.get 2) (local.get 3)
    ///     (ref.null none) (ref.null nofunc) (ref.null noextern)))
    /// ```
    static let abstractSubtyping = bytes(
        "0061736d010000000123045f005e7800600000600464006401646c640208646e646d646a646d6470630063026f030201" +
        "030a1401120020002000200120022003d071d073d0720b0013046e616d65040c030001730103617272020166")

    /// ```wat
    /// (module (type $f (func)) (func (param (ref $f)) (result (ref any)) (local.get 0)))
    /// ```
    static let funcIsNotAny = bytes(
        "0061736d01000000010b026000006001640001646e030201010a0601040020000b000b046e616d65040401000166")

    /// ```wat
    /// (module
    ///   (type $t (struct (field (mut i32)) (field i8) (field (mut i16)) (field (ref null $t))))
    ///   (func (result i32)
    ///     (local $x (ref null $t))
    ///     (local.set $x (struct.new $t (i32.const 1) (i32.const 2) (i32.const 3) (ref.null none)))
    ///     (struct.set $t 0 (local.get $x) (i32.const 5))
    ///     (struct.set $t 2 (local.get $x) (i32.const 6))
    ///     (drop (struct.get_s $t 1 (local.get $x)))
    ///     (drop (struct.get $t 3 (local.get $x)))
    ///     (drop (struct.new_default $t))
    ///     (i32.add (struct.get $t 0 (local.get $x)) (struct.get_u $t 2 (local.get $x)))))
    /// ```
    static let structNewGetSet = bytes(
        "0061736d010000000110025f047f01780077016300006000017f030201010a43014101016300410141024103d071fb00" +
        "00210020004105fb05000020004106fb0500022000fb0300011a2000fb0200031afb01001a2000fb0200002000fb0400" +
        "026a0b0013046e616d650206010001000178040401000174")

    /// ```wat
    /// (module (type $t (struct (field i32))) (func (param (ref $t)) (struct.set $t 0 (local.get 0) (i32.const 1))))
    /// ```
    static let immutableField = bytes(
        "0061736d01000000010a025f017f006001640000030201010a0c010a0020004101fb0500000b000b046e616d65040401" +
        "000174")

    /// ```wat
    /// (module (type $t (struct (field i8))) (func (param (ref $t)) (result i32) (struct.get $t 0 (local.get 0))))
    /// ```
    static let packedNeedsSign = bytes(
        "0061736d01000000010b025f01780060016400017f030201010a0a0108002000fb0200000b000b046e616d6504040100" +
        "0174")

    /// ```wat
    /// (module (type $t (struct (field (ref any)))) (func (drop (struct.new_default $t))))
    /// ```
    static let newDefaultNonNullable = bytes(
        "0061736d010000000109025f01646e00600000030201010a08010600fb01001a0b000b046e616d65040401000174")

    /// ```wat
    /// (module
    ///   (type $b (array (mut i8)))
    ///   (type $r (array (mut (ref null any))))
    ///   (type $c (array i8))
    ///   (data $d "abc")
    ///   (elem $e anyref (ref.i31 (i32.const 1)))
    ///   (func (param $x (ref $b)) (param $y (ref $r)) (param $z (ref $c)) (result i32)
    ///     (drop (array.new $b (i32.const 1) (i32.const 2)))
    ///     (drop (array.new_default $r (i32.const 2)))
    ///     (drop (array.new_fixed $c 3 (i32.const 1) (i32.const 2) (i32.const 3)))
    ///     (drop (array.new_data $c $d (i32.const 0) (i32.const 3)))
    ///     (drop (array.new_elem $r $e (i32.const 0) (i32.const 1)))
    ///     (array.set $b (local.get $x) (i32.const 0) (i32.const 7))
    ///     (array.fill $b (local.get $x) (i32.const 0) (i32.const 7) (i32.const 1))
    ///     (array.copy $b $c (local.get $x) (i32.const 0) (local.get $z) (i32.const 0) (i32.const 1))
    ///     (array.init_data $b $d (local.get $x) (i32.const 0) (i32.const 0) (i32.const 1))
    ///     (array.init_elem $r $e (local.get $y) (i32.const 0) (i32.const 0) (i32.const 1))
    ///     (drop (array.get $r (local.get $y) (i32.const 0)))
    ///     (drop (array.get_u $b (local.get $x) (i32.const 0)))
    ///     (i32.add (array.len (local.get $z)) (array.get_s $c (local.get $z) (i32.const 0)))))
    /// ```
    static let arrays = bytes(
        "0061736d010000000114045e78015e6e015e78006003640064016402017f03020103090901056e014101fb1c0b0c0101" +
        "0a86010183010041014102fb06001a4102fb07011a410141024103fb0802031a41004103fb0902001a41004101fb0a01" +
        "001a200041004107fb0e002000410041074101fb100020004100200241004101fb1100022000410041004101fb120000" +
        "2001410041004101fb13010020014100fb0b011a20004100fb0d001a2002fb0f20024100fb0c026a0b0b060101036162" +
        "63002b046e616d65020c01000300017801017902017a040a03000162010172020163080401000165090401000164")

    /// ```wat
    /// (module (type $c (array i8)) (func (param (ref $c)) (array.set $c (local.get 0) (i32.const 0) (i32.const 1))))
    /// ```
    static let immutableArray = bytes(
        "0061736d010000000109025e78006001640000030201010a0d010b00200041004101fb0e000b000b046e616d65040401" +
        "000163")

    /// ```wat
    /// (module (type $b (array (mut i8))) (type $w (array i16))
    ///   (func (param (ref $b) (ref $w)) (array.copy $b $w (local.get 0) (i32.const 0) (local.get 1) (i32.const 0) (i32.const 1))))
    /// ```
    static let arrayCopyMismatch = bytes(
        "0061736d01000000010e035e78015e770060026400640100030201020a1201100020004100200141004101fb1100010b" +
        "000e046e616d65040702000162010177")

    /// ```wat
    /// (module (type $r (array (ref null any))) (data $d "")
    ///   (func (drop (array.new_data $r $d (i32.const 0) (i32.const 0)))))
    /// ```
    static let newDataOfRefs = bytes(
        "0061736d010000000107025e6e00600000030201010c01010a0d010b0041004100fb0900001a0b0b030101000011046e" +
        "616d65040401000172090401000164")

    /// ```wat
    /// (module (type $r (array (ref null i31))) (elem $e anyref)
    ///   (func (drop (array.new_elem $r $e (i32.const 0) (i32.const 0)))))
    /// ```
    static let newElemMismatch = bytes(
        "0061736d010000000107025e6c0060000003020101090401056e000a0d010b0041004100fb0a00001a0b0011046e616d" +
        "65040401000172080401000165")

    /// ```wat
    /// (module
    ///   (type $s (sub (struct)))
    ///   (type $t (sub $s (struct (field i32))))
    ///   (type $f (func))
    ///   (func (param anyref externref funcref) (result i32 (ref null $t) (ref $f) anyref externref i32)
    ///     (ref.test (ref $s) (local.get 0))
    ///     (ref.cast (ref null $t) (local.get 0))
    ///     (ref.cast (ref $f) (local.get 2))
    ///     (any.convert_extern (local.get 1))
    ///     (extern.convert_any (local.get 0))
    ///     (i31.get_s (ref.cast (ref i31) (local.get 0)))))
    /// ```
    static let casts = bytes(
        "0061736d01000000011d0450005f005001005f017f0060000060036e6f70067f630164026e6f7f030201030a22012000" +
        "2000fb14002000fb17012002fb16022001fb1a2000fb1b2000fb166cfb1d0b0011046e616d65040a0300017301017402" +
        "0166")

    /// ```wat
    /// (module (type $f (func)) (func (param anyref) (drop (ref.cast (ref $f) (local.get 0)))))
    /// ```
    static let castAcrossHierarchies = bytes(
        "0061736d0100000001080260000060016e00030201010a0a0108002000fb16001a0b000b046e616d65040401000166")

    /// ```wat
    /// (module
    ///   (type $s (sub (struct)))
    ///   (type $t (sub $s (struct (field i32))))
    ///   (func (param (ref null $s)) (result (ref $t))
    ///     (block $l (result (ref $t))
    ///       (br_on_cast $l (ref null $s) (ref $t) (local.get 0))
    ///       (drop)
    ///       (unreachable)))
    ///   (func (param (ref null $s)) (result (ref null $s))
    ///     (block $l (result (ref null $s))
    ///       (br_on_cast_fail $l (ref null $s) (ref $t) (local.get 0))
    ///       (drop)
    ///       (ref.null none))))
    /// ```
    static let brOnCast = bytes(
        "0061736d01000000011a0450005f005001005f017f00600163000164016001630001630003030202030a240210000264" +
        "012000fb18010000011a000b0b11000263002000fb19010000011ad0710b0b001b046e616d65030b02000100016c0101" +
        "00016c040702000173010174")

    /// ```wat
    /// (module
    ///   (type $s (struct))
    ///   (type $t (array i8))
    ///   (func (param (ref null $s)) (result (ref $t))
    ///     (block $l (result (ref $t))
    ///       (br_on_cast $l (ref null $s) (ref $t) (local.get 0))
    ///       (drop)
    ///       (unreachable))))
    /// ```
    static let brOnCastTargetNotSubtype = bytes(
        "0061736d01000000010d035f005e780060016300016401030201020a120110000264012000fb18010000011a000b0b00" +
        "16046e616d65030601000100016c040702000173010174")

    /// ```wat
    /// (module
    ///   (type $s (sub (struct)))
    ///   (type $t (sub $s (struct (field i32))))
    ///   (func (param (ref null $s)) (result (ref $t))
    ///     (block $l (result (ref $t))
    ///       (br_on_cast $l (ref null $s) (ref null $t) (local.get 0))
    ///       (drop)
    ///       (unreachable))))
    /// ```
    static let brOnCastLabel = bytes(
        "0061736d0100000001130350005f005001005f017f0060016300016401030201020a120110000264012000fb18030000" +
        "011a000b0b0016046e616d65030601000100016c040702000173010174")

    /// ```wat
    /// (module
    ///   (type $s (struct (field i32) (field (ref null any))))
    ///   (type $a (array i32))
    ///   (global $g1 (ref $s) (struct.new $s (i32.const 1) (ref.i31 (i32.const 2))))
    ///   (global $g2 (ref $s) (struct.new_default $s))
    ///   (global $g3 (ref $a) (array.new_fixed $a 2 (i32.const 1) (i32.const 2)))
    ///   (global $g4 (ref $a) (array.new $a (i32.const 1) (i32.const 2)))
    ///   (global $g5 (ref $a) (array.new_default $a (i32.const 2)))
    ///   (global $g6 externref (extern.convert_any (ref.null any)))
    ///   (global $g7 anyref (any.convert_extern (ref.null extern)))
    ///   (table 1 (ref null $s) (struct.new_default $s))
    ///   (elem (ref null $a) (item (array.new_default $a (i32.const 1)))))
    /// ```
    static let constants = bytes(
        "0061736d01000000010a025f027f006e005e7f00040b01400063000001fb01000b06430764000041014102fb1cfb0000" +
        "0b640000fb01000b64010041014102fb0801020b64010041014102fb06010b6401004102fb07010b6f00d06efb1b0b6e" +
        "00d06ffb1a0b090b01056301014101fb07010b002d046e616d65040702000173010161071d0700026731010267320202" +
        "673303026734040267350502673606026737")

    /// ```wat
    /// (module (type $s (struct (field i32))) (global i32 (struct.get $s 0 (struct.new_default $s))))
    /// ```
    static let notConstant = bytes(
        "0061736d010000000105015f017f00060b017f00fb0100fb0200000b000b046e616d65040401000173")

    /// ```wat
    /// (module (type $s (struct (field i32))) (global (ref $s) (struct.new $s (i64.const 1))))
    /// ```
    static let constantTypeMismatch = bytes(
        "0061736d010000000105015f017f00060a016400004201fb00000b000b046e616d65040401000173")

    /// ```wat
    /// (module (type $s (struct)) (func (type $s)))
    /// ```
    static let functionOfStructType = bytes(
        "0061736d010000000103015f00030201000a040102000b000b046e616d65040401000173")

    /// ```wat
    /// (module (type $s (struct)) (table 1 funcref) (func (call_indirect (type $s) (i32.const 0))))
    /// ```
    static let callIndirectStructType = bytes(
        "0061736d010000000106025f00600000030201010404017000010a0901070041001100000b000b046e616d6504040100" +
        "0173")

    /// ```wat
    /// (module (type $s (struct)) (func (param (ref $s)) (call_ref $s (local.get 0))))
    /// ```
    static let callRefStructType = bytes(
        "0061736d010000000108025f006001640000030201010a08010600200014000b000b046e616d65040401000173")

    /// ```wat
    /// (module (type $s (struct)) (func (block (type $s))))
    /// ```
    static let blockStructType = bytes(
        "0061736d010000000106025f00600000030201010a0701050002000b0b000b046e616d65040401000173")

    /// ```wat
    /// (module (type $s (struct)) (tag (type $s)))
    /// ```
    static let tagStructType = bytes(
        "0061736d010000000103015f000d03010000000b046e616d65040401000173")

    /// ```wat
    /// (module (type $f (func)) (elem declare func 0) (func (type $f) (drop (ref.func 0))))
    /// ```
    static let refFuncIsFunc = bytes(
        "0061736d0100000001040160000003020100090501030001000a07010500d2001a0b000b046e616d65040401000166")

    /// ```wat
    /// (module (func (param i32 eqref eqref) (result i32 i32)
    ///   (i31.get_u (ref.i31 (local.get 0)))
    ///   (ref.eq (local.get 1) (local.get 2))))
    /// ```
    static let i31AndEq = bytes(
        "0061736d0100000001090160037f6d6d027f7f030201000a0f010d002000fb1cfb1e20012002d30b")

    @Test(arguments: [
        ("structSubtyping", structSubtyping),
        ("recForward", recForward),
        ("recCanonical", recCanonical),
        ("isoRecursiveUse", isoRecursiveUse),
        ("abstractSubtyping", abstractSubtyping),
        ("structNewGetSet", structNewGetSet),
        ("arrays", arrays),
        ("casts", casts),
        ("brOnCast", brOnCast),
        ("constants", constants),
        ("refFuncIsFunc", refFuncIsFunc),
        ("i31AndEq", i31AndEq),
    ])
    func validModules(_ name: String, _ module: [UInt8]) throws {
        do {
            _ = try check(module)
        } catch {
            Issue.record("\(name): \(error)")
        }
    }

    @Test(arguments: [
        ("finalSupertype", finalSupertype, "sub type"),
        ("mutableFieldInvariant", mutableFieldInvariant, "sub type"),
        ("immutableFieldNarrower", immutableFieldNarrower, "sub type"),
        ("funcResultsCovariant", funcResultsCovariant, "sub type"),
        ("kindMismatch", kindMismatch, "sub type"),
        ("differentPositionsDiffer", differentPositionsDiffer, "type mismatch"),
        ("groupVsSingleton", groupVsSingleton, "type mismatch"),
        ("funcIsNotAny", funcIsNotAny, "type mismatch"),
        ("immutableField", immutableField, "immutable field"),
        ("packedNeedsSign", packedNeedsSign, "type mismatch"),
        ("newDefaultNonNullable", newDefaultNonNullable, "type mismatch"),
        ("immutableArray", immutableArray, "immutable array"),
        ("arrayCopyMismatch", arrayCopyMismatch, "array types do not match"),
        ("newDataOfRefs", newDataOfRefs, "array type is not numeric or vector"),
        ("newElemMismatch", newElemMismatch, "type mismatch"),
        ("castAcrossHierarchies", castAcrossHierarchies, "type mismatch"),
        ("brOnCastTargetNotSubtype", brOnCastTargetNotSubtype, "type mismatch"),
        ("brOnCastLabel", brOnCastLabel, "type mismatch"),
        ("notConstant", notConstant, "constant expression required"),
        ("constantTypeMismatch", constantTypeMismatch, "type mismatch"),
        ("functionOfStructType", functionOfStructType, "type mismatch"),
        ("callIndirectStructType", callIndirectStructType, "type mismatch"),
        ("callRefStructType", callRefStructType, "type mismatch"),
        ("blockStructType", blockStructType, "type mismatch"),
        ("tagStructType", tagStructType, "type mismatch"),
    ])
    func invalidModules(_ name: String, _ module: [UInt8], _ message: String) {
        expectInvalid(module, message)
    }

    @Test func recursionGroupsAreCanonicalizedAsWholes() throws {
        let v = try check(Self.recCanonical)
        // Groups {0, 1} and {2, 3} are the same; 4 and 5 refer to equivalent types; 6 and 7 are
        // a group of two, 8 a group of one: not equivalent to 6.
        #expect(v.canonicalTypeIndices == [0, 1, 0, 1, 4, 4, 6, 7, 8])
    }

    @Test func declaredSubtypesMatch() throws {
        let v = try check(Self.structSubtyping)
        let ctx = v.context
        let parent = ctx.typeRef(0, nullable: false)
        let child = ctx.typeRef(1, nullable: false)
        #expect(ctx.matches(child, parent))
        #expect(!ctx.matches(parent, child))
        #expect(ctx.matches(child, .ref(.struct, nullable: false)))
        #expect(ctx.matches(child, .eqref))
        #expect(!ctx.matches(child, .ref(.array, nullable: true)))
        #expect(ctx.matches(.ref(.none, nullable: true), ctx.typeRef(1, nullable: true)))
        #expect(!ctx.matches(.ref(.none, nullable: true), child))
        #expect(!ctx.matches(.ref(.noFunction, nullable: true), ctx.typeRef(1, nullable: true)))
        // Function types: $g <: $f; func but not any.
        #expect(ctx.matches(ctx.typeRef(4, nullable: false), ctx.typeRef(3, nullable: false)))
        #expect(ctx.matches(ctx.typeRef(4, nullable: false), .funcref))
        #expect(!ctx.matches(ctx.typeRef(4, nullable: false), .ref(.any, nullable: true)))
        #expect(ctx.matches(.ref(.noFunction, nullable: true), ctx.typeRef(4, nullable: true)))
    }

    @Test func gcFeatureSwitch() {
        var features = ValidationFeatures.all
        features.remove(.gc)
        #expect(ValidationFeatures.all.contains(.gc))
        #expect(!ValidationFeatures.wasm2.contains(.gc))
        expectInvalid(Self.recForward, "GC types are not supported", features: features)
        // A 0xFB instruction with GC off is no instruction.
        do {
            _ = try check(Self.i31AndEq, features: features)
            Issue.record("i31 instructions accepted without the gc feature")
        } catch let e as DecodeError {
            #expect(e.message.hasPrefix("illegal opcode fb"))
        } catch {
            Issue.record("expected a DecodeError, got \(error)")
        }
    }

    @Test func arrayNewDataNeedsDataCount() {
        // `arrays` without its data count section (id 12): the body's array.new_data is malformed.
        var b = Self.arrays
        guard let at = Self.sectionStart(b, id: 12) else {
            Issue.record("no data count section")
            return
        }
        b.removeSubrange(at ..< at + 2 + Int(b[at + 1]))
        do {
            _ = try check(b)
            Issue.record("array.new_data accepted without a data count section")
        } catch let e as DecodeError {
            #expect(e.message == "data count section required")
        } catch {
            Issue.record("expected a DecodeError, got \(error)")
        }
    }

    /// The offset of the first section with `id` (one-byte sizes are enough for these modules).
    private static func sectionStart(_ bytes: [UInt8], id: UInt8) -> Int? {
        var i = 8
        while i + 1 < bytes.count {
            if bytes[i] == id { return i }
            var size = 0, shift = 0, p = i + 1
            while p < bytes.count {
                size |= Int(bytes[p] & 0x7F) << shift
                shift += 7
                p += 1
                if bytes[p - 1] < 0x80 { break }
            }
            i = p + size
        }
        return nil
    }
}
