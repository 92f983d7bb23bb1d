import Foundation
import Testing
import WASIHost
@testable import WASIIO

/// Which writes past `check-write`'s permit a guest is let through with
/// (`OutputStreamObject.takePermit`): those that leave nothing waiting in host memory.
struct WritePermitTests {
    func scratchFile() throws -> (path: String, fd: Int32) {
        let path = NSTemporaryDirectory() + "wippy-permit-" + UUID().uuidString
        let fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
        #expect(fd >= 0)
        return (path, fd)
    }

    @Test func aFileTakesLargeWritesWithoutAPermitAndZeroesAreNotAllocatedAtOnce() throws {
        let file = try scratchFile()
        defer { unlink(file.path) }
        let stream = FileOutputStream(file: SharedDescriptor(fd: file.fd), offset: 0, append: false)
        let object = OutputStreamObject(stream)
        // 4 MiB is four times what check-write suggests; a file writes it through.
        try object.takePermit(4 << 20)
        try writeZeroes(stream, (3 << 20) + 5)
        var info = stat()
        #expect(stat(file.path, &info) == 0 && info.st_size == (3 << 20) + 5)
    }

    @Test func aStreamThatHoldsWritesRefusesOnesItHasNoRoomFor() throws {
        let fds = stalledPipe()
        defer { close(fds.read); close(fds.write) }
        let object = OutputStreamObject(DescriptorOutputStream(fd: fds.write, owned: false))
        // The stream's buffer is 1 MiB: that much is let through without a permit, not more.
        try object.takePermit(1 << 20)
        #expect(throws: WriteBeyondPermit.self) { try object.takePermit((1 << 20) + 1) }
        // A permit is used up by writes, whatever the room.
        object.permitted(100)
        try object.takePermit(60)
        try object.takePermit(40)
        #expect(object.permit == 0)
    }
}
