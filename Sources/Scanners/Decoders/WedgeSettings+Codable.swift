extension WedgeSettings {
    enum CodingKeys: String, CodingKey {
        case layout, termination, idleGapMilliseconds, suffixTimeoutMilliseconds, gsKeyUsage, maximumLength
    }

    /// Decodes settings; every key is optional and defaults as in `init()`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = WedgeSettings()
        self.init(
            layout: try container.decodeIfPresent(KeyboardLayoutID.self, forKey: .layout) ?? defaults.layout,
            termination: try container.decodeIfPresent(Termination.self, forKey: .termination)
                ?? defaults.termination,
            idleGapMilliseconds: try container.decodeIfPresent(Int.self, forKey: .idleGapMilliseconds)
                ?? defaults.idleGapMilliseconds,
            suffixTimeoutMilliseconds: try container.decodeIfPresent(Int.self, forKey: .suffixTimeoutMilliseconds)
                ?? defaults.suffixTimeoutMilliseconds,
            gsKeyUsage: try container.decodeIfPresent(UInt8.self, forKey: .gsKeyUsage),
            maximumLength: try container.decodeIfPresent(Int.self, forKey: .maximumLength) ?? defaults.maximumLength)
    }
}

extension HIDPOSSettings {
    enum CodingKeys: String, CodingKey {
        case continuationTimeoutMilliseconds, maximumLength
    }

    /// Decodes settings; every key is optional and defaults as in `init()`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = HIDPOSSettings()
        self.init(
            continuationTimeoutMilliseconds: try container.decodeIfPresent(
                Int.self, forKey: .continuationTimeoutMilliseconds) ?? defaults.continuationTimeoutMilliseconds,
            maximumLength: try container.decodeIfPresent(Int.self, forKey: .maximumLength) ?? defaults.maximumLength)
    }
}
