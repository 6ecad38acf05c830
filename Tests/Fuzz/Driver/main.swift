import FuzzHarnesses

#if canImport(Glibc)
    import Glibc
#endif

// The one libFuzzer driver for every harness (built only with LABELGATE_FUZZ=1, see Package.swift and scripts/fuzz):
// `LABELGATE_FUZZ_HARNESS=<name> labelgate-fuzz [libFuzzer flags] [corpus…]`. It checks the name, then hands
// libFuzzer `fuzzOneInput` (Harness.swift, also exported as LLVMFuzzerTestOneInput) through LLVMFuzzerRunDriver.

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

guard selectedHarness != nil else {
    let names = FuzzHarness.allCases.map(\.rawValue).joined(separator: " ")
    print("labelgate-fuzz: set LABELGATE_FUZZ_HARNESS to one of: \(names)")
    exit(2)
}
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) })
