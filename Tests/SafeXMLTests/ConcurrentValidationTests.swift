import Foundation
import Testing
import SafeXML

/// One compiled schema shared by many tasks gives exactly the serial results.
/// (Run once under `swift test --sanitize=thread --filter ConcurrentValidation`.)
@Suite struct ConcurrentValidationTests {
    static let corpus: [[UInt8]] = (0..<48).map { i in
        var travelers = (1...(1 + i % 7)).map { Fixtures.traveler($0, name: "N\(i)-\($0)") }
        switch i % 4 {
        case 1: travelers.append(Fixtures.traveler(99, dob: "2001-02-30"))
        case 2: travelers.append(Fixtures.traveler(98, airport: "XXXX"))
        case 3: travelers.append("<Traveler ref=\"x\"><Oops/></Traveler>")
        default: break
        }
        return Array(Fixtures.manifest(travelers).utf8)
    }

    @Test func parallelEqualsSerial() async {
        let schema = Fixtures.schema
        let serial = Self.corpus.map { schema.validate(bytes: $0) }
        let serialStream = Self.corpus.map { schema.validateStream(bytes: $0) }
        #expect(serial.filter(\.isValid).count == 12)

        let parallel = await withTaskGroup(of: (Int, ValidationReport, ValidationReport).self) { group in
            for round in 0..<8 {
                for (index, bytes) in Self.corpus.enumerated() {
                    group.addTask { (index, schema.validate(bytes: bytes), schema.validateStream(bytes: bytes)) }
                }
                _ = round
            }
            var results: [(Int, ValidationReport, ValidationReport)] = []
            for await result in group { results.append(result) }
            return results
        }
        #expect(parallel.count == 8 * Self.corpus.count)
        for (index, tree, stream) in parallel {
            #expect(tree == serial[index])
            #expect(stream == serialStream[index])
        }
    }

    @Test func schemasCompileConcurrently() async throws {
        let compiled = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    guard let schema = try? XMLSchema(documents: Fixtures.documents, main: "main.xsd") else { return false }
                    return schema.validate(bytes: Fixtures.valid).isValid
                }
            }
            var all = true
            for await ok in group { all = all && ok }
            return all
        }
        #expect(compiled)
    }
}
