import Foundation
import PaxBase
import Synchronization
import Testing

@Suite struct ParallelWorkTests {
    @Test func mapInOrderEmitsEveryResultInIndexOrder() {
        let emitted = Mutex<[Int]>([])
        // Uneven costs, so later indices often finish before earlier ones.
        let results = ParallelWork.mapInOrder(count: 200, workers: 4, { index -> Int in
            var sum = 0
            for i in 0..<((200 - index) * 500) { sum &+= i }
            return index * 2 + (sum == -1 ? 1 : 0)
        }, emit: { value in emitted.withLock { $0.append(value) } })
        #expect(results == (0..<200).map { $0 * 2 })
        #expect(emitted.withLock { $0 } == results)
        #expect(ParallelWork.mapInOrder(count: 0, workers: 4, { $0 }).isEmpty)
    }

    @Test func mapKeepsInputOrderAndOneStatePerChunk() {
        let items = Array(0..<1_000)
        let (results, states) = ParallelWork.mapKeepingStates(items, workers: 3, makeState: { 0 }) { item, seen in
            seen += 1
            return item + 1
        }
        #expect(results == items.map { $0 + 1 })
        #expect(states.reduce(0, +) == items.count)
        #expect(ParallelWork.map(items, workers: 1, makeState: { () }) { item, _ in item } == items)
    }

    @Test func defaultWorkersIsTheCoreCount() {
        #expect(ParallelWork.defaultWorkers >= 1)
        #expect(ParallelWork.defaultWorkers == ProcessInfo.processInfo.activeProcessorCount)
    }
}
