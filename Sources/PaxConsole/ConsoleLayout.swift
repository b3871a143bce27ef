import Mustache

/// The page frame (title, navigation, who is logged in, the main landmark) and the template
/// library: every template is a Swift string compiled once at start, so a `swift build` binary
/// needs no files beside it. Mustache (swift-mustache, Hummingbird's own) is logic-less:
/// templates hold markup and names only, every `{{value}}` is HTML-escaped, and only the
/// page body and SVG charts we build ourselves go in unescaped with `{{{...}}}`.
struct ConsoleLayout: Sendable {
    struct NavItem: Sendable { var href: String; var label: String; var current: Bool }
    struct Frame: Sendable {
        var title: String
        var agency: String
        var operatorName: String
        var csrf: String
        var loggedIn: Bool
        var nav: [NavItem]
        var content: String
    }

    static let sections: [(href: String, label: String)] = [
        ("/", "Exchange"), ("/flights", "Flights"), ("/hits", "Hits queue"), ("/assistance", "Assistance"),
        ("/audit", "Audit"), ("/security", "Security"),
    ]

    static let layout = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>{{title}} · {{agency}} console</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <link rel="stylesheet" href="/static/console.css"><script src="/static/console.js" defer></script></head>
        <body><header><strong>PaxSim · {{agency}}</strong>
        {{#loggedIn}}<nav aria-label="Console sections"><ul>{{#nav}}<li><a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a></li>{{/nav}}</ul></nav>
        <div class="who"><span>Operator: {{operatorName}}</span><form method="post" action="/logout"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Log out</button></form></div>{{/loggedIn}}
        </header>
        <main id="main"><h1>{{title}}</h1>
        {{{content}}}
        </main></body></html>
        """

    static let login = """
        <form method="post" action="/login" class="login">
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <p>Use the operator token printed by <code>paxsim agency serve</code> or <code>paxsim agency console-token --config FILE</code>.</p>
        <p><label for="operator">Your name</label><br><input id="operator" name="operator" autocomplete="username" required maxlength="40" pattern="[A-Za-z0-9 ._\\-]{1,40}"></p>
        <p><label for="token">Operator token</label><br><input id="token" name="token" type="password" autocomplete="current-password" required size="48"></p>
        <p><button type="submit" id="login">Log in</button></p></form>
        """

    static let notFound = "<p>{{message}}</p><p><a href=\"/\">Exchange</a></p>"

    let library: MustacheLibrary

    init() throws {
        ConsoleHTMLEscaping.register()
        var library = MustacheLibrary()
        let templates: [(String, String)] = [
            ("layout", Self.layout), ("login", Self.login), ("message", Self.notFound), ("pager", Pager.template),
            ("exchange", ExchangePage.template), ("flights", FlightsPage.template), ("manifest", ManifestPage.template),
            ("traveller", TravelerPage.template), ("hits", HitsPage.template), ("assistance", AssistancePage.template),
            ("audit", AuditPage.template), ("security", SecurityPage.template),
        ]
        for (name, text) in templates { try library.register(ConsoleHTMLEscaping.selecting(text), named: name) }
        self.library = library
    }

    /// A whole page: `template` rendered with `view`, inside the frame.
    func page(_ template: String, view: Any, title: String, agency: String, session: ConsoleSession?, current: String) -> String {
        let content = library.render(MustacheValues.plain(view) ?? view, withTemplate: template) ?? ""
        let frame = Frame(title: title, agency: agency, operatorName: session?.operatorName ?? "", csrf: session?.csrf ?? "",
                          loggedIn: session != nil,
                          nav: Self.sections.map { NavItem(href: $0.href, label: $0.label, current: $0.href == current) },
                          content: content)
        return library.render(MustacheValues.plain(frame) ?? frame, withTemplate: "layout") ?? ""
    }
}
