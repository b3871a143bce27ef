/// A page's view as dictionaries and arrays, made once before rendering. swift-mustache looks
/// a name up in a struct by reflecting it anew and walking all of its fields, for every name
/// in the template (and again for each enclosing context a name falls through to): a 50-row
/// table cost thousands of reflections per page. Converted once, each lookup is a dictionary
/// read. Nil optionals are left out, which renders as before (a missing name, looked up in the
/// enclosing contexts, as a nil optional was).
enum MustacheValues {
    static func plain(_ value: Any) -> Any? {
        switch value {
        case is String, is Int, is Int64, is Bool, is Double: return value
        case let row as any MustacheFields: return row.mustacheFields
        default: break
        }
        return reflected(value)
    }

    /// `value` converted by reflection (every type without `MustacheFields`).
    static func reflected(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional?:
            return mirror.children.first.flatMap { plain($0.value) }
        case .collection?, .set?:
            return mirror.children.compactMap { plain($0.value) }
        case .struct?, .class?:
            var fields: [String: Any] = [:]
            for child in mirror.children {
                if let label = child.label, let field = plain(child.value) { fields[label] = field }
            }
            return fields
        default:
            return value
        }
    }
}

/// A row of a long table that lists its template fields itself: reflecting each of 50 or 100
/// rows was a large part of a Flights or Manifest page. Must give what reflection gives (a
/// test compares the two).
protocol MustacheFields {
    var mustacheFields: [String: Any] { get }
}

extension FlightsPage.Row: MustacheFields {
    var mustacheFields: [String: Any] {
        ["href": href, "flight": flight, "route": route, "departure": departure, "countdown": countdown, "direction": direction,
         "peer": peer, "travellers": travellers, "cleared": cleared, "inspect": inspect, "noBoard": noBoard, "state": state,
         "timing": timing]
    }
}

extension HitsPage.Row: MustacheFields {
    var mustacheFields: [String: Any] {
        ["departure": departure, "countdown": countdown, "flight": flight, "href": href, "name": name, "reference": reference,
         "outcome": outcome, "outcomeClass": outcomeClass, "review": review, "reviewed": reviewed]
    }
}

extension ManifestPage.Row: MustacheFields {
    var mustacheFields: [String: Any] {
        ["href": href, "reference": reference, "name": name, "kind": kind, "nationality": nationality, "outcome": outcome,
         "outcomeClass": outcomeClass, "score": score, "reasons": reasons]
    }
}
