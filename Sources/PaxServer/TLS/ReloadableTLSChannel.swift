public import HummingbirdCore
public import Logging
public import NIOCore
import NIOSSL

/// A server child channel that puts TLS in front of `base` with the material current when the
/// connection is accepted (HummingbirdTLS's `TLSChannel` fixes its context once, which would
/// rule out reloading certificates without a restart). Client certificates are checked by
/// `TLSMaterialStore.verify` during the handshake: a refused certificate ends the connection
/// before any HTTP byte is read.
public struct ReloadableTLSChannel<Base: ServerChildChannel>: ServerChildChannel {
    public typealias Value = Base.Value
    let base: Base
    let store: TLSMaterialStore

    public init(base: Base, store: TLSMaterialStore) {
        self.base = base
        self.store = store
    }

    public func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let material = store.current
        let store = self.store
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(
                context: material.serverContext,
                customVerificationCallback: { certificates, promise in
                    promise.completeWithTask { await store.verify(certificates, with: material) }
                },
                configuration: .init()))
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
