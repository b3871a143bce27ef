public import Logging
public import PaxServer
public import ServiceLifecycle

/// The console of one running agency service, ready to be served beside it: its server (over
/// the service's store), its operator token, where it listens (the configuration's
/// `console.listen`) and its TLS material when served over HTTPS (`console.tls`, reloaded with
/// the agency's on SIGHUP).
public struct AgencyConsole: Sendable {
    public let server: ConsoleServer
    public let listener: AgencyServiceConfiguration.ConsoleListener
    /// The console's certificate and key (nil: plain HTTP).
    public let tls: ConsoleTLSStore?

    public var token: OperatorToken { server.token }

    /// The console of `service`, fed by `timeline` (which must receive the service's events).
    public init(service: AgencyService, timeline: ConsoleTimeline,
                listener: AgencyServiceConfiguration.ConsoleListener? = nil) throws {
        self.listener = listener ?? service.file.console ?? .init(host: "127.0.0.1", port: 0)
        if self.listener.tls != nil {
            // The service loads the console's certificate from its configuration's console.tls.
            guard let store = service.consoleTLS else {
                throw AgencySetupError("\(service.file.sourcePath): this console is to be served over TLS, but the agency's configuration has no console.tls")
            }
            tls = store
        } else {
            tls = nil
        }
        server = try ConsoleServer(data: ConsoleData(service: service), timeline: timeline,
                                   token: OperatorToken(configuration: service.file), secure: tls != nil)
    }

    /// The listener as services for `AgencyService.run(additionalServices:)`; `onRunning` gets
    /// the console's URL once it is bound.
    public func services(logger: Logger, onRunning: @escaping @Sendable (String) async -> Void = { _ in }) -> [any Service] {
        let host = listener.host
        let secure = tls != nil
        return [server.makeApplication(host: host, port: listener.port, logger: logger, tls: tls) { channel in
            await onRunning(ConsoleServer.url(host: host, port: channel.localAddress?.port ?? 0, secure: secure))
        }]
    }
}
