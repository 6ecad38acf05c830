import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real IPP Everywhere printer for the tests: CUPS's `ippeveprinter` on 127.0.0.1 with a private D-Bus (it will not
/// start without a system bus), and a `-c` command that copies each job's document into `received` and reports one
/// impression, or, while the file `media-empty` exists in the work directory, reports `STATE: +media-empty` and
/// fails the job. Both processes are ended in `stop()`; start waits at most 10 s for the printer to answer.
/// Shared by the printing and daemon tests (test-support target `PrintingTestSupport`).
public final class IPPEveHarness: @unchecked Sendable {
    // Immutable after init; the processes are only signalled in `stop()`.
    /// The harness's work directory.
    public let directory: URL
    /// Where each job's document is copied.
    public let received: URL
    /// The printer's TCP port on 127.0.0.1.
    public let port: Int
    /// The printer's URI.
    public var uri: String { "ipp://127.0.0.1:\(port)/ipp/print" }
    private let dbus: Process
    private let printer: Process

    /// Whether ippeveprinter and dbus-daemon are installed.
    public static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/sbin/ippeveprinter")
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/dbus-daemon")
    }

    /// Starts D-Bus and the printer; throws when it does not answer within 10 s.
    public init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ippeve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        received = directory.appendingPathComponent("received")
        let spool = directory.appendingPathComponent("spool")
        for dir in [received, spool] { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) }
        let socketPath = directory.appendingPathComponent("system_bus_socket").path
        let config = """
            <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
             "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
            <busconfig>
              <type>system</type>
              <listen>unix:path=\(socketPath)</listen>
              <auth>EXTERNAL</auth>
              <policy context="default">
                <allow user="*"/> <allow own="*"/> <allow send_destination="*"/> <allow receive_sender="*"/>
              </policy>
            </busconfig>
            """
        let configFile = directory.appendingPathComponent("system.conf")
        try Data(config.utf8).write(to: configFile)
        let command = directory.appendingPathComponent("record-job.sh")
        let script = """
            #!/bin/sh
            if [ -e '\(directory.path)/media-empty' ]; then
              echo 'STATE: +media-empty' >&2
              exit 1
            fi
            cp "$1" '\(received.path)/'"$(date +%s%N)-$(basename "$1")"
            echo 'ATTR: job-impressions-completed=1' >&2
            exit 0
            """
        try Data(script.utf8).write(to: command)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: command.path)

        dbus = Process()
        dbus.executableURL = URL(fileURLWithPath: "/usr/bin/dbus-daemon")
        dbus.arguments = ["--config-file=\(configFile.path)", "--nofork"]
        dbus.standardOutput = FileHandle.nullDevice
        dbus.standardError = FileHandle.nullDevice
        try dbus.run()

        port = LoopbackPort.free()
        printer = Process()
        printer.executableURL = URL(fileURLWithPath: "/usr/sbin/ippeveprinter")
        printer.arguments = [
            "-p", String(port), "-n", "localhost", "-r", "off", "-k", "-d", spool.path,
            "-f", "image/png,image/pwg-raster,application/octet-stream", "-M", "Labelgate", "-m", "Test",
            "-c", command.path, "labelgate-test-\(port)",
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["DBUS_SYSTEM_BUS_ADDRESS"] = "unix:path=\(socketPath)"
        printer.environment = environment
        printer.standardOutput = FileHandle.nullDevice
        printer.standardError = FileHandle.nullDevice
        // The bus socket appears shortly after dbus-daemon starts.
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: socketPath) { usleep(20_000) }
        try printer.run()
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, !Self.accepts(port) { usleep(50_000) }
        guard Self.accepts(port) else {
            stop()
            throw HarnessError.didNotStart
        }
    }

    /// The printer did not start.
    public enum HarnessError: Error { case didNotStart }

    /// While set, jobs fail with `media-empty`.
    public func setMediaEmpty(_ empty: Bool) throws {
        let flag = directory.appendingPathComponent("media-empty")
        if empty { try Data().write(to: flag) } else { try? FileManager.default.removeItem(at: flag) }
    }

    /// Documents the printer received, oldest first.
    public func receivedDocuments() -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: received.path)) ?? []
        return names.sorted().map { received.appendingPathComponent($0) }
    }

    /// Ends both processes.
    public func stop() {
        // ippeveprinter does not always exit on SIGTERM; SIGKILL never leaves a process (or a test) hanging.
        for process in [printer, dbus] where process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    private static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}
