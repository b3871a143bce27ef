import Foundation

/// A classic BPF socket filter (Linux `SO_ATTACH_FILTER`) for the peer listener that drops
/// every packet whose source is one of a list of addresses, and keeps all others whole.
///
/// Attached to a listening TCP socket it runs on each incoming SYN before the kernel makes a
/// connection: a shed address's connection attempts are dropped in the kernel (its client
/// retransmits after a second or more) and cost the agency no accept, no channel and no
/// close. The program only reads the packet's network-layer source address (IPv4, or IPv6 on
/// a dual-stack listener) and never looks at the payload.
///
/// Built here rather than with a BPF library: the program is a fixed pattern of loads and
/// compares, and the lists are bounded so that it stays small (the kernel charges it to each
/// accepted socket's option memory, `net.core.optmem_max`).
public struct SocketFilterProgram: Sendable, Equatable {
    /// One `struct sock_filter` (`linux/filter.h`): opcode, jump offsets if true and false, operand.
    public struct Instruction: Sendable, Equatable {
        public var code: UInt16
        public var jt: UInt8
        public var jf: UInt8
        public var k: UInt32

        public init(_ code: UInt16, _ jt: UInt8, _ jf: UInt8, _ k: UInt32) {
            self.code = code
            self.jt = jt
            self.jf = jf
            self.k = k
        }
    }

    /// Most IPv4 and IPv6 addresses one program drops (2 and 9 instructions each: at most
    /// 1,096 instructions, under 9 KiB).
    public static let maxIPv4 = 256
    public static let maxIPv6 = 64

    public let instructions: [Instruction]
    /// The addresses the program drops, canonical text, sorted.
    public let dropped: [String]

    // Opcodes (`linux/bpf_common.h`) and offsets (`linux/filter.h`) the program uses.
    static let loadHalfAbsolute: UInt16 = 0x28 // BPF_LD | BPF_H | BPF_ABS
    static let loadWordAbsolute: UInt16 = 0x20 // BPF_LD | BPF_W | BPF_ABS
    static let jumpIfEqual: UInt16 = 0x15 // BPF_JMP | BPF_JEQ | BPF_K
    static let jumpAlways: UInt16 = 0x05 // BPF_JMP | BPF_JA
    static let returnConstant: UInt16 = 0x06 // BPF_RET | BPF_K
    /// `SKF_AD_OFF + SKF_AD_PROTOCOL`: the packet's ethertype.
    static let protocolOffset = UInt32(bitPattern: -0x1000)
    /// `SKF_NET_OFF`: offsets from the network header.
    static let networkOffset = UInt32(bitPattern: -0x100000)
    static let etherTypeIPv4: UInt32 = 0x0800
    static let etherTypeIPv6: UInt32 = 0x86DD
    /// Keep the whole packet / drop it.
    static let keep: UInt32 = 0xFFFF_FFFF
    static let drop: UInt32 = 0

    /// A program dropping `addresses` (textual IPv4 or IPv6; an IPv4-mapped IPv6 address counts
    /// as its IPv4 address). Text that is not an address is ignored; beyond `maxIPv4` and
    /// `maxIPv6` the first ones in sorted order are kept.
    public init(dropping addresses: some Sequence<String>) {
        var v4: [UInt32: String] = [:]
        var v6: [[UInt32]: String] = [:]
        for text in Set(addresses) {
            switch Self.parse(text) {
            case .v4(let word)?: v4[word] = Self.text(v4: word)
            case .v6(let words)?: v6[words] = text
            case nil: continue
            }
        }
        let ipv4 = v4.keys.sorted().prefix(Self.maxIPv4)
        let ipv6 = v6.keys.sorted { $0.lexicographicallyPrecedes($1) }.prefix(Self.maxIPv6)
        dropped = (ipv4.compactMap { v4[$0] } + ipv6.compactMap { v6[$0] }).sorted()

        var program: [Instruction] = []
        guard !ipv4.isEmpty || !ipv6.isEmpty else {
            instructions = [Instruction(Self.returnConstant, 0, 0, Self.keep)]
            return
        }
        // 0: A = ethertype; IPv4 → the IPv4 section, IPv6 → the IPv6 section, else keep.
        let ipv4Section = 6
        let ipv6Section = ipv4Section + 1 + 2 * ipv4.count + 1
        program.append(Instruction(Self.loadHalfAbsolute, 0, 0, Self.protocolOffset))
        program.append(Instruction(Self.jumpIfEqual, 0, 1, Self.etherTypeIPv4))
        program.append(Instruction(Self.jumpAlways, 0, 0, UInt32(ipv4Section - 3)))
        program.append(Instruction(Self.jumpIfEqual, 0, 1, Self.etherTypeIPv6))
        program.append(Instruction(Self.jumpAlways, 0, 0, UInt32(ipv6Section - 5)))
        program.append(Instruction(Self.returnConstant, 0, 0, Self.keep))
        // IPv4: A = source address (bytes 12-15 of the header); each match drops.
        program.append(Instruction(Self.loadWordAbsolute, 0, 0, Self.networkOffset &+ 12))
        for word in ipv4 {
            program.append(Instruction(Self.jumpIfEqual, 0, 1, word))
            program.append(Instruction(Self.returnConstant, 0, 0, Self.drop))
        }
        program.append(Instruction(Self.returnConstant, 0, 0, Self.keep))
        // IPv6: the source address is bytes 8-23; an address block skips to the next block
        // at its first differing word.
        for words in ipv6 {
            for (index, word) in words.enumerated() {
                let skip = UInt8(7 - 2 * index)
                program.append(Instruction(Self.loadWordAbsolute, 0, 0, Self.networkOffset &+ UInt32(8 + 4 * index)))
                program.append(Instruction(Self.jumpIfEqual, 0, skip, word))
            }
            program.append(Instruction(Self.returnConstant, 0, 0, Self.drop))
        }
        program.append(Instruction(Self.returnConstant, 0, 0, Self.keep))
        instructions = program
    }

    enum Address: Equatable {
        case v4(UInt32)
        case v6([UInt32])
    }

    /// An address as the words the program compares (network byte order read as big-endian).
    static func parse(_ text: String) -> Address? {
        guard text.utf8.count <= 64 else { return nil }
        let bare = text.hasPrefix("[") && text.hasSuffix("]") ? String(text.dropFirst().dropLast()) : text
        var v4 = in_addr()
        if inet_pton(AF_INET, bare, &v4) == 1 { return .v4(UInt32(bigEndian: v4.s_addr)) }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, bare, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        let words = stride(from: 0, to: 16, by: 4).map { offset in
            bytes[offset ..< offset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        }
        // ::ffff:a.b.c.d reaches a dual-stack listener as an IPv4 packet.
        if words[0] == 0, words[1] == 0, words[2] == 0xFFFF { return .v4(words[3]) }
        return .v6(words)
    }

    static func text(v4 word: UInt32) -> String {
        "\(word >> 24).\(word >> 16 & 0xFF).\(word >> 8 & 0xFF).\(word & 0xFF)"
    }
}
