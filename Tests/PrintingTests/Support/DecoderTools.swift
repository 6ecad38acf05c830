import Foundation
import Testing

/// Decodes the Data Matrix in an image file with libdmtx's `dmtxread` (FNC1 shown as GS, a leading one dropped).
func dmtxreadPayload(_ path: String) throws -> [UInt8] {
    let dmtx = try runTool("dmtxread", ["-G", "29", "-N", "1", path])
    #expect(dmtx.status == 0)
    return dmtx.output.first == 0x1D ? Array(dmtx.output.dropFirst()) : dmtx.output
}

/// A fresh temporary directory.
func temporaryDirectory(_ prefix: String) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}
