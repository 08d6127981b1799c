import FeeSimModel

/// Chinese plain names of the declared parameters and of the value-of-information groups, for reports in Chinese.
/// Keyed by the declaration's English plain name; a test fails when a declaration has none here.
extension Language {
    static let parameterNamesZh: [String: String] = [
        "Ability in hardship": "困难时的支付能力", "Affordability of a plan": "分期方案的可负担性",
        "Attempts per episode": "每轮催缴次数上限", "Attention": "关注度", "Attention uplift": "提醒带来的关注提升",
        "Billing cycle": "计费周期", "Case work": "个案处理", "Collectability half-life": "欠款可回收性半衰期",
        "Committee cost": "业委会运行成本", "Cost per attempt": "每次催缴成本", "Cost per mediated dispute": "每宗调解成本",
        "Cost per publication": "每次公示成本", "Cost per reminder": "每次提醒成本", "Collection staff": "收费人员成本", "Buildings in a dispute at the start": "期初集体纠纷楼栋比例",
        "Catching up": "补缴欠费期数", "Withholding a disputed past": "保留争议欠费（只缴当期）",
        "Collective dispute onset": "集体纠纷发生率", "Joining a collective dispute": "参与集体拒缴的概率",
        "Collective dispute ending": "集体纠纷自行化解率", "Giving up withholding": "放弃保留争议欠费",
        "Set-up cost": "启动成本", "Mediating a collective dispute": "业委会调解集体纠纷",
        "Cost per mediated episode": "每宗集体纠纷调解成本", "Simplified procedure": "简易程序",
        "Recovery under enforcement": "强制执行回收比例", "Limitation period": "诉讼时效",
        "Judgments needing enforcement": "需申请强制执行的判决比例", "Backlash": "诉讼引发的不满",
        "Agreement": "达成集体和解", "Arrears waived": "减免欠费比例", "Cost per agreement": "每宗和解成本",
        "Year-end drive": "年底清欠", "Written demand": "书面催告",
        "Absent owners": "业主不在住", "Buildings": "楼栋数", "Households": "户数", "Switched on": "启用",
        "Billing cycle (segment)": "计费周期（分群）",
        "Deterrence": "威慑效应", "Deterrence half-life": "威慑效应半衰期", "Deterrence of neighbours": "对邻居的威慑",
        "Fee multiplier": "收费系数", "Fee rate": "物业费单价", "Filing threshold (age)": "起诉门槛（欠费月数）",
        "Filing threshold (amount)": "起诉门槛（欠费金额）", "Filings per month": "每月起诉上限",
        "Floor area spread": "建筑面积离散度", "Free riding": "搭便车（策略性欠费）", "Full repayment": "一次性结清",
        "Funding for full service": "全额服务所需资金", "Grievance at start": "初始纠纷比例", "Grievance onset": "纠纷产生率",
        "Grievance resolution": "纠纷自行化解率", "Hardship at start": "初始困难户比例", "Hardship detection": "困难户识别率",
        "Hardship entry": "陷入困难的概率", "Hardship exit": "摆脱困难的概率", "In arrears at start": "初始欠费户比例",
        "Initial arrears": "初始欠费月数", "Initial service quality": "初始服务质量", "Invisibility gap": "服务感知差距",
        "Lawyer and staff cost": "律师与人员成本", "Long-term arrears": "长期欠费", "Median floor area": "建筑面积中位数",
        "Mediation": "调解成功率", "Monthly cost": "每月成本", "Months to enforce": "执行所需月数",
        "Months to judgment": "判决所需月数", "One-off cost": "一次性成本", "Pay-a-year-ahead discount": "预缴一年折扣",
        "Peer effect": "同伴效应", "Perception correction": "感知纠偏", "Perception drift": "感知调整速度",
        "Phase end": "阶段结束月", "Phase start": "阶段开始月", "Pilot buildings": "试点楼栋数", "Plan default": "分期违约率",
        "Plan schedule": "分期提醒效果", "Pre-due attention uplift": "到期前提醒的关注提升", "Protest withholding": "抗议性拒缴",
        "Publication period": "公示周期", "Publication reach": "公示触达率", "Recovery": "判决回收比例",
        "Reminder half-life": "提醒效果半衰期", "Repeat interval": "重复间隔", "Right-party contact": "有效触达率",
        "Running cost": "运行成本", "Service adjustment speed": "服务调整速度", "Settlement": "和解率", "Share": "占比",
        "Strategic non-payers": "策略性欠费户", "Subsidy": "补贴", "Target window end": "目标窗口结束月",
        "Target window start": "目标窗口开始月", "Target 收缴率": "目标收缴率", "Trigger": "触发条件（欠费月数）",
        "Trust a": "信任度 a", "Trust b": "信任度 b", "Trust cost": "信任损失", "Trust cost to neighbours": "对邻居的信任损失",
        "Trust cost to the sued": "被诉户的信任损失", "Trust drift": "信任调整速度", "Trust gain": "信任提升",
        "Trust gain per publication": "每次公示的信任提升", "Warm-up": "预热期", "Weight of perceived service": "感知服务的权重",
        "Weight of the building norm": "楼栋风气的权重", "Weight of trust": "信任的权重", "Willingness a": "缴费意愿 a",
        "Willingness after a suit": "被诉后的缴费意愿", "Willingness b": "缴费意愿 b", "Win rate": "胜诉率",
    ]

    /// A parameter's plain name in this language (the English one where no translation exists).
    public func parameterName(_ english: String) -> String {
        self == .zh ? Language.parameterNamesZh[english] ?? english : english
    }

    static let unitsZh: [String: String] = [
        "share": "比例", "months": "个月", "month": "月", "per month": "/月", "yuan": "元", "logit": "logit",
        "probability": "概率", "0–1": "0–1", "×": "倍", "buildings": "栋", "yuan/m²/month": "元/平方米/月",
        "m²": "平方米", "log m²": "ln 平方米", "cases": "宗", "attempts": "次", "": "", "0 or 1": "0 或 1", "bills": "期账单",
        "month of year": "月份", "per month per suit": "/月/宗诉讼", "yuan/household/month": "元/户/月", "households": "户",
    ]

    /// The plan's phase names (§8) and the shipped files' own; other names are shown as written.
    static let phaseNamesZh = ["preparation": "准备期", "pilot": "试点期", "rollout": "推广期", "operation": "长期运行期",
                               "everywhere": "全面实施"]

    /// A rollout phase's name in this language.
    public func phaseName(_ name: String) -> String {
        self == .zh ? Language.phaseNamesZh[name] ?? name : name
    }

    static let rungNamesZh: [String: String] = [
        "sms": "短信", "call": "电话", "visit": "上门", "lawyer_letter": "律师函", "letter": "催缴函", "wechat": "微信",
    ]

    /// A dunning rung's name in this language (the shipped ladders' rungs; a user's own names as written).
    public func rungName(_ name: String) -> String {
        self == .zh ? Language.rungNamesZh[name] ?? name : name.replacingOccurrences(of: "_", with: " ")
    }

    /// A declared unit in this language ("per month" → "/月"); a test fails when a declared unit has no Chinese.
    public func unit(_ english: String) -> String {
        self == .zh ? Language.unitsZh[english] ?? english : english
    }

    /// A declared source in this language: the words the project writes itself ("assumption", "calibrated",
    /// "the plan") are translated; citations stay as published.
    public func source(_ english: String) -> String {
        guard self == .zh else { return english }
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
        let text: Text = switch lever {
        case .transparency: Text("transparency (§3.1)", "服务透明（3.1）")
        case .dunning: Text("smart dunning (§3.2)", "智能催缴（3.2）")
        case .assistance: Text("hardship help (§3.3)", "差异化沟通与帮扶（3.3）")
        case .cogovernance: Text("co-governance (§3.4)", "协同治理（3.4）")
        case .legal: Text("legal action (§5.1)", "法律手段（5.1）")
        case .settlement: Text("collective settlement", "集体和解（减免清欠）")
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
