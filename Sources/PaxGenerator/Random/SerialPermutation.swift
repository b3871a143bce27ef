/// A bijection on `0..<size` (an affine map `x -> (a*x + b) mod size` with `a` coprime to
/// `size`): turns a running counter into numbers that look random yet never repeat, which is
/// how document numbers, record locators and bag tags stay unique in a manifest of any size
/// without remembering the ones already issued.
public struct SerialPermutation: Sendable, Hashable {
    public let size: UInt64
    private let multiplier: UInt64
    private let offset: UInt64

    /// Large primes: any of them is coprime to every size whose prime factors are small
    /// (powers of 10, 26, 32, 36 and their products), which is every size used here.
    private static let primes: [UInt64] = [
        1_000_000_007, 998_244_353, 1_000_000_009, 2_147_483_647, 4_294_967_291, 3_037_000_493,
        6_700_417, 16_777_213, 33_554_393, 179_424_673,
    ]

    /// A permutation of `0..<size` chosen by `random`.
    public init(size: UInt64, random: inout SeededRandom) {
        precondition(size > 0, "SerialPermutation needs a non-empty range")
        self.size = size
        var multiplier = Self.primes[random.below(Self.primes.count)] % size
        // A one-element range has one permutation; every other size has a unit to find
        // (1 is one), so the search ends.
        if size == 1 { multiplier = 0 }
        while size > 1 && (multiplier == 0 || Self.gcd(multiplier, size) != 1) { multiplier = (multiplier + 1) % size }
        self.multiplier = multiplier
        offset = random.next() % size
    }

    /// The image of `serial` (taken modulo `size`).
    public func callAsFunction(_ serial: UInt64) -> UInt64 {
        let x = serial % size
        let product = x.multipliedFullWidth(by: multiplier)
        let (_, remainder) = size.dividingFullWidth((high: product.high, low: product.low))
        let (sum, overflow) = remainder.addingReportingOverflow(offset)
        return overflow || sum >= size ? sum &- size : sum
    }

    private static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }
}
