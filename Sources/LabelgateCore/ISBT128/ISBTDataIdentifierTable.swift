/// How long the content of a standard ISBT 128 data structure is (internal).
enum ISBTContentLength: Sendable {
    /// A fixed number of content characters.
    case fixed(Int)
    /// `header` characters, of which `countDigits` digits at `countOffset` give N, then `unit` × N characters.
    case counted(header: Int, countOffset: Int, countDigits: Int, unit: Int)
}

/// What the splitter knows about one standard data identifier (internal).
struct ISBTStructureKind: Sendable {
    /// The ST-001 data structure number, such as "003".
    let number: String
    /// The ST-001 name, used in error reasons.
    let name: String
    /// How long the content is.
    let length: ISBTContentLength
    /// Whether every content character must be a digit (date and time structures).
    let numericContent: Bool

    init(_ number: String, _ name: String, _ length: ISBTContentLength, numeric: Bool = false) {
        self.number = number
        self.name = name
        self.length = length
        self.numericContent = numeric
    }
}

/// The standard data identifiers of ST-001 Table 2 [RT003] and their content lengths (internal).
///
/// The DIN (`=` + α) is recognised by the splitter directly; `&` + lowercase letter structures have no
/// standard length and are only split when registered. `&;` and `&!` are nationally defined and not listed.
enum ISBTDataIdentifierTable {
    static let kinds: [String: ISBTStructureKind] = [
        "=%": ISBTStructureKind("002", "Blood Groups", .fixed(4)),
        "=<": ISBTStructureKind("003", "Product Code", .fixed(8)),
        "=>": ISBTStructureKind("004", "Expiration Date", .fixed(6), numeric: true),
        "&>": ISBTStructureKind("005", "Expiration Date and Time", .fixed(10), numeric: true),
        "=*": ISBTStructureKind("006", "Collection Date", .fixed(6), numeric: true),
        "&*": ISBTStructureKind("007", "Collection Date and Time", .fixed(10), numeric: true),
        "=}": ISBTStructureKind("008", "Production Date", .fixed(6), numeric: true),
        "&}": ISBTStructureKind("009", "Production Date and Time", .fixed(10), numeric: true),
        "&(": ISBTStructureKind("010", "Special Testing: General", .fixed(5)),
        "={": ISBTStructureKind("011", "Special Testing: Red Blood Cell Antigens (retired)", .fixed(18)),
        "=\\": ISBTStructureKind("012", "Special Testing: Red Blood Cell Antigens - General", .fixed(18)),
        "&\\": ISBTStructureKind("013", "Special Testing: Red Blood Cell Antigens - Finnish", .fixed(18)),
        "&{": ISBTStructureKind("014", "Special Testing: Platelet HLA and Platelet Specific Antigens", .fixed(18)),
        "=[": ISBTStructureKind("015", "Special Testing: HLA-A and -B Alleles (retired)", .fixed(18)),
        "=\"": ISBTStructureKind("016", "Special Testing: HLA-DRB1 Alleles (retired)", .fixed(18)),
        "=)": ISBTStructureKind("017", "Container Manufacturer and Catalog Number", .fixed(10)),
        "&)": ISBTStructureKind("018", "Container Lot Number", .fixed(10)),
        "=;": ISBTStructureKind("019", "Donor Identification Number", .fixed(21)),
        "='": ISBTStructureKind("020", "Staff Member Identification Number", .fixed(11)),
        "=-": ISBTStructureKind("021", "Manufacturer and Catalog Number: Items Other Than Containers", .fixed(10)),
        "&-": ISBTStructureKind("022", "Lot Number: Items Other Than Containers", .fixed(10)),
        "=+": ISBTStructureKind("023", "Compound Message", .fixed(5)),
        "=#": ISBTStructureKind("024", "Patient Date of Birth", .fixed(10)),
        "&#": ISBTStructureKind(
            "025", "Patient Identification Number", .counted(header: 4, countOffset: 2, countDigits: 2, unit: 1)),
        "=]": ISBTStructureKind("026", "Expiration Month and Year", .fixed(6), numeric: true),
        "&\"": ISBTStructureKind("027", "Transfusion Transmitted Infection Marker", .fixed(18)),
        "=$": ISBTStructureKind("028", "Product Consignment", .fixed(16)),
        "&$": ISBTStructureKind(
            "029", "Dimensions", .counted(header: 2, countOffset: 0, countDigits: 2, unit: 14)),
        "&%": ISBTStructureKind(
            "030", "Red Cell Antigens with Test History",
            .counted(header: 3, countOffset: 0, countDigits: 3, unit: 10)),
        "=(": ISBTStructureKind("031", "Flexible Date and Time", .fixed(16)),
        "=,": ISBTStructureKind("032", "Product Divisions", .fixed(6)),
        "&+": ISBTStructureKind("033", "Processing Facility Information Code", .fixed(11)),
        "=/": ISBTStructureKind("034", "Processor Product Identification Code", .fixed(16)),
        "&,1": ISBTStructureKind("035", "MPHO Lot Number", .fixed(18)),
        "&,2": ISBTStructureKind("036", "MPHO Supplemental Identification Number", .fixed(18)),
        "&,3": ISBTStructureKind("037", "Global Registration Identifier for Donors (retired)", .fixed(19)),
        "&,4": ISBTStructureKind("038", "Single European Code", .fixed(40)),
        "&:": ISBTStructureKind("039", "Global Registration Identifier for Donors", .fixed(19)),
        "&/": ISBTStructureKind("040", "Chain of Identity Identifier", .fixed(15)),
    ]
}
