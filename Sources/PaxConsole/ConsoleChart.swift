import Foundation

/// A small line chart as inline SVG (no script, no style attribute: the CSP allows it), with
/// a text alternative (`role="img"`, a title and a description stating the latest value).
enum ConsoleChart {
    static func svg(id: String, title: String, values: [Double], unit: String) -> String {
        let width = 600.0, height = 120.0, pad = 4.0
        let top = max(values.max() ?? 0, 1)
        let step = values.count > 1 ? (width - 2 * pad) / Double(values.count - 1) : 0
        let points = values.enumerated().map { index, value in
            String(format: "%.1f,%.1f", pad + Double(index) * step, height - pad - (value / top) * (height - 2 * pad))
        }.joined(separator: " ")
        let latest = values.last ?? 0
        let summary = "\(title): latest \(String(format: "%.0f", latest)) \(unit), highest \(String(format: "%.0f", top)) \(unit) over the last \(values.count * 10) seconds"
        return """
            <svg class="chart" id="\(id)" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="\(id)-title \(id)-desc">\
            <title id="\(id)-title">\(escape(title))</title><desc id="\(id)-desc">\(escape(summary))</desc>\
            <line x1="0" y1="\(height - pad)" x2="\(width)" y2="\(height - pad)" stroke="#888" stroke-width="1"/>\
            <polyline fill="none" stroke="#1a5fb4" stroke-width="2" points="\(points)"/>\
            <text x="\(width - pad)" y="14" text-anchor="end" font-size="12" fill="#222">max \(String(format: "%.0f", top)) \(escape(unit))</text>\
            </svg>
            """
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
