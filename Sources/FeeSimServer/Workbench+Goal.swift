import FeeSimExperiments
import FeeSimModel
import FeeSimReports
import FeeSimScenario
import Foundation

extension Workbench {
    // MARK: What would it take

    public struct GoalQuestion: Codable, Sendable {
        public var variant: Variant
        /// The parameter to move (one of the variant's paths).
        public var parameter: String
        /// A horizon figure: `target_window_rate` (mean 收缴率 of the target window), `target_reached`, ….
        public var figure: String
        public var atLeast: Double
        public var replications: Int?
    }

    /// The answer to a ``GoalQuestion``: the value found, the figure there, and the answer in words.
    public struct GoalAnswer: Codable, Sendable {
        /// found, already or never.
        public var outcome: String
        /// The smallest value that reaches the target (found), the starting value (already), nil (never).
        public var value: Double?
        /// The figure at `value` (found, already), or at `upper` (never): the closest the search came.
        public var figureValue: Double
        /// The range searched: from the variant's value up to the parameter's largest allowed value (or 10 times
        /// its value where it has no small bound).
        public var lower: Double
        public var upper: Double
        public var evaluations: Int
        /// Replications behind each evaluation (one seed: common random numbers).
        public var replications: Int
        public var elapsedMilliseconds: Double
        /// The parameter's path, name and unit (in the request's language) and its value in the strategy's files.
        public var parameter: String
        public var label: String
        public var unit: String
        public var fileValue: Double
        /// The support of the parameter's prior (docs/MODEL.md §6); nil for a setting of the plan, which has none.
        public var plausibleLower: Double?
        public var plausibleUpper: Double?
        /// The figure's column name, the figure in words ("收缴率 of the bills of months 1–6"), the target and the month it is read at (nil
        /// for a figure with no month of its own).
        public var figure: String
        public var figureName: String
        public var atLeast: Double
        public var byMonth: Int?
        /// The whole answer in one sentence, with units.
        public var sentence: String
        /// Set when the value found lies outside the plausible range: the model has no evidence for it.
        public var warning: String?
    }

    /// The smallest value of `parameter` at which the strategy's `figure` reaches `atLeast` (bisection on common
    /// random numbers; see `feesim goal`), with the answer in words in `language`.
    public func goal(
        _ q: GoalQuestion, language: Language = .en, threads: Int? = nil, isCancelled: (@Sendable () -> Bool)? = nil
    ) throws -> GoalAnswer {
        let start = Date()
        let p = try prepare(q.variant)
        let path: ParameterPath
        do { path = try ParameterSpace.resolve(q.parameter, in: p.strategy) } catch {
            throw WorkbenchError.invalid("\(error)", field: "goal-parameter")
        }
        guard q.atLeast.isFinite else {
            throw WorkbenchError.invalid("the target must be a number (got \(q.atLeast))", field: "goal-at-least")
        }
        let replications = q.replications ?? min(50, p.settings.replications)
        guard (1...limits.goalReplications).contains(replications) else {
            throw WorkbenchError.tooLarge("replications per evaluation must be in 1…\(limits.goalReplications)", field: "replications")
        }
        let lo = path.value(in: p.strategy)
        // Up to the largest allowed value, or ten times the value where that is huge; a pilot no larger than the
        // community (the engine's own check).
        var upper = path.upper.flatMap({ $0 < 1e6 ? $0 : nil }) ?? (lo > 0 ? lo * 10 : nil)
        if path.path == "pilot.buildings" { upper = upper.map { min($0, Double(p.strategy.community.buildings)) } }
        guard let hi = upper, hi > lo else {
            throw WorkbenchError.invalid(
                "\(Self.label(path, in: p.strategy, language)) (\(path.path)) has no larger value to search up to "
                    + "(\(path.allowed); now \(Self.number(lo)))", field: "goal-parameter")
        }
        var evaluations = 0
        let outcome: GoalSeek.Outcome
        do {
            outcome = try GoalSeek.smallest(
                path, in: p.strategy, lower: lo, upper: hi, tolerance: (hi - lo) / 100,
                figure: q.figure, atLeast: q.atLeast,
                settings: p.settings.overriding(replications: replications), threads: threads,
                isCancelled: isCancelled, evaluated: { _, _ in evaluations += 1 })
        } catch is CancellationError {
            throw WorkbenchError.superseded
        } catch let error as InputError {   // the figure or the search, checked before anything runs
            throw WorkbenchError.invalid(error.message, field: error.field == "figure" ? "goal-figure" : error.field)
        } catch {
            throw WorkbenchError.invalid("\(error)", field: "goal-parameter")
        }
        let original = try pick(q.variant.strategy, in: p.file).scenario
        let fileValue = (try? ParameterSpace.resolve(q.parameter, in: original))?.value(in: original) ?? lo
        var answer = GoalAnswer(
            outcome: "", value: nil, figureValue: .nan, lower: lo, upper: hi, evaluations: evaluations,
            replications: replications, elapsedMilliseconds: (Date().timeIntervalSince(start) * 1000).rounded(),
            parameter: path.path, label: Self.label(path, in: p.strategy, language), unit: language.unit(path.unit),
            fileValue: fileValue, plausibleLower: path.info.prior?.support.lowerBound, plausibleUpper: path.info.prior?.support.upperBound,
            figure: q.figure, figureName: "", atLeast: q.atLeast, byMonth: nil, sentence: "", warning: nil)
        switch outcome {
        case .found(let x, let f):
            // A whole parameter was evaluated at its rounded value: that is the answer.
            (answer.outcome, answer.value, answer.figureValue) = ("found", path.whole ? x.rounded() : x, f)
        case .alreadyAtLower(let f): (answer.outcome, answer.value, answer.figureValue) = ("already", lo, f)
        case .never(let f): (answer.outcome, answer.value, answer.figureValue) = ("never", nil, f)
        }
        let figure = Self.figureWords(q.figure, target: p.strategy.target, months: p.settings.months, language)
        answer.figureName = figure.name
        answer.byMonth = figure.month
        Self.word(&answer, language)
        return answer
    }

    /// A figure the page offers, in words, and the month it is read at: `target_window_rate` → ("收缴率 of the bills
    /// of months 1–6", 6); a figure it does not name → (its column name, nil).
    static func figureWords(_ figure: String, target: Target, months: Int, _ language: Language) -> (name: String, month: Int?) {
        let zh = language == .zh
        let window = "\(target.fromMonth)–\(target.byMonth)"
        switch figure {
        case "target_window_rate":
            return (zh ? "第 \(window) 月账单的收缴率" : "收缴率 of the bills of months \(window)", target.byMonth)
        case "target_reached":
            let rate = Format.percent(target.collectionRate)
            return (
                zh
                    ? "达标概率（第 \(window) 月账单收缴率 ≥ \(rate) 的重复模拟占比）"
                    : "the share of replications in which 收缴率 of the bills of months \(window) is at least \(rate)",
                target.byMonth
            )
        case "collection_rate_year_1": return (zh ? "第一年收缴率" : "收缴率 in year 1", min(12, months))
        default: return (figure, nil)
        }
    }

    /// Whether `figure` is a share (printed as a percentage) rather than an amount: a rate or `target_reached`.
    static func isShare(_ figure: String) -> Bool {
        figure.contains("rate") || figure == "target_reached"
    }

    /// Fills the answer's sentence and warning from its numbers, in `language`.
    static func word(_ a: inout GoalAnswer, _ language: Language) {
        let zh = language == .zh
        let share = isShare(a.figure)
        func fig(_ x: Double) -> String { share ? Format.percent(x) : number(x) }
        func q(_ x: Double) -> String { quantity(x, a.unit) }
        let by = a.byMonth.map { zh ? "在第 \($0) 月" : " by month \($0)" } ?? ""
        let plausible: String
        if let l = a.plausibleLower, let u = a.plausibleUpper {
            plausible = zh ? "合理范围 \(number(l))–\(q(u))" : "plausible range \(number(l))–\(q(u))"
        } else {
            plausible = zh ? "无先验范围（方案的设定值）" : "no plausible range declared: a setting of the plan"
        }
        let reps = zh ? "（每次求值 \(a.replications) 次重复模拟，相同随机数）" : " (\(a.replications) replications per evaluation, common random numbers)"
        switch a.outcome {
        case "found":
            let x = a.value ?? .nan
            a.sentence =
                zh
                ? "\(a.label)至少需要 \(q(x))（文件取值 \(q(a.fileValue))；\(plausible)），\(a.figureName)才能\(by)达到 \(fig(a.atLeast))；取 \(q(x)) 时为 \(fig(a.figureValue))\(reps)。"
                : "\(a.label) must be at least \(q(x)) (file value \(q(a.fileValue)); \(plausible)) for \(a.figureName) "
                    + "to reach \(fig(a.atLeast))\(by); at \(q(x)) it reaches \(fig(a.figureValue))\(reps)."
            if let l = a.plausibleLower, let u = a.plausibleUpper, !(l...u).contains(x) {
                a.warning =
                    zh
                    ? "注意：\(q(x)) 超出\(a.label)的合理范围 \(number(l))–\(q(u))（先验分布的取值范围），现有证据不支持这样的取值。"
                    : "Warning: \(q(x)) is outside the plausible range of \(a.label), \(number(l))–\(q(u)) (its prior's "
                        + "support): no evidence the model rests on says it can be \(x > u ? "that high" : "that low")."
            }
        case "already":
            a.sentence =
                zh
                ? "\(a.label)取当前值 \(q(a.lower)) 时，\(a.figureName)\(by)已达到 \(fig(a.atLeast))：为 \(fig(a.figureValue))\(reps)。"
                : "\(a.figureName) already reaches \(fig(a.atLeast))\(by) at the current \(a.label), \(q(a.lower)): it is "
                    + "\(fig(a.figureValue))\(reps)."
        default:
            a.sentence =
                zh
                ? "\(a.label)在 \(q(a.lower)) 至 \(q(a.upper)) 之间（\(plausible)）的任何取值都不能使\(a.figureName)\(by)达到 \(fig(a.atLeast))；最接近的是取 \(q(a.upper)) 时的 \(fig(a.figureValue))\(reps)。"
                : "No value of \(a.label) from \(q(a.lower)) to \(q(a.upper)) (\(plausible)) makes \(a.figureName) reach "
                    + "\(fig(a.atLeast))\(by): the closest is \(fig(a.figureValue)), at \(q(a.upper))\(reps)."
        }
    }
}
