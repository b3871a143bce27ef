import Testing
import PaxGenerator

/// Serial permutations are bijections on their range, for every size, the smallest included.
@Suite struct SerialPermutationTests {
    @Test(arguments: [1, 2, 3, 10, 26, 36, 97, 1000, 1296])
    func isABijection(size: Int) {
        for seed in 0..<8 as Range<UInt64> {
            var random = SeededRandom(seed: seed)
            let permutation = SerialPermutation(size: UInt64(size), random: &random)
            let images = Set((0..<UInt64(size)).map { permutation($0) })
            #expect(images.count == size)
            #expect(images.allSatisfy { $0 < UInt64(size) })
        }
    }
}
