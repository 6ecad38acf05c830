import ArgumentParser
import LabelgateCore

struct ISBTCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "isbt", abstract: "ISBT 128 tools.", subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the mod 37-2 keyboard check character K of a 13-character DIN (or a COI identifier).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "13-character DIN, or a COI identifier content (CH + 13).") var identifier: String

        func run() throws {
            struct View: Encodable {
                var identifier, checkCharacter, humanReadable: String
                var typeThreeFlag: String?
            }
            let view: View
            do {
                if identifier.hasPrefix("CH") || identifier.hasPrefix("&/") {
                    let coi = try ChainOfIdentityID(
                        content: identifier.hasPrefix("&/") ? String(identifier.dropFirst(2)) : identifier)
                    view = View(
                        identifier: coi.content, checkCharacter: String(coi.checkCharacter()),
                        humanReadable: coi.humanReadable)
                } else {
                    let din = try DIN(identifier: identifier.hasPrefix("=") ? String(identifier.dropFirst()) : identifier)
                    let value = try ISO7064Mod37_2.checkValue(for: din.identifier)
                    view = View(
                        identifier: din.identifier, checkCharacter: String(din.checkCharacter),
                        humanReadable: din.humanReadable, typeThreeFlag: String(60 + value))
                }
            } catch {
                throw ValidationError("\(error.code): \(error.reason)")
            }
            if global.json { Output.json(view) } else { print(view.checkCharacter) }
        }
    }
}

struct GS1Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gs1", abstract: "GS1 tools.", subcommands: [Parse.self])

    struct Parse: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Parse a GS1 element string ((01)… form, transmitted form with GS, or a Digital Link URI).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The element string.") var text: String

        func run() throws {
            let elements: GS1ElementString
            do {
                if text.hasPrefix("http://") || text.hasPrefix("https://") {
                    elements = try GS1DigitalLink.parse(text)
                } else if text.hasPrefix("(") {
                    elements = try GS1ElementString.parse(humanReadable: text)
                } else {
                    elements = try GS1ElementString.parse(Array(text.utf8))
                }
            } catch {
                if global.json {
                    struct Failure: Encodable { var error, reason: String }
                    Output.json(Failure(error: error.code.rawValue, reason: error.reason))
                } else {
                    Output.error("\(error.code): \(error.reason)")
                }
                throw CLIExit.refused.exitCode
            }
            struct ElementView: Encodable {
                var ai, title, value: String
            }
            let views = elements.elements.map {
                ElementView(ai: $0.ai, title: GS1ApplicationIdentifier.lookup($0.ai)?.title ?? "", value: $0.value)
            }
            if global.json {
                Output.json(views)
            } else {
                for view in views { print("(\(view.ai)) \(view.title.isEmpty ? "" : view.title + ": ")\(view.value)") }
            }
        }
    }
}
