/// Request counts and latency histograms by route, method and status, written out in the
/// Prometheus text exposition format for `GET /metrics`.
public actor RequestMetrics {
    /// Upper bounds of the latency buckets, in seconds.
    public static let bucketBounds: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    public struct Key: Hashable, Sendable, Comparable {
        public var route: String
        public var method: String
        public var status: Int

        public static func < (left: Key, right: Key) -> Bool {
            (left.route, left.method, left.status) < (right.route, right.method, right.status)
        }
    }

    private struct Histogram {
        var buckets = [Int](repeating: 0, count: RequestMetrics.bucketBounds.count)
        var count = 0
        var sum = 0.0
    }

    private var counts: [Key: Int] = [:]
    private var latencies: [String: Histogram] = [:]

    public init() {}

    /// Records one finished request.
    public func record(route: String, method: String, status: Int, seconds: Double) {
        counts[Key(route: route, method: method, status: status), default: 0] += 1
        var histogram = latencies[route] ?? Histogram()
        histogram.count += 1
        histogram.sum += seconds
        if let index = Self.bucketBounds.firstIndex(where: { seconds <= $0 }) { histogram.buckets[index] += 1 }
        latencies[route] = histogram
    }

    /// How many requests ended with this route, method and status.
    public func count(route: String, method: String, status: Int) -> Int {
        counts[Key(route: route, method: method, status: status)] ?? 0
    }

    /// Every counter and histogram, in Prometheus' text format (version 0.0.4).
    public func exposition() -> String {
        var lines = [
            "# HELP paxsim_http_requests_total HTTP requests by route, method and status.",
            "# TYPE paxsim_http_requests_total counter",
        ]
        for (key, count) in counts.sorted(by: { $0.key < $1.key }) {
            lines.append("paxsim_http_requests_total{route=\"\(Self.escape(key.route))\",method=\"\(key.method)\",status=\"\(key.status)\"} \(count)")
        }
        lines.append("# HELP paxsim_http_request_duration_seconds Time from request head to response, by route.")
        lines.append("# TYPE paxsim_http_request_duration_seconds histogram")
        for (route, histogram) in latencies.sorted(by: { $0.key < $1.key }) {
            let label = "route=\"\(Self.escape(route))\""
            var cumulative = 0
            for (bound, count) in zip(Self.bucketBounds, histogram.buckets) {
                cumulative += count
                lines.append("paxsim_http_request_duration_seconds_bucket{\(label),le=\"\(bound)\"} \(cumulative)")
            }
            lines.append("paxsim_http_request_duration_seconds_bucket{\(label),le=\"+Inf\"} \(histogram.count)")
            lines.append("paxsim_http_request_duration_seconds_sum{\(label)} \(histogram.sum)")
            lines.append("paxsim_http_request_duration_seconds_count{\(label)} \(histogram.count)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func escape(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }
}
