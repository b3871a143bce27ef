/// What pruning needs of one listed name, in a single 64-byte value: lane 0 the entry index,
/// lane 1 the token count, lanes 2-8 up to seven token ids, lanes 9-15 their largest possible
/// weights (as `Float` bit patterns, rounded up). Names of more than seven tokens are marked
/// as not prunable (count 0xFF).
struct NameSummary: Sendable {
    static let unprunable: UInt32 = 0xFF
    var lanes: SIMD16<UInt32>

    init(entry: UInt32, tokenIds: [UInt32], weights: [Double]) {
        lanes = SIMD16(repeating: 0)
        lanes[0] = entry
        guard tokenIds.count <= 7 else {
            lanes[1] = Self.unprunable
            return
        }
        lanes[1] = UInt32(tokenIds.count)
        for (index, id) in tokenIds.enumerated() {
            lanes[2 + index] = id
            lanes[9 + index] = Float(weights[index]).nextUp.bitPattern
        }
    }

    var entry: Int { Int(lanes[0]) }
    var count: UInt32 { lanes[1] }
    func tokenId(_ index: Int) -> UInt32 { lanes[2 + index] }
    func weight(_ index: Int) -> Double { Double(Float(bitPattern: lanes[9 + index])) }
}
