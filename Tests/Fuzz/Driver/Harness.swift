import FuzzHarnesses

#if canImport(Glibc)
    import Glibc
#endif

/// The harness named by `LABELGATE_FUZZ_HARNESS` (a global outside main.swift: initialised on first use, whichever
/// `main` runs first).
let selectedHarness: FuzzHarness? = getenv("LABELGATE_FUZZ_HARNESS").flatMap {
    FuzzHarness(rawValue: String(cString: $0))
}

/// libFuzzer's entry point: one input through the selected harness; an oracle that fails is a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let harness = selectedHarness else {
        let names = FuzzHarness.allCases.map(\.rawValue).joined(separator: " ")
        fatalError("labelgate-fuzz: set LABELGATE_FUZZ_HARNESS to one of: \(names)")
    }
    let bytes = size == 0 || data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    do {
        try harness.run(bytes)
    } catch {
        fatalError("oracle failed in \(harness.rawValue): \(error)")
    }
    return 0
}
