import FeeSimScenario

/// Pilot records as a CSV file (docs/DATA.md, "Pilot records"): the `#` notes, the column names, then a row per
/// building and month, amounts at full precision. ``/FeeSimScenario/PilotRecords/parse(_:path:contentHash:)`` reads
/// it back to the same records.
public enum PilotRecordsFile {
    public static func csv(_ records: PilotRecords) -> String {
        var out = records.notes.map { "# \($0)\n" }.joined()
        out += records.columns.joined(separator: ",") + "\n"
        for r in records.rows {
            out +=
                ([
                    String(r.building), String(r.month), r.arm.rawValue, String(r.households), CSVFormat.number(r.billed),
                    CSVFormat.number(r.collected)
                ] + r.counts.map(String.init)).joined(separator: ",") + "\n"
        }
        return out
    }
}
