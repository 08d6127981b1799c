import Foundation

/// A study's result files: its tables and its Markdown report (also what the command prints), written with a typed
/// manifest into a folder that replaces the previous one only when every file is in (``ResultFolder``).
public protocol StudyFiles {
    /// The report, as the command prints it and as it is written.
    func markdown() -> String
    /// Every file but the manifest, in writing order; `markdown` is ``markdown()``'s text.
    func files(markdown: String) -> [(name: String, text: String)]
}

extension StudyFiles {
    /// Replaces `folder` with ``files(markdown:)`` and `manifest.json`; returns the Markdown.
    public func write(to folder: URL, manifest: some JSONManifest) throws -> String {
        let md = markdown()
        try ResultFolder.write(
            files(markdown: md).map { ($0.name, Data($0.text.utf8)) } + [("manifest.json", try manifest.json())],
            to: folder)
        return md
    }
}
