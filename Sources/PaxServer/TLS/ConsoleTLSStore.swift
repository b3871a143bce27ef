import Synchronization

/// The console's current TLS material, replaced on reload (SIGHUP) like the agency's own
/// (`TLSMaterialStore`): each new browser connection takes the material current when it is
/// accepted; connections already open keep theirs.
public final class ConsoleTLSStore: Sendable {
    private let material: Mutex<ConsoleTLSMaterial>

    public init(_ material: ConsoleTLSMaterial) {
        self.material = Mutex(material)
    }

    public var current: ConsoleTLSMaterial { material.withLock { $0 } }

    /// New connections from now on use `replacement`.
    public func replace(with replacement: ConsoleTLSMaterial) { material.withLock { $0 = replacement } }
}
