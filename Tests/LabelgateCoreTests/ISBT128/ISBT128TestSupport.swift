@testable import LabelgateCore

/// An error value to match with `#expect(throws:)`; ISBT128Error equality compares the code only.
func isbtError(_ code: ISBT128Error.Code) -> ISBT128Error {
    ISBT128Error(code: code, reason: "expected in test")
}

/// Runs `body` and returns the code of the ISBT128Error it throws, or nil when it succeeds.
func isbtErrorCode<T>(_ body: () throws(ISBT128Error) -> T) -> ISBT128Error.Code? {
    do {
        _ = try body()
        return nil
    } catch {
        return error.code
    }
}
