import Foundation
import PaxMessages
import PaxServer
import PaxSimulation

/// The demo's files: a key pair, a configuration and a database path per agency, and the
/// watch list both screen against.
enum DemoFiles {
    static func temporaryDirectory() throws -> String {
        var template = Array((NSTemporaryDirectory() + "/paxsim-demo-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }) else {
            throw DemoError("cannot create a temporary directory in \(NSTemporaryDirectory())")
        }
        return String(cString: made)
    }

    /// Writes keys, the watch list and one configuration per agency; returns the
    /// configuration paths. Listen ports are 0 (any free port); peer URLs are set once bound.
    static func write(traffic: Traffic, into directory: String) throws -> [String] {
        let keys = directory + "/keys"
        try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
        for agency in traffic.agencies {
            _ = try AgencyKeyPair.generate(agency: agency.id).write(to: keys, replace: false)
        }
        let watchList = directory + "/watchlist.xml"
        try Data(try traffic.watchList.xml()).write(to: URL(fileURLWithPath: watchList))
        var paths: [String] = []
        for agency in traffic.agencies {
            let peers: [[String: Any]] = traffic.agencies.filter { $0.id != agency.id }.map { peer in
                ["agency": peer.id, "url": "http://127.0.0.1:1", "publicKey": "keys/\(peer.id).pub",
                 "territory": peer.territory.sorted()]
            }
            let configuration: [String: Any] = [
                "agency": agency.id,
                "territory": agency.territory.sorted(),
                "listen": ["host": "127.0.0.1", "port": 0],
                "database": "\(agency.id).sqlite",
                "privateKey": "keys/\(agency.id).key",
                "peers": peers,
                "watchList": "watchlist.xml",
                "limits": ["ratePerPeer": ["perSecond": 1_000, "burst": 2_000]],
                "timing": ["retryBaseMilliseconds": 250, "retryCapMilliseconds": 2_000, "maxAttempts": 20,
                           "assessmentDeadlineSeconds": 120],
            ]
            let path = directory + "/\(agency.id).json"
            let data = try JSONSerialization.data(withJSONObject: configuration, options: [.prettyPrinted, .sortedKeys])
            try data.write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        return paths
    }
}
