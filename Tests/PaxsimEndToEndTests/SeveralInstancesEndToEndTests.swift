import Foundation
import GRDB
import PaxTestSupport
import Testing

/// Two US-CBP instances (real `paxsim agency serve` processes) on one throwaway PostgreSQL
/// cluster, SV-DGME (SQLite) sending them manifests, once reaching them by client-side
/// failover between their two URLs and once through HAProxy. Each run sends two batches: during
/// the first, instance us-1 is killed with SIGKILL (once it has processed a third of the batch:
/// a count observed in the database, not a time); us-1 is restarted, and during the second
/// batch us-2 is killed and restarted the same way. Every manifest must be assessed, none
/// processed twice (one inbox row and one `manifest-accepted` audit record each), both
/// instances must have processed some, and the one audit chain must verify.
///
/// Batch size: the figure is 1,000 manifests. Here each batch is 150 manifests of 3
/// travellers (300 per run, 600 for both runs): with a debug build, the whole test suite in
/// parallel on 2 loaded cores and two SIGKILL takeovers (3 s outbox leases) per run, that keeps
/// each run well under a minute, and a third of a batch still leaves most of it in flight
/// when an instance dies. The same code path handles any count; the lead's release benchmark
/// runs the larger figures.
@Suite("Several instances on PostgreSQL end to end", .serialized)
struct SeveralInstancesEndToEndTests {
    static let batch = 150

    @Test("client-side failover between two US-CBP instances: kill -9 of each in turn, every manifest assessed once, one intact audit chain")
    func clientSideFailover() async throws {
        let observed = try await Self.offPool { try Scenario(throughHAProxy: false).run() }
        Self.check(observed)
    }

    @Test("HAProxy in front of two US-CBP instances: kill -9 of each in turn, every manifest assessed once, one intact audit chain")
    func behindHAProxy() async throws {
        let observed = try await Self.offPool { try Scenario(throughHAProxy: true).run() }
        Self.check(observed)
    }

    static func check(_ observed: Observations) {
        let total = 2 * batch
        #expect(observed.failures.isEmpty, "\(observed.failures)")
        for (phase, count) in observed.processedAtKill.enumerated() {
            #expect(count > 0 && count < batch, "phase \(phase + 1): the instance was killed after \(count) of \(batch) manifests")
        }
        #expect(observed.senderStates.count == total, "\(observed.senderStates.count) manifests at SV-DGME")
        let unassessed = observed.senderStates.filter { $0.value != "assessed" }
        #expect(unassessed.isEmpty, "not assessed: \(unassessed.sorted { $0.key < $1.key }.prefix(10))")
        #expect(observed.inboxManifests == total, "inbox rows for SV-DGME's manifests: \(observed.inboxManifests)")
        #expect(observed.acceptedRecords == total && observed.acceptedDistinct == total,
                "manifest-accepted audit records: \(observed.acceptedRecords), distinct messages: \(observed.acceptedDistinct)")
        #expect(observed.instances.isSuperset(of: ["us-1", "us-2"]), "instances that processed manifests: \(observed.instances)")
        #expect(observed.auditVerify.status == 0 && observed.auditVerify.stdout.contains("intact"), "\(observed.auditVerify.all)")
        #expect(observed.auditInstances.isSuperset(of: ["us-1", "us-2"]), "instances named in the audit chain: \(observed.auditInstances)")
    }

    /// What one run saw (checked on the test's task; the run itself blocks a thread of its own).
    struct Observations: Sendable {
        var failures: [String] = []
        var processedAtKill: [Int] = []
        var senderStates: [String: String] = [:]
        var inboxManifests = 0
        var acceptedRecords = 0
        var acceptedDistinct = 0
        var instances: Set<String> = []
        var auditInstances: Set<String> = []
        var auditVerify = Paxsim.Result(status: -1, stdout: "", stderr: "")
    }

    /// Runs `body` on a thread of its own: it waits for processes and polls databases.
    static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try body() })
            }
        }
    }

    /// One run: the cluster's database, keys, configurations, processes (and HAProxy).
    final class Scenario {
        let throughHAProxy: Bool
        let directory: URL
        let cluster: PostgresCluster
        let database: String
        let ports: (sv: Int, us1: Int, us2: Int, proxy: Int)
        var us1: AgencyProcess?
        var us2: AgencyProcess?
        var sv: AgencyProcess?
        var haproxy: Process?

        init(throughHAProxy: Bool) throws {
            self.throughHAProxy = throughHAProxy
            cluster = try PostgresCluster.shared()
            database = try cluster.makeDatabase(prefix: throughHAProxy ? "us_cbp_proxy" : "us_cbp_failover")
            directory = try Paxsim.temporaryDirectory()
            ports = (try FreePort.find(), try FreePort.find(), try FreePort.find(), try FreePort.find())
        }

        deinit {
            us1?.stop()
            us2?.stop()
            sv?.stop()
            if let haproxy, haproxy.isRunning {
                haproxy.terminate()
                haproxy.waitUntilExit()
            }
            try? FileManager.default.removeItem(at: directory)
        }

        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

        func run() throws -> Observations {
            var observed = Observations()
            try writeKeysAndConfigurations()
            if throughHAProxy { try startHAProxy() }
            let us1 = AgencyProcess(name: "US-CBP us-1", configPath: path("us-1.json"))
            let us2 = AgencyProcess(name: "US-CBP us-2", configPath: path("us-2.json"))
            let sv = AgencyProcess(name: "SV-DGME", configPath: path("SV-DGME.json"))
            self.us1 = us1
            self.us2 = us2
            self.sv = sv
            for process in [us1, us2, sv] {
                try process.start()
                try waitUntilListening(process, times: 1)
            }
            // Batch 1: us-1 dies in the middle; it is restarted once the batch is assessed.
            observed.processedAtKill.append(try sendBatch(seed: 71, killing: us1, restart: false, observed: &observed))
            try waitUntilAssessed(count: SeveralInstancesEndToEndTests.batch, observed: &observed)
            try us1.start()
            try waitUntilListening(us1, times: 2)
            // Batch 2: us-2 dies in the middle and is restarted at once.
            observed.processedAtKill.append(try sendBatch(seed: 72, killing: us2, restart: true, observed: &observed))
            try waitUntilAssessed(count: 2 * SeveralInstancesEndToEndTests.batch, observed: &observed)

            let accepted = try sql("""
                SELECT count(*), count(DISTINCT message_id) FROM audit_log
                WHERE kind = 'message-in' AND details::json->>'outcome' = 'manifest-accepted'
                """).split(separator: "|").compactMap { Int($0) }
            observed.acceptedRecords = accepted.first ?? -1
            observed.acceptedDistinct = accepted.last ?? -1
            observed.inboxManifests = Int(try sql("SELECT count(*) FROM exchange_inbox WHERE sender = 'SV-DGME' AND message_id LIKE 'SV-DGME:MAN:%'")) ?? -1
            observed.instances = Set(try sql("SELECT DISTINCT instance FROM exchange_inbox WHERE message_id LIKE 'SV-DGME:MAN:%'")
                .split(separator: "\n").map(String.init))
            observed.auditInstances = Set(try sql("SELECT DISTINCT instance FROM audit_log").split(separator: "\n").map(String.init))
            observed.auditVerify = try Paxsim.run(["audit", "verify", cluster.url(database: database)])
            us1.stop()
            us2.stop()
            sv.stop()
            return observed
        }

        /// Generates a batch, submits it to SV-DGME in the background, kills `victim` with
        /// SIGKILL once a third of the batch is in US-CBP's inbox; returns that count.
        func sendBatch(seed: Int, killing victim: AgencyProcess, restart: Bool, observed: inout Observations) throws -> Int {
            let batch = SeveralInstancesEndToEndTests.batch
            let manifests = path("manifests-\(seed)")
            let generated = try Paxsim.run(["generate", "--seed", String(seed), "--flights", String(batch), "--travelers", "3",
                                            "--from", "SAL", "--to", "IAH", "--out", manifests, "--quiet"])
            guard generated.status == 0 else { throw ScenarioError("generate failed: \(generated.all)") }
            let before = Int(try sql("SELECT count(*) FROM exchange_inbox WHERE message_id LIKE 'SV-DGME:MAN:%'")) ?? 0
            let submit = Process()
            submit.executableURL = URL(fileURLWithPath: try Paxsim.binary)
            submit.arguments = ["agency", "submit", "--config", path("SV-DGME.json"), "--concurrency", "8", manifests]
            submit.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
            submit.standardError = FileHandle(forWritingAtPath: "/dev/null")
            try submit.run()
            var processed = 0
            let deadline = Date().addingTimeInterval(120)
            while Date() < deadline {
                processed = (Int(try sql("SELECT count(*) FROM exchange_inbox WHERE message_id LIKE 'SV-DGME:MAN:%'")) ?? before) - before
                if processed >= batch / 3 { break }
                Thread.sleep(forTimeInterval: 0.05)
            }
            victim.kill9()
            submit.waitUntilExit()
            if submit.terminationStatus != 0 { observed.failures.append("paxsim agency submit (seed \(seed)) exited \(submit.terminationStatus)") }
            if restart {
                try victim.start()
                try waitUntilListening(victim, times: 2)
            }
            return processed
        }

        /// Waits (bounded) until SV-DGME holds `count` manifests, all assessed.
        func waitUntilAssessed(count: Int, observed: inout Observations) throws {
            let deadline = Date().addingTimeInterval(180)
            while true {
                observed.senderStates = (try? senderStates()) ?? [:]
                if observed.senderStates.count >= count && observed.senderStates.values.allSatisfy({ $0 == "assessed" }) { return }
                if Date() >= deadline { return }
                Thread.sleep(forTimeInterval: 0.2)
            }
        }

        func senderStates() throws -> [String: String] {
            var configuration = Configuration()
            configuration.readonly = true
            let queue = try DatabaseQueue(path: path("SV-DGME.sqlite"), configuration: configuration)
            return try queue.read { db in
                Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT message_id, state FROM exchange_manifest").map {
                    ($0["message_id"] as String, $0["state"] as String)
                })
            }
        }

        /// Waits until `process` has printed "listening on" `times` times (it prints it once per start).
        func waitUntilListening(_ process: AgencyProcess, times: Int) throws {
            let deadline = Date().addingTimeInterval(90)
            while Date() < deadline {
                if process.printed.components(separatedBy: "listening on").count - 1 >= times { return }
                Thread.sleep(forTimeInterval: 0.02)
            }
            throw ScenarioError("\(process.name) did not start listening: \(process.printed)")
        }

        func sql(_ statement: String) throws -> String {
            try cluster.psql(statement, database: database).trimmingCharacters(in: .whitespacesAndNewlines)
        }

        func writeKeysAndConfigurations() throws {
            let keys = path("keys")
            try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
            for agency in ["SV-DGME", "US-CBP"] {
                let made = try Paxsim.run(["keys", "generate", "--agency", agency, "--out", keys])
                guard made.status == 0 else { throw ScenarioError("keys generate failed: \(made.all)") }
            }
            let timing = """
                "limits": { "replayWindowSeconds": 1200, "ratePerPeer": { "perSecond": 5000, "burst": 5000 } },
                "timing": { "retryBaseMilliseconds": 200, "retryCapMilliseconds": 2000, "maxAttempts": 300,
                            "assessmentDeadlineSeconds": 1200, "outboxLeaseSeconds": 3 }
                """
            for (instance, port) in [("us-1", ports.us1), ("us-2", ports.us2)] {
                let json = """
                    {
                      "agency": "US-CBP", "territory": ["IAH"], "instance": "\(instance)",
                      "listen": { "host": "127.0.0.1", "port": \(port) },
                      "database": "\(cluster.url(database: database))",
                      "privateKey": "keys/US-CBP.key",
                      "peers": [ { "agency": "SV-DGME", "url": "http://127.0.0.1:\(ports.sv)", "publicKey": "keys/SV-DGME.pub",
                                   "territory": ["SAL"] } ],
                      \(timing)
                    }
                    """
                try Data(json.utf8).write(to: directory.appendingPathComponent("\(instance).json"))
            }
            let urls = throughHAProxy ? "\"http://127.0.0.1:\(ports.proxy)\""
                                      : "\"http://127.0.0.1:\(ports.us1)\", \"http://127.0.0.1:\(ports.us2)\""
            let json = """
                {
                  "agency": "SV-DGME", "territory": ["SAL"],
                  "listen": { "host": "127.0.0.1", "port": \(ports.sv) },
                  "database": "SV-DGME.sqlite", "privateKey": "keys/SV-DGME.key",
                  "peers": [ { "agency": "US-CBP", "urls": [\(urls)], "publicKey": "keys/US-CBP.pub", "territory": ["IAH"] } ],
                  \(timing)
                }
                """
            try Data(json.utf8).write(to: directory.appendingPathComponent("SV-DGME.json"))
        }

        /// HAProxy on a free loopback port in front of both instances: health-checked with
        /// `GET /health`, a failed connection retried on the other instance.
        func startHAProxy() throws {
            guard let binary = ["/usr/sbin/haproxy", "/usr/bin/haproxy", "/usr/local/sbin/haproxy"]
                .first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
                throw ScenarioError("haproxy is not installed (Debian: apt-get install -y haproxy; Scripts/test installs it): the HAProxy test cannot run")
            }
            let configuration = """
                global
                    maxconn 2000
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 60s
                    timeout server 60s
                    retries 3
                    option redispatch
                frontend peers
                    bind 127.0.0.1:\(ports.proxy)
                    default_backend us_cbp
                backend us_cbp
                    balance roundrobin
                    option httpchk GET /health
                    http-check expect status 200
                    server us1 127.0.0.1:\(ports.us1) check inter 300 fall 2 rise 2
                    server us2 127.0.0.1:\(ports.us2) check inter 300 fall 2 rise 2

                """
            try Data(configuration.utf8).write(to: directory.appendingPathComponent("haproxy.cfg"))
            let check = try Paxsim.runProgram(binary, ["-c", "-f", path("haproxy.cfg")])
            guard check.status == 0 else { throw ScenarioError("haproxy rejected its configuration: \(check.all)") }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["-db", "-f", path("haproxy.cfg")]
            process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
            process.standardError = FileHandle(forWritingAtPath: "/dev/null")
            try process.run()
            haproxy = process
        }
    }

    struct ScenarioError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
