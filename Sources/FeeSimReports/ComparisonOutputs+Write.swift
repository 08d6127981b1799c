import FeeSimExperiments
import FeeSimModel
import FeeSimScenario
import Foundation

/// How a comparison was run.
extension ComparisonOutputs {
    /// Writes the comparison's files into `folder`, replacing it atomically (``ResultFolder``): costbenefit.csv,
    /// targets.csv, monthly.csv, buildings.csv (when the run collected building rates), report.md, report.html, comparison.xlsx, manifest.json, and with a probabilistic
    /// comparison uncertainty.md, psa.csv and tornado.csv. Nothing half-written is ever left under `folder`'s name.
    /// The caller holds the folder's ``OutputLock``. Returns the Markdown report.
    @discardableResult
    public func write(to folder: URL, manifest: ComparisonManifest, excel: Bool = false) throws -> String {
        let markdown = markdown()
        let results = try ResultFolder(replacing: folder)
        var manifest = manifest
        func write(_ name: String, _ data: Data) throws {
            try results.write(name, data)
            manifest.files[name] = SHA256.hex(of: data)
        }
        try write("costbenefit.csv", Self.csvData(costBenefitCSV(), excel: excel))
        try write("targets.csv", Self.csvData(targetsCSV(), excel: excel))
        try write("monthly.csv", Self.csvData(monthlyCSV(), excel: excel))
        if let buildings = buildingsCSV() { try write("buildings.csv", Self.csvData(buildings, excel: excel)) }
        try write("report.md", Data(markdown.utf8))
        try write("report.html", Data(html().utf8))
        if let uncertainty {
            try write("uncertainty.md", Data(uncertainty.markdown().utf8))
            try write("psa.csv", Self.csvData(uncertainty.psaCSV(), excel: excel))
            let wide = uncertainty.wideCSVs()
            try write("psa_costs.csv", Self.csvData(wide.costs, excel: excel))
            try write("psa_effects.csv", Self.csvData(wide.effects, excel: excel))
            try write("psa_parameters.csv", Self.csvData(wide.parameters, excel: excel))
            try write("tornado.csv", Self.csvData(uncertainty.tornadoCSV(), excel: excel))
        }
        // The workbook carries its creation time, so its hash is not recorded: every other file is reproducible.
        try writeWorkbook(to: results.staging.appendingPathComponent("comparison.xlsx").path)
        try results.write("manifest.json", try manifest.json())
        try results.commit()
        return markdown
    }
}
