import Foundation

/// Submits message files to an agency through its operator endpoint, a few at a time, and
/// reports one result per file in input order (`paxsim agency submit`).
public enum OperatorSubmission {
    public struct Result: Sendable {
        public var path: String
        public var accepted: Bool
        /// True when the agency could not be reached at all.
        public var unreachable: Bool
        /// The message id, or why it was refused.
        public var line: String
    }

    public static func submit(paths: [String], client: OperatorClient, concurrency: Int) async throws -> [Result] {
        var results = [Result?](repeating: nil, count: paths.count)
        try await withThrowingTaskGroup(of: (Int, Result).self) { group in
            var next = 0
            func add() {
                let index = next
                let path = paths[index]
                next += 1
                group.addTask { (index, await submit(path: path, client: client)) }
            }
            while next < min(concurrency, paths.count) { add() }
            while let (index, result) = try await group.next() {
                results[index] = result
                if next < paths.count { add() }
            }
        }
        return results.compactMap { $0 }
    }

    static func submit(path: String, client: OperatorClient) async -> Result {
        guard let data = FileManager.default.contents(atPath: path) else {
            return Result(path: path, accepted: false, unreachable: false, line: "cannot be read")
        }
        do {
            let answer = try await client.submit(Array(data))
            if answer.status == 202,
               let object = try? JSONDecoder().decode([String: String].self, from: Data(answer.body.utf8)), let id = object["messageId"] {
                return Result(path: path, accepted: true, unreachable: false, line: "accepted as \(id)")
            }
            let reason = (try? JSONDecoder().decode([String: String].self, from: Data(answer.body.utf8)))?["reason"] ?? answer.body
            return Result(path: path, accepted: false, unreachable: false, line: "refused (HTTP \(answer.status)): \(reason)")
        } catch {
            return Result(path: path, accepted: false, unreachable: true, line: "not delivered: \(error)")
        }
    }
}
