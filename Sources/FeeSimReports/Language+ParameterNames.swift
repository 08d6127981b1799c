import FeeSimModel

/// Chinese names of units and value-of-information groups for reports in Chinese; parameters carry their own
/// (``ParameterInfo/chineseName``, declared with the parameter).
extension Language {
    /// A parameter's plain name in this language, as declared with it.
    public func parameterName(_ info: ParameterInfo) -> String { parameterName(info.name, chinese: info.chineseName) }

    /// A plain name in this language, given both.
    public func parameterName(_ english: String, chinese: String) -> String { self == .zh ? chinese : english }

    static let unitsZh: [String: String] = [
        "share": "比例", "months": "个月", "month": "月", "per month": "/月", "yuan": "元", "logit": "（对数几率）",
        "probability": "概率", "0–1": "（0–1 评分）", "×": "倍", "buildings": "栋", "yuan/m²/month": "元/平方米/月",
        "m²": "平方米", "log m²": "（平方米的自然对数）", "cases": "宗", "attempts": "次", "": "", "0 or 1": "是或否", "bills": "期账单",
        "month of year": "月份", "per month per suit": "/月/宗诉讼", "yuan/household/month": "元/户/月", "households": "户"
    ]

    /// The plan's phase names (§8) and the shipped files' own; other names are shown as written.
    static let phaseNamesZh = [
        "preparation": "准备期", "pilot": "试点期", "rollout": "推广期", "operation": "长期运行期",
        "everywhere": "全面实施"
    ]

    /// A rollout phase's name in this language.
    public func phaseName(_ name: String) -> String {
        self == .zh ? Language.phaseNamesZh[name] ?? name : name
    }

    static let rungNamesZh: [String: String] = [
        "sms": "短信", "call": "电话", "visit": "上门", "lawyer_letter": "律师函", "letter": "催缴函", "wechat": "微信"
    ]

    /// A dunning rung's name in this language (the shipped ladders' rungs; a user's own names as written).
    public func rungName(_ name: String) -> String {
        self == .zh ? Language.rungNamesZh[name] ?? name : name.replacingOccurrences(of: "_", with: " ")
    }

    /// A declared unit in this language ("per month" → "/月"); a test fails when a declared unit has no Chinese.
    public func unit(_ english: String) -> String {
        self == .zh ? Language.unitsZh[english] ?? english : english
    }

    /// A declared source in this language: a shipped parameter's from ``sourcesZh`` (translated, its citations
    /// kept); any other (a user's own) with the words the project writes itself ("assumption", "calibrated",
    /// "the plan") translated and the rest as written.
    public func source(_ english: String) -> String {
        guard self == .zh else { return english }
        if let zh = Language.sourcesZh[english] { return zh }
        // Only where the word stands for the whole entry or one of its ";"-separated parts, never inside a sentence.
        var out = english
        for (word, zh) in [("assumption", "假设"), ("calibrated", "校准")] {
            out = out.replacingOccurrences(of: "(^|; )\(word)(?=$|;| \\(|:)", with: "$1\(zh)", options: .regularExpression)
        }
        return out.replacingOccurrences(of: "the plan §", with: "计划 §").replacingOccurrences(of: "; ", with: "；")
    }

    /// A lever's name with the plan's section, in this language. Exhaustive: a new lever does not compile until it
    /// has its names.
    public func leverName(_ lever: Lever) -> String {
        let text: Text =
            switch lever {
            case .transparency: Text("transparency (§3.1)", "服务透明（3.1）")
            case .dunning: Text("smart dunning (§3.2)", "智能催缴（3.2）")
            case .assistance: Text("hardship help (§3.3)", "困难帮扶（3.3）")
            case .cogovernance: Text("co-governance (§3.4)", "协同治理（3.4）")
            case .legal: Text("legal action (§5.1)", "诉讼追缴（5.1）")
            case .settlement: Text("collective settlement", "集体和解")
            }
        return self(text)
    }

    /// A cost part's name in this language: the status-quo ladder, a lever (``leverName(_:)``), or the phases.
    public func costPartName(_ part: CostPart) -> String {
        switch part {
        case .statusQuoDunning: self(Labels.statusQuoDunning)
        case .lever(let lever): leverName(lever)
        case .phases: self(Labels.phaseCosts)
        }
    }

    /// A value-of-information group's name in this language.
    public func groupName(_ english: String) -> String {
        self == .zh ? InformationGroup(rawValue: english)?.chinese ?? english : english
    }
}
