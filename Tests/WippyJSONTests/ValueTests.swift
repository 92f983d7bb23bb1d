import Testing
import WippyJSON

@Suite("JSONNumber and JSONObject")
struct ValueTests {
    @Test func numberInitializers() {
        #expect(JSONNumber(Int64.min).text == "-9223372036854775808")
        #expect(JSONNumber(UInt64.max).text == "18446744073709551615")
        #expect(JSONNumber(42).text == "42")
        #expect(JSONNumber(0.1).text == "0.1")
        #expect(JSONNumber(100.0).text == "100.0")
        #expect(JSONNumber(1e16).text == "1e+16")
        #expect(JSONNumber(exactly: .nan) == nil)
        #expect(JSONNumber(exactly: .infinity) == nil)
        #expect(JSONNumber(exactly: -2.5)?.text == "-2.5")
        let literal: JSONNumber = 7
        #expect(literal.int64 == 7)
    }

    @Test func numberTextValidation() {
        for valid in ["0", "-0", "1", "-12", "1.5", "1e5", "1E+5", "-0.0e-0", "123456789012345678901234567890"] {
            #expect(JSONNumber(text: valid)?.text == valid)
        }
        for invalid in ["", "-", "01", "+1", ".5", "1.", "1e", "1e+", "0x1", " 1", "1 ", "NaN", "--1", "1.2.3"] {
            #expect(JSONNumber(text: invalid) == nil, "\(invalid)")
        }
    }

    @Test func numberAccessors() throws {
        let number = { (text: String) throws -> JSONNumber in try #require(JSONNumber(text: text)) }
        #expect(try number("9223372036854775807").int64 == Int64.max)
        #expect(try number("9223372036854775808").int64 == nil)
        #expect(try number("-9223372036854775809").int64 == nil)
        #expect(try number("18446744073709551616").uint64 == nil)
        #expect(try number("-0").uint64 == 0)
        #expect(try number("-0").int64 == 0)
        #expect(try number("-1").uint64 == nil)
        #expect(try number("1.0").int64 == nil)
        #expect(try number("1e2").uint64 == nil)
        #expect(try number("1e2").double == 100)
        #expect(try number("-2.5").double == -2.5)
        #expect(try number("1e400").double == .infinity)
        #expect(try number("-1e-400").double == 0)
        #expect(try number("12").isInteger)
        #expect(try !number("1.5").isInteger)
        #expect(try !number("1e5").isInteger)
        #expect(try number("1") != number("1.0"))
    }

    @Test func objectKeepsOrderAndMutates() {
        var object: JSONObject = ["z": 1, "a": 2]
        #expect(object.keys == ["z", "a"])
        object["m"] = 3
        object["z"] = 9
        #expect(object.keys == ["z", "a", "m"])
        #expect(object.values == [9, 2, 3])
        #expect(object.updateValue(4, forKey: "a") == 2)
        #expect(object.removeValue(forKey: "z") == 9)
        #expect(object.removeValue(forKey: "nope") == nil)
        object["m"] = nil
        #expect(JSONValue.object(object).serialized() == #"{"a":4}"#)
        #expect(object.contains(key: "a"))
        #expect(!object.contains(key: "m"))
        #expect(object.first?.key == "a")
    }

    @Test func objectEqualityIsOrderSensitive() {
        let ab: JSONObject = ["a": 1, "b": 2]
        let ba: JSONObject = ["b": 2, "a": 1]
        #expect(ab != ba)
        #expect(ab == JSONObject([(key: "a", value: 1), (key: "b", value: 2)]))
        #expect(Set([JSONValue.object(ab), .object(ab), .object(ba)]).count == 2)
    }

    @Test func largeObjectIndexStaysConsistent() {
        var object = JSONObject()
        for index in 0 ..< 40 {
            object["k\(index)"] = .number(JSONNumber(index))
        }
        #expect(object.count == 40)
        #expect(object["k39"] == 39)
        object["k5"] = nil
        #expect(object["k5"] == nil)
        #expect(object["k6"] == 6)
        #expect(object.index(forKey: "k6") == 5)
        object["k6"] = "six"
        #expect(object["k6"] == "six")
        for index in 0 ..< 38 {
            object.removeValue(forKey: "k\(index)")
        }
        #expect(object.keys == ["k38", "k39"])
        #expect(object["k39"] == 39)

        let parsedLarge = JSONObject((0 ..< 30).map { (key: "d", value: JSONValue.number(JSONNumber($0))) })
        #expect(parsedLarge["d"] == 29)  // duplicates: last wins
    }
}
