extension XMLSchema {
    /// Parses and validates `bytes` in one streaming pass and builds the root element from the
    /// same parser events: the accepted path of a payload check without a libxml2 tree.
    ///
    /// Returns the root (equal to `XMLDocument.parse(bytes).root`) only when the pass found
    /// nothing against the document: well-formed, namespace-well-formed, within `limits`, no
    /// DOCTYPE, valid against this schema with every constraint checked by libxml2 itself (the
    /// complete schema, not the streaming variant; its long value lists checked as equivalent
    /// patterns, see `EnumerationPatterns`). Returns nil otherwise, and also for the rare
    /// document whose events this pass does not reproduce exactly (see `ElementBuilder`): the
    /// caller then parses it as a tree and validates that, which gives the exact diagnostics
    /// (columns, element paths) for whatever is wrong.
    public func validatedRoot(of bytes: [UInt8], limits: ParseLimits = .default) -> XMLElement? {
        guard !bytes.isEmpty, bytes.count <= limits.maxDocumentBytes else { return nil }
        let builder = UnsafeMutablePointer<ElementBuilder>.allocate(capacity: 1)
        builder.initialize(to: ElementBuilder())
        defer {
            builder.deinitialize(count: 1)
            builder.deallocate()
        }
        var reader = InMemoryReader(bytes: bytes)
        let pass = streamPass(schema: accepting(), constraints: [], limits: limits, builder: builder) { reader.read(into: $0) }
        guard pass.clean, !builder.pointee.unsupported else { return nil }
        return builder.pointee.root
    }
}
