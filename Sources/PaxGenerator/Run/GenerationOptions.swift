public import PaxMessages
public import PaxEDIFACTMapping

/// Everything `paxsim generate` can be asked for, validated by `GenerationRun`.
public struct GenerationOptions: Sendable {
    public enum Format: String, Sendable, Hashable, CaseIterable {
        case xml, json
        /// UN/EDIFACT PAXLST, the same travellers as the XML (see `ManifestPAXLSTStreamer`).
        case paxlst

        var fileExtension: String { self == .paxlst ? "edi" : rawValue }
    }

    /// A watch list to write, with subjects planted among the passengers.
    public struct WatchListRequest: Sendable, Hashable {
        /// Where the list goes; the ground truth goes next to it (see `truthPath`).
        public var path: String
        /// Passengers planted as subjects.
        public var plant: Int
        /// Entries in the list, planted and decoys.
        public var size: Int

        public init(path: String, plant: Int, size: Int) {
            self.path = path
            self.plant = plant
            self.size = size
        }

        /// `watchlist.xml` -> `watchlist.truth.jsonl`, in the same directory.
        public var truthPath: String {
            let slash = path.lastIndex(of: "/")
            let name = slash.map { path[path.index(after: $0)...] } ?? path[...]
            let stem = name.lastIndex(of: ".").map { name[..<$0] } ?? name
            let directory = slash.map { String(path[...$0]) } ?? ""
            return directory + (stem.isEmpty ? "watchlist" : String(stem)) + ".truth.jsonl"
        }
    }

    public var seed: UInt64 = 1
    public var flights = 1
    /// Passengers on each flight; nil for each flight's typical load (or `totalTravelers`).
    public var travelersPerFlight: Int?
    /// Passengers over all flights, split evenly; exclusive with `travelersPerFlight`.
    public var totalTravelers: Int?
    /// Also write each flight's crew list.
    public var crew = false
    public var from: String?
    public var to: String?
    public var carrier: String?
    /// Local departure date; nil for 2026-03-14.
    public var date: CalendarDate?
    public var format: Format = .xml
    /// The PAXLST directory written with `format` `.paxlst`.
    public var paxlstVersion: PAXLSTVersion = .default
    /// Broken documents to add (cycling through `mutations`, or every failing defect).
    public var invalid = 0
    /// Defects to use for broken documents; without `invalid`, one document per defect.
    public var mutations: [Mutation] = []
    public var watchList: WatchListRequest?

    public init() {}

    /// The date flights depart when none is given.
    public static let defaultDate = "2026-03-14"

    /// The broken documents to write, in order.
    public var brokenDocuments: [Mutation] {
        let pool = mutations.isEmpty ? Mutation.failing : mutations
        let count = invalid > 0 ? invalid : mutations.count
        return (0..<count).map { pool[$0 % pool.count] }
    }
}
