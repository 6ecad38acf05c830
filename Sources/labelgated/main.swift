import Daemon
import Foundation
import Logging

/// `labelgated [--config PATH]` — the daemon. `labelgated hash-token TOKEN` and `labelgated hash-pin PIN` print the
/// digests the configuration stores.
@main
enum Labelgated {
    static func main() async {
        var arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "hash-token", arguments.count == 2 {
            print(TokenStore.digest(of: arguments[1]))
            return
        }
        if arguments.first == "hash-pin", arguments.count == 2 {
            print(OperatorPIN.hash(arguments[1]))
            return
        }
        var path = "/etc/labelgate/labelgate.toml"
        if let index = arguments.firstIndex(of: "--config"), index + 1 < arguments.count {
            path = arguments[index + 1]
            arguments.removeSubrange(index...(index + 1))
        }
        guard arguments.isEmpty else {
            FileHandle.standardError.write(Data("usage: labelgated [--config PATH] | hash-token TOKEN | hash-pin PIN\n".utf8))
            exit(2)
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = ProcessInfo.processInfo.environment["LABELGATE_LOG_LEVEL"]
                .flatMap(Logger.Level.init(rawValue:)) ?? .info
            return handler
        }
        let logger = Logger(label: "labelgated")
        switch await run(configPath: path, logger: logger) {
        case .success: exit(0)
        case .failure(let message):
            logger.critical("\(message)")
            exit(1)
        }
    }

    enum Outcome { case success, failure(String) }

    static func run(configPath: String, logger: Logger) async -> Outcome {
        let built: LabelgateDaemon.Built
        switch LabelgateDaemon.buildResult(configPath: configPath, logger: logger) {
        case .success(let value): built = value
        case .failure(let error): return .failure("\(error.code): \(error.reason)")
        }
        do {
            try await built.group.run()
            return .success
        } catch {
            return .failure("stopped: \(error)")
        }
    }
}
