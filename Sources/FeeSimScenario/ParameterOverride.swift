import FeeSimModel
import Foundation

/// `--set PATH=VALUE`: one parameter of a loaded scenario changed from the command line, held to the same range
/// as the scenario file (the parameter's declaration), so a variant needs one option rather than one more file.
public struct ParameterOverride: Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let value: Double

    /// Parses `PATH=VALUE`; the value must be a finite number.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, let v = Double(parts[1].trimmingCharacters(in: .whitespaces)),
            v.isFinite
        else {
            throw ParameterError(
                message:
                    "--set '\(text.count > 61 ? text.prefix(60) + "…" : Substring(text))' must look like PATH=VALUE with a finite number, for example "
                    + "levers.dunning.ladder[2].cost_per_attempt=20 (`feesim paths SCENARIO` lists the paths)")
        }
        path = String(parts[0]).trimmingCharacters(in: .whitespaces)
        value = v
    }

    /// `PATH=VALUE`, the path cut to 60 characters (an error quotes it).
    public var description: String {
        (path.count > 61 ? "\(path.prefix(60))…" : path) + "="
            + (value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)")
    }

    /// Sets the parameter in `scenario`. Throws ``/FeeSimModel/ParameterError`` naming the option for an unknown path (with the
    /// nearest valid ones) or a value outside the parameter's range.
    public func apply(to scenario: inout Scenario) throws {
        do {
            try ParameterSpace.resolve(path, in: scenario).set(value, in: &scenario)
        } catch let error as ParameterError {
            throw ParameterError(message: "--set \(self) (\(scenario.name)): \(error.message)")
        }
    }
}

extension ParameterOverride {
    /// The most `--set` options one command takes (far more than parameters exist), refused before any is applied.
    public static let maximumCount = 1_000
}

extension Scenario {
    /// Applies overrides in order (a later one wins). More than ``ParameterOverride/maximumCount`` are refused at once.
    public mutating func apply(_ overrides: [ParameterOverride]) throws {
        guard overrides.count <= ParameterOverride.maximumCount else {
            throw ParameterError(message: "--set is given \(overrides.count) times; at most \(ParameterOverride.maximumCount) are taken")
        }
        for o in overrides { try o.apply(to: &self) }
    }
}
