/// The codec's table of GS1 application identifiers, transcribed from the GS1 Barcode Syntax Dictionary.
///
/// Each row gives the AI, flags (`*` predefined length, `?` Digital Link attribute), the value format in
/// Syntax Dictionary notation with the content rules this codec checks, the data title and, for Digital Link
/// primary keys, the ordered qualifier sequences (`|` separates alternatives). Pairing rules (`req=`, `ex=`)
/// and reference-data checks (ISO country and currency codes, IBAN, …) are not enforced here.
enum GS1ApplicationIdentifierTable {
    /// One transcribed table row.
    struct Row: Sendable {
        let code: String
        let flags: String
        let spec: String
        let title: String
        let key: String?

        init(_ code: String, _ flags: String, _ spec: String, _ title: String, key: String? = nil) {
            self.code = code
            self.flags = flags
            self.spec = spec
            self.title = title
            self.key = key
        }
    }

    /// Two-digit AI prefix → AI length, from the GS1 General Specifications table of AI prefixes; nil when no AI
    /// starts with the prefix. Indexed by the prefix's value (0–99), so a lookup hashes nothing.
    static let lengthByPrefix: [Int?] = {
        var table = [Int?](repeating: nil, count: 100)
        for prefix in [0, 1, 2, 3, 4, 10, 11, 12, 13, 15, 16, 17, 20, 21, 22, 30, 37] { table[prefix] = 2 }
        for prefix in 90...99 { table[prefix] = 2 }
        for prefix in [23, 24, 25, 40, 41, 42, 71] { table[prefix] = 3 }
        for prefix in [31, 32, 33, 34, 35, 36, 39, 43, 70, 72, 80, 81, 82] { table[prefix] = 4 }
        return table
    }()

    /// Every AI the codec knows, by code.
    static let byCode: [String: GS1ApplicationIdentifier] = {
        var table: [String: GS1ApplicationIdentifier] = [:]
        for row in rows {
            if let ai = makeIdentifier(row) { table[row.code] = ai }
        }
        return table
    }()

    /// `byCode` as a flat table for lookups straight from scanned digits, without making and hashing a String.
    ///
    /// `slots[digitSlot(code)]` holds 1 + the AI's index in `identifiers`, or 0 when no AI has those digits. Two-,
    /// three- and four-digit codes have separate slot ranges (0–99, 100–1099, 1100–11099), so `01`, `001` and
    /// `0001` stay distinct.
    static let digitTable: (slots: [UInt16], identifiers: [GS1ApplicationIdentifier]) = {
        var slots = [UInt16](repeating: 0, count: 11_100)
        var identifiers: [GS1ApplicationIdentifier] = []
        for (code, ai) in byCode {
            guard let slot = digitSlot(code.utf8) else { continue }
            identifiers.append(ai)
            slots[slot] = UInt16(identifiers.count)
        }
        return (slots, identifiers)
    }()

    /// The slot in `digitTable.slots` of a code of 2 to 4 ASCII digits; nil for anything else.
    static func digitSlot(_ digits: some Collection<UInt8>) -> Int? {
        let firstSlot: Int
        switch digits.count {
        case 2: firstSlot = 0
        case 3: firstSlot = 100
        case 4: firstSlot = 1_100
        default: return nil
        }
        guard let value = GS1ASCII.number(digits) else { return nil }
        return firstSlot + value
    }

    /// The AI whose code is exactly `digits`; the same answer as `byCode` for the code's text.
    static func identifier(digits: some Collection<UInt8>) -> GS1ApplicationIdentifier? {
        let table = digitTable
        guard let slot = digitSlot(digits), table.slots.indices.contains(slot) else { return nil }
        let entry = Int(table.slots[slot])
        return entry == 0 ? nil : table.identifiers[entry - 1]
    }

    /// Codes of rows whose format could not be read; the tests require this to be empty.
    static var unreadableRows: [String] {
        rows.filter { makeIdentifier($0) == nil }.map(\.code)
    }

    /// Builds an identifier from a row, or nil when the row's format cannot be read.
    static func makeIdentifier(_ row: Row) -> GS1ApplicationIdentifier? {
        guard let components = GS1FormatSpec.components(row.spec) else { return nil }
        let qualifiers: [[String]]? = row.key.map { key in
            key.isEmpty ? [] : key.split(separator: "|").map { $0.split(separator: ",").map(String.init) }
        }
        return GS1ApplicationIdentifier(
            code: row.code, title: row.title, components: components,
            isPredefinedLength: row.flags.contains("*"), isDigitalLinkAttribute: row.flags.contains("?"),
            digitalLinkQualifiers: qualifiers)
    }

    /// All rows, ranges expanded.
    static let rows: [Row] = identification + dates + measures + amounts + logistics + healthcareAndTrade
        + internalUse

    /// Expands a range of AIs that share a format, such as 3100–3105.
    static func range(_ stem: String, _ digits: ClosedRange<Int>, _ flags: String, _ spec: String,
                      _ title: String) -> [Row] {
        digits.map { Row("\(stem)\($0)", flags, spec, title) }
    }

    /// Identification keys, their qualifiers and related identifiers.
    static let identification: [Row] = [
        Row("00", "*?", "N18,csum", "SSCC", key: ""),
        Row("01", "*?", "N14,csum", "GTIN", key: "22,10,21|235"),
        Row("02", "*?", "N14,csum", "CONTENT"),
        Row("03", "*", "N14,csum", "MTO GTIN"),
        Row("10", "?", "X..20", "BATCH/LOT"),
        Row("21", "", "X..20", "SERIAL"),
        Row("22", "", "X..20", "CPV"),
        Row("235", "", "X..28", "TPX"),
        Row("240", "?", "X..30", "ADDITIONAL ID"),
        Row("241", "?", "X..30", "CUST. PART No."),
        Row("242", "?", "N..6", "MTO VARIANT"),
        Row("243", "?", "X..20", "PCN"),
        Row("250", "?", "X..30", "SECONDARY SERIAL"),
        Row("251", "?", "X..30", "REF. TO SOURCE"),
        Row("253", "?", "N13,csum [X..17]", "GDTI", key: ""),
        Row("254", "", "X..20", "GLN EXTENSION COMPONENT"),
        Row("255", "?", "N13,csum [N..12]", "GCN", key: ""),
        Row("30", "?", "N..8", "VAR. COUNT"),
        Row("37", "?", "N..8", "COUNT"),
    ]

    /// Predefined-length dates and the variant number.
    static let dates: [Row] = [
        Row("11", "*?", "N6,yymmd0", "PROD DATE"),
        Row("12", "*?", "N6,yymmd0", "DUE DATE"),
        Row("13", "*?", "N6,yymmd0", "PACK DATE"),
        Row("15", "*?", "N6,yymmd0", "BEST BEFORE or BEST BY"),
        Row("16", "*?", "N6,yymmd0", "SELL BY"),
        Row("17", "*?", "N6,yymmd0", "USE BY or EXPIRY"),
        Row("20", "*?", "N2", "VARIANT"),
    ]

    /// Trade and logistic measures (31nn–36nn): predefined length N6, the last AI digit is the decimal position.
    static let measures: [Row] = {
        let families: [(String, String)] = [
            ("310", "NET WEIGHT (kg)"), ("311", "LENGTH (m)"), ("312", "WIDTH (m)"), ("313", "HEIGHT (m)"),
            ("314", "AREA (m²)"), ("315", "NET VOLUME (l)"), ("316", "NET VOLUME (m³)"),
            ("320", "NET WEIGHT (lb)"), ("321", "LENGTH (in)"), ("322", "LENGTH (ft)"), ("323", "LENGTH (yd)"),
            ("324", "WIDTH (in)"), ("325", "WIDTH (ft)"), ("326", "WIDTH (yd)"), ("327", "HEIGHT (in)"),
            ("328", "HEIGHT (ft)"), ("329", "HEIGHT (yd)"),
            ("330", "GROSS WEIGHT (kg)"), ("331", "LENGTH (m), log"), ("332", "WIDTH (m), log"),
            ("333", "HEIGHT (m), log"), ("334", "AREA (m²), log"), ("335", "VOLUME (l), log"),
            ("336", "VOLUME (m³), log"), ("337", "KG PER m²"),
            ("340", "GROSS WEIGHT (lb)"), ("341", "LENGTH (in), log"), ("342", "LENGTH (ft), log"),
            ("343", "LENGTH (yd), log"), ("344", "WIDTH (in), log"), ("345", "WIDTH (ft), log"),
            ("346", "WIDTH (yd), log"), ("347", "HEIGHT (in), log"), ("348", "HEIGHT (ft), log"),
            ("349", "HEIGHT (yd), log"),
            ("350", "AREA (in²)"), ("351", "AREA (ft²)"), ("352", "AREA (yd²)"), ("353", "AREA (in²), log"),
            ("354", "AREA (ft²), log"), ("355", "AREA (yd²), log"), ("356", "NET WEIGHT (tr oz)"),
            ("357", "NET VOLUME (oz)"),
            ("360", "NET VOLUME (qt)"), ("361", "NET VOLUME (gal.)"), ("362", "VOLUME (qt), log"),
            ("363", "VOLUME (gal.), log"), ("364", "NET VOLUME (in³)"), ("365", "NET VOLUME (ft³)"),
            ("366", "NET VOLUME (yd³)"), ("367", "VOLUME (in³), log"), ("368", "VOLUME (ft³), log"),
            ("369", "VOLUME (yd³), log"),
        ]
        return families.flatMap { range($0.0, 0...5, "*?", "N6", $0.1) }
    }()

    /// Amounts, prices and percentages (390n–395n).
    static let amounts: [Row] =
        range("390", 0...9, "?", "N..15", "AMOUNT")
        + range("391", 0...9, "?", "N3 N..15", "AMOUNT")
        + range("392", 0...9, "?", "N..15", "PRICE")
        + range("393", 0...9, "?", "N3 N..15", "PRICE")
        + range("394", 0...3, "?", "N4", "PRCNT OFF")
        + range("395", 0...5, "?", "N6", "PRICE/UoM")

    /// Orders, locations, ship-to and return-to data, logistic temperatures (400–4333).
    static let logistics: [Row] = [
        Row("400", "?", "X..30", "ORDER NUMBER"),
        Row("401", "?", "X..30", "GINC", key: ""),
        Row("402", "?", "N17,csum", "GSIN", key: ""),
        Row("403", "?", "X..30", "ROUTE"),
        Row("410", "*?", "N13,csum", "SHIP TO LOC"),
        Row("411", "*?", "N13,csum", "BILL TO"),
        Row("412", "*?", "N13,csum", "PURCHASE FROM"),
        Row("413", "*?", "N13,csum", "SHIP FOR LOC"),
        Row("414", "*?", "N13,csum", "LOC No.", key: "254|7040"),
        Row("415", "*?", "N13,csum", "PAY TO", key: "8020"),
        Row("416", "*?", "N13,csum", "PROD/SERV LOC"),
        Row("417", "*?", "N13,csum", "PARTY", key: "7040"),
        Row("420", "?", "X..20", "SHIP TO POST"),
        Row("421", "?", "N3 X..9", "SHIP TO POST"),
        Row("422", "?", "N3", "ORIGIN"),
        Row("423", "?", "N3 [N3] [N3] [N3] [N3]", "COUNTRY - INITIAL PROCESS"),
        Row("424", "?", "N3", "COUNTRY - PROCESS"),
        Row("425", "?", "N3 [N3] [N3] [N3] [N3]", "COUNTRY - DISASSEMBLY"),
        Row("426", "?", "N3", "COUNTRY - FULL PROCESS"),
        Row("427", "?", "X..3", "ORIGIN SUBDIVISION"),
        Row("4300", "?", "X..35,pcenc", "SHIP TO COMP"),
        Row("4301", "?", "X..35,pcenc", "SHIP TO NAME"),
        Row("4302", "?", "X..70,pcenc", "SHIP TO ADD1"),
        Row("4303", "?", "X..70,pcenc", "SHIP TO ADD2"),
        Row("4304", "?", "X..70,pcenc", "SHIP TO SUB"),
        Row("4305", "?", "X..70,pcenc", "SHIP TO LOC"),
        Row("4306", "?", "X..70,pcenc", "SHIP TO REG"),
        Row("4307", "?", "X2", "SHIP TO COUNTRY"),
        Row("4308", "?", "X..30", "SHIP TO PHONE"),
        Row("4309", "?", "N10 N10", "SHIP TO GEO"),
        Row("4310", "?", "X..35,pcenc", "RTN TO COMP"),
        Row("4311", "?", "X..35,pcenc", "RTN TO NAME"),
        Row("4312", "?", "X..70,pcenc", "RTN TO ADD1"),
        Row("4313", "?", "X..70,pcenc", "RTN TO ADD2"),
        Row("4314", "?", "X..70,pcenc", "RTN TO SUB"),
        Row("4315", "?", "X..70,pcenc", "RTN TO LOC"),
        Row("4316", "?", "X..70,pcenc", "RTN TO REG"),
        Row("4317", "?", "X2", "RTN TO COUNTRY"),
        Row("4318", "?", "X..20", "RTN TO POST"),
        Row("4319", "?", "X..30", "RTN TO PHONE"),
        Row("4320", "?", "X..35,pcenc", "SRV DESCRIPTION"),
        Row("4321", "?", "N1,yesno", "DANGEROUS GOODS"),
        Row("4322", "?", "N1,yesno", "AUTH TO LEAVE"),
        Row("4323", "?", "N1,yesno", "SIG REQUIRED"),
        Row("4324", "?", "N6,yymmd0 N4,hhmi", "NOT BEF DEL DT"),
        Row("4325", "?", "N6,yymmd0 N4,hhmi", "NOT AFT DEL DT"),
        Row("4326", "?", "N6,yymmdd", "REL DATE"),
        Row("4330", "?", "N6 [X1],hyphen", "MAX TEMP F."),
        Row("4331", "?", "N6 [X1],hyphen", "MAX TEMP C."),
        Row("4332", "?", "N6 [X1],hyphen", "MIN TEMP F."),
        Row("4333", "?", "N6 [X1],hyphen", "MIN TEMP C."),
    ]

    /// Trade, healthcare, patient and asset data (70nn–82nn, 710–717).
    static let healthcareAndTrade: [Row] = [
        Row("7001", "?", "N13", "NSN"),
        Row("7002", "?", "X..30", "MEAT CUT"),
        Row("7003", "?", "N6,yymmdd N4,hhmi", "EXPIRY TIME"),
        Row("7004", "?", "N..4", "ACTIVE POTENCY"),
        Row("7005", "?", "X..12", "CATCH AREA"),
        Row("7006", "?", "N6,yymmdd", "FIRST FREEZE DATE"),
        Row("7007", "?", "N6,yymmdd [N6],yymmdd", "HARVEST DATE"),
        Row("7008", "?", "X..3", "AQUATIC SPECIES"),
        Row("7009", "?", "X..10", "FISHING GEAR TYPE"),
        Row("7010", "?", "X..2", "PROD METHOD"),
        Row("7011", "?", "N6,yymmdd [N4],hhmi", "TEST BY DATE"),
        Row("7020", "?", "X..20", "REFURB LOT"),
        Row("7021", "?", "X..20", "FUNC STAT"),
        Row("7022", "?", "X..20", "REV STAT"),
        Row("7023", "?", "X..30", "GIAI - ASSEMBLY"),
        Row("7040", "", "N1 X1 X1 X1", "UIC+EXT"),
        Row("7041", "", "X..4", "UFRGT UNIT TYPE"),
        Row("7240", "?", "X..20", "PROTOCOL"),
        Row("7241", "?", "N2", "AIDC MEDIA TYPE"),
        Row("7242", "?", "X..25", "VCN"),
        Row("7250", "?", "N8,yyyymmdd", "DOB"),
        Row("7251", "?", "N8,yyyymmdd N4,hhmi", "DOB TIME"),
        Row("7252", "?", "N1,iso5218", "BIO SEX"),
        Row("7253", "?", "X..40,pcenc", "FAMILY NAME"),
        Row("7254", "?", "X..40,pcenc", "GIVEN NAME"),
        Row("7255", "?", "X..10", "SUFFIX"),
        Row("7256", "?", "X..90,pcenc", "FULL NAME"),
        Row("7257", "?", "X..70,pcenc", "PERSON ADDR"),
        Row("7258", "?", "X3", "BIRTH SEQUENCE"),
        Row("7259", "?", "X..40,pcenc", "BABY"),
        Row("8001", "?", "N4,nonzero N5,nonzero N3,nonzero N1,winding N1", "DIMENSIONS"),
        Row("8002", "?", "X..20", "CMT No."),
        Row("8003", "?", "N1,zero N13,csum [X..16]", "GRAI", key: ""),
        Row("8004", "?", "X..30", "GIAI", key: "7040"),
        Row("8005", "?", "N6", "PRICE PER UNIT"),
        Row("8006", "?", "N14,csum N4,pieceoftotal", "ITIP", key: "22,10,21"),
        Row("8007", "?", "X..34", "IBAN"),
        Row("8008", "?", "N6,yymmdd N2,hh [N2],mi [N2],ss", "PROD TIME"),
        Row("8009", "?", "X..50", "OPTSEN"),
        Row("8010", "?", "Y..30", "CPID", key: "8011"),
        Row("8011", "", "N..12,nozeroprefix", "CPID SERIAL"),
        Row("8012", "?", "X..20", "VERSION"),
        Row("8013", "?", "X..25", "GMN", key: ""),
        Row("8014", "", "X..25", "MUDI"),
        Row("8017", "?", "N18,csum", "GSRN - PROVIDER", key: "8019"),
        Row("8018", "?", "N18,csum", "GSRN - RECIPIENT", key: "8019"),
        Row("8019", "", "N..10", "SRIN"),
        Row("8020", "", "X..25", "REF No."),
        Row("8026", "?", "N14,csum N4,pieceoftotal", "ITIP CONTENT"),
        Row("8030", "?", "Z..90", "DIGSIG"),
        Row("8040", "", "N15", "IMEI"),
        Row("8041", "", "N15", "IMEI2"),
        Row("8042", "", "N32", "ESIM"),
        Row("8043", "", "N18 [N..2]", "PSIM"),
        Row("8110", "?", "X..70", "COUPON"),
        Row("8111", "?", "N4", "POINTS"),
        Row("8112", "?", "X..70", "COUPON"),
        Row("8200", "", "X..70", "PRODUCT URL"),
        Row("710", "?", "X..20", "NHRN PZN"),
        Row("711", "?", "X..20", "NHRN CIP"),
        Row("712", "?", "X..20", "NHRN CN"),
        Row("713", "?", "X..20", "NHRN DRN"),
        Row("714", "?", "X..20", "NHRN AIM"),
        Row("715", "?", "X..20", "NHRN NDC"),
        Row("716", "?", "X..20", "NHRN AIC"),
        Row("717", "?", "X..20", "NHRN SRN"),
    ]
    + (0...9).map { Row("703\($0)", "?", "N3 X..27", "PROCESSOR # \($0)") }
    + (0...9).map { Row("723\($0)", "?", "X2 X..28", "CERT # \($0 + 1)") }

    /// Company-internal data (90–99).
    static let internalUse: [Row] =
        [Row("90", "?", "X..30", "INTERNAL")] + (91...99).map { Row("\($0)", "?", "X..90", "INTERNAL") }
}
