import Foundation

/// The approved templates, loaded once from a directory of `NAME.vN.json` files.
public struct TemplateCatalog: Sendable {
    /// Every template found, by name, highest version first.
    public let templates: [String: [LabelTemplate]]

    /// Loads every `*.json` in `directory`.
    public init(directory: URL) throws(PrintingError) {
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "json" }
        } catch {
            throw PrintingError(.template, "cannot read the template directory \(directory.path)")
        }
        var byName: [String: [LabelTemplate]] = [:]
        for file in files {
            do {
                let template = try JSONDecoder().decode(LabelTemplate.self, from: Data(contentsOf: file))
                byName[template.name, default: []].append(template)
            } catch {
                throw PrintingError(.template, "template \(file.lastPathComponent) is malformed: \(error)")
            }
        }
        templates = byName.mapValues { $0.sorted { $0.version > $1.version } }
    }

    /// The newest approved version of `name`; a draft never prints.
    public func approved(_ name: String) throws(PrintingError) -> LabelTemplate {
        guard let versions = templates[name] else { throw PrintingError(.template, "no template named \(name)") }
        guard let template = versions.first(where: \.isApproved) else {
            throw PrintingError(.template, "template \(name) has no approved version")
        }
        return template
    }

    /// The default template directory: `$LABELGATE_TEMPLATES`, else `templates/` under the working directory.
    public static var defaultDirectory: URL {
        if let path = ProcessInfo.processInfo.environment["LABELGATE_TEMPLATES"] { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("templates")
    }
}
