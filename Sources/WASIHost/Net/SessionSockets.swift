extension WASISession {
    /// The number of sockets the guest holds open now.
    public var openSocketCount: Int { socketLedger.open }

    /// Whether the guest may hold one more socket (a connection a listener would accept).
    public var canOpenSocket: Bool { network.allowed && socketLedger.open < network.maxOpenSockets }

    /// Opens a non-blocking socket for the guest: ``NetworkError/accessDenied`` when the
    /// network is not granted, ``NetworkError/newSocketLimit`` when the guest already holds
    /// `network.maxOpenSockets` (accepted connections count too).
    public func openSocket(_ family: AddressFamily, _ kind: SocketKind) throws(NetworkError) -> NetSocket {
        guard network.allowed else { throw .accessDenied }
        guard socketLedger.open < network.maxOpenSockets else { throw .newSocketLimit }
        return try NetSocket.make(family, kind, ledger: socketLedger)
    }
}
