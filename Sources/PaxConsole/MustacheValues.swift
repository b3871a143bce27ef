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
        default: break
        }
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
