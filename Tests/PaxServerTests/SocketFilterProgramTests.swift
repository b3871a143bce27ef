import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PaxExchange
import Testing
@testable import PaxServer

/// The packet filter that drops shed addresses on the peer listener: the program, run here by
/// a small classic-BPF interpreter over synthetic IPv4 and IPv6 headers, and the filter on a
/// real listening socket (connections from a shed loopback address get no answer to their SYN,
/// others connect; the filter is lifted when the shedding ends).
@Suite("Shed addresses dropped by the listener's packet filter")
struct SocketFilterProgramTests {
    /// Runs `program` the way the kernel would on a packet with `etherType` and `network`
    /// (the network-layer header): the value returned (0 drops), or nil for a program the
    /// kernel's checker would refuse (unknown opcode, a jump out of range, no return).
    static func run(_ program: SocketFilterProgram, etherType: UInt32, network: [UInt8]) -> UInt32? {
        let code = program.instructions
        guard !code.isEmpty, code.count <= 4_096 else { return nil }
        var accumulator: UInt32 = 0
        var pc = 0
        while pc < code.count {
            let instruction = code[pc]
            switch instruction.code {
            case SocketFilterProgram.loadHalfAbsolute:
                guard instruction.k == SocketFilterProgram.protocolOffset else { return nil }
                accumulator = etherType
            case SocketFilterProgram.loadWordAbsolute:
                let offset = Int(instruction.k &- SocketFilterProgram.networkOffset)
                guard offset >= 0, offset + 4 <= network.count else { return 0 } // the kernel drops on a short packet
                accumulator = network[offset ..< offset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            case SocketFilterProgram.jumpIfEqual:
                pc += Int(accumulator == instruction.k ? instruction.jt : instruction.jf)
            case SocketFilterProgram.jumpAlways:
                pc += Int(instruction.k)
            case SocketFilterProgram.returnConstant:
                return instruction.k
            default:
                return nil
            }
            pc += 1
        }
        return nil
    }

    static func ipv4Header(source: String) -> [UInt8] {
        var header = [UInt8](repeating: 0, count: 20)
        header[0] = 0x45
        var address = in_addr()
        #expect(inet_pton(AF_INET, source, &address) == 1)
        withUnsafeBytes(of: &address) { header.replaceSubrange(12 ..< 16, with: $0) }
        return header
    }

    static func ipv6Header(source: String) -> [UInt8] {
        var header = [UInt8](repeating: 0, count: 40)
        header[0] = 0x60
        var address = in6_addr()
        #expect(inet_pton(AF_INET6, source, &address) == 1)
        withUnsafeBytes(of: &address) { header.replaceSubrange(8 ..< 24, with: $0) }
        return header
    }

    static func keeps(_ program: SocketFilterProgram, _ source: String) -> Bool? {
        let v6 = source.contains(":")
        let verdict = run(program, etherType: v6 ? 0x86DD : 0x0800,
                          network: v6 ? ipv6Header(source: source) : ipv4Header(source: source))
        return verdict.map { $0 != 0 }
    }

    @Test("drops exactly the listed IPv4 and IPv6 sources; mapped addresses count as IPv4; other protocols pass")
    func dropsListed() {
        let program = SocketFilterProgram(dropping: ["192.0.2.7", "2001:db8::1", "::ffff:198.51.100.9", "[2001:db8::2]",
                                                      "not-an-address", "192.0.2.7"])
        #expect(program.dropped == ["192.0.2.7", "198.51.100.9", "2001:db8::1", "[2001:db8::2]"].sorted())
        for dropped in ["192.0.2.7", "198.51.100.9", "2001:db8::1", "2001:db8::2"] {
            #expect(Self.keeps(program, dropped) == false, "\(dropped) is dropped")
        }
        // Differing in any one word (first, middle, last), or a neighbouring IPv4 address.
        for kept in ["192.0.2.6", "192.0.2.8", "127.0.0.1", "2001:db8::3", "2001:db9::1", "2001:db8:0:1::1", "::1",
                     "fe80::1"] {
            #expect(Self.keeps(program, kept) == true, "\(kept) is kept")
        }
        // An IPv4 address listed does not drop the IPv6 packet whose last word matches, and ARP-like others pass.
        #expect(Self.keeps(program, "::c000:207") == true)
        #expect(Self.run(program, etherType: 0x0806, network: [UInt8](repeating: 0, count: 28)) == 0xFFFF_FFFF)
    }

    @Test("an empty list keeps everything; the lists are bounded and the program stays within the kernel's limits")
    func bounds() {
        let empty = SocketFilterProgram(dropping: [])
        #expect(empty.instructions.count == 1)
        #expect(Self.keeps(empty, "192.0.2.1") == true && Self.keeps(empty, "2001:db8::1") == true)

        let many = (0..<400).map { "10.0.\($0 / 256).\($0 % 256)" } + (0..<100).map { "2001:db8::\(String($0, radix: 16))" }
        let program = SocketFilterProgram(dropping: many)
        #expect(program.dropped.count == SocketFilterProgram.maxIPv4 + SocketFilterProgram.maxIPv6)
        #expect(program.instructions.count * 8 <= 9 * 1_024, "under 9 KiB of option memory per socket")
        // Every jump lands inside the program; the last instruction returns.
        for (index, instruction) in program.instructions.enumerated() {
            if instruction.code == SocketFilterProgram.jumpIfEqual {
                #expect(index + 1 + Int(max(instruction.jt, instruction.jf)) < program.instructions.count)
            } else if instruction.code == SocketFilterProgram.jumpAlways {
                #expect(index + 1 + Int(instruction.k) < program.instructions.count)
            }
        }
        #expect(program.instructions.last?.code == SocketFilterProgram.returnConstant)
        // The first ones in sorted order are the ones kept, and each of them is dropped.
        for address in program.dropped { #expect(Self.keeps(program, address) == false, "\(address)") }
        #expect(Self.keeps(program, "10.0.1.143") == true, "the 400th IPv4 address is beyond the bound")
    }

    /// Whether a TCP connection from `source` to 127.0.0.1:`port` is established within
    /// `milliseconds` (a dropped SYN is not answered at all).
    static func connects(from source: String, to port: Int, within milliseconds: Int32) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        local.sin_addr.s_addr = inet_addr(source)
        let bound = withUnsafePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { return false }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var remote = sockaddr_in()
        remote.sin_family = sa_family_t(AF_INET)
        remote.sin_port = in_port_t(UInt16(port).bigEndian)
        remote.sin_addr.s_addr = inet_addr("127.0.0.1")
        let started = withUnsafePointer(to: &remote) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if started == 0 { return true }
        guard errno == EINPROGRESS else { return false }
        var waiting = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        guard poll(&waiting, 1, milliseconds) == 1 else { return false }
        var failure: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &failure, &length)
        return failure == 0
    }

    /// A forged request from `source`: the status code, or 0 when closed unanswered. The socket
    /// work runs off the cooperative pool, which the server answering it needs.
    func forge(from source: String, port: Int, peers: TestPeers) async throws -> Int {
        let body = Array("<m/>".utf8)
        let fields = try peers.fields(body, key: SigningKey.random()) + [("Content-Length", String(body.count))]
        let answer = try await RawConnection.off {
            let connection = try RawConnection(port: port, source: source)
            connection.send(Array(RawConnection.head(fields: fields).utf8) + body)
            return connection.read(wait: RawConnection.answerWait) ?? ""
        }
        return answer.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    }

    /// `connects(from:to:within:)` off the cooperative pool.
    static func connecting(from source: String, to port: Int, within milliseconds: Int32) async throws -> Bool {
        try await RawConnection.off { connects(from: source, to: port, within: milliseconds) }
    }

    @Test("a shed address's SYNs are dropped by the listener's filter while others connect; the filter is lifted when shedding ends")
    func filterOnListener() async throws {
        let peers = TestPeers()
        var logger = Logger(label: "paxsim-test")
        logger.logLevel = .critical
        let limits = ConnectionGate.Limits(maxConnections: 64, headTimeout: .seconds(10), bodyTimeout: .seconds(30),
                                           idleTimeout: .seconds(60), shedSeconds: 5, filtersShedPackets: true)
        let server = AgencyHTTPServer(
            options: .init(agency: "US-CBP", version: "test", port: 0, maxBodyBytes: 64 * 1_024,
                           ratePerPeer: .init(perSecond: 1_000, burst: 1_000), peers: ["SV-DGME"],
                           rateUnauthenticated: .init(perSecond: 1, burst: 1), connections: limits),
            intake: RecordingIntake(peers: peers), database: nil, logger: logger, clock: TestClock().read)
        try await server.makeApplication().test(.live) { client in
            let port = try #require(client.port)
            #expect(try await forge(from: "127.0.0.2", port: port, peers: peers) == 401)
            #expect(try await forge(from: "127.0.0.2", port: port, peers: peers) == 429)
            // Shed now: within a few polls the kernel drops its SYNs.
            let installed = ContinuousClock.now + .seconds(10)
            while server.gate.filteredAddresses != 1, ContinuousClock.now < installed { try await Task.sleep(for: .milliseconds(20)) }
            #expect(server.gate.filteredAddresses == 1)
            #expect(server.gate.exposition().contains("paxsim_http_filtered_addresses 1"))
            let shedBefore = server.gate.shedConnections
            #expect(try await !Self.connecting(from: "127.0.0.2", to: port, within: 500), "a shed address's SYN is not answered")
            #expect(try await Self.connecting(from: "127.0.0.3", to: port, within: RawConnection.answerWait), "another address connects")
            #expect(try await Self.connecting(from: "127.0.0.1", to: port, within: RawConnection.answerWait))
            #expect(server.gate.shedConnections == shedBefore, "the dropped attempt never reached the agency")
            // The shedding lasts 5 s; then the filter no longer names the address.
            let lifted = ContinuousClock.now + .seconds(30)
            while server.gate.filteredAddresses != 0, ContinuousClock.now < lifted { try await Task.sleep(for: .milliseconds(50)) }
            #expect(server.gate.filteredAddresses == 0)
            #expect(try await Self.connecting(from: "127.0.0.2", to: port, within: RawConnection.answerWait), "connects again once shedding ended")
        }
    }
}
