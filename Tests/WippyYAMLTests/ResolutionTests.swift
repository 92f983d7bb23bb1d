import Testing
import WippyYAML

/// Plain scalars resolve like gopkg.in/yaml.v3 (without timestamps).
@Suite("Scalar resolution")
struct ResolutionTests {
    @Test("plain scalar types", arguments: [
        ("~", YAMLValue.null), ("null", .null), ("Null", .null), ("NULL", .null),
        ("true", .bool(true)), ("True", .bool(true)), ("TRUE", .bool(true)),
        ("false", .bool(false)), ("False", .bool(false)), ("FALSE", .bool(false)),
        ("yes", .string("yes")), ("no", .string("no")), ("on", .string("on")), ("off", .string("off")),
        ("tRUE", .string("tRUE")), ("nULL", .string("nULL")),
        ("0", .int(0)), ("-0", .int(0)), ("+12", .int(12)), ("-12", .int(-12)), ("42", .int(42)),
        ("1_000", .int(1000)), ("0x1F", .int(31)), ("0X1f", .int(31)), ("-0x10", .int(-16)),
        ("0o17", .int(15)), ("0b101", .int(5)), ("-0b11", .int(-3)), ("0755", .int(493)), ("00", .int(0)),
        ("9223372036854775807", .int(.max)), ("-9223372036854775808", .int(.min)),
        ("9223372036854775808", .float(9_223_372_036_854_775_808)),
        ("1.5", .float(1.5)), ("-1.5", .float(-1.5)), ("1.10", .float(1.1)), ("1.", .float(1)),
        (".5", .float(0.5)), ("+.5", .float(0.5)), ("1e3", .float(1000)), ("1E-2", .float(0.01)), ("2.5e+2", .float(250)),
        ("08", .float(8)), ("99999999999999999999999", .float(1e23)),
        (".inf", .float(.infinity)), (".Inf", .float(.infinity)), ("+.INF", .float(.infinity)), ("-.inf", .float(-.infinity)),
        ("1e999", .string("1e999")), ("0x", .string("0x")), ("0o8", .string("0o8")), ("1.2.3", .string("1.2.3")),
        ("+", .string("+")), (".", .string(".")), ("1e", .string("1e")),
        ("2024-01-15", .string("2024-01-15")), ("12:30", .string("12:30")), ("<<", .string("<<")),
        ("0.0.0.0", .string("0.0.0.0")), ("v1", .string("v1")), ("abc", .string("abc")),
    ])
    func resolve(text: String, expected: YAMLValue) {
        let node = parsed("k: \(text)")?["k"]
        #expect(node?.value == expected)
        #expect(node?.text == text)
        #expect(node?.style == .plain)
    }

    @Test func notANumber() {
        for text in [".nan", ".NaN", ".NAN"] {
            #expect(parsed("k: \(text)")?["k"]?.double?.isNaN == true)
        }
    }

    @Test("quoted and block scalars are always strings")
    func quotedAreStrings() {
        #expect(value("a: \"1\"\nb: 'true'\nc: \"null\"\nd: |\n  42\n") == ["a": "1", "b": "true", "c": "null", "d": "42\n"])
        #expect(parsed("c: \"null\"")?["c"]?.string == "null")
    }

    @Test("the raw text is available for every scalar")
    func rawText() {
        let node = parsed("a: 007\nb: 1_000\nc: +1\nd: 1e3\ne: .INF\nf: True\n")
        #expect(node?["a"]?.string == "007")
        #expect(node?["b"]?.string == "1_000")
        #expect(node?["c"]?.string == "+1")
        #expect(node?["d"]?.string == "1e3")
        #expect(node?["e"]?.string == ".INF")
        #expect(node?["f"]?.string == "True")
    }
}
