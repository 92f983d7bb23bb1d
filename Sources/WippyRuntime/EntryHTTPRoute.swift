import WippyJSON

/// What `serve app.yaml` does with a request line: `POST /call/{entry-id}` calls an entry;
/// anything else is answered at once.
enum EntryHTTPRoute: Equatable {
    /// Call the entry with this ID (percent-decoded from the path).
    case call(String)
    /// The path is `/call/{id}` but the method is not `POST`: 405.
    case methodNotAllowed
    /// No such path: 404.
    case notFound

    /// The path prefix of calls.
    static let prefix = "/call/"

    /// The route of a request: the target's path (origin form, or the path of an absolute
    /// URL), its query ignored.
    init(method: String, target: String) {
        var path = Substring(target)
        if let query = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<query] }
        if !path.hasPrefix("/"), let colon = path.firstIndex(of: ":"), path[colon...].hasPrefix("://") {
            let authority = path[path.index(colon, offsetBy: 3)...]
            path = authority.firstIndex(of: "/").map { authority[$0...] } ?? "/"
        }
        guard path.hasPrefix(Self.prefix), let id = Self.percentDecoded(path.dropFirst(Self.prefix.count)),
              !id.isEmpty, !id.contains("/") else {
            self = .notFound
            return
        }
        self = method == "POST" ? .call(id) : .methodNotAllowed
    }

    /// `%XX` escapes decoded; nil for a malformed escape or text that is not UTF-8.
    static func percentDecoded(_ text: Substring) -> String? {
        let input = Array(text.utf8)
        var bytes: [UInt8] = []
        var index = 0
        while index < input.count {
            let byte = input[index]
            index += 1
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard index + 1 < input.count, let high = hexValue(input[index]), let low = hexValue(input[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

/// The answers of `serve app.yaml`: a status per kind of ``EntryError``, and the JSON body
/// `{"error":"..."}` every error carries.
enum EntryHTTPAnswer {
    /// The status for a failed call: unknown entry 404, bad arguments 400, a trap or limit 500,
    /// a full queue 503, a broken entry 500.
    static func status(for kind: EntryError.Kind) -> Int {
        switch kind {
        case .unknownEntry: return 404
        case .arguments: return 400
        case .busy: return 503
        case .trap, .invalid: return 500
        }
    }

    /// What a client is told about `error`: `ID: message` (the server's file path left out).
    static func message(_ error: EntryError) -> String {
        error.entryID.map { "\($0): \(error.message)" } ?? error.message
    }

    /// `{"error":"<message>"}` and a newline, the message escaped as JSON.
    static func errorBody(_ message: String) -> [UInt8] {
        JSONValue.object(JSONObject([(key: "error", value: .string(message))])).serializedBytes() + [UInt8(ascii: "\n")]
    }

    /// The body of a successful call: the result as `run entry.yaml` prints it (the JSON and a
    /// newline; nothing when the function returns nothing).
    static func resultBody(_ json: String) -> [UInt8] {
        json.isEmpty ? [] : Array(json.utf8) + [UInt8(ascii: "\n")]
    }
}
