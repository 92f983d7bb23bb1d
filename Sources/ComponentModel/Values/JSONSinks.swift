import WippyJSON

/// Where ``JSONEncoding`` puts a value's JSON form, piece by piece in document order: a tree
/// (``JSONTreeSink``) or text (``JSONTextSink``). Each counts what it holds against a limit and
/// throws an error with ``ComponentValueError/exceedsLimit`` set past it.
protocol JSONSink {
    mutating func null() throws(ComponentValueError)
    mutating func bool(_ value: Bool) throws(ComponentValueError)
    mutating func integer(_ value: Int64) throws(ComponentValueError)
    mutating func unsigned(_ value: UInt64) throws(ComponentValueError)
    mutating func number(_ value: JSONNumber) throws(ComponentValueError)
    mutating func string(_ value: String) throws(ComponentValueError)
    /// A `list<u8>` held as bytes: an array of numbers. `path` is the list's, for the error.
    mutating func bytes(_ value: [UInt8], path: String) throws(ComponentValueError)
    mutating func beginArray(count: Int) throws(ComponentValueError)
    mutating func endArray()
    mutating func beginObject(count: Int) throws(ComponentValueError)
    /// The key of the object member whose value comes next.
    mutating func key(_ key: String) throws(ComponentValueError)
    mutating func endObject()
}

/// Builds a ``JSONValue`` tree, counting its host memory: a ``JSONValue`` per node (an array's
/// element storage), an object member's key, the heap bytes of strings too long to be kept in
/// place, and the header of each array's storage.
struct JSONTreeSink: JSONSink {
    let limit: Int
    /// The bytes counted so far.
    private var used = 0
    /// The result, once the outermost value is complete.
    private(set) var value: JSONValue = .null
    /// The arrays and objects being filled, innermost last; `isArray` says which kind each is.
    private var arrays: [[JSONValue]] = []
    private var objects: [[(key: String, value: JSONValue)]] = []
    private var keys: [String] = []
    private var isArray: [Bool] = []

    /// A node's size, and the header of an array's or a string's heap storage.
    static let node = MemoryLayout<JSONValue>.stride
    static let header = 32
    /// The longest UTF-8 a string keeps in place, without heap storage.
    static let inlineUTF8 = 15

    init(limit: Int) {
        self.limit = limit
    }

    private mutating func charge(_ bytes: Int, path: String = "$") throws(ComponentValueError) {
        let (sum, overflow) = used.addingReportingOverflow(bytes)
        guard !overflow, sum <= limit else {
            throw .overLimit("the JSON form would take more than \(limit) bytes of host memory", path: path)
        }
        used = sum
    }

    private static func cost(_ string: String) -> Int {
        let count = string.utf8.count
        return count > inlineUTF8 ? header &+ count : 0
    }

    private mutating func add(_ item: JSONValue) {
        guard let array = isArray.last else {
            value = item
            return
        }
        if array {
            arrays[arrays.count - 1].append(item)
        } else {
            objects[objects.count - 1].append((key: keys.removeLast(), value: item))
        }
    }

    mutating func null() throws(ComponentValueError) {
        try charge(Self.node)
        add(.null)
    }

    mutating func bool(_ value: Bool) throws(ComponentValueError) {
        try charge(Self.node)
        add(.bool(value))
    }

    mutating func integer(_ value: Int64) throws(ComponentValueError) {
        try charge(Self.node)
        add(.number(JSONNumber(value)))
    }

    mutating func unsigned(_ value: UInt64) throws(ComponentValueError) {
        try charge(Self.node)
        add(.number(JSONNumber(value)))
    }

    mutating func number(_ value: JSONNumber) throws(ComponentValueError) {
        try charge(Self.node &+ Self.cost(value.text))
        add(.number(value))
    }

    mutating func string(_ value: String) throws(ComponentValueError) {
        try charge(Self.node &+ Self.cost(value))
        add(.string(value))
    }

    mutating func bytes(_ value: [UInt8], path: String) throws(ComponentValueError) {
        let (elements, overflow) = value.count.multipliedReportingOverflow(by: Self.node)
        try charge(overflow ? .max : Self.node &+ Self.header &+ elements, path: path)
        add(.array(value.map { .number(JSONNumber(UInt64($0))) }))
    }

    mutating func beginArray(count: Int) throws(ComponentValueError) {
        try charge(Self.node &+ Self.header)
        var elements: [JSONValue] = []
        elements.reserveCapacity(count)
        arrays.append(elements)
        isArray.append(true)
    }

    mutating func endArray() {
        isArray.removeLast()
        add(.array(arrays.removeLast()))
    }

    mutating func beginObject(count: Int) throws(ComponentValueError) {
        try charge(Self.node &+ Self.header)
        var members: [(key: String, value: JSONValue)] = []
        members.reserveCapacity(count)
        objects.append(members)
        isArray.append(false)
    }

    mutating func key(_ key: String) throws(ComponentValueError) {
        try charge(MemoryLayout<String>.stride &+ Self.cost(key))
        keys.append(key)
    }

    mutating func endObject() {
        isArray.removeLast()
        add(.object(JSONObject(objects.removeLast())))
    }
}

/// Writes compact JSON text (``JSONTextWriter``), no longer than its limit.
struct JSONTextSink: JSONSink {
    let limit: Int
    private(set) var writer = JSONTextWriter()

    init(limit: Int) {
        self.limit = limit
    }

    private func check(_ path: String = "$") throws(ComponentValueError) {
        guard writer.bytes.count > limit else { return }
        throw .overLimit("the JSON text would be longer than \(limit) bytes", path: path)
    }

    /// Writes with `body`, then checks the limit.
    private mutating func write(_ body: (inout JSONTextWriter) -> Void) throws(ComponentValueError) {
        body(&writer)
        try check()
    }

    mutating func null() throws(ComponentValueError) { try write { $0.writeNull() } }
    mutating func bool(_ value: Bool) throws(ComponentValueError) { try write { $0.writeBool(value) } }
    mutating func integer(_ value: Int64) throws(ComponentValueError) { try write { $0.writeInteger(value) } }
    mutating func unsigned(_ value: UInt64) throws(ComponentValueError) { try write { $0.writeUnsigned(value) } }
    mutating func number(_ value: JSONNumber) throws(ComponentValueError) { try write { $0.writeNumber(value) } }
    mutating func string(_ value: String) throws(ComponentValueError) { try write { $0.writeString(value) } }

    mutating func bytes(_ value: [UInt8], path: String) throws(ComponentValueError) {
        // In one pass when even the longest text fits (three digits and a comma a byte, the
        // brackets and a comma before); else element by element, to stop where the limit is
        // passed.
        let (longest, overflow) = value.count.multipliedReportingOverflow(by: 4)
        if !overflow, longest <= limit &- 2, writer.bytes.count <= limit &- 2 &- longest {
            writer.writeByteArray(value)
            return
        }
        writer.beginArray()
        for byte in value {
            writer.writeUnsigned(UInt64(byte))
            // A comparison per element; the error is made once.
            if writer.bytes.count > limit { try check(path) }
        }
        writer.endArray()
        try check(path)
    }

    mutating func beginArray(count: Int) throws(ComponentValueError) { try write { $0.beginArray() } }
    mutating func endArray() { writer.endArray() }
    mutating func beginObject(count: Int) throws(ComponentValueError) { try write { $0.beginObject() } }
    mutating func key(_ key: String) throws(ComponentValueError) { try write { $0.writeKey(key) } }
    mutating func endObject() { writer.endObject() }
}
