import Crypto
import Foundation
import Synchronization

/// One logged-in operator.
struct ConsoleSession: Sendable, Equatable {
    let id: String
    /// The name the operator gave at login: the actor of every audit record they cause.
    let operatorName: String
    let expires: ContinuousClock.Instant
    /// The value every state-changing form must carry: HMAC(token-derived key, session id).
    let csrf: String
}

/// Sessions of the console: a random id in an HttpOnly, SameSite=Strict cookie (and Secure on a
/// console served over TLS, so the browser never sends it over plain HTTP), kept in memory (a
/// restart logs everyone out), each with its CSRF value derived from the operator token.
final class ConsoleSessions: Sendable {
    static let cookieName = "paxsim_console"
    static let lifetime: Duration = .seconds(8 * 3_600)
    static let maxSessions = 1_000

    private let token: OperatorToken
    /// The cookie carries `Secure` (the console is served over TLS).
    let secure: Bool
    private let sessions = Mutex<[String: ConsoleSession]>([:])

    init(token: OperatorToken, secure: Bool = false) {
        self.token = token
        self.secure = secure
    }

    /// Opens a session for `operatorName` (the token was checked by the caller).
    func open(operatorName: String) -> ConsoleSession {
        var random = SystemRandomNumberGenerator()
        let id = OperatorToken.hex((0..<32).map { _ in UInt8.random(in: 0...255, using: &random) })
        let mac = HMAC<SHA256>.authenticationCode(for: Array("csrf|\(id)".utf8), using: SymmetricKey(data: token.csrfKey))
        let session = ConsoleSession(id: id, operatorName: operatorName, expires: .now + Self.lifetime,
                                     csrf: OperatorToken.hex(Array(mac)))
        sessions.withLock { table in
            let now = ContinuousClock.now
            table = table.filter { $0.value.expires > now }
            if table.count >= Self.maxSessions, let oldest = table.min(by: { $0.value.expires < $1.value.expires }) {
                table[oldest.key] = nil
            }
            table[id] = session
        }
        return session
    }

    /// The live session a cookie header names, if any.
    func session(cookieHeader: String?) -> ConsoleSession? {
        guard let id = Self.cookie(Self.cookieName, in: cookieHeader), id.utf8.count == 64 else { return nil }
        return sessions.withLock { table in
            guard let session = table[id] else { return nil }
            guard session.expires > .now else {
                table[id] = nil
                return nil
            }
            return session
        }
    }

    func close(_ session: ConsoleSession) {
        _ = sessions.withLock { $0.removeValue(forKey: session.id) }
    }

    /// The value of cookie `name` in a `Cookie` header.
    static func cookie(_ name: String, in header: String?) -> String? {
        guard let header else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces)
            guard let equals = pair.firstIndex(of: "=") else { continue }
            if pair[..<equals] == name { return String(pair[pair.index(after: equals)...]) }
        }
        return nil
    }

    /// The `Set-Cookie` value for a session.
    func setCookie(_ session: ConsoleSession) -> String {
        "\(Self.cookieName)=\(session.id); Path=/; HttpOnly; SameSite=Strict\(secure ? "; Secure" : ""); Max-Age=\(8 * 3_600)"
    }

    /// The `Set-Cookie` value that ends the session in the browser.
    var clearCookie: String { "\(Self.cookieName)=; Path=/; HttpOnly; SameSite=Strict\(secure ? "; Secure" : ""); Max-Age=0" }
}
