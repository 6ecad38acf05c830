import LabelgateCore
import Ledger

/// Print jobs fenced to their gateway: recovery reads only its own gateway's jobs of earlier runs, and a gateway is
/// held by one process at a time.
extension LedgerConformance {
    static func issueFenced(
        _ store: any LedgerStore, count: Int, gateway: String?, incarnation: String, printer: String = "spool-1"
    ) async throws -> [IssuedLabel] {
        let record = try SampleRecords.record()
        let claim = try gateway.map {
            PrintJobClaim(printer: printer, fence: try PrintFence(gateway: $0, incarnation: incarnation))
        }
        let request = LabelRequest(coi: record.coi, din: record.dins[0], template: "bag@1", printJob: claim)
        return try await store.issueLabels(Array(repeating: request, count: count), by: operatorA)
    }

    static func serials(_ labels: [IssuedLabel]) -> [LabelSerial] { labels.map(\.serial) }

    static let fenceChecks: [ConformanceCheck] = [
        ConformanceCheck(name: "interruptedPrintsAreFencedToTheirGatewayAndRun") { store in
            try await store.addRecord(SampleRecords.record(), by: operatorA)
            let oldRun = try await issueFenced(store, count: 3, gateway: "gw-a", incarnation: "run-1")
            let liveRun = try await issueFenced(store, count: 2, gateway: "gw-a", incarnation: "run-2")
            let otherGateway = try await issueFenced(store, count: 2, gateway: "gw-b", incarnation: "run-1")
            let unfenced = try await issueFenced(store, count: 2, gateway: nil, incarnation: "")
            // The old run got one label rendered and one sent (with a job reference), and finished none; the other
            // gateway printed one to the end.
            _ = try await store.transitionLabels(
                [
                    LabelTransition(oldRun[1].serial, to: .rendered, reason: "bag@1"),
                    LabelTransition(oldRun[2].serial, to: .rendered, reason: "bag@1"),
                    LabelTransition(otherGateway[0].serial, to: .rendered, reason: "bag@1"),
                ], by: operatorA)
            try await store.markSent([oldRun[2].serial, otherGateway[0].serial], printer: "spool-1", by: operatorA)
            try await store.recordPrintJob(oldRun[2].serial, printer: "spool-1", job: "spool/7", by: operatorA)
            _ = try await store.transitionLabel(otherGateway[0].serial, to: .printed, by: operatorA, reason: "spool")

            let mine = try await store.interruptedPrintLabels(scope: .gateway("gw-a", excluding: "run-2"), limit: 100)
            try expect(serials(mine) == serials(oldRun), "gw-a excluding run-2 read \(serials(mine))")
            try expect(mine.map(\.state) == [.issued, .rendered, .sent], "states read \(mine.map(\.state))")
            let live = try await store.interruptedPrintLabels(scope: .gateway("gw-a", excluding: "run-1"), limit: 100)
            try expect(serials(live) == serials(liveRun), "gw-a excluding run-1 read \(serials(live))")
            let other = try await store.interruptedPrintLabels(scope: .gateway("gw-b", excluding: "run-9"), limit: 100)
            try expect(serials(other) == [otherGateway[1].serial], "gw-b read \(serials(other)) (printed ones too?)")
            let none = try await store.interruptedPrintLabels(scope: .gateway("gw-c", excluding: "run-9"), limit: 100)
            try expect(none.isEmpty, "an unknown gateway read \(serials(none))")
            let loose = try await store.interruptedPrintLabels(scope: .unfenced, limit: 100)
            try expect(serials(loose) == serials(unfenced), "unfenced read \(serials(loose))")
            let limited = try await store.interruptedPrintLabels(scope: .gateway("gw-a", excluding: "run-2"), limit: 2)
            try expect(serials(limited) == serials(Array(oldRun.prefix(2))), "the limit gave \(serials(limited))")
            // markSent and recordPrintJob keep the owner; the job reference is kept beside it.
            try expect(
                try await store.printJob(serial: oldRun[2].serial)
                    == PrintJobReference(serial: oldRun[2].serial, printer: "spool-1", job: "spool/7"),
                "the job reference of a fenced label was lost")
            let issueRows = try await store.auditRows(after: 0, limit: 100).filter { $0.action == "label.issue" }
            let fencedRow = issueRows.first { $0.subject == oldRun[0].serial.text }
            try expect(
                fencedRow?.details.contains("gw-a") == true && fencedRow?.details.contains("run-1") == true,
                "the issue audit row does not name the owner")
            try await expectIntactChain(store, rows: 1 + 9 + 3 + 2 + 1 + 1)
        },
        ConformanceCheck(name: "aGatewayIsHeldByOneHolderAtATime") { store in
            guard let fencing = store as? any GatewayFencing else {
                throw ConformanceFailure(description: "the store cannot hold a gateway")
            }
            let first = try await fencing.holdGateway("gw-a")
            try expect(first.isHeld && first.gateway == "gw-a", "the first hold is not held")
            try await expectLedgerError(.conflict, "a second hold of the same gateway") { () throws(LedgerError) in
                _ = try await fencing.holdGateway("gw-a")
            }
            let other = try await fencing.holdGateway("gw-b")
            try expect(other.isHeld, "another gateway could not be held beside the first")
            await first.release()
            try expect(!first.isHeld, "a released hold says it is held")
            let again = try await fencing.holdGateway("gw-a")
            try expect(again.isHeld, "the gateway could not be held again after its release")
            try await expectLedgerError(.invalidInput, "a gateway with a space") { () throws(LedgerError) in
                _ = try await fencing.holdGateway("gw a")
            }
            await again.release()
            await other.release()
        },
    ]
}
