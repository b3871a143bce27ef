/// An aircraft cabin: seat letters across and rows, as seats are written (`23C`).
public struct SeatMap: Sendable, Hashable {
    /// Letters across the cabin, left to right (no `I`, as airlines skip it).
    public let letters: [String]
    /// Rows numbered from 1.
    public let rows: Int

    public init(letters: [String], rows: Int) {
        self.letters = letters
        self.rows = rows
    }

    public var capacity: Int { letters.count * rows }

    /// A single-aisle cabin (A320, 737): six across.
    public static func narrowBody(rows: Int) -> SeatMap { SeatMap(letters: ["A", "B", "C", "D", "E", "F"], rows: rows) }

    /// A twin-aisle cabin (787, A350): nine across.
    public static func wideBody(rows: Int) -> SeatMap {
        SeatMap(letters: ["A", "B", "C", "D", "E", "F", "G", "H", "K"], rows: rows)
    }

    /// The cabin of the aircraft a carrier would put on a route of this length.
    static func forRoute(kilometres: Double, random: inout SeededRandom) -> SeatMap {
        if kilometres < 1_500 { return .narrowBody(rows: random.int(in: 25...30)) }
        if kilometres < 4_500 { return .narrowBody(rows: random.int(in: 30...36)) }
        return .wideBody(rows: random.int(in: 30...38))
    }
}

/// Hands out seats in cabin order, keeping a booking group side by side in one row when
/// it fits. Beyond row 999 (the schema's seat pattern) travellers get no seat.
struct SeatAllocator: Sendable {
    let map: SeatMap
    private(set) var row = 1
    private(set) var column = 0

    init(map: SeatMap) { self.map = map }

    /// Seats for a group of `size`, adjacent when the group fits in a row.
    mutating func seats(forGroupOf size: Int) -> [String?] {
        let across = map.letters.count
        if size <= across, column + size > across {
            row += 1
            column = 0
        }
        var result: [String?] = []
        result.reserveCapacity(size)
        for _ in 0..<size {
            if column == across {
                row += 1
                column = 0
            }
            result.append(row <= 999 ? String(row) + map.letters[column] : nil)
            column += 1
        }
        return result
    }
}
