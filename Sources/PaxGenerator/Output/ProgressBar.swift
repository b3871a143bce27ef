#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress bar on standard error, redrawn at most ten times a second; silent
/// unless standard error is a terminal, so logs and pipes stay clean.
public struct ProgressBar {
    public let label: String
    public let enabled: Bool
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var lastDraw: ContinuousClock.Instant?
    private var drawn = false

    /// Whether standard error is a terminal.
    public static var standardErrorIsTerminal: Bool { isatty(2) == 1 }

    public init(label: String, enabled: Bool = ProgressBar.standardErrorIsTerminal) {
        self.label = label
        self.enabled = enabled
        start = clock.now
    }

    /// Shows `done` of `total`.
    public mutating func update(done: Int, total: Int) {
        guard enabled, total > 0 else { return }
        let now = clock.now
        if let lastDraw, now - lastDraw < .milliseconds(100), done < total { return }
        lastDraw = now
        drawn = true
        let width = 30
        let filled = min(width, done * width / total)
        let elapsed = now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Int(Double(done) / seconds) : 0
        let line = "\r" + label + " [" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled) + "] "
            + String(done * 100 / total) + "% " + String(done) + "/" + String(total) + " travellers, " + String(rate) + "/s "
        Self.writeError(line)
    }

    /// Clears the bar's line.
    public mutating func finish() {
        guard enabled, drawn else { return }
        Self.writeError("\r\u{1B}[2K")
        drawn = false
    }

    private static func writeError(_ text: String) {
        var text = text
        text.withUTF8 { buffer in _ = write(2, buffer.baseAddress, buffer.count) }
    }
}
