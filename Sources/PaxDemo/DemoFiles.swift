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

    /// Writes keys, the watch list and one configuration per agency (with `carriers` accounts
    /// where given); returns the configuration paths. Listen ports are 0 (any free port); peer URLs are set once bound.
    ///
    /// Every file is written atomically (a temporary file beside it, synced, renamed into
    /// place) and a symbolic link planted at one of the names is replaced, never followed; a
    /// link where the keys directory or a database should be is refused.
    static func write(traffic: Traffic, into directory: String, console: Bool = false, tls: Bool = false,
                      carriers: [String: [[String: Any]]] = [:]) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for agency in traffic.agencies {
            try refuseLink(directory + "/\(agency.id).sqlite")
        }
        let keys = directory + "/keys"
        try makePrivateDirectory(keys)
        for agency in traffic.agencies {
            _ = try AgencyKeyPair.generate(agency: agency.id).write(to: keys, replace: false)
        }
        if tls {
            // A throwaway CA for this demo, and a certificate per agency issued by it.
            let authority = try AgencyTLSCertificates.makeAuthority(name: "PaxSim demo CA", days: 1)
            try AgencyTLSCertificates.write(authority, directory: keys, name: "paxsim-ca", replace: false)
            let now = Date()
            for agency in traffic.agencies {
                let issued = try AgencyTLSCertificates.makeAgencyCertificate(
                    agency: agency.id, issuer: authority, notValidBefore: now.addingTimeInterval(-300),
                    notValidAfter: now.addingTimeInterval(86_400))
                try AgencyTLSCertificates.write(issued, directory: keys, name: "\(agency.id).tls", replace: false)
                if console {
                    // What a browser checks: the console's host (localhost, 127.0.0.1, ::1), not the agency id.
                    let loopbackV6: [UInt8] = Array(repeating: 0, count: 15) + [1]
                    let consoleCertificate = try AgencyTLSCertificates.makeConsoleCertificate(
                        agency: agency.id, dnsNames: ["localhost"], ipAddresses: [[127, 0, 0, 1], loopbackV6], issuer: authority,
                        notValidBefore: now.addingTimeInterval(-300), notValidAfter: now.addingTimeInterval(86_400))
                    try AgencyTLSCertificates.write(consoleCertificate, directory: keys, name: "\(agency.id).console", replace: false)
                }
            }
        }
        let watchList = directory + "/watchlist.xml"
        try SecureFileWriter.writeFile(try traffic.watchList.xml(), to: watchList, permissions: 0o644, replace: true)
        var paths: [String] = []
        for agency in traffic.agencies {
            let peers: [[String: Any]] = traffic.agencies.filter { $0.id != agency.id }.map { peer in
                ["agency": peer.id, "url": tls ? "https://127.0.0.1:1" : "http://127.0.0.1:1", "publicKey": "keys/\(peer.id).pub",
                 "territory": peer.territory.sorted()]
            }
            var configuration: [String: Any] = [
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
            // The airline's account at its departure agency (the carrier API).
            if let accounts = carriers[agency.id] { configuration["carriers"] = accounts }
            // `demo --web`: each agency's console on a free loopback port (`--tls`: over HTTPS).
            if console && tls {
                configuration["console"] = ["listen": "127.0.0.1:0",
                                            "tls": ["certificate": "keys/\(agency.id).console.crt", "privateKey": "keys/\(agency.id).console.key"]]
            } else if console {
                configuration["console"] = ["listen": "127.0.0.1:0"]
            }
            if tls {
                configuration["tls"] = ["certificate": "keys/\(agency.id).tls.crt", "privateKey": "keys/\(agency.id).tls.key",
                                        "peersCA": "keys/paxsim-ca.crt"]
            }
            let path = directory + "/\(agency.id).json"
            let data = try JSONSerialization.data(withJSONObject: configuration, options: [.prettyPrinted, .sortedKeys])
            try SecureFileWriter.writeFile(Array(data), to: path, permissions: 0o644, replace: true)
            paths.append(path)
        }
        return paths
    }

    /// Creates `path` as a directory (0700), or accepts an existing real directory there; a
    /// symbolic link or any other file is refused.
    private static func makePrivateDirectory(_ path: String) throws {
        if mkdir(path, 0o700) == 0 { return }
        let code = errno
        var status = stat()
        guard code == EEXIST, lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else {
            throw DemoError("\(path): cannot be used as the keys directory (\(code == EEXIST ? "not a directory, or a symbolic link" : String(cString: strerror(code))))")
        }
    }

    /// Refuses a symbolic link at `path` (SQLite would open the file it points to).
    private static func refuseLink(_ path: String) throws {
        var status = stat()
        if lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFLNK {
            throw DemoError("\(path): is a symbolic link; the demo does not write through links")
        }
    }
}
