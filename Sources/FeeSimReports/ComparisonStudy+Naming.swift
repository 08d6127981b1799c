import FeeSimExperiments
import FeeSimModel
import FeeSimScenario
import Foundation

extension ComparisonStudy {
    /// The result folder's name: `name` when given, else the comparison's — with `-set-<8 hex digits of the
    /// changes>` when `--set` changed anything, so a variant never replaces the files' own results or another
    /// variant's — with `-zh` added for a Chinese report so that it never replaces the English one.
    public func folderName(_ name: String?, language: Language) -> String {
        if let name { return name }
        var base = file.name
        if !overrides.isEmpty {
            let text = overrides.map(\.description).joined(separator: ";")
            base += "-set-" + String(SHA256.hex(of: Data(text.utf8)).prefix(8))
        }
        return language == .en ? base : "\(base)-\(language.rawValue)"
    }

    /// The report's context: `name`, `title` (default: the comparison's description in `language`, followed by what
    /// `--set` changed), every file read and their hash, and the changes.
    public func context(name: String, title: String?, language: Language, toolVersion: String) -> ComparisonContext {
        var description = title ?? file.description(language.rawValue)
        if title == nil && !overrides.isEmpty {
            description += (language == .zh ? " — 改动：" : " — changed: ") + overrides.map(\.description).joined(separator: ", ")
        }
        var context = ComparisonContext(
            name: name, description: description, toolVersion: toolVersion,
            scenarioFiles: file.scenarioFiles, contentHash: file.contentHash)
        context.changes = overrides.map { o in
            let declared = scenarios[0].parameterPath(named: o.path)
            return ComparisonContext.Change(path: o.path, value: o.value, plausible: declared?.info.prior?.support)
        }
        return context
    }

}
