/// Where an agency's PostgreSQL database is: parsed from `postgres://user[:password]@host[:port]/database`
/// (the configuration's `"database"` value) or given field by field (`"postgres": {...}`).
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    /// Nil for trust or peer authentication; never printed.
    public var password: String?
    public var database: String

    public init(host: String, port: Int = 5432, user: String, password: String? = nil, database: String) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
    }

    /// Parses a `postgres://` (or `postgresql://`) URL; throws naming what is wrong.
    public init(url text: String) throws(PostgresStoreError) {
        let schemes = ["postgres://", "postgresql://"]
        guard let scheme = schemes.first(where: { text.hasPrefix($0) }) else {
            throw .configuration("database URL '\(Self.redacted(text))' must start with postgres:// or postgresql://")
        }
        let rest = text.dropFirst(scheme.count)
        guard let at = rest.lastIndex(of: "@") else {
            throw .configuration("database URL '\(Self.redacted(text))' names no user (postgres://USER@HOST:PORT/DATABASE)")
        }
        let credentials = rest[..<at]
        let address = rest[rest.index(after: at)...]
        let userPart: Substring
        if let colon = credentials.firstIndex(of: ":") {
            userPart = credentials[..<colon]
            password = String(credentials[credentials.index(after: colon)...]).removingPercentEncodingSafely
        } else {
            userPart = credentials
            password = nil
        }
        guard !userPart.isEmpty else { throw .configuration("database URL '\(Self.redacted(text))' has an empty user name") }
        user = String(userPart).removingPercentEncodingSafely
        guard let slash = address.firstIndex(of: "/") else {
            throw .configuration("database URL '\(Self.redacted(text))' names no database (postgres://USER@HOST:PORT/DATABASE)")
        }
        let hostPort = address[..<slash]
        let name = address[address.index(after: slash)...]
        guard !name.isEmpty, !name.contains("/"), !name.contains("?") else {
            throw .configuration("database URL '\(Self.redacted(text))': '\(name)' is not a database name")
        }
        database = String(name)
        if let colon = hostPort.lastIndex(of: ":"), !hostPort.hasSuffix("]") {
            guard let number = Int(hostPort[hostPort.index(after: colon)...]), (1 ... 65_535).contains(number) else {
                throw .configuration("database URL '\(Self.redacted(text))': the port must be a number from 1 to 65535")
            }
            port = number
            host = String(hostPort[..<colon])
        } else {
            port = 5432
            host = String(hostPort)
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw .configuration("database URL '\(Self.redacted(text))' names no host") }
    }

    /// The URL without its password (for logs and messages).
    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(user)\(password == nil ? "" : ":***")@\(shownHost):\(port)/\(database)"
    }

    /// `text` with any password replaced, for error messages.
    static func redacted(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://"), let at = text.lastIndex(of: "@"), schemeEnd.upperBound < at else { return text }
        let credentials = text[schemeEnd.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }
}

extension String {
    /// Decodes `%XX` escapes (a password may hold `@` or `:`); leaves malformed escapes as they are.
    var removingPercentEncodingSafely: String {
        var bytes: [UInt8] = []
        var utf8 = Array(self.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
               let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
