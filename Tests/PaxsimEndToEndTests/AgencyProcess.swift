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
    /// The `paxsim` arguments.
    let arguments: [String]
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
        arguments = ["agency", "serve", "--config", configPath, "--log-level", logLevel]
    }

    /// Any other long-running `paxsim` command (e.g. `demo --web`), watched the same way.
    init(name: String, arguments: [String]) {
        self.name = name
        self.arguments = arguments
        configPath = ""
        logLevel = ""
    }

    var printed: String { output.value }

    func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Paxsim.binary)
        process.arguments = arguments
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

    /// Waits until the process has printed `text` `count` times; fails the test after `seconds`.
    func waitUntilPrinted(_ text: String, count: Int = 1, seconds: Double = 60) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if printed.components(separatedBy: text).count - 1 >= count { return }
            if let process, !process.isRunning { break }
            if Date() >= deadline { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("\(name) did not print '\(text)' \(count) times: \(printed)")
        throw StartFailure()
    }

    /// Waits (without blocking a thread) for the process to end by itself; its exit status, or
    /// nil when it still runs after `seconds`.
    func waitForExit(seconds: Double) async throws -> Int32? {
        guard let process else { return nil }
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning {
            if Date() >= deadline { return nil }
            try await Task.sleep(for: .milliseconds(50))
        }
        self.process = nil
        return process.terminationStatus
    }

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
