/// Comparisons whose running time does not depend on where two byte strings differ.
public enum ConstantTime {
    /// True when both byte sequences are equal; examines every byte of equal-length inputs.
    ///
    /// The length is not secret (identity hashes have a fixed length), so unequal lengths return early.
    @inline(never)
    public static func equals(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(lhs, rhs) {
            difference |= a ^ b
        }
        return difference == 0
    }
}
