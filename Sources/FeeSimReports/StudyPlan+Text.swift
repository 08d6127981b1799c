import FeeSimExperiments
import Foundation

extension StudyPlan {
    /// What `feesim plan` prints: the runs, the household-months and the speed measured here, the core-hours and the
    /// hours on `cores` cores, and with `shards` > 1 (sweeps and sensitivity studies) each shard's share.
    public func summary(cores: Int, shards: Int = 1) -> String {
        var lines = [
            "\(name): \(shape) = \(runs) runs",
            String(
                format: "%.3g household-months; measured %.0f ns per household-month on one core here", householdMonths,
                secondsPerHouseholdMonth * 1e9),
            String(format: "estimate: %.3g core-hours (%.2g hours on %d cores)", coreHours, coreHours / Double(cores), cores)
        ]
        if shards > 1 && shardable {
            lines.append(
                String(
                    format: "with %d shards: about %d points and %.3g core-hours each", shards,
                    (units + shards - 1) / shards, coreHours / Double(shards)))
        }
        return lines.joined(separator: "\n")
    }

}
