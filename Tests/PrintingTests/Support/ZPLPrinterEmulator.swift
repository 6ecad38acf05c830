import Foundation
import Printing

#if canImport(Glibc)
import Glibc
#endif

/// A Zebra printer of our own on 127.0.0.1 for the tests: answers `~HS` and `~HQES` at once (tilde commands jump the
/// queue), queues `^XA…^XZ` formats, and "prints" one every `labelTime`: it decompresses the `^GFA` graphic with the
/// tests' own ACS decoder and keeps the dots. Faults can be injected: paper out or head open after N labels (the
/// next label stays under the head), or silence (no more answers, no more printing). `~JA` drops queued formats.
final class ZPLPrinterEmulator: @unchecked Sendable {
    /// A label the emulator printed: the `^FX` comment and the decoded graphic.
    struct Printed {
        var comment: String
        var width: Int
        var height: Int
        var bytesPerRow: Int
        var bits: [UInt8]
    }

    enum Fault { case paperOut, headOpen, ribbonOut, silent, garbage }

    // Everything below is guarded by `lock`.
    private let lock = NSLock()
    private var queue: [String] = []
    private var printedLabels: [Printed] = []
    private var fault: Fault?
    private var faultAfter: (Fault, Int)?
    private var cancelled = 0
    private var received = 0
    private var running = true
    private let listener: Int32
    /// The TCP port it listens on.
    let port: Int
    let labelTime: Double

    init(labelTime: Double = 0.03) throws {
        self.labelTime = labelTime
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 8) == 0 else {
            close(fd)
            throw EmulatorError.cannotListen
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in acceptLoop() }
        Thread.detachNewThread { [self] in engineLoop() }
    }

    enum EmulatorError: Error { case cannotListen }

    /// Stops accepting; safe to call more than once (the listener is closed exactly once, so a descriptor number
    /// reused elsewhere in the process is never closed by mistake).
    func stop() {
        let wasRunning = lock.withLock {
            let was = running
            running = false
            return was
        }
        guard wasRunning else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    /// Injects `fault` once `count` labels have printed in total (0 = now).
    func inject(_ fault: Fault, afterPrinting count: Int) { lock.withLock { faultAfter = (fault, count) } }
    /// Clears any fault.
    func recover() { lock.withLock { fault = nil; faultAfter = nil } }

    var printed: [Printed] { lock.withLock { printedLabels } }
    var formatsReceived: Int { lock.withLock { received } }
    var formatsCancelled: Int { lock.withLock { cancelled } }

    private func acceptLoop() {
        while lock.withLock({ running }) {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            Thread.detachNewThread { [self] in serve(client) }
        }
    }

    private func engineLoop() {
        while lock.withLock({ running }) {
            usleep(UInt32(labelTime * 1_000_000))
            // The label under the head stays in the queue (counted by ~HS) until it is printed; decoding its graphic
            // happens outside the lock so status answers are never held up.
            let next: String? = lock.withLock {
                if fault == nil, let planned = faultAfter, printedLabels.count >= planned.1, !queue.isEmpty || planned.1 == 0 {
                    fault = planned.0
                    faultAfter = nil
                }
                guard fault == nil, let first = queue.first else { return nil }
                return first
            }
            guard let next else { continue }
            let printed = Self.printed(next)
            lock.withLock {
                guard fault == nil, queue.first == next else { return }
                queue.removeFirst()
                printedLabels.append(printed)
            }
        }
    }

    private static func printed(_ format: String) -> Printed {
        let comment = format.range(of: "^FX").map { range in
            String(format[range.upperBound...].prefix { $0 != "^" })
        } ?? ""
        let width = Int(Self.field(format, "^PW") ?? "") ?? 0
        let height = Int(Self.field(format, "^LL") ?? "") ?? 0
        let decoded = try? ACSDecoder.decode(format)
        return Printed(
            comment: comment, width: width, height: height, bytesPerRow: decoded?.bytesPerRow ?? 0,
            bits: decoded?.bits ?? [])
    }

    private static func field(_ format: String, _ command: String) -> String? {
        format.range(of: command).map { String(format[$0.upperBound...].prefix { $0.isNumber }) }
    }

    private func serve(_ client: Int32) {
        defer { close(client) }
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(client, &buffer, buffer.count, 0)
            guard count > 0 else { return }
            pending += buffer[..<count]
            while let answer = consume(&pending) {
                if !answer.isEmpty { _ = answer.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } }
            }
        }
    }

    /// Takes one command off the front of `pending`; returns the answer (possibly empty), or nil when more bytes
    /// are needed.
    private func consume(_ pending: inout [UInt8]) -> [UInt8]? {
        while let first = pending.first, first != UInt8(ascii: "~"), first != UInt8(ascii: "^") { pending.removeFirst() }
        guard !pending.isEmpty else { return nil }
        let text = String(decoding: pending.prefix(5), as: UTF8.self)
        if text.hasPrefix("~HQES") {
            pending.removeFirst(5)
            return lock.withLock {
                if fault == .silent { return [] }
                switch fault {
                case .paperOut: return ZPLErrorStatus(errors: 1).answer
                case .ribbonOut: return ZPLErrorStatus(errors: 2).answer
                case .headOpen: return ZPLErrorStatus(errors: 4).answer
                default: return ZPLErrorStatus(errors: 0).answer
                }
            }
        }
        if text.hasPrefix("~HS") {
            guard pending.count >= 3 else { return nil }
            if pending.count < 5, "~HQES".utf8.starts(with: pending) { return nil }
            pending.removeFirst(3)
            return lock.withLock {
                switch fault {
                case .silent: return []
                case .garbage: return Array("\u{2}HELLO WORLD\u{3}\r\n".utf8)
                default:
                    let status = ZPLHostStatus(
                        paperOut: fault == .paperOut, formatsInBuffer: queue.count, headOpen: fault == .headOpen,
                        ribbonOut: fault == .ribbonOut)
                    return status.answer
                }
            }
        }
        if text.hasPrefix("~JA") {
            pending.removeFirst(3)
            lock.withLock {
                cancelled += queue.count
                queue.removeAll()
            }
            return []
        }
        if text.hasPrefix("^XA") {
            guard let end = Self.find(Array("^XZ".utf8), in: pending) else { return nil }
            let format = String(decoding: pending[..<(end + 3)], as: UTF8.self)
            pending.removeFirst(end + 3)
            lock.withLock {
                received += 1
                queue.append(format)
            }
            return []
        }
        guard pending.count >= 5 else { return nil }
        pending.removeFirst()
        return []
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for index in 0...(haystack.count - needle.count) where Array(haystack[index..<index + needle.count]) == needle {
            return index
        }
        return nil
    }
}

extension ZPLPrinterEmulator.Printed {
    /// The printed dots as a PBM (P4) file, for decoders nobody here wrote.
    func pbm() -> Data {
        var data = Data("P4\n\(bytesPerRow * 8) \(bits.count / max(1, bytesPerRow))\n".utf8)
        data.append(contentsOf: bits)
        return data
    }
}
