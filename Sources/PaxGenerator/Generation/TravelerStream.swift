import PaxBase
public import PaxMessages

/// A manifest whose travellers are generated on demand, batch by batch, so a list of a
/// million travellers is never held in memory. `template` is the manifest with its header,
/// flight and totals and no travellers; `next(upTo:)` yields the travellers in order.
///
/// The travellers depend only on the generator's seed and the list, never on the batch
/// sizes asked for or the number of threads: each booking group draws from its own random
/// stream, groups are planned in order (seats follow one another) and then built in
/// parallel.
public struct TravelerStream: Sendable {
    /// The manifest without travellers; its totals count the travellers to come.
    public let template: TravelerManifest
    public let count: Int
    /// Travellers produced so far.
    public private(set) var produced = 0

    private let context: PassengerListContext
    private let planner: TravelerFactory
    private let workers: Int
    private var seats: SeatAllocator
    private var nextGroup = 0
    /// Travellers planned so far (groups are planned ahead of building them).
    private var planned = 0
    /// The next batch's groups, planned while the previous batch was built.
    private var ahead: [GroupPlan]? = nil
    /// Traveller indices to plant watch-list subjects at, with what the plant needs.
    private let plants: [Int: PlantRequirement]
    /// `plants`' indices in order, and the first one not yet produced.
    private let plantOrder: [Int]
    private var plantCursor = 0
    /// The planted travellers seen so far.
    public private(set) var planted: [GeneratedTraveler] = []

    /// What a planted traveller must allow.
    public enum PlantRequirement: Sendable, Hashable {
        case any
        /// A name with another script or spelling (Russian, Arabic, Chinese).
        case otherScript
        /// A birth day of 1-12 that differs from the month.
        case swappableBirthDate
    }

    init(template: TravelerManifest, context: PassengerListContext, plants: [Int: PlantRequirement], workers: Int) {
        self.template = template
        self.context = context
        count = context.travelerCount
        seats = SeatAllocator(map: context.plan.seatMap)
        self.plants = plants
        plantOrder = plants.keys.sorted()
        planner = TravelerFactory(context: context)
        self.workers = max(1, workers)
    }

    /// Whether every traveller has been produced.
    public var isFinished: Bool { produced >= count }

    /// The next travellers, about `limit` of them (whole booking groups; never past `count`);
    /// empty when finished.
    public mutating func next(upTo limit: Int) -> [Traveler] {
        nextGenerated(upTo: limit).map(\.traveler)
    }

    /// Like `next(upTo:)`, with each traveller's name parts.
    public mutating func nextGenerated(upTo limit: Int) -> [GeneratedTraveler] {
        let workers = ParallelWorkers((0..<self.workers).map { _ in () })
        return nextBatch(upTo: limit, workers: workers) { _, share in share.generated() }.flatMap { $0 }
    }

    /// The next batch (about `limit` travellers, whole groups), built on `workers` threads:
    /// each worker builds the drafts of a contiguous share of the batch's groups and hands
    /// them, in order, to `job` with its own state; the results come back in worker (hence
    /// traveller) order. Building and rendering in the same job keeps each traveller on one core.
    /// `alongside` runs once, at the same time as the workers (see `ParallelWorkers.run(alongside:_:)`),
    /// followed by the planning of the next batch's groups (seats follow one another, so
    /// planning is serial: done there, it overlaps the building).
    mutating func nextBatch<State, Result>(upTo limit: Int, workers: ParallelWorkers<State>, alongside: () -> Void = {},
                                           _ job: (inout State, DraftShare) -> Result) -> [Result] {
        guard produced < count else {
            alongside()
            return []
        }
        var results: [Result]
        var planted: [GeneratedTraveler] = []
        let context = self.context, plants = self.plants
        if context.listType == .passenger {
            let plans = ahead ?? planGroups(upTo: max(limit, 1))
            ahead = nil
            let share = (plans.count + workers.count - 1) / workers.count
            func build(_ state: inout State, _ worker: Int) -> (Result, [GeneratedTraveler], Int) {
                // Fresh builders per batch keep the stream a plain value (their caches are cheap to refill).
                var factory = TravelerFactory(context: context)
                let start = min(plans.count, worker * share), end = min(plans.count, start + share)
                var drafts: [TravelerDraft] = []
                drafts.reserveCapacity(plans[start..<end].reduce(0) { $0 + $1.count })
                for plan in plans[start..<end] { factory.build(plan, into: &drafts) }
                let share = DraftShare(drafts: drafts, context: context)
                return (job(&state, share), share.planted(plants), drafts.count)
            }
            let parts = workers.run(alongside: {
                alongside()
                if planned < count { ahead = planGroups(upTo: max(limit, 1)) }
            }, build)
            results = parts.map(\.0)
            for part in parts {
                planted += part.1
                produced += part.2
            }
        } else {
            var crew = CrewFactory(context: context)
            alongside()
            let share = DraftShare(drafts: crew.crew(), context: context)
            produced += share.drafts.count
            planted = share.planted(plants)
            results = [workers.runFirst { state in job(&state, share) }]
        }
        self.planted += planted
        return results
    }

    /// Plans whole groups until about `limit` travellers are planned or the list is full.
    private mutating func planGroups(upTo limit: Int) -> [GroupPlan] {
        var plans: [GroupPlan] = []
        var inBatch = 0
        while planned < count, inBatch < limit {
            let first = planned
            // Plants that may fall in this group (a group has at most 12 members).
            while plantCursor < plantOrder.count, plantOrder[plantCursor] < first { plantCursor += 1 }
            var scriptNames = false
            var swappable: Set<Int> = []
            var cursor = plantCursor
            while cursor < plantOrder.count, plantOrder[cursor] < first + 12 {
                let index = plantOrder[cursor]
                if plants[index] == .otherScript { scriptNames = true }
                if plants[index] == .swappableBirthDate { swappable.insert(index) }
                cursor += 1
            }
            let plan = planner.plan(group: nextGroup, first: first, limit: count - first, seats: &seats,
                                    scriptNames: scriptNames, swappableBirth: swappable)
            nextGroup += 1
            planned += plan.count
            inBatch += plan.count
            plans.append(plan)
        }
        return plans
    }
}

/// One worker's part of a batch: its travellers in list order, as drafts, with the list
/// they render against.
struct DraftShare {
    let drafts: [TravelerDraft]
    let context: PassengerListContext

    /// The model values.
    func generated() -> [GeneratedTraveler] {
        drafts.map { $0.generated(in: context) }
    }

    /// The model values of the travellers at planted indices.
    func planted(_ plants: [Int: TravelerStream.PlantRequirement]) -> [GeneratedTraveler] {
        plants.isEmpty ? [] : drafts.filter { plants[$0.index] != nil }.map { $0.generated(in: context) }
    }
}
