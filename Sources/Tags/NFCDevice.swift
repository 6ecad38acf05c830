import CLibNFC
import Foundation

/// An open libnfc context and device. Used only on the `NFCSession` thread, except `abort()`, which libnfc allows
/// from another thread (`nfc_abort_command`) and which reads the device pointer under `lock`.
final class NFCDevice: @unchecked Sendable {
    private var context: OpaquePointer?
    private var device: OpaquePointer?
    private let lock = NSLock()
    private var easyFraming = true
    /// False once the reader failed with an I/O error; the session then closes and reopens it.
    private var healthy = true
    /// Set by `abort()` (any thread, under `lock`): libnfc's abort state is not reliable afterwards, so the session
    /// reopens the reader.
    private var aborted = false

    /// True while the reader can be used for the next job.
    var isHealthy: Bool { healthy && !lock.withLock { aborted } }
    let connstring: String?
    let timeout: Int32

    /// Opens the reader named by `connstring` (or libnfc's default) and initialises it as an initiator.
    init(connstring: String?, timeout: Int32) throws(TagError) {
        self.connstring = connstring
        self.timeout = timeout
        var context: OpaquePointer?
        nfc_init(&context)
        guard let context else { throw TagError(.readerUnavailable, "libnfc could not be initialised") }
        self.context = context
        let device: OpaquePointer? = connstring.map { nfc_open(context, $0) } ?? nfc_open(context, nil)
        guard let device else {
            nfc_exit(context)
            self.context = nil
            throw TagError(.readerUnavailable, "no reader at \(connstring ?? "libnfc's default device")")
        }
        guard nfc_initiator_init(device) >= 0 else {
            nfc_close(device)
            nfc_exit(context)
            self.context = nil
            throw TagError(.readerUnavailable, "the reader did not initialise as an initiator")
        }
        // Return at once when no tag is in the field; the session polls.
        _ = nfc_device_set_property_bool(device, NP_INFINITE_SELECT, false)
        self.device = device
    }

    deinit { close() }

    func close() {
        lock.lock()
        let device = self.device
        self.device = nil
        lock.unlock()
        if let device { nfc_close(device) }
        if let context { nfc_exit(context) }
        context = nil
    }

    /// Cancels the running command (any thread).
    func abort() {
        lock.lock()
        defer { lock.unlock() }
        aborted = true
        if let device { _ = nfc_abort_command(device) }
    }

    private func handle() throws(TagError) -> OpaquePointer {
        guard healthy, let device else { throw TagError(.readerUnavailable, "the reader is closed") }
        return device
    }

    /// Selects an ISO 14443-A target; its UID, or nil when none is in the field.
    func selectTypeA() throws(TagError) -> [UInt8]? {
        let device = try handle()
        var target = nfc_target()
        let modulation = nfc_modulation(nmt: NMT_ISO14443A, nbr: NBR_106)
        let found = nfc_initiator_select_passive_target(device, modulation, nil, 0, &target)
        if found < 0 { throw checked(found, during: "select") }
        guard found > 0 else { return nil }
        let info = target.nti.nai
        let length = min(Int(info.szUidLen), 10)
        return withUnsafeBytes(of: info.abtUid) { Array($0.prefix(length)) }
    }

    /// Deselects the current target so that the next select starts anew.
    func deselect() {
        if let device { _ = nfc_initiator_deselect_target(device) }
    }

    /// True while the selected target still answers.
    func isPresent() throws(TagError) -> Bool {
        let device = try handle()
        let result = nfc_initiator_target_is_present(device, nil)
        if result == 0 { return true }
        if result == NFC_EIO || result == NFC_ENOTSUCHDEV { throw checked(result, during: "presence check") }
        return false
    }

    /// Sends a tag command and returns its answer. `raw` sends it through InCommunicateThru (easy framing off), which
    /// the PN53x needs for commands it would otherwise interpret (GET_VERSION 0x60 is MIFARE AUTH-A to it).
    func transceive(_ command: [UInt8], raw: Bool, maximumAnswer: Int = 262) throws(TagError) -> [UInt8] {
        let device = try handle()
        if raw == easyFraming {
            guard nfc_device_set_property_bool(device, NP_EASY_FRAMING, !raw) >= 0 else {
                throw checked(nfc_device_get_last_error(device), during: "framing change")
            }
            easyFraming = !raw
        }
        var answer = [UInt8](repeating: 0, count: maximumAnswer)
        let count = answer.withUnsafeMutableBufferPointer { buffer in
            nfc_initiator_transceive_bytes(device, command, command.count, buffer.baseAddress, buffer.count, timeout)
        }
        if count < 0 { throw checked(Int32(count), during: "command 0x\(String(command.first ?? 0, radix: 16))") }
        return Array(answer.prefix(Int(count)))
    }

    /// The typed error for a libnfc code; an I/O error marks the reader unhealthy.
    private func checked(_ code: Int32, during what: String) -> TagError {
        let error = Self.error(code, during: what)
        if error.code == .readerUnavailable { healthy = false }
        return error
    }

    static func error(_ code: Int32, during what: String) -> TagError {
        switch code {
        case NFC_EIO, NFC_ENOTSUCHDEV: return TagError(.readerUnavailable, "the reader failed during \(what) (\(code))")
        case NFC_EOPABORTED: return TagError(.aborted, "\(what) was cancelled")
        case NFC_ETIMEOUT, NFC_ETGRELEASED, NFC_ERFTRANS:
            return TagError(.removed, "the tag stopped answering during \(what) (\(code))")
        case NFC_EMFCAUTHFAIL: return TagError(.refused, "the tag refused \(what)")
        default: return TagError(.readerUnavailable, "libnfc error \(code) during \(what)")
        }
    }
}
