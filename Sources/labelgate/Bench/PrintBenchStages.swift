import Foundation
import Gate
import Printing

/// A timed run: how many, how long by the wall clock, and how much CPU time it took.
struct PrintBenchTiming {
    var count: Int
    var wallSeconds: Double
    var cpuSeconds: Double

    var wallRate: Double { Double(count) / wallSeconds }
    var cpuRate: Double { Double(count) / cpuSeconds }
    var cpuMicros: Double { cpuSeconds / Double(count) * 1e6 }
    var wallMicros: Double { wallSeconds / Double(count) * 1e6 }

    static func + (a: Self, b: Self) -> Self {
        Self(count: a.count + b.count, wallSeconds: a.wallSeconds + b.wallSeconds, cpuSeconds: a.cpuSeconds + b.cpuSeconds)
    }
}

/// The timed stages of `labelgate bench-print`.
enum PrintBenchStages {
    /// Runs `body` `count` times on a dedicated thread, timing the wall clock and the thread's own CPU time.
    static func onThread(count: Int, _ body: @escaping @Sendable (Int) throws -> Void) async throws -> PrintBenchTiming {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<PrintBenchTiming, any Error>) in
            let thread = Thread {
                let clock = ContinuousClock()
                let start = clock.now
                let cpuStart = ThreadRate.threadCPUSeconds()
                do {
                    for n in 0..<count { try body(n) }
                    continuation.resume(
                        returning: PrintBenchTiming(
                            count: count, wallSeconds: (clock.now - start).seconds,
                            cpuSeconds: ThreadRate.threadCPUSeconds() - cpuStart))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.start()
        }
    }

    /// Raw libzint encode+buffer against the packed symbol rendering of the same symbols, in alternating rounds.
    static func symbolStages(
        _ barcodes: [BarcodeSymbol], modules: [Int], linearHeight: Int, rounds: Int, perRound: Int
    ) async throws -> (raw: PrintBenchTiming, symbols: PrintBenchTiming) {
        let encoder = ZintEncoder()
        var raw = PrintBenchTiming(count: 0, wallSeconds: 0, cpuSeconds: 0)
        var rendered = raw
        for _ in 0..<rounds {
            let rawRound = try await onThread(count: perRound) { _ in
                for (symbol, module) in zip(barcodes, modules)
                where !encoder.rawEncodeAndBuffer(symbol, dotsPerModule: module, linearHeight: linearHeight) {
                    throw CLIError("libzint failed")
                }
            }
            let renderedRound = try await onThread(count: perRound) { _ in
                for (symbol, module) in zip(barcodes, modules) {
                    _ = try encoder.render(symbol, dotsPerModule: module, linearHeight: linearHeight)
                }
            }
            raw = raw + rawRound
            rendered = rendered + renderedRound
        }
        return (raw, rendered)
    }

    /// Prints `labels` labels through the gate in jobs of up to 100 copies; CPU time is the whole process's.
    static func gated(
        _ labels: Int, _ request: PrintRequest, gate: Gate, renderer: TemplateRenderer, printer: any LabelPrinting
    ) async throws -> PrintBenchTiming {
        let clock = ContinuousClock()
        let start = clock.now
        let cpuStart = processCPUSeconds()
        var done = 0
        while done < labels {
            var job = request
            job.copies = min(100, labels - done)
            let result = try await gate.print(job, renderer: renderer, printer: printer, by: .system)
            guard result.allSatisfy({ $0.state == .printed }) else { throw CLIError("a benchmark label did not print") }
            done += job.copies
        }
        return PrintBenchTiming(
            count: max(1, labels), wallSeconds: (clock.now - start).seconds, cpuSeconds: processCPUSeconds() - cpuStart)
    }

    /// User + system CPU seconds used so far by every thread of this process.
    static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func line(_ title: String, _ timing: PrintBenchTiming, _ baseline: PrintBenchTiming) -> String {
        title.padding(toLength: 40, withPad: " ", startingAt: 0)
            + String(format: "%9.1f %9.1f   %6.2f x", timing.cpuMicros, timing.wallMicros, timing.cpuMicros / baseline.cpuMicros)
    }

    static func rateLine(_ title: String, _ timing: PrintBenchTiming) -> String {
        "  " + title.padding(toLength: 30, withPad: " ", startingAt: 0)
            + String(
                format: "%8.0f /s wall  %8.0f /s per CPU-second  (%.2f cores busy)", timing.wallRate, timing.cpuRate,
                timing.cpuSeconds / timing.wallSeconds)
    }
}
