import Foundation
import Hummingbird
import PaxExchange
import Synchronization
@testable import PaxServer

/// Keys of two peers of US-CBP and signed request heads made with them, for HTTP-level tests.
struct TestPeers {
    let sv = SigningKey.random()
    let gt = SigningKey.random()

    var keys: [String: VerificationKey] { ["SV-DGME": sv.publicKey, "GT-IGM": gt.publicKey] }

    func key(_ sender: String) -> SigningKey { sender == "GT-IGM" ? gt : sv }

    /// The `Pax-*` header fields of `body` signed by `sender` (with `key` if given: a forgery).
    func fields(_ body: [UInt8], sender: String = "SV-DGME", key: SigningKey? = nil, id: String = "m-\(UUID().uuidString)",
                receiver: String = "US-CBP", createdAt: ExchangeTime = LiveAgency.now()) throws -> [(String, String)] {
        try SignedMessage.signed(messageId: id, correlationId: "", sender: sender, receiver: receiver, createdAt: createdAt,
                                 payload: body, key: key ?? self.key(sender)).headerFields
    }

    func headers(_ body: [UInt8], sender: String = "SV-DGME", key: SigningKey? = nil, id: String = "m-\(UUID().uuidString)",
                 receiver: String = "US-CBP", extra: [(String, String)] = []) throws -> HTTPFields {
        var headers = HTTPFields()
        for (name, value) in try fields(body, sender: sender, key: key, id: id, receiver: receiver) + extra {
            headers[.init(name)!] = value
        }
        return headers
    }
}

/// An intake that authenticates heads for real (US-CBP with `TestPeers`' keys) and records
/// what reaches it, answering 202 with the body size.
final class RecordingIntake: MessageIntake {
    let authenticator: HeadAuthenticator
    let submissions = Mutex<[SignedMessage]>([])
    let statusQueries = Mutex<[(String, String)]>([])
    let authentications = Mutex(0)

    init(peers: TestPeers) {
        authenticator = HeadAuthenticator(me: "US-CBP", keys: peers.keys, timing: .standard)
    }

    func authenticate(fields: [(String, String)], operator: Bool) -> IntakeVerdict<AuthenticatedHead> {
        authentications.withLock { $0 += 1 }
        switch authenticator.authenticate(fields, now: LiveAgency.now()) {
        case .success(let head): return .authenticated(head)
        case .failure(let rejection): return .refused(code: rejection.reason.rawValue, ExchangeIntake.refusal(rejection))
        }
    }

    func submit(_ authenticated: AuthenticatedMessage, operator: Bool) async -> IntakeResponse {
        let message = authenticated.message
        submissions.withLock { $0.append(message) }
        return IntakeResponse(status: 202, contentType: "text/plain", body: Array("received \(message.payload.count) bytes".utf8),
                              headers: ["X-PaxSim-Message-Id": message.messageId])
    }

    /// Status queries: "signed" by naming a known peer and `x-test-status: ok`.
    func authenticateStatusQuery(messageId: String, headers: [String: String], operator: Bool) -> IntakeVerdict<String> {
        guard let sender = headers["pax-sender"], authenticator.keys[sender] != nil, headers["x-test-status"] == "ok" else {
            return .refused(code: "bad-signature", ExchangeIntake.error(401, "bad-signature", "test query not signed"))
        }
        return .authenticated(sender)
    }

    func status(messageId: String, asker: String) async -> IntakeResponse {
        statusQueries.withLock { $0.append((messageId, asker)) }
        if messageId == "known-1" { return IntakeResponse(status: 200, contentType: "text/plain", body: Array("accepted".utf8)) }
        return IntakeResponse(status: 404, contentType: "text/plain", body: Array("unknown".utf8))
    }
}

/// A raw TCP connection to 127.0.0.1, for what an HTTP client library would not do (stop
/// sending, drip bytes, hold connections open). Its blocking calls run off the cooperative
/// pool (`off`), so a test waiting on a socket never starves the server it talks to.
final class RawConnection: @unchecked Sendable {
    // @unchecked: it wraps one socket descriptor, used by one test at a time.
    let socket: Int32

    /// A connection to 127.0.0.1:`port`, from the loopback address `source` when given.
    init(port: Int, source: String? = nil) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw POSIXError(.EIO) }
        if let source {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            local.sin_addr.s_addr = inet_addr(source)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else {
                close(socket)
                throw POSIXError(.EADDRNOTAVAIL)
            }
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(socket)
            throw POSIXError(.ECONNREFUSED)
        }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(socket) }

    /// False once the peer has closed the connection.
    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    /// What arrives within `milliseconds` (until the connection closes or goes quiet), or nil.
    func read(wait milliseconds: Int32) -> String? {
        var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, milliseconds) > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = recv(socket, &buffer, buffer.count, 0)
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : nil
    }

    /// True when the server has closed the connection (a read returns end of file) within `milliseconds`.
    func isClosed(wait milliseconds: Int32) -> Bool {
        var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        let deadline = ContinuousClock.now + .milliseconds(Int(milliseconds))
        while ContinuousClock.now < deadline {
            guard poll(&poller, 1, 50) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 65_536)
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { return true }
        }
        return false
    }

    /// How long a test waits for an answer it expects: generous, because the whole suite shares two
    /// cores and a cooperative pool that other tests can keep busy for seconds. A wait ends as soon
    /// as the answer (or the close) arrives, so this costs nothing when all is well.
    static let answerWait: Int32 = 30_000

    /// Runs blocking socket work on a thread of its own.
    static func off<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
        }
    }

    /// One request on a fresh connection; the response's first bytes.
    static func exchange(port: Int, head: String, body: [UInt8]) async throws -> String {
        try await off {
            let connection = try RawConnection(port: port)
            connection.send(Array(head.utf8) + body)
            return connection.read(wait: answerWait) ?? ""
        }
    }

    /// A request head in HTTP/1.1 text.
    static func head(_ method: String = "POST", path: String = "/messages", fields: [(String, String)]) -> String {
        "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n" + fields.map { "\($0.0): \($0.1)\r\n" }.joined() + "\r\n"
    }
}
