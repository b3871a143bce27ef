public import Foundation
import Synchronization

/// A throwaway PostgreSQL cluster for tests: `initdb` in a temporary directory, a free loopback
/// port, `pg_ctl start`, and `pg_ctl stop` plus removal of the directory when the test process
/// exits. One cluster per test process (`shared()`); each test takes its own database from it
/// (`makeDatabase`), so tests stay independent and fast.
///
/// PostgreSQL refuses to run as root: when the tests run as root, the server programs run as
/// the `postgres` system user (`runuser`) on a directory that user owns. When the server
/// programs are missing, `shared()` throws with the one line that installs them: a test that
/// needs PostgreSQL fails, it is never skipped silently.
public final class PostgresCluster: Sendable {
    /// The loopback port the server listens on.
    public let port: Int
    /// The superuser that tests connect as (trust authentication on loopback only).
    public let user = "postgres"
    let directory: URL
    let binaries: URL
    let runAsPostgresUser: Bool
    private let databaseCounter = Mutex(0)

    /// The cluster of this test process, started on first use.
    public static func shared() throws -> PostgresCluster {
        try sharedCluster.withLock { state in
            switch state {
            case .running(let cluster): return cluster
            case .failed(let message): throw PostgresClusterError(message)
            case .none:
                do {
                    let cluster = try PostgresCluster()
                    state = .running(cluster)
                    atexit { PostgresCluster.stopShared() }
                    return cluster
                } catch {
                    state = .failed("\(error)")
                    throw error
                }
            }
        }
    }

    private enum SharedState: Sendable {
        case none
        case running(PostgresCluster)
        case failed(String)
    }
    private static let sharedCluster = Mutex<SharedState>(.none)

    private static func stopShared() {
        let cluster: PostgresCluster? = sharedCluster.withLock { state in
            if case .running(let cluster) = state { return cluster }
            return nil
        }
        cluster?.stop()
    }

    /// A `postgres://` URL for database `name` on this cluster.
    public func url(database name: String) -> String {
        "postgres://\(user)@127.0.0.1:\(port)/\(name)"
    }

    /// Creates a new, empty database with a unique name starting with `prefix`; returns its name.
    public func makeDatabase(prefix: String = "t") throws(PostgresClusterError) -> String {
        let number = databaseCounter.withLock { value in
            value += 1
            return value
        }
        let clean = prefix.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        let name = "\(clean.isEmpty ? "t" : clean)_\(number)"
        try run(binaries.appendingPathComponent("createdb").path,
                ["-h", "127.0.0.1", "-p", String(port), "-U", user, name], asPostgres: false)
        return name
    }

    /// Runs one SQL statement through `psql` (for tests that need a second, independent session).
    public func psql(_ sql: String, database: String) throws(PostgresClusterError) -> String {
        try run(binaries.appendingPathComponent("psql").path,
                ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port), "-U", user,
                 "-d", database, "-c", sql], asPostgres: false)
    }

    /// Starts `psql` running `sql` in the background (a session that holds a lock for a while);
    /// wait for it with `BackgroundProgram.wait()`.
    public func psqlInBackground(_ sql: String, database: String) throws(PostgresClusterError) -> BackgroundProgram {
        try BackgroundProgram.start(binaries.appendingPathComponent("psql").path,
                                    ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port), "-U", user,
                                     "-d", database, "-c", sql], outputPath: "/dev/null")
    }

    private init() throws(PostgresClusterError) {
        guard let binaries = Self.findBinaries() else {
            throw PostgresClusterError(
                "PostgreSQL server programs (initdb, pg_ctl, postgres) not found in /usr/lib/postgresql/*/bin: install them with `apt-get install -y postgresql`")
        }
        self.binaries = binaries
        runAsPostgresUser = geteuid() == 0
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("paxsim-pg-\(getpid())-\(UInt32.random(in: 0 ... .max))")
        directory = base
        port = try Self.freePort()
        let data = base.appendingPathComponent("data").path
        do {
            try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        } catch {
            throw PostgresClusterError("cannot create \(base.path): \(error)")
        }
        if runAsPostgresUser {
            try run("/bin/chown", ["postgres:postgres", base.path], asPostgres: false)
        }
        try run(binaries.appendingPathComponent("initdb").path,
                ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"], asPostgres: true)
        // Loopback only; the socket directory inside the temporary directory; fsync on (the
        // tests are about durability).
        let options = "-c listen_addresses=127.0.0.1 -p \(port) -k \(base.path) -c max_connections=200 -c shared_buffers=32MB"
        try run(binaries.appendingPathComponent("pg_ctl").path,
                ["-D", data, "-l", base.appendingPathComponent("server.log").path, "-o", options, "-w", "-t", "60", "start"],
                asPostgres: true)
    }

    /// Stops the server at once and removes its directory.
    public func stop() {
        _ = try? run(binaries.appendingPathComponent("pg_ctl").path,
                     ["-D", directory.appendingPathComponent("data").path, "-m", "immediate", "-w", "stop"], asPostgres: true)
        try? FileManager.default.removeItem(at: directory)
    }

    private static func findBinaries() -> URL? {
        let root = URL(fileURLWithPath: "/usr/lib/postgresql")
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? [])
            .compactMap(Int.init).sorted(by: >)
        for version in versions {
            let bin = root.appendingPathComponent("\(version)/bin")
            if ["initdb", "pg_ctl", "postgres", "createdb", "psql"].allSatisfy({
                FileManager.default.isExecutableFile(atPath: bin.appendingPathComponent($0).path)
            }) { return bin }
        }
        return nil
    }

    /// A loopback TCP port nobody listens on right now.
    public static func freePort() throws(PostgresClusterError) -> Int {
        do { return try FreePort.find() } catch { throw PostgresClusterError("\(error)") }
    }

    /// Runs a program to completion; throws with its output when it fails. (Spawned and reaped
    /// directly: Foundation's `Process.waitUntilExit` can miss the exit of a program whose child
    /// lives on, as `pg_ctl start`'s server does.)
    @discardableResult
    private func run(_ program: String, _ arguments: [String], asPostgres: Bool) throws(PostgresClusterError) -> String {
        let outputPath = directoryForOutput.appendingPathComponent("out-\(UInt64.random(in: 0 ... .max))").path
        defer { unlink(outputPath) }
        let spawned: BackgroundProgram
        if asPostgres && runAsPostgresUser {
            spawned = try BackgroundProgram.start("/usr/sbin/runuser", ["-u", "postgres", "--", program] + arguments, outputPath: outputPath)
        } else {
            spawned = try BackgroundProgram.start(program, arguments, outputPath: outputPath)
        }
        let status = spawned.wait()
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw PostgresClusterError("\(URL(fileURLWithPath: program).lastPathComponent) \(arguments.joined(separator: " ")) failed (exit \(status)): \(text)")
        }
        return text
    }

    /// Where program output is collected (readable by this process whoever runs the program).
    private var directoryForOutput: URL { FileManager.default.temporaryDirectory }
}

/// A program started with `posix_spawn`, its output to a file; `wait()` reaps it with `waitpid`.
public struct BackgroundProgram: Sendable {
    public let pid: pid_t

    static func start(_ program: String, _ arguments: [String], outputPath: String) throws(PostgresClusterError) -> BackgroundProgram {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o666)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, program, &actions, nil, argv, environ)
        guard result == 0 else { throw PostgresClusterError("cannot run \(program): \(String(cString: strerror(result)))") }
        return BackgroundProgram(pid: pid)
    }

    /// Waits for the program to end; its exit status (or 128 + signal).
    @discardableResult
    public func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}

/// The test cluster could not be started or used; the message says what to do.
public struct PostgresClusterError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
