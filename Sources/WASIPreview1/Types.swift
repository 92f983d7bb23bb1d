import WASIHost

/// Constants and record layouts of the `wasi_snapshot_preview1` ABI (witx).
enum P1 {
    // filetype
    static let filetypeUnknown: UInt8 = 0
    static let filetypeBlockDevice: UInt8 = 1
    static let filetypeCharacterDevice: UInt8 = 2
    static let filetypeDirectory: UInt8 = 3
    static let filetypeRegularFile: UInt8 = 4
    static let filetypeSocketDgram: UInt8 = 5
    static let filetypeSocketStream: UInt8 = 6
    static let filetypeSymbolicLink: UInt8 = 7

    // fdflags
    static let fdflagAppend: UInt16 = 1
    static let fdflagDsync: UInt16 = 2
    static let fdflagNonblock: UInt16 = 4
    static let fdflagRsync: UInt16 = 8
    static let fdflagSync: UInt16 = 16

    // oflags
    static let oflagCreat: UInt16 = 1
    static let oflagDirectory: UInt16 = 2
    static let oflagExcl: UInt16 = 4
    static let oflagTrunc: UInt16 = 8

    // lookupflags
    static let lookupSymlinkFollow: UInt32 = 1

    // fstflags
    static let fstAtim: UInt16 = 1
    static let fstAtimNow: UInt16 = 2
    static let fstMtim: UInt16 = 4
    static let fstMtimNow: UInt16 = 8

    // eventtype
    static let eventClock: UInt8 = 0
    static let eventFDRead: UInt8 = 1
    static let eventFDWrite: UInt8 = 2

    // subclockflags
    static let subscriptionClockAbstime: UInt16 = 1

    // rights
    static let rightFDDatasync: UInt64 = 1 << 0
    static let rightFDRead: UInt64 = 1 << 1
    static let rightFDSeek: UInt64 = 1 << 2
    static let rightFDFdstatSetFlags: UInt64 = 1 << 3
    static let rightFDSync: UInt64 = 1 << 4
    static let rightFDTell: UInt64 = 1 << 5
    static let rightFDWrite: UInt64 = 1 << 6
    static let rightFDAdvise: UInt64 = 1 << 7
    static let rightFDAllocate: UInt64 = 1 << 8
    static let rightPathCreateDirectory: UInt64 = 1 << 9
    static let rightPathCreateFile: UInt64 = 1 << 10
    static let rightPathLinkSource: UInt64 = 1 << 11
    static let rightPathLinkTarget: UInt64 = 1 << 12
    static let rightPathOpen: UInt64 = 1 << 13
    static let rightFDReaddir: UInt64 = 1 << 14
    static let rightPathReadlink: UInt64 = 1 << 15
    static let rightPathRenameSource: UInt64 = 1 << 16
    static let rightPathRenameTarget: UInt64 = 1 << 17
    static let rightPathFilestatGet: UInt64 = 1 << 18
    static let rightPathFilestatSetSize: UInt64 = 1 << 19
    static let rightPathFilestatSetTimes: UInt64 = 1 << 20
    static let rightFDFilestatGet: UInt64 = 1 << 21
    static let rightFDFilestatSetSize: UInt64 = 1 << 22
    static let rightFDFilestatSetTimes: UInt64 = 1 << 23
    static let rightPathSymlink: UInt64 = 1 << 24
    static let rightPathRemoveDirectory: UInt64 = 1 << 25
    static let rightPathUnlinkFile: UInt64 = 1 << 26
    static let rightPollFDReadwrite: UInt64 = 1 << 27
    static let rightSockShutdown: UInt64 = 1 << 28
    static let rightSockAccept: UInt64 = 1 << 29
    static let rightsAll: UInt64 = (1 << 30) - 1

    /// Rights a regular file may have.
    static let rightsFile: UInt64 = rightFDDatasync | rightFDRead | rightFDSeek | rightFDFdstatSetFlags
        | rightFDSync | rightFDTell | rightFDWrite | rightFDAdvise | rightFDAllocate | rightFDFilestatGet
        | rightFDFilestatSetSize | rightFDFilestatSetTimes | rightPollFDReadwrite
    /// Rights a directory may have.
    static let rightsDirectory: UInt64 = rightFDFdstatSetFlags | rightFDSync | rightFDAdvise
        | rightPathCreateDirectory | rightPathCreateFile | rightPathLinkSource | rightPathLinkTarget
        | rightPathOpen | rightFDReaddir | rightPathReadlink | rightPathRenameSource | rightPathRenameTarget
        | rightPathFilestatGet | rightPathFilestatSetSize | rightPathFilestatSetTimes | rightFDFilestatGet
        | rightFDFilestatSetTimes | rightPathSymlink | rightPathRemoveDirectory | rightPathUnlinkFile
        | rightPollFDReadwrite
    /// Rights of a standard stream, whatever host file backs it: reading or writing, its
    /// attributes and polling; nothing that changes the host file or its shared flags.
    static let rightsStream: UInt64 = rightFDRead | rightFDWrite | rightFDFilestatGet | rightPollFDReadwrite

    /// The WASI `filetype` of a host file kind.
    static func filetype(_ kind: FileKind) -> UInt8 {
        switch kind {
        case .unknown, .fifo: return filetypeUnknown
        case .blockDevice: return filetypeBlockDevice
        case .characterDevice: return filetypeCharacterDevice
        case .directory: return filetypeDirectory
        case .regularFile: return filetypeRegularFile
        case .socketDatagram: return filetypeSocketDgram
        case .socketStream: return filetypeSocketStream
        case .symbolicLink: return filetypeSymbolicLink
        }
    }

    // Record sizes.
    static let iovecSize = 8
    static let fdstatSize = 24
    static let filestatSize = 64
    static let prestatSize = 8
    static let direntHeaderSize = 24
    static let subscriptionSize = 48
    static let eventSize = 32
}
