/// One ISBT 128 data structure found in a scan: a parsed structure, or a known one kept verbatim.
public enum ISBTDataStructure: Hashable, Sendable {
    /// Data structure 001, the Donation Identification Number with its flags.
    case din(DIN)
    /// Data structure 003, the Product Code.
    case productCode(ProductCode)
    /// Data structure 040, the Chain of Identity identifier.
    case chainOfIdentity(ChainOfIdentityID)
    /// Data structure 023, a Compound Message header.
    case compoundMessage(CompoundMessage)
    /// A nationally or locally defined structure (`&` + lowercase letter) whose length was registered.
    case local(identifier: String, content: String)
    /// Any other standard structure from ST-001 Table 2, kept verbatim (content checked only for length).
    case other(identifier: String, content: String)

    /// The data identifier: `=` for a DIN (whose second identifier character is also its first content
    /// character), otherwise the two or three identifier characters, such as `=<` or `&,1`.
    public var dataIdentifier: String {
        switch self {
        case .din: return "="
        case .productCode: return ProductCode.dataIdentifier
        case .chainOfIdentity: return ChainOfIdentityID.dataIdentifier
        case .compoundMessage: return CompoundMessage.dataIdentifier
        case .local(let identifier, _), .other(let identifier, _): return identifier
        }
    }

    /// The content after `dataIdentifier` (for a DIN, the 15 characters `αppppyynnnnnnff`).
    public var content: String {
        switch self {
        case .din(let din): return din.identifier + din.flags.encoded
        case .productCode(let code): return code.content
        case .chainOfIdentity(let coi): return coi.content
        case .compoundMessage(let header): return header.content
        case .local(_, let content), .other(_, let content): return content
        }
    }

    /// The structure as it appears in a scan: `dataIdentifier` + `content`.
    public var encoded: String { dataIdentifier + content }
}
