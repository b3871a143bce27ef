import Foundation
import Logging
import NIOCore

/// Keeps a `SocketFilterProgram` on the peer listener's socket equal to the addresses its
/// `ConnectionGate` sheds: checked every `interval`, replaced (one `setsockopt`) when the set
/// changed, so an address is dropped in the kernel from shortly after it is shed until its
/// shedding ends. Connections already open keep the program they were accepted under (the
/// kernel copies it), which never names an address that was proven or not shed then.
struct ListenerPacketFilter: Sendable {
    let gate: ConnectionGate
    let interval: Duration
    let logger: Logger

    init(gate: ConnectionGate, interval: Duration = .milliseconds(100), logger: Logger) {
        self.gate = gate
        self.interval = interval
        self.logger = logger
    }

    /// Runs until the task is cancelled or the listener closes; removes the program on the way
    /// out. A listener without socket options (an in-process test channel) or a kernel that
    /// refuses the program is logged once and left to the gate's close-at-accept.
    func run(on listener: any Channel) async {
        guard let socket = listener as? any SocketOptionProvider else {
            logger.info("the peer listener has no socket options: shed addresses are closed at accept only")
            return
        }
        var installed: [String] = []
        while !Task.isCancelled, listener.isActive {
            let wanted = SocketFilterProgram(dropping: gate.shedAddresses())
            if wanted.dropped != installed {
                do {
                    try await Self.attach(wanted, to: socket)
                    installed = wanted.dropped
                    gate.recordFiltered(count: installed.count)
                } catch {
                    logger.warning("the packet filter for shed addresses was refused; they are closed at accept only",
                                   metadata: ["error": "\(error)"])
                    gate.recordFiltered(count: 0)
                    return
                }
            }
            try? await Task.sleep(for: interval)
        }
        if !installed.isEmpty, listener.isActive {
            try? await Self.attach(SocketFilterProgram(dropping: []), to: socket)
        }
        gate.recordFiltered(count: 0)
    }

    /// `struct sock_fprog`: the program's length and where its instructions are.
    ///
    /// `@unchecked Sendable`: it carries a pointer to a buffer that `attach` owns, allocates
    /// before and frees only after the option is set; the kernel copies the program.
    struct ProgramHeader: @unchecked Sendable {
        var length: UInt16
        var instructions: UnsafeMutableRawPointer?
    }

    /// `SO_ATTACH_FILTER` (`asm-generic/socket.h`): replaces the socket's filter.
    static let attachFilter: SocketOptionName = 26

    static func attach(_ program: SocketFilterProgram, to socket: any SocketOptionProvider) async throws {
        let count = program.instructions.count
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: count * 8, alignment: 8)
        defer { buffer.deallocate() }
        for (index, instruction) in program.instructions.enumerated() {
            let base = index * 8
            buffer.storeBytes(of: instruction.code, toByteOffset: base, as: UInt16.self)
            buffer.storeBytes(of: instruction.jt, toByteOffset: base + 2, as: UInt8.self)
            buffer.storeBytes(of: instruction.jf, toByteOffset: base + 3, as: UInt8.self)
            buffer.storeBytes(of: instruction.k, toByteOffset: base + 4, as: UInt32.self)
        }
        let header = ProgramHeader(length: UInt16(count), instructions: buffer.baseAddress)
        try await socket.unsafeSetSocketOption(level: SocketOptionLevel(SOL_SOCKET), name: attachFilter, value: header).get()
    }
}
