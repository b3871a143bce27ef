import Foundation
import PaxBase
import Testing

@Suite struct InputDiscoveryTests {
    @Test("directories: their .xml files in any case, recursively, sorted; no directory named *.xml; missing paths named")
    func expandsDirectoriesOneWay() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("paxsim-base-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("b/c"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("d.xml"), withIntermediateDirectories: true)
        for name in ["b/c/z.xml", "a.xml", "b/y.XML", "notes.txt"] {
            try Data("<x/>".utf8).write(to: directory.appendingPathComponent(name))
        }
        let root = directory.path
        let found = InputDiscovery.expand([root, root + "/notes.txt", "/no/such/path"])
        #expect(found == [
            .file(path: root + "/a.xml"), .file(path: root + "/b/c/z.xml"), .file(path: root + "/b/y.XML"),
            .file(path: root + "/notes.txt"),
            .problem(path: "/no/such/path", reason: "no such file or directory"),
        ])
        #expect(try InputDiscovery.files([root + "/"]) == [root + "/a.xml", root + "/b/c/z.xml", root + "/b/y.XML"])
        #expect(throws: InputDiscovery.Problem(path: "/no/such/path", reason: "no such file or directory")) {
            try InputDiscovery.files([root, "/no/such/path"])
        }
    }
}
