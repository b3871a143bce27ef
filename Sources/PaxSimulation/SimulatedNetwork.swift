/// The link between the simulated agencies and what it does to the frames on it: cut by
/// partitions, and per frame dropped, duplicated, held back (which reorders it) or corrupted,
/// each with the fault plan's odds, drawn from the run's generator.
struct SimulatedNetwork {
    let faults: FaultPlan
    /// True while a partition cuts the link.
    private(set) var partitioned = false

    init(faults: FaultPlan) {
        self.faults = faults
    }

    /// Schedules the plan's partitions (start and end) at random moments of `start..<end`.
    func schedulePartitions(from start: Int64, span: Int, in scheduler: inout Scheduler) {
        for _ in 0..<faults.partitions {
            let at = start + Int64(scheduler.below(span))
            scheduler.schedule(.partition(start: true), at: at)
            scheduler.schedule(.partition(start: false), at: at + Int64(faults.partitionSeconds * 1000))
        }
    }

    mutating func setPartitioned(_ cut: Bool, now: Int64, log: inout RunLog) {
        partitioned = cut
        log.note(now, cut ? "partition-start" : "partition-end", [], cut ? "link partitioned" : "link restored")
    }

    /// Carries `frame` (already on the link) from instance `origin` to agency `target` by
    /// `route`: schedules the delivery of each copy that survives the faults, the frame itself
    /// (not the duplicate the link makes) carrying `ending`. When the target has several
    /// instances, a duplicate of a frame for the preferred one goes to the next one (a client
    /// that timed out and failed over). False when it is lost (the sender's delivery has
    /// failed at once).
    mutating func carry(_ frame: [UInt8], messageId: String, to target: Int, route: InstanceRoute, origin: Int,
                        targetInstances: Int, ending: DeliveryEnd?, scheduler: inout Scheduler, log: inout RunLog) -> Bool {
        let now = scheduler.now
        if partitioned {
            log.summary.partitionDropped += 1
            log.note(now, "partition-drop", [("id", .text(messageId))], "  partition drops \(messageId)")
            return false
        }
        if scheduler.chance(faults.drop) {
            log.summary.dropped += 1
            log.note(now, "drop", [("id", .text(messageId))], "  network drops \(messageId)")
            return false
        }
        let copies = scheduler.chance(faults.duplicate) ? 2 : 1
        if copies == 2 { log.summary.duplicated += 1 }
        for copy in 0..<copies {
            var bytes = frame
            var delay = Int64(2 + scheduler.below(40))
            if scheduler.chance(faults.delay) {
                delay += Int64(scheduler.below(Int(faults.maxDelaySeconds * 1000) + 1))
                log.summary.delayed += 1
            }
            if scheduler.chance(faults.corrupt), !bytes.isEmpty {
                let flips = 1 + scheduler.below(3)
                for _ in 0..<flips {
                    bytes[scheduler.below(bytes.count)] ^= UInt8(1 + scheduler.below(255))
                }
                log.summary.corrupted += 1
                log.note(now, "corrupt", [("id", .text(messageId)), ("copy", .int(Int64(copy))), ("flips", .int(Int64(flips)))],
                         "  network corrupts \(flips) byte(s) of \(messageId)")
            }
            let copyRoute = copy == 1 && targetInstances > 1 && route == .preferred ? InstanceRoute.failover : route
            scheduler.schedule(.deliver(agency: target, route: copyRoute, origin: origin, bytes: bytes,
                                        ending: copy == 0 ? ending : nil), at: now + delay)
        }
        return true
    }
}
