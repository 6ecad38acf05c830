/// Reads a fuzzer's bytes as the choices of a structured input: each call consumes what it needs and never fails
/// (past the end every read gives zeros or nothing), so any byte string is a valid input.
public struct FuzzInput {
    private let bytes: [UInt8]
    private var index = 0

    /// Wraps `bytes`.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Whether every byte has been read.
    public var isAtEnd: Bool { index >= bytes.count }

    /// The next byte, or 0 past the end.
    public mutating func byte() -> UInt8 {
        guard index < bytes.count else { return 0 }
        defer { index += 1 }
        return bytes[index]
    }

    /// A value in `0..<bound` (bound >= 1) from one or two bytes.
    public mutating func int(below bound: Int) -> Int {
        precondition(bound >= 1)
        if bound <= 256 { return Int(byte()) % bound }
        return (Int(byte()) << 8 | Int(byte())) % bound
    }

    /// A flag from one byte.
    public mutating func bool() -> Bool { byte() & 1 == 1 }

    /// One element of `choices` (not empty).
    public mutating func pick<T>(_ choices: [T]) -> T { choices[int(below: choices.count)] }

    /// Up to `count` bytes (fewer at the end).
    public mutating func bytes(_ count: Int) -> [UInt8] {
        let end = min(bytes.count, index + max(0, count))
        defer { index = max(index, end) }
        return index < end ? Array(bytes[index..<end]) : []
    }

    /// A length-prefixed chunk: one byte gives the length (0-255).
    public mutating func chunk() -> [UInt8] { bytes(Int(byte())) }

    /// Everything not read yet.
    public mutating func rest() -> [UInt8] { bytes(bytes.count - index) }

    /// `count` characters, each chosen from `alphabet` by one byte.
    public mutating func text(_ count: Int, from alphabet: [UInt8]) -> String {
        String(decoding: (0..<count).map { _ in alphabet[Int(byte()) % alphabet.count] }, as: UTF8.self)
    }
}

/// An oracle that failed: the parser answered, but not what the format requires. The driver turns it into a crash
/// (so libFuzzer keeps the input); the replay tests record it as a test failure.
public struct FuzzFailure: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String

    /// Creates a failure.
    public init(_ description: String) { self.description = description }
}

/// Throws `FuzzFailure(message)` unless `condition` holds.
@inline(__always)
func check(_ condition: Bool, _ message: @autoclosure () -> String) throws(FuzzFailure) {
    if !condition { throw FuzzFailure(message()) }
}

enum Alphabet {
    static let digits = Array("0123456789".utf8)
    static let upper = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
    static let lower = Array("abcdefghijklmnopqrstuvwxyz".utf8)
    static let upperDigits = upper + digits
    static let facilityLead = Array("ABCDEFGHIJKLMNPQRSTUVWXYZ123456789".utf8)
    static let facilityMiddle = Array("ABCDEFGHIJKLMNPQRSTUVWXYZ0123456789".utf8)
    static let flag = Array("0123456789ABCDEFGHJKLMNPRSTUVWXY".utf8)
    static let printable = Array((0x20...0x7E).map { UInt8($0) })
}

func hex(_ bytes: some Sequence<UInt8>) -> String {
    bytes.map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
}
