public import HummingbirdCore
public import Logging
public import NIOCore
import NIOSSL

/// A server child channel that puts TLS in front of `base` with the material current when the
/// connection is accepted (HummingbirdTLS's `TLSChannel` fixes its context once, which would
/// rule out reloading certificates without a restart). On the peer listener, client
/// certificates are checked by `TLSMaterialStore.verify` during the handshake: a refused
/// certificate ends the connection before any HTTP byte is read. On the console, no client
/// certificate is asked for (`ConsoleTLSStore`).
public struct ReloadableTLSChannel<Base: ServerChildChannel>: ServerChildChannel {
    public typealias Value = Base.Value
    let base: Base
    /// The TLS handler of a new connection, made with the material current at that moment.
    let makeHandler: @Sendable () -> NIOSSLServerHandler

    /// Mutual TLS (the peer listener): the agency's material, client certificates verified.
    public init(base: Base, store: TLSMaterialStore) {
        self.base = base
        makeHandler = {
            let material = store.current
            return NIOSSLServerHandler(
                context: material.serverContext,
                customVerificationCallback: { certificates, promise in
                    promise.completeWithTask { await store.verify(certificates, with: material) }
                },
                configuration: .init())
        }
    }

    /// Server authentication only (the console, for browsers).
    public init(base: Base, store: ConsoleTLSStore) {
        self.base = base
        makeHandler = { NIOSSLServerHandler(context: store.current.context) }
    }

    public func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let makeHandler = self.makeHandler
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(makeHandler())
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    public func handle(value: Base.Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension ReloadableTLSChannel: HTTPChannelHandler where Base: HTTPChannelHandler {
    public var responder: HTTPChannelHandler.Responder { base.responder }
}
