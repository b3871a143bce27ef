import Foundation
import PaxTestSupport
import Testing

/// The console in real headless Chromium (Debian's `chromium` and `chromium-driver`): runs
/// `Browser/console_browser.py` against a real `paxsim demo --web`, which logs in with the
/// operator token, watches the timeline grow over SSE, opens a flagged traveller from the
/// hits queue, reads the listed entry's name, marks the hit reviewed, checks accessibility
/// basics on every page and saves a screenshot of each (in `.build/artifacts/console-browser`);
/// then, against `paxsim demo --web --tls`, a session trusting only US-CBP's console
/// certificate logs in over HTTPS (Secure cookie) and refuses SV-DGME's console.
struct ConsoleBrowserTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test(.timeLimit(.minutes(2))) func consoleInHeadlessChromium() async throws {
        let paxsim = try Self.paxsimBinary()
        for tool in ["/usr/bin/chromium", "/usr/bin/chromedriver", "/usr/bin/python3"] {
            #expect(FileManager.default.isExecutableFile(atPath: tool), "\(tool) is needed (apt: chromium chromium-driver python3)")
        }
        let output = Self.repository.appendingPathComponent(".build/artifacts/console-browser").path
        try? FileManager.default.removeItem(atPath: output)
        let script = Self.repository.appendingPathComponent("Tests/PaxConsoleTests/Browser/console_browser.py").path
        let run = try await Self.runOffPool("/usr/bin/python3", [script, "--paxsim", paxsim, "--out", output])
        print("console screenshots in \(output)")
        let line = try #require(run.stdout.split(separator: "\n").last, "no summary from the browser script: \(run.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(run.status == 0, "browser test failed: \(summary["failure"] ?? run.stderr)")
        #expect((summary["listedEntry"] as? String)?.isEmpty == false)
        #expect((summary["review"] as? String)?.contains("True match") == true)
        let timeline = try #require(summary["timeline"] as? [String: [Int]])
        #expect((timeline["after"]?.first ?? 0) > (timeline["before"]?.first ?? 0), "the timeline grew over SSE")
        let screenshots = summary["screenshots"] as? [String] ?? []
        #expect(screenshots.count == 9)
        for path in screenshots {
            let bytes = try #require(FileManager.default.contents(atPath: path))
            let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47]
            #expect(Array(bytes.prefix(4)) == signature, "\(path) is a PNG")
        }
        let tls = summary["tls"] as? [String: Any] ?? [:]
        #expect(tls["fingerprintChecked"] as? Bool == true, "the served certificate has the printed fingerprint: \(tls)")
        #expect((tls["loggedIn"] as? String)?.hasPrefix("Exchange") == true && tls["secureCookie"] as? Bool == true, "\(tls)")
        #expect(tls["otherCertificateRefused"] as? Bool == true, "\(tls)")
        let accessibility = summary["accessibility"] as? [String: [String]] ?? [:]
        #expect(accessibility.count == 9)
        let problems = accessibility.values.flatMap { $0 }
        #expect(problems.isEmpty, "accessibility problems: \(accessibility)")
    }

    static func paxsimBinary() throws -> String {
        try PaxsimExecutable.path(repository: repository)
    }

    struct Run: Sendable { var status: Int32; var stdout: String; var stderr: String }

    /// Runs a program on a thread of its own (not a cooperative one) and collects its output.
    static func runOffPool(_ executable: String, _ arguments: [String]) async throws -> Run {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                do {
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: executable)
                    process.arguments = arguments
                    let out = Pipe(), err = Pipe()
                    process.standardOutput = out
                    process.standardError = err
                    try process.run()
                    let stdout = out.fileHandleForReading.readDataToEndOfFile()
                    let stderr = err.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    continuation.resume(returning: Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                                                       stderr: String(decoding: stderr, as: UTF8.self)))
                } catch {
                    continuation.resume(throwing: error)
                }
            }.start()
        }
    }
}
