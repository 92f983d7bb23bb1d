import ComponentModel
import WASIHost
import WASIIO

/// What a `resolve-address-stream` handle holds: a lookup on the resolver's worker threads and
/// how far the guest has read its answer.
final class ResolveStreamObject {
    let lookup: NameLookup
    var next = 0

    init(_ lookup: NameLookup) { self.lookup = lookup }
}

/// `wasi:sockets/ip-name-lookup`: `resolve-addresses` starts a lookup (`getaddrinfo` on a
/// worker thread, never the guest's), `resolve-next-address` answers `would-block` until it is
/// done, `subscribe` is ready when it is.
enum IPNameLookupInterface {
    static let name = "wasi:sockets/ip-name-lookup@\(wasiVersion)"

    static func register(_ linker: ComponentLinker, _ io: IOResources, _ types: SocketResources) throws(ComponentError) {
        try defineResult(linker, "\(name)#resolve-addresses") { call in
            try NetworkInterface.check(call, 0, types)
            let host = try call.string(1)
            let session = try call.session()
            guard session.network.allowed else { throw SocketErrorCode.accessDenied }
            guard IPAddress(parsing: host) != nil || isValidHostName(host) else { throw SocketErrorCode.invalidArgument }
            let lookup = NameResolver.shared.lookup(host, on: session.dispatcher)
            return .own(try call.resources.push(ResolveStreamObject(lookup), type: types.resolveAddressStream))
        }
        try defineResult(linker, "\(name)#[method]resolve-address-stream.resolve-next-address") { call in
            let stream = try call.resource(0, types.resolveAddressStream, as: ResolveStreamObject.self)
            guard let result = stream.lookup.result else { throw SocketErrorCode.wouldBlock }
            let addresses = try result.get()
            guard stream.next < addresses.count else { return .option(nil) }
            defer { stream.next += 1 }
            return .option(SocketValues.address(addresses[stream.next]))
        }
        try definePlain(linker, "\(name)#[method]resolve-address-stream.subscribe") { call in
            let stream = try call.resource(0, types.resolveAddressStream, as: ResolveStreamObject.self)
            return try call.newPollable(stream.lookup, io, parent: try call.argument(0))
        }
    }

    /// Whether `name` is a syntactically valid DNS name: ASCII labels of letters, digits, `-`
    /// and `_`, 1–63 bytes each, separated by single dots (one trailing dot allowed), 253
    /// bytes at most. Non-ASCII (internationalized) names are refused.
    static func isValidHostName(_ name: String) -> Bool {
        var bytes = Array(name.utf8)
        if bytes.last == UInt8(ascii: ".") { bytes.removeLast() }
        guard !bytes.isEmpty, bytes.count <= 253 else { return false }
        var label = 0
        for b in bytes {
            if b == UInt8(ascii: ".") {
                guard label > 0 else { return false }
                label = 0
                continue
            }
            let ok = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == UInt8(ascii: "-") || b == UInt8(ascii: "_")
            guard ok else { return false }
            label += 1
            guard label <= 63 else { return false }
        }
        return label > 0
    }
}
