/// Why the gate refused a label, as a stable code with words a person understands.
public enum RefusalReason: String, Hashable, Sendable, Codable, CaseIterable {
    /// The hash on the label differs from the hash recomputed from the record.
    case hashMismatch
    /// The label names identifiers (COI, DIN, product) that differ from the record or from the issued label.
    case identityMismatch
    /// No record matches the label.
    case unknownRecord
    /// The ledger never issued this serial.
    case unknownSerial
    /// The serial was voided.
    case voidedSerial
    /// The serial was destroyed.
    case destroyedSerial
    /// The label was issued but never printed, so it cannot be on a bag.
    case notPrinted
    /// An ISBT 128 check character is wrong.
    case badCheckCharacter
    /// A GS1 check digit is wrong.
    case badCheckDigit
    /// The code is valid but carries no identity hash (for example a linear DIN).
    case insufficientData
    /// The scan is neither GS1 nor ISBT 128, or could not be read.
    case unreadable
    /// The scan is cut short.
    case truncated
    /// The hash version is not supported.
    case unsupportedVersion
    /// This station may not accept this kind of input or this step.
    case wrongStation
    /// The ledger could not be read or written, so nothing can be decided.
    case ledgerUnavailable
    /// The NFC tag's originality signature does not verify under its maker's key: not a genuine tag.
    case tagNotGenuine
    /// The claim on the NFC tag is not bound to this tag's UID (copied from another tag, or altered).
    case tagNotBound

    /// What a person at the station should read.
    public var explanation: String {
        switch self {
        case .hashMismatch:
            return "The identity on this label does not match the patient record. Do not use this bag."
        case .identityMismatch:
            return "This label's identifiers do not match the record it names. Do not use this bag."
        case .unknownRecord: return "No chain-of-identity record matches this label."
        case .unknownSerial: return "This label serial was never issued by labelgate."
        case .voidedSerial: return "This label was voided and must not be used."
        case .destroyedSerial: return "This label was recorded as destroyed and must not be used."
        case .notPrinted: return "This label was issued but never printed; it cannot be on a bag."
        case .badCheckCharacter: return "A check character is wrong: the code is damaged or was mistyped."
        case .badCheckDigit: return "A check digit is wrong: the code is damaged or was mistyped."
        case .insufficientData:
            return "This code carries no identity hash. Scan the 2-D symbol on the label."
        case .unreadable: return "This code could not be read as a labelgate label."
        case .truncated: return "The code is incomplete. Scan it again."
        case .unsupportedVersion: return "This label uses an identity format this station does not support."
        case .wrongStation: return "This station may not accept this label or this step."
        case .ledgerUnavailable: return "The ledger is unavailable, so nothing can be accepted. Try again shortly."
        case .tagNotGenuine: return "This NFC tag is not a genuine tag. Do not use this bag; scan the printed label."
        case .tagNotBound:
            return "The claim on this NFC tag belongs to a different tag: it was copied or altered. Do not use this bag."
        }
    }

    /// The refusal that corresponds to a parse failure.
    public init(_ error: ClaimError) {
        switch error.code {
        case .badCheckCharacter: self = .badCheckCharacter
        case .badCheckDigit: self = .badCheckDigit
        case .insufficient: self = .insufficientData
        case .truncated: self = .truncated
        case .unsupportedVersion: self = .unsupportedVersion
        case .badHash: self = .hashMismatch
        default: self = .unreadable
        }
    }
}
