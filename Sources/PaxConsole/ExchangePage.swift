import Foundation

/// Exchange (home): counters, throughput and manifest latency over the last 10 minutes as SVG,
/// and the live timeline (the first 50 entries rendered, the rest pushed over `/events`).
struct ExchangePage {
    struct Counter: Sendable { var label: String; var value: Int; var id: String }
    struct Entry: Sendable { var sequence: Int; var time: String; var kind: String; var text: String }
    struct View: Sendable {
        var counters: [Counter]
        var entries: [Entry]
        var lastSequence: Int
        var throughputChart: String
        var latencyChart: String
    }

    static func view(_ timeline: ConsoleTimeline) -> View {
        let counters = timeline.counters
        let series = timeline.series()
        return View(
            counters: [
                Counter(label: "Messages in", value: counters.messagesIn, id: "messagesIn"),
                Counter(label: "Messages out", value: counters.messagesOut, id: "messagesOut"),
                Counter(label: "Answers sent", value: counters.answers, id: "answers"),
                Counter(label: "Retries", value: counters.retries, id: "retries"),
                Counter(label: "Refusals", value: counters.refusals, id: "refusals"),
                Counter(label: "Alerts", value: counters.alerts, id: "alerts"),
                Counter(label: "Manifests assessed", value: counters.manifestsAssessed, id: "manifestsAssessed"),
            ],
            entries: timeline.latest(50).map(entry),
            lastSequence: timeline.latest(1).first?.sequence ?? 0,
            throughputChart: ConsoleChart.svg(id: "throughput", title: "Messages in and out per 10 s",
                                              values: series.map { Double($0.messagesIn + $0.messagesOut) }, unit: "messages"),
            latencyChart: ConsoleChart.svg(id: "latency", title: "Manifest submitted to assessed, mean per 10 s",
                                           values: series.map { $0.latencyCount == 0 ? 0 : Double($0.latencyTotal) / Double($0.latencyCount) },
                                           unit: "ms"))
    }

    static func entry(_ entry: TimelineEntry) -> Entry {
        Entry(sequence: entry.sequence, time: ConsoleFormat.time(entry.at), kind: entry.kind, text: entry.text)
    }

    static let template = """
        <section aria-labelledby="counters-heading"><h2 id="counters-heading">Counters</h2>
        <dl class="counters">{{#counters}}<div><dt>{{label}}</dt><dd id="counter-{{id}}">{{value}}</dd></div>{{/counters}}</dl></section>
        <section aria-labelledby="charts-heading"><h2 id="charts-heading">Last 10 minutes</h2>
        <figure>{{{throughputChart}}}<figcaption>Throughput: messages in and out per 10 seconds.</figcaption></figure>
        <figure>{{{latencyChart}}}<figcaption>Latency: mean time from a manifest's submission to its assessment.</figcaption></figure></section>
        <section aria-labelledby="timeline-heading"><h2 id="timeline-heading">Timeline</h2>
        <p id="live-status" role="status">Live updates need JavaScript; reload the page to see new events.</p>
        <ol id="timeline" class="timeline" data-last="{{lastSequence}}" aria-live="polite">
        {{#entries}}<li class="kind-{{kind}}" data-sequence="{{sequence}}"><time>{{time}}</time> <span class="tag">{{kind}}</span> {{text}}</li>{{/entries}}
        </ol></section>
        """
}
