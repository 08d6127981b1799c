import FeeSimExperiments
import FeeSimModel
import FeeSimReports
import FeeSimScenario
import Foundation

extension Workbench {
    /// One what-if question: a strategy of a comparison file, with levers switched off and parameters changed.
    public struct Variant: Codable, Sendable, Equatable {
        /// A comparison file, relative to the project folder (`Scenarios/mixed/compare.yaml`).
        public var comparison: String
        /// The strategy's scenario name (`mixed-full-plan`).
        public var strategy: String
        /// The levers left on (nil: the strategy's own). A lever not in the strategy cannot be added here.
        public var levers: [String]?
        /// Changes, applied in order: lever, pilot and phase paths to the strategy only; any other path (behaviour,
        /// community) to the baseline as well, so the comparison stays over the same world.
        public var set: [Change]
        public var replications: Int?
        public var months: Int?
        public var seed: UInt64?

        public struct Change: Codable, Sendable, Equatable {
            public var path: String
            public var value: Double
            public init(path: String, value: Double) {
                self.path = path
                self.value = value
            }
        }

        public init(
            comparison: String, strategy: String, levers: [String]? = nil, set: [Change] = [],
            replications: Int? = nil, months: Int? = nil, seed: UInt64? = nil
        ) {
            self.comparison = comparison
            self.strategy = strategy
            self.levers = levers
            self.set = set
            self.replications = replications
            self.months = months
            self.seed = seed
        }

        /// Whether a path changes the strategy only (what the plan does) or the world both strategies face.
        static func isStrategyPath(_ path: String) -> Bool {
            path.hasPrefix("levers.") || path.hasPrefix("pilot.") || path.hasPrefix("rollout[")
        }
    }

    /// The baseline and the changed strategy, checked, and the settings both run with (the baseline's with the
    /// variant's), ready to compile.
    public struct Prepared: Sendable {
        public var baseline: Scenario
        public var strategy: Scenario
        public var settings: RunSettings
        public var file: ComparisonFile
        /// The comparison study of the two, compiled with `settings` (the engine's checks passed).
        public var study: ComparisonStudy
    }

    /// Builds the variant with the same strict checks as the YAML loader; errors name the field.
    public func prepare(_ v: Variant) throws -> Prepared {
        let file = try load(comparison: v.comparison)
        var base = file.baseline.scenario
        var settings = base.settings
        var strategy = try pick(v.strategy, in: file).scenario
        if let levers = v.levers {
            var keep = LeverSet()
            for key in levers {
                guard let lever = Lever(key: key) else {
                    throw WorkbenchError.invalid(
                        "unknown lever '\(key)'; levers are "
                            + Lever.allCases.map(\.key).joined(separator: ", "), field: "levers")
                }
                keep.insert(LeverSet(lever))
            }
            for k in strategy.rollout.indices { strategy.rollout[k].levers = strategy.rollout[k].levers.intersection(keep) }
        }
        for change in v.set {
            let o: ParameterOverride
            do { o = try ParameterOverride(parsing: "\(change.path)=\(change.value)") } catch {
                throw WorkbenchError.invalid("\(error)", field: change.path)
            }
            do {
                try ParameterSpace.resolve(o.path, in: strategy).set(o.value, in: &strategy)
                if !Variant.isStrategyPath(o.path) { try ParameterSpace.resolve(o.path, in: base).set(o.value, in: &base) }
            } catch {
                // The path once: the parameter's own message names it and the value already.
                let text = "\(error)"
                throw WorkbenchError.invalid(
                    text.hasPrefix(change.path) ? text : "\(change.path) = \(CSVFormat.number(change.value)): \(text)", field: change.path)
            }
        }
        if let r = v.replications {
            guard (1...limits.replications).contains(r) else {
                throw WorkbenchError.tooLarge("replications must be in 1…\(limits.replications) (got \(r))", field: "replications")
            }
            settings.replications = r
        }
        if let m = v.months {
            guard (1...limits.months).contains(m) else {
                throw WorkbenchError.tooLarge("months must be in 1…\(limits.months) (got \(m))", field: "months")
            }
            settings.months = m
        }
        if let seed = v.seed { settings.seed = seed }
        do { try base.target.checkHorizon(settings.months) } catch let e as InputError {
            throw WorkbenchError.invalid(e.message, field: e.field)
        }
        // The comparison runs every strategy with these settings (common random numbers), each month of the warm-up
        // as well as the horizon.
        let simulated = base.community.warmupMonths + settings.months
        let work = base.community.households * simulated * settings.replications * 2
        guard work <= limits.householdMonths else {
            throw WorkbenchError.tooLarge(
                "\(base.community.households) households × \(simulated) months (\(base.community.warmupMonths) of warm-up and "
                    + "\(settings.months) simulated) × \(settings.replications) replications × 2 "
                    + "strategies = \(work) household-months is over this server's limit of \(limits.householdMonths): "
                    + "lower replications or months, or run `feesim compare` from the command line", field: "replications")
        }
        let study: ComparisonStudy
        do {
            study = try ComparisonStudy(file, scenarios: [base, strategy], settings: settings)
        } catch {
            // The engine's own checks (a pilot larger than the community, …): point at the change they name.
            let text = "\(error)"
            throw WorkbenchError.invalid(text, field: v.set.last { text.contains($0.path) }?.path)
        }
        return Prepared(baseline: base, strategy: strategy, settings: settings, file: file, study: study)
    }

    /// What the page shows for one variant.
    public struct Answer: Codable, Sendable {
        public var baseline: String
        public var strategy: String
        public var fragments: ComparisonOutputs.Fragments
        /// Net benefit against the baseline over the horizon, yuan: mean and 95% interval across replications.
        public var netBenefit: Double
        public var netBenefitLow: Double
        public var netBenefitHigh: Double
        /// Share of the strategy's replications whose 收缴率 of the target window reaches the target.
        public var pTarget: Double
        public var targetRate: Double
        public var targetMonth: Int
        /// Mean 收缴率 of the target window, strategy and baseline.
        public var windowRate: Double
        public var baselineWindowRate: Double
        public var households: Int
        public var replications: Int
        public var months: Int
        public var seed: UInt64
        public var elapsedMilliseconds: Double
        /// The variant's title, suggested file name and changes from the strategy's files, with plausible-range
        /// warnings (``Workbench/describe(_:prepared:language:)``).
        public var variant: VariantDescription
        /// Parameter sets and replications per set of the comparison file's uncertainty analysis (the report's
        /// headline net benefit is the mean over those sets), or nil when the file runs none. The workbench's net
        /// benefit is Monte Carlo only, at the stated parameter values: the page says which figure it shows.
        public var reportSets: Int?
        public var reportSetReplications: Int?
    }

    /// Runs the variant against its baseline (common random numbers, all cores unless `threads`) and renders the
    /// report's components. `isCancelled` is asked after every replication.
    public func run(
        _ v: Variant, language: Language, threads: Int? = nil,
        isCancelled: (@Sendable () -> Bool)? = nil
    ) throws -> Answer {
        let start = Date()
        let p = try prepare(v)
        let result = try compare(p, threads: threads, isCancelled: isCancelled)
        let context = ComparisonContext(
            name: "\(p.strategy.name)-workbench", description: p.file.description(language.rawValue),
            toolVersion: "", scenarioFiles: [], contentHash: "")
        let outputs = ComparisonOutputs(result: result, context: context, language: language)
        let net = result.costBenefit[0].figure(.netBenefit)!
        let targets = result.targetsUsed
        return Answer(
            baseline: p.baseline.title(language.rawValue), strategy: p.strategy.title(language.rawValue),
            fragments: outputs.fragments(), netBenefit: net.mean, netBenefitLow: net.ciLow, netBenefitHigh: net.ciHigh,
            pTarget: result.targets[1].reachByFirstMonth, targetRate: targets.collectionRate, targetMonth: targets.firstMonth,
            windowRate: result.challengers[0].horizon(.targetWindowRate)?.mean ?? .nan,
            baselineWindowRate: result.baseline.horizon(.targetWindowRate)?.mean ?? .nan,
            households: p.baseline.community.households, replications: p.settings.replications, months: p.settings.months,
            seed: p.settings.seed, elapsedMilliseconds: (Date().timeIntervalSince(start) * 1000).rounded(),
            variant: try describe(v, prepared: p, language: language), reportSets: p.file.uncertainty?.sets,
            reportSetReplications: p.file.uncertainty?.replications)
    }

    /// The page's strategy against its status quo: the same study `feesim compare` runs, Monte Carlo only, with the
    /// plan's targets and the default discount rate. Replications (the status quo's above all) and warm-ups that
    /// an earlier request ran come from ``statusQuo`` (same figures, to the last bit, as running them again).
    func compare(_ p: Prepared, threads: Int?, isCancelled: (@Sendable () -> Bool)?) throws -> StrategyComparison {
        do {
            // The plan's targets, each read no later than the horizon (a short what-if run reads them at its end).
            let m = p.settings.months, plan = PlanTargets.plan
            let targets = PlanTargets(
                firstMonth: min(plan.firstMonth, m), secondMonth: min(plan.secondMonth, m),
                voluntaryMonth: min(plan.voluntaryMonth, m), arrearsMonth: min(plan.arrearsMonth, m))
            return try p.study.run(
                targets: targets, annualDiscountRate: 0.04, threads: threads, isCancelled: isCancelled,
                statusQuo: statusQuo
            ).monteCarlo
        } catch is CancellationError {
            throw WorkbenchError.superseded
        } catch let error as WorkbenchError {
            throw error
        } catch {
            throw WorkbenchError.invalid("\(error)")
        }
    }
}
