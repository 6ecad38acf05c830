/// What distinguishes one physical label of a record: which bag (DIN with its flags) and which serial.
public struct LabelParticulars: Hashable, Sendable {
    /// The DIN of the bag, with the flags printed on this label (container of a set, repeated label…).
    public var din: DIN
    /// The ledger serial of this label.
    public var serial: LabelSerial

    /// Creates label particulars.
    public init(din: DIN, serial: LabelSerial) {
        self.din = din
        self.serial = serial
    }
}
