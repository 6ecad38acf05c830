import Daemon
import Foundation

/// The API's scan body reader against `JSONDecoder`.
enum APIHarnesses {
    /// Differential: whenever the fast path answers, `JSONDecoder` accepts the same bytes and decodes the same
    /// values; when `JSONDecoder` refuses, the fast path never answers. (When the fast path declines, the API falls
    /// back to `JSONDecoder` itself, so the two together agree on every body.)
    static func scanBody(_ data: [UInt8]) throws(FuzzFailure) {
        let fast = data.withUnsafeBytes { ScanBodyParser.parse($0) }
        let reference = try? JSONDecoder().decode(ScanBody.self, from: Data(data))
        if let fast {
            try check(reference != nil, "the fast path accepts a body JSONDecoder refuses: \(fast)")
            try check(reference == fast, "fast path \(fast) != JSONDecoder \(String(describing: reference))")
        }
    }
}
