import Logging
import NIOCore
import NIOPosix
import PaxServer
import PostgresNIO
import Synchronization

/// A few PostgreSQL connections used from synchronous code: `ExchangeStore` is synchronous (the
/// live agency runs on its own blocking executor), so each call takes an idle connection, runs
/// its statements and waits for their futures. The waiting happens on the caller's thread; the
/// connections' I/O runs on NIO's event loops, never on Swift's cooperative pool, so a blocked
/// caller cannot starve the work it waits for.
final class BlockingPostgresPool: Sendable {
    let location: PostgresLocation
    let logger: Logger
    private let idle = Mutex<[PostgresConnection]>([])
    private let nextId = Atomic<Int>(0)
    private let closed = Atomic<Bool>(false)
    /// Connections kept for reuse; more may be open while many callers overlap.
    private let keep: Int

    init(location: PostgresLocation, keep: Int = 4, logger: Logger) {
        self.location = location
        self.keep = max(1, keep)
        self.logger = logger
    }

    deinit {
        close()
    }

    /// Closes every idle connection; later calls fail.
    func close() {
        closed.store(true, ordering: .sequentiallyConsistent)
        let connections = idle.withLock { connections in
            defer { connections.removeAll() }
            return connections
        }
        for connection in connections { try? connection.close().wait() }
    }

    /// Runs `body` on one connection (taken from the idle ones or newly opened). A connection
    /// that failed is closed instead of being reused.
    func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        guard !closed.load(ordering: .sequentiallyConsistent) else { throw PostgresStoreError.io("the store is closed") }
        let connection = try idle.withLock { $0.popLast() } ?? open()
        do {
            let result = try body(connection)
            giveBack(connection)
            return result
        } catch {
            if connection.isClosed {
                try? connection.close().wait()
            } else {
                giveBack(connection)
            }
            throw error
        }
    }

    /// Runs `body` in one transaction (`BEGIN` … `COMMIT`); any throw rolls back.
    func transaction<T>(_ isolation: Isolation = .readCommitted, _ body: (PostgresConnection) throws -> T) throws -> T {
        try withConnection { connection in
            try run(PostgresQuery(unsafeSQL: "BEGIN ISOLATION LEVEL " + isolation.rawValue), on: connection)
            do {
                let result = try body(connection)
                try run("COMMIT", on: connection)
                return result
            } catch {
                if !connection.isClosed { _ = try? connection.query("ROLLBACK", logger: logger).wait() }
                throw error
            }
        }
    }

    /// The isolation levels the store uses: read committed for writes (row locks and unique
    /// constraints do the serialising), repeatable read for a consistent snapshot.
    enum Isolation: String {
        case readCommitted = "READ COMMITTED"
        case repeatableRead = "REPEATABLE READ"
    }

    /// Runs one statement and collects its rows.
    @discardableResult
    func run(_ query: PostgresQuery, on connection: PostgresConnection) throws -> PostgresQueryResult {
        try connection.query(query, logger: logger).wait()
    }

    private func giveBack(_ connection: PostgresConnection) {
        let extra: PostgresConnection? = idle.withLock { connections in
            guard !closed.load(ordering: .sequentiallyConsistent), connections.count < keep else { return connection }
            connections.append(connection)
            return nil
        }
        if let extra { try? extra.close().wait() }
    }

    private func open() throws -> PostgresConnection {
        let configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: .disable)
        let id = nextId.wrappingAdd(1, ordering: .relaxed).newValue
        do {
            return try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration,
                                                  id: id, logger: logger).wait()
        } catch {
            throw PostgresStoreError.io("cannot connect to \(location): \(PostgresStoreErrorText.describe(error))")
        }
    }
}

/// Readable text for errors from PostgresNIO (whose `description` hides the server's message).
enum PostgresStoreErrorText {
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                let code = error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
                return message + code
            }
            return "\(error.code)"
        }
        return "\(error)"
    }

    /// The SQLSTATE of a server error, if it is one.
    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }
}
