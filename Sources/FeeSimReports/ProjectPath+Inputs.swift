import FeeSimScenario
import Foundation

extension ProjectPath {
    /// The input files a manifest records: each of `paths`, relative to the project (``relative(_:)``), → the SHA-256
    /// (lowercase hex, 64 characters) of its bytes as they are when the manifest is written. A file named twice is
    /// read once; empty paths are left out. `feesim compare`'s manifest records one hash over its scenario files
    /// instead; the other commands' manifests hold this map as `inputs`.
    /// - Throws: ``ResultFolderError`` naming a file that can no longer be read.
    /// - Complexity: reads every file once: O(total bytes).
    public static func hashes(of paths: [String]) throws -> [String: String] {
        var out: [String: String] = [:]
        for path in paths where !path.isEmpty {
            let key = relative(path)
            if out[key] != nil { continue }
            let url = URL(fileURLWithPath: path)
            out[key] = try ResultFolderError.wrap("read the input file", url) { SHA256.hex(of: try Data(contentsOf: url)) }
        }
        return out
    }
}
