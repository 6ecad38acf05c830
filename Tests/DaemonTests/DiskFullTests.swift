import Daemon
import Foundation
import LabelgateCore
import Ledger
import Testing

/// The ledger's and the spool's file system actually full (a small tmpfs filled up), under the running daemon and
/// through its API: it refuses with the reason, leaves nothing half-written, loses no serial, and works again by
/// itself once there is space.
@Suite("Disk full", .serialized, .enabled(if: SmallFileSystem.isAvailable, "needs root and tmpfs mounts"))
struct DiskFullTests {
    static func post(_ socket: String, _ path: String, role: APIRole, _ json: [String: Any]) async throws
        -> (status: Int, body: Any?)
    {
        let data = try JSONSerialization.data(withJSONObject: json)
        let reply = try await onThread {
            try DaemonConnection(address: socket, timeoutSeconds: 60).request(
                "POST", path, token: DaemonFixture.tokens[role], json: data)
        }
        return (reply.status, try? JSONSerialization.jsonObject(with: reply.body))
    }

    @Test func aFullFileSystemRefusesWithTheReasonWritesNothingHalfAndRecoversByItself() async throws {
        let disk = try SmallFileSystem(megabytes: 8)
        defer { disk.unmount() }
        let fixture = try await DaemonFixture(directory: disk.directory)
        let daemon = try await RunningDaemon(fixture)
        let socket = daemon.socket
        let first = try await Self.post(socket, "/v1/print", role: .printStation, fixture.printBody)
        #expect(first.status == 200)

        disk.fill()
        var reasons: [String] = []
        for _ in 0..<3 {
            let refused = try await Self.post(socket, "/v1/print", role: .printStation, fixture.printBody)
            #expect(refused.status != 200, "a print on a full disk answered 200")
            // Either the ledger refused (503, the reason names the full file system) or the ledger still had room
            // in its WAL and the spool could not write (207, the label failed with ENOSPC).
            if let object = refused.body as? [String: Any] {
                reasons.append(object["reason"] as? String ?? "")
            } else if let labels = refused.body as? [[String: Any]] {
                #expect(labels.allSatisfy { $0["state"] as? String == "failed" }, "\(labels)")
                reasons += labels.map { $0["location"] as? String ?? "" }
            }
        }
        #expect(
            reasons.allSatisfy { $0.contains("full") || $0.contains("No space left") }, "reasons: \(reasons)")
        let spool = fixture.dir.appendingPathComponent("spool")
        let files = try FileManager.default.contentsOfDirectory(atPath: spool.path)
        #expect(files.allSatisfy { !$0.hasPrefix(".") }, "half-written spool files: \(files)")

        disk.free()
        let again = try await Self.post(socket, "/v1/print", role: .printStation, fixture.printBody)
        #expect(again.status == 200, "the daemon did not recover by itself: \(String(describing: again.body))")
        try await daemon.stopAndWait()

        // Every serial is accounted for: contiguous from 1, none left on its way, one spool file pair per printed
        // label, and the audit chain intact.
        let labels = try await fixture.ledger.labels(coi: fixture.record.coi)
        #expect(labels.map(\.serial.value) == Array(1...UInt64(labels.count)))
        #expect(labels.allSatisfy { [.printed, .failed].contains($0.state) }, "\(labels.map(\.state))")
        let printed = Set(labels.filter { $0.state == .printed }.map(\.serial.text))
        let spooled = Set(try FileManager.default.contentsOfDirectory(atPath: spool.path).map { String($0.prefix(10)) })
        #expect(printed == spooled)
        #expect(try await fixture.ledger.verifyAuditChain().isIntact)
    }

    @Test func aFullSpoolFailsTheLabelsWithTheReasonLeavesNoPartialFileAndRecoversByItself() async throws {
        let fixture = try await DaemonFixture()
        let spool = fixture.dir.appendingPathComponent("spool")
        let disk = try SmallFileSystem(megabytes: 1, at: spool)
        defer { disk.unmount() }
        let daemon = try await RunningDaemon(fixture)
        disk.fill()
        var body = fixture.printBody
        body["copies"] = 3
        let refused = try await Self.post(daemon.socket, "/v1/print", role: .printStation, body)
        #expect(refused.status == 207)
        let labels = try #require(refused.body as? [[String: Any]])
        #expect(labels.count == 3 && labels.allSatisfy { $0["state"] as? String == "failed" }, "\(labels)")
        #expect(
            labels.allSatisfy { ($0["location"] as? String ?? "").contains("No space left on device") }, "\(labels)")
        let left = try FileManager.default.contentsOfDirectory(atPath: spool.path).filter { $0 != "filler" }
        #expect(left.isEmpty, "the spool kept \(left)")

        disk.free()
        let again = try await Self.post(daemon.socket, "/v1/print", role: .printStation, body)
        #expect(again.status == 200, "the spool did not recover by itself: \(String(describing: again.body))")
        try await daemon.stopAndWait()
        let states = try await fixture.ledger.labels(coi: fixture.record.coi).map(\.state)
        #expect(states == [.failed, .failed, .failed, .printed, .printed, .printed])
        #expect(try FileManager.default.contentsOfDirectory(atPath: spool.path).filter { $0 != "filler" }.count == 6)
    }
}
