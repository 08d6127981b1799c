import Foundation

/// Paths as results record them: relative to the project (the working directory FeeSim runs in), so a committed
/// manifest names `Scenarios/mixed/status-quo.yaml`, not the folder of the machine that ran it.
public enum ProjectPath {
    /// `path` relative to the working directory when it lies inside it; otherwise from its last `Scenarios`
    /// folder on (`Scenarios/mixed/status-quo.yaml`); otherwise its file name. O(path length).
    public static func relative(_ path: String) -> String {
        let file = URL(fileURLWithPath: path).standardizedFileURL.path
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        if file.hasPrefix(here + "/") { return String(file.dropFirst(here.count + 1)) }
        let parts = URL(fileURLWithPath: file).pathComponents
        if let k = parts.lastIndex(of: "Scenarios") { return parts[k...].joined(separator: "/") }
        return parts.last ?? path
    }
}
