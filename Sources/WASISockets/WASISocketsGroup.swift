import ComponentModel
import WASIHost
import WASIIO

/// The `wasi:sockets` host group: network, instance-network, ip-name-lookup, tcp,
/// tcp-create-socket, udp and udp-create-socket (0.2.x), over the non-blocking sockets of
/// `WASIHost`'s network layer. Connect, accept, receive, send and name lookups never block a
/// thread: they answer `would-block` and the guest waits on a pollable on its dispatcher.
///
/// The network is used only when the guest's ``WASISession/network`` allows it; otherwise
/// every socket and lookup fails with `access-denied` (the group can be linked always).
public let wasiSocketsGroup = HostGroup(name: "wasi:sockets") { (linker: ComponentLinker) throws(ComponentError) in
    let io = try IOResources(linker)
    let types = try SocketResources(linker)
    try NetworkInterface.register(linker, io, types)
    try InstanceNetworkInterface.register(linker, types)
    try IPNameLookupInterface.register(linker, io, types)
    try TCPInterface.register(linker, io, types)
    try TCPCreateSocketInterface.register(linker, types)
    try UDPInterface.register(linker, io, types)
    try UDPCreateSocketInterface.register(linker, types)
}

/// The `wasi:sockets` resource types in one linker.
struct SocketResources: Sendable {
    let network: ResourceID
    let tcpSocket: ResourceID
    let udpSocket: ResourceID
    let incomingDatagramStream: ResourceID
    let outgoingDatagramStream: ResourceID
    let resolveAddressStream: ResourceID

    init(_ linker: ComponentLinker) throws(ComponentError) {
        network = try linker.resourceType("\(NetworkInterface.name)#network")
        tcpSocket = try linker.resourceType("\(TCPInterface.name)#tcp-socket")
        udpSocket = try linker.resourceType("\(UDPInterface.name)#udp-socket")
        incomingDatagramStream = try linker.resourceType("\(UDPInterface.name)#incoming-datagram-stream")
        outgoingDatagramStream = try linker.resourceType("\(UDPInterface.name)#outgoing-datagram-stream")
        resolveAddressStream = try linker.resourceType("\(IPNameLookupInterface.name)#resolve-address-stream")
    }
}
