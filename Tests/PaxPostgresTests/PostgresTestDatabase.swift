import Foundation
import PaxPostgres
import PaxServer
import PaxTestSupport

/// A fresh database on the test process's one PostgreSQL cluster, and stores (instances) over it.
struct PostgresTestDatabase {
    let cluster: PostgresCluster
    let name: String

    init(_ prefix: String) throws {
        cluster = try PostgresCluster.shared()
        name = try cluster.makeDatabase(prefix: prefix)
    }

    var location: PostgresLocation {
        PostgresLocation(host: "127.0.0.1", port: cluster.port, user: cluster.user, database: name)
    }

    /// A store instance over this database.
    func store(instance: String = "a", now: @escaping @Sendable () -> Date = { Date() }) throws -> PostgresExchangeStore {
        try PostgresExchangeStore(location: location, instance: instance, now: now)
    }

    /// One SQL statement in a separate session (psql), its output trimmed.
    func sql(_ statement: String) throws -> String {
        try cluster.psql(statement, database: name).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
