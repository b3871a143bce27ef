import Foundation
import PaxTestSupport
import Testing

/// Runs the real `paxsim` binary built beside the test bundle.
enum Paxsim {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `.build/<triple>/debug/paxsim`, next to the test bundle.
    static var binary: String {
        get throws { try PaxsimExecutable.path(repository: repository) }
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var all: String { stdout + stderr }
    }

    /// Runs `paxsim ARGS`, feeding `input` on standard input, and waits (bounded) for it.
    static func run(_ arguments: [String], input: [UInt8] = [], directory: URL? = nil, timeout: Double = 120) throws -> Result {
        try runProgram(try binary, arguments, input: input, directory: directory, timeout: timeout)
    }

    /// `run` on a thread of its own, so a long subprocess does not hold one of the few
    /// cooperative threads that async tests (and in-process servers) need meanwhile.
    static func runOffPool(_ arguments: [String], timeout: Double = 120) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do {
                    continuation.resume(returning: try run(arguments, timeout: timeout))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.start()
        }
    }

    /// `runProgram` on a thread of its own (see `runOffPool`).
    static func runProgramOffPool(_ executable: String, _ arguments: [String], input: [UInt8] = [],
                                  timeout: Double = 120) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                do {
                    continuation.resume(returning: try runProgram(executable, arguments, input: input, timeout: timeout))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// Runs any program the same way.
    static func runProgram(_ executable: String, _ arguments: [String], input: [UInt8] = [], directory: URL? = nil,
                           timeout: Double = 120) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let files = FileManager.default.temporaryDirectory.appendingPathComponent("paxsim-e2e-io-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: files) }
        let inURL = files.appendingPathComponent("in"), outURL = files.appendingPathComponent("out"), errURL = files.appendingPathComponent("err")
        try Data(input).write(to: inURL)
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardInput = try FileHandle(forReadingFrom: inURL)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning {
            process.terminate()
            Issue.record("paxsim \(arguments) did not finish in \(Int(timeout)) s")
        }
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                      stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("paxsim-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
