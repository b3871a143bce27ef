import Foundation
import Synchronization
import Testing

/// A `paxsim agency serve` process on loopback: started, waited for until it prints that it
/// listens, stopped with SIGTERM or killed with SIGKILL.
final class AgencyProcess: @unchecked Sendable {
    // @unchecked: `process` is only touched from the test's own task; the output is behind a Mutex.
    let configPath: String
    let name: String
    let logLevel: String
    private var process: Process?
    private let output = OutputBuffer()

    /// What the process printed, appended from the pipe's reader thread.
    final class OutputBuffer: Sendable {
        private let text = Mutex("")
        func append(_ data: Data) { text.withLock { $0 += String(decoding: data, as: UTF8.self) } }
        var value: String { text.withLock { $0 } }
    }

    init(name: String, configPath: String, logLevel: String = "warning") {
        self.name = name
        self.logLevel = logLevel
        self.configPath = configPath
    }

    var printed: String { output.value }

    func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Paxsim.binary)
        process.arguments = ["agency", "serve", "--config", configPath, "--log-level", logLevel]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { [output] handle in
            let data = handle.availableData
            if !data.isEmpty { output.append(data) }
        }
        try process.run()
        self.process = process
    }

    /// Waits until the agency prints `listening on`; fails the test after `seconds`.
    func waitUntilListening(seconds: Double = 60) async throws {
        // Checked once more after the deadline: a busy machine may not wake this task in time.
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if printed.contains("listening on") { return }
            if let process, !process.isRunning { break }
            if Date() >= deadline { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("\(name) did not start listening: \(printed)")
        throw StartFailure()
    }

    struct StartFailure: Error {}

    /// Sends `signal` (e.g. SIGHUP to reload the configuration) to the running process.
    func send(_ signal: Int32) {
        guard let process else { return }
        kill(process.processIdentifier, signal)
    }

    /// SIGKILL: no chance to flush or close anything.
    func kill9() {
        guard let process else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    /// SIGTERM and wait; the exit status (nil if it had to be killed).
    @discardableResult
    func stop() -> Int32? {
        guard let process else { return nil }
        process.terminate()
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            self.process = nil
            return nil
        }
        self.process = nil
        return process.terminationStatus
    }

    deinit { _ = stop() }
}
