internal import CLibXML2

/// Process-wide libxml2 set-up, done exactly once before any concurrent use.
///
/// libxml2 2.9 initialises its schema type tables lazily and not thread-safely, and its
/// external-entity loader is a process global: both are settled here, once, on first use of
/// any SafeXML API.
enum LibXML {
    /// Touch this before calling into libxml2; Swift runs the initialiser once, thread-safely.
    static let ready: Void = {
        xmlInitParser()
        xmlSchemaInitTypes()
        xmlSetExternalEntityLoader(denyingEntityLoader)
    }()
}

/// The only external-entity loader this process ever has: it serves documents of registered
/// schema sets (see `SchemaDocumentRegistry`) and refuses everything else, so no document can
/// make us read a local file or open a connection.
private let denyingEntityLoader: xmlExternalEntityLoader = { url, _, ctxt in
    guard let url else { return nil }
    let location = String(cString: url)
    guard let bytes = SchemaDocumentRegistry.shared.document(at: location) else {
        SchemaDocumentRegistry.shared.recordRefusal(location)
        return nil
    }
    return bytes.withUnsafeBufferPointer { buffer in
        buffer.withMemoryRebound(to: CChar.self) { chars in
            paxsim_newMemoryInput(ctxt, url, chars.baseAddress, Int32(chars.count))
        }
    }
}
