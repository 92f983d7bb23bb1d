import ComponentModel
import WASIHost
import WASIIO

/// `wasi:filesystem/types` at the version the host registers.
let typesInterface = "wasi:filesystem/types@\(wasiVersion)"
/// `wasi:filesystem/preopens` at the version the host registers.
let preopensInterface = "wasi:filesystem/preopens@\(wasiVersion)"

extension FileKind {
    /// The `descriptor-type` case.
    var descriptorType: ComponentValue {
        switch self {
        case .unknown: return .enum("unknown")
        case .blockDevice: return .enum("block-device")
        case .characterDevice: return .enum("character-device")
        case .directory: return .enum("directory")
        case .fifo: return .enum("fifo")
        case .symbolicLink: return .enum("symbolic-link")
        case .regularFile: return .enum("regular-file")
        case .socketDatagram, .socketStream: return .enum("socket")
        }
    }
}

extension FileTime {
    /// A `datetime` record, or nil for a time before the epoch (which `datetime` cannot hold).
    var datetime: ComponentValue? {
        guard seconds >= 0 else { return nil }
        return .record([("seconds", .u64(UInt64(seconds))), ("nanoseconds", .u32(nanoseconds))])
    }
}

extension FileStatus {
    /// The `descriptor-stat` record.
    var descriptorStat: ComponentValue {
        .record([
            ("type", kind.descriptorType),
            ("link-count", .u64(linkCount)),
            ("size", .u64(size)),
            ("data-access-timestamp", .option(accessTime.datetime)),
            ("data-modification-timestamp", .option(modificationTime.datetime)),
            ("status-change-timestamp", .option(statusChangeTime.datetime)),
        ])
    }

    /// The `metadata-hash-value`: a 128-bit hash of the device and inode (as wasmtime, the
    /// upper half is the lower one xor a constant, the bits of π as a double).
    var metadataHash: ComponentValue {
        let lower = Self.mix(Self.mix(device) ^ inode)
        let upper = lower ^ 0x4009_21FB_5444_2D18
        return .record([("lower", .u64(lower)), ("upper", .u64(upper))])
    }

    /// The splitmix64 finalizer.
    private static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension ComponentHostCall {
    /// Argument `i` as the names of its set flags.
    func flags(_ i: Int) throws(HostArgumentError) -> [String] {
        if case .flags(let names) = try argument(i) { return names }
        throw HostArgumentError("\(name): argument \(i) is not a flags value")
    }

    /// Argument `i` (`path-flags`): whether `symlink-follow` is set.
    func followsSymlinks(_ i: Int) throws(HostArgumentError) -> Bool {
        try flags(i).contains("symlink-follow")
    }

    /// Argument `i` as a `new-timestamp`; `overflow` for a time the host cannot represent.
    func newTimestamp(_ i: Int) throws -> TimestampChange {
        guard case .variant(let which, let payload) = try argument(i) else {
            throw HostArgumentError("\(name): argument \(i) is not a new-timestamp")
        }
        switch which {
        case "no-change": return .unchanged
        case "now": return .now
        case "timestamp":
            guard case .record(let fields)? = payload,
                  case .u64(let seconds)? = fields.first(where: { $0.label == "seconds" })?.value,
                  case .u32(let nanoseconds)? = fields.first(where: { $0.label == "nanoseconds" })?.value else {
                throw HostArgumentError("\(name): argument \(i) is not a datetime")
            }
            // Nanoseconds past a second carry into the seconds, as a duration would.
            let (total, overflow) = seconds.addingReportingOverflow(UInt64(nanoseconds / 1_000_000_000))
            guard !overflow, total <= UInt64(Int64.max) else { throw FilesystemError.overflow }
            return .time(FileTime(seconds: Int64(total), nanoseconds: nanoseconds % 1_000_000_000))
        default:
            throw HostArgumentError("\(name): argument \(i) has an unknown new-timestamp case \(which)")
        }
    }
}
