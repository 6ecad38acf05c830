import Foundation
import Logging

@testable import Ledger

enum TestLedgers {
    static func temporaryPath() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("labelgate-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("ledger.sqlite").path
    }

    static func sqlite(path: String = temporaryPath()) throws -> SQLiteLedger {
        try SQLiteLedger(path: path, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
    }
}
