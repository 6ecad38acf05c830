#if canImport(Glibc)
    import Glibc
#endif
import Foundation
import Scanners
import Testing

/// udevadm, umockdev-run and unshare, as root. The test skips only when they are missing and
/// LABELGATE_REQUIRE_UMOCKDEV is unset (CI sets it, and scripts/apt/scanners.txt installs udev).
enum UdevTools {
    static let udevadm = "/usr/bin/udevadm"
    static let tools = [udevadm, "/usr/bin/umockdev-run", "/usr/bin/unshare"]
    static var available: Bool {
        tools.allSatisfy { FileManager.default.isExecutableFile(atPath: $0) } && getuid() == 0
    }
    static var enabled: Bool { available || UmockdevDaemon.required }
}

/// Input-stack isolation (issue 13, item 7), tested against the generated rules for real: `labelgate udev-rules`
/// writes them, and systemd's own `udevadm test` applies them, with the system's rules (60-input-id and the rest),
/// to umockdev-emulated sysfs trees (a USB device, its HID interface bound to usbhid, the input device and its
/// event node). The mount namespace (`unshare`) puts the generated file in /etc/udev/rules.d and a scratch
/// /run/udev for udevadm alone. Every catalog scanner's input nodes lose `ID_INPUT*` and get
/// `LIBINPUT_IGNORE_DEVICE=1`, and its interface gets usbhid unbound; a plain keyboard keeps both.
@Suite("udev rules keep scanners away from the kiosk's input stack", .serialized, .enabled(if: UdevTools.enabled))
struct UdevIsolationTests {
    static let udevadm = UdevTools.udevadm
    static var available: Bool { UdevTools.available }

    /// A umockdev sysfs tree of a keyboard-interface USB device on port 1-`port`: the device, interface 1.0 bound to
    /// usbhid, its input device and event node.
    static func tree(vendor: UInt16, product: UInt16, port: Int) -> (
        description: String, interface: String, event: String
    ) {
        let v = String(format: "%04x", vendor), p = String(format: "%04x", product)
        let device = "/devices/pci0000:00/0000:00:14.0/usb1/1-\(port)"
        let interface = device + "/1-\(port):1.0"
        let hid = interface + "/0003:\(v.uppercased()):\(p.uppercased()).00\(String(format: "%02d", port))"
        let input = hid + "/input/input\(port)"
        let event = input + "/event\(port)"
        let minor = 64 + port
        let description = """
            P: \(device)
            N: bus/usb/001/\(String(format: "%03d", port + 10))
            E: DEVNAME=/dev/bus/usb/001/\(String(format: "%03d", port + 10))
            E: DEVTYPE=usb_device
            E: DRIVER=usb
            E: PRODUCT=\(String(vendor, radix: 16))/\(String(product, radix: 16))/100
            E: SUBSYSTEM=usb
            A: idVendor=\(v)\\n
            A: idProduct=\(p)\\n
            A: busnum=1\\n
            A: devnum=\(port + 10)\\n
            L: driver=../../../../../bus/usb/drivers/usb

            P: \(interface)
            E: DEVTYPE=usb_interface
            E: DRIVER=usbhid
            E: SUBSYSTEM=usb
            E: INTERFACE=3/1/1
            A: bInterfaceClass=03\\n
            A: bInterfaceSubClass=01\\n
            A: bInterfaceProtocol=01\\n
            L: driver=../../../../../../bus/usb/drivers/usbhid

            P: \(input)
            E: SUBSYSTEM=input
            E: PRODUCT=3/\(String(vendor, radix: 16))/\(String(product, radix: 16))/110
            A: name=emulated keyboard interface\\n
            A: capabilities/ev=120013\\n
            A: capabilities/key=1000000000007 ff9f207ac14057ff febeffdfffefffff fffffffffffffffe\\n
            A: capabilities/msc=10\\n
            A: capabilities/led=1f\\n
            A: capabilities/rel=0\\n
            A: capabilities/abs=0\\n
            A: capabilities/sw=0\\n
            A: capabilities/ff=0\\n
            A: capabilities/snd=0\\n
            A: id/bustype=0003\\n
            A: id/vendor=\(v)\\n
            A: id/product=\(p)\\n
            A: id/version=0110\\n

            P: \(event)
            N: input/event\(port)
            E: DEVNAME=/dev/input/event\(port)
            E: SUBSYSTEM=input
            E: MAJOR=13
            E: MINOR=\(minor)
            A: dev=13:\(minor)\\n

            """
        return (description, "/sys" + interface, "/sys" + event)
    }

    /// What udevadm test did for `action` on `syspath`: the properties it ends with, and the programs it would run.
    struct Outcome {
        var properties: [String: String]
        var runs: [String]
        var text: String
    }

    static func udevTest(rules: URL, description: String, action: String, syspath: String, in dir: URL) throws
        -> Outcome
    {
        let device = dir.appendingPathComponent("device-\(UUID().uuidString.prefix(6)).umockdev")
        try description.write(to: device, atomically: true, encoding: .utf8)
        let script = """
            set -e
            mount --bind '\(rules.path)' /etc/udev/rules.d
            mkdir -p /run/udev
            mount -t tmpfs tmpfs /run/udev
            exec umockdev-run -d '\(device.path)' -- \(udevadm) test --action=\(action) '\(syspath)'
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["60", "unshare", "--mount", "--propagation", "private", "sh", "-c", script]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw DaemonTestError("udevadm test failed (\(process.terminationStatus)): \(text)")
        }
        var properties: [String: String] = [:]
        var runs: [String] = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("run: ") {
                runs.append(String(line.dropFirst(5)))
            } else if let equals = line.firstIndex(of: "="), !line.contains(" "),
                line[..<equals].allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" || $0 == "." })
            {
                properties[String(line[..<equals])] = String(line[line.index(after: equals)...])
            }
        }
        return Outcome(properties: properties, runs: runs, text: text)
    }

    /// The rules as the CLI writes them, in a directory of their own.
    static func generatedRules(in dir: URL) throws -> URL {
        let rules = dir.appendingPathComponent("rules.d")
        try FileManager.default.createDirectory(at: rules, withIntermediateDirectories: true)
        let (status, output) = try EndToEndTests.run(
            "labelgate", ["udev-rules", "--output", rules.appendingPathComponent(UdevRules.fileName).path])
        guard status == 0 else { throw DaemonTestError("labelgate udev-rules failed: \(output)") }
        return rules
    }

    static func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lgu-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test(.timeLimit(.minutes(3)))
    func everyCatalogScannersInputNodesAreHiddenAndItsInterfaceUnboundButAPlainKeyboardIsNot() throws {
        try #require(Self.available, "udevadm, umockdev-run and unshare (as root) are required")
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rules = try Self.generatedRules(in: dir)
        var vendors: [(UInt16, UInt16)] = []
        for entry in ScannerCatalog.builtIn.entries where !vendors.contains(where: { $0.0 == entry.vendorID }) {
            vendors.append((entry.vendorID, entry.productIDs.first ?? 1))
        }
        #expect(vendors.count >= 6)
        for (index, (vendor, product)) in vendors.enumerated() {
            let tree = Self.tree(vendor: vendor, product: product, port: index + 2)
            let name = String(format: "%04x:%04x", vendor, product)
            let event = try Self.udevTest(
                rules: rules, description: tree.description, action: "add", syspath: tree.event, in: dir)
            #expect(event.properties["ID_INPUT"] == nil, "\(name): \(event.text)")
            #expect(event.properties["ID_INPUT_KEYBOARD"] == nil, "\(name): \(event.text)")
            #expect(event.properties["ID_INPUT_KEY"] == nil, "\(name)")
            #expect(event.properties["LIBINPUT_IGNORE_DEVICE"] == "1", "\(name): \(event.text)")
            #expect(event.properties["LABELGATE_SCANNER"] == "1", "\(name)")
            let bound = try Self.udevTest(
                rules: rules, description: tree.description, action: "bind", syspath: tree.interface, in: dir)
            #expect(bound.runs.contains { $0.contains("/sys/bus/usb/drivers/usbhid/unbind") }, "\(name): \(bound.text)")
            #expect(
                bound.runs.contains { $0.contains("echo -n \(tree.interface.split(separator: "/").last!)") }, "\(name)")
        }

        // A plain keyboard: still a keyboard for the session, and usbhid stays.
        let keyboard = Self.tree(vendor: 0x046D, product: 0xC31C, port: 9)
        let event = try Self.udevTest(
            rules: rules, description: keyboard.description, action: "add", syspath: keyboard.event, in: dir)
        #expect(event.properties["ID_INPUT"] == "1", "\(event.text)")
        #expect(event.properties["ID_INPUT_KEYBOARD"] == "1")
        #expect(event.properties["LIBINPUT_IGNORE_DEVICE"] == nil)
        #expect(event.properties["LABELGATE_SCANNER"] == nil)
        let bound = try Self.udevTest(
            rules: rules, description: keyboard.description, action: "bind", syspath: keyboard.interface, in: dir)
        #expect(!bound.runs.contains { $0.contains("usbhid/unbind") }, "\(bound.text)")
    }

    @Test(.timeLimit(.minutes(1)))
    func withoutTheRulesTheSameScannerIsAKeyboardForTheSession() throws {
        // The control: the system's rules alone make the emulated scanner a keyboard, so the test above can fail.
        try #require(Self.available, "udevadm, umockdev-run and unshare (as root) are required")
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let empty = dir.appendingPathComponent("empty.d")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let tree = Self.tree(vendor: 0x05F9, product: 0x2206, port: 4)
        let event = try Self.udevTest(
            rules: empty, description: tree.description, action: "add", syspath: tree.event, in: dir)
        #expect(event.properties["ID_INPUT_KEYBOARD"] == "1", "\(event.text)")
        #expect(event.properties["LIBINPUT_IGNORE_DEVICE"] == nil)
    }
}
