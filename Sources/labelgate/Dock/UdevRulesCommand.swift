import ArgumentParser
import Foundation
import Scanners

/// `labelgate udev-rules`: the udev rules for every scanner in the catalog.
struct UdevRulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "udev-rules",
        abstract: "Print (or write) the udev rules that let the daemon's group open the catalog's scanners.",
        discussion: "The checked-in udev/\(UdevRules.fileName) is this output for the built-in catalog.")

    @Option(help: "A site catalog (JSON, {\"entries\": [...]}) whose entries are added to the built-in ones.")
    var catalog: String?
    @Option(help: "The group given read-write access.") var group = UdevRules.defaultGroup
    @Option(help: "Write to this file instead of standard output.") var output: String?

    func run() throws {
        var scanners = ScannerCatalog.builtIn
        if let catalog {
            let data = try Data(contentsOf: URL(fileURLWithPath: catalog))
            do {
                scanners = scanners.adding(try ScannerCatalog(json: data).entries)
            } catch {
                throw CLIError("\(error)")
            }
        }
        let rules = UdevRules.render(scanners, group: group)
        if let output {
            try Data(rules.utf8).write(to: URL(fileURLWithPath: output))
        } else {
            print(rules, terminator: "")
        }
    }
}
