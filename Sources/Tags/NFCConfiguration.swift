/// Which reader to use and how long to wait on it.
public struct NFCConfiguration: Sendable, Hashable {
    /// libnfc connstring (`pn532_uart:/dev/ttyUSB0`, `acr122_usb`, `pn53x_usb:001:004`); nil uses libnfc's default
    /// device (`LIBNFC_DEVICE`, `device.connstring` in libnfc.conf).
    public var connstring: String?
    /// Timeout of one tag command, in milliseconds.
    public var commandTimeoutMilliseconds: Int32
    /// Pause between two polls for a tag while none is in the field.
    public var pollInterval: Duration
    /// Pause between two attempts to reopen a reader that went away.
    public var reconnectInterval: Duration

    /// Creates a configuration.
    public init(
        connstring: String? = nil, commandTimeoutMilliseconds: Int32 = 300, pollInterval: Duration = .milliseconds(20),
        reconnectInterval: Duration = .milliseconds(250)
    ) {
        self.connstring = connstring
        self.commandTimeoutMilliseconds = commandTimeoutMilliseconds
        self.pollInterval = pollInterval
        self.reconnectInterval = reconnectInterval
    }
}
