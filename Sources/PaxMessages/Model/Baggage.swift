/// A traveller's checked bags (PAXLST FTX+BAG): the count and the bag tag numbers.
///
/// The count is reported separately from the tags (a bag may have no tag yet), so the two
/// need not agree.
public struct Baggage: Sendable, Hashable, Codable {
    public var count: Int
    /// Ten-digit IATA licence plate numbers.
    public var tags: [String]

    public init(count: Int, tags: [String] = []) {
        self.count = count
        self.tags = tags
    }

    /// Bags with these tags, one bag per tag.
    public init(tags: [String]) {
        self.init(count: tags.count, tags: tags)
    }
}
