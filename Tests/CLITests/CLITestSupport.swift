import Foundation
import Testing

/// Runs the built `labelgate` binary, as a user would.
struct CLI {
    let store: String

    init() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("labelgate-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        store = dir.appendingPathComponent("ledger.sqlite").path
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var stdoutBytes: Data
    }

    static var binary: URL {
        // The test bundle sits next to the products in .build/<config>/.
        var url = Bundle.main.bundleURL
        for candidate in [Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0])] {
            url = candidate
            while url.path != "/" {
                let probe = url.appendingPathComponent("labelgate")
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: probe.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    return probe
                }
                url.deleteLastPathComponent()
            }
        }
        return URL(fileURLWithPath: ".build/debug/labelgate")
    }

    @discardableResult
    func run(_ arguments: [String], stdin: Data? = nil) throws -> Result {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments.first == "--no-store" ? Array(arguments.dropFirst()) : arguments + ["--store", store]
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self), stdoutBytes: outData)
    }

    static let recordJSON = """
        {"coi":"CHA999926AB12CD","dins":["A999926000001","A999926000002"],"productCode":"S1234100",
         "collectionFacility":"A9999","collectionDate":"2026-11-25T08:30-05:00","gtin":"09506000134352",
         "patient":{"familyName":"Testperson","givenName":"Alex","dateOfBirth":"1970-01-31","medicalRecordNumber":"MRN-0001"}}
        """
}
