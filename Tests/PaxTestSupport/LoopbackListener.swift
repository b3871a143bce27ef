import Foundation
import Synchronization

/// A TCP listener on 127.0.0.1 that counts connection attempts: proof that a document made us
/// fetch nothing. Accepts in a background thread until stopped.
public final class LoopbackListener: Sendable {
    public let port: UInt16
    private let socketFD: Int32
    private let connections = Mutex(0)
    private let running = Mutex(true)
    private let finished = DispatchSemaphore(value: 0)

    public init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = UInt16(bigEndian: actual.sin_port)
        socketFD = fd
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    private func acceptLoop() {
        while running.withLock({ $0 }) {
            var poller = pollfd(fd: socketFD, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, 20) > 0 {
                let client = accept(socketFD, nil, nil)
                if client >= 0 {
                    connections.withLock { $0 += 1 }
                    close(client)
                }
            }
        }
        finished.signal()
    }

    /// Connections accepted so far.
    public var connectionCount: Int { connections.withLock { $0 } }

    /// Stops listening (after a short grace period for late connections) and returns the count.
    public func stop() -> Int {
        Thread.sleep(forTimeInterval: 0.1)
        running.withLock { $0 = false }
        finished.wait()
        close(socketFD)
        return connectionCount
    }
}
