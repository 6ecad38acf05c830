extension ClaimError {
    /// Maps an ISBT 128 codec error onto the claim codes.
    static func from(_ error: ISBT128Error) -> ClaimError {
        let code: Code
        switch error.code {
        case .empty: code = .empty
        case .tooLong: code = .tooLong
        case .invalidCharacter: code = .controlCharacter
        case .truncated: code = .truncated
        case .badCheckCharacter: code = .badCheckCharacter
        case .unknownDataIdentifier: code = .unknownFormat
        default: code = .malformed
        }
        return ClaimError(code, "ISBT 128: \(error.reason)")
    }

    /// Maps a GS1 codec error onto the claim codes.
    static func from(_ error: GS1Error) -> ClaimError {
        let code: Code
        switch error.code {
        case .empty: code = .empty
        case .tooLong: code = .tooLong
        case .invalidCharacter: code = .controlCharacter
        case .truncated: code = .truncated
        case .badCheckDigit: code = .badCheckDigit
        case .unknownAI: code = .unknownFormat
        default: code = .malformed
        }
        return ClaimError(code, "GS1: \(error.reason)")
    }

    /// Maps an identity-hash error met while reading a claim.
    static func from(_ error: IdentityError) -> ClaimError {
        switch error.code {
        case .unsupportedVersion: return ClaimError(.unsupportedVersion, error.reason)
        default: return ClaimError(.badHash, error.reason)
        }
    }
}
