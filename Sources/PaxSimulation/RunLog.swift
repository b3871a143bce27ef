import PaxExchange

/// What a run writes down as it goes: the hashed trace (always), the readable timeline (when
/// the trace is kept) and the summary's counts. Times are virtual, relative to the traffic's
/// start.
struct RunLog {
    private(set) var trace: Trace
    private(set) var timeline: [String] = []
    var summary = RunSummary()
    /// The traffic's start (virtual ms): trace times count from it.
    let start: Int64

    init(keep: Bool, start: Int64) {
        trace = Trace(keep: keep)
        self.start = start
    }

    /// Records one event at virtual time `now`; `human` is its timeline line.
    mutating func note(_ now: Int64, _ event: String, _ fields: [(String, TraceValue)], _ human: @autoclosure () -> String) {
        let t = now - start
        trace.record(t, event, fields)
        if trace.keep {
            timeline.append(RunSummary.fixed(Double(t) / 1000, 3).leftPadded(10) + "s  " + human())
        }
    }

    /// Records and counts a legitimate agency's frame as it goes on the link.
    mutating func noteSend(_ now: Int64, from: String, to: String, messageId: String, bytes: Int, kind: SendKind) {
        let what: String
        switch kind {
        case .request(let attempt):
            if attempt == 1 { summary.requests += 1 } else { summary.retries += 1 }
            what = "request#" + String(attempt)
        case .reply:
            summary.replies += 1
            what = "reply"
        case .repeatedReply:
            summary.repeatedReplies += 1
            what = "repeated-reply"
        }
        note(now, "send", [("from", .text(from)), ("to", .text(to)), ("id", .text(messageId)), ("kind", .text(what)),
                           ("bytes", .int(Int64(bytes)))],
             "\(from) → \(to) \(what) \(messageId) (\(bytes) bytes)")
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
