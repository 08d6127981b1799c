/// What one pilot or study could measure together: the group a parameter's value of information is reported in
/// (EVPPI by group). Declared with each parameter where it joins the scenario (a lever's declarations are lifted
/// with their group, so a new lever cannot be left without one); nil for settings, which are not uncertain.
public enum InformationGroup: String, CaseIterable, Sendable {
    case dunning = "dunning response"
    case cogovernance = "co-governance (mediation, peer effect)"
    case legal = "legal recovery and deterrence"
    case transparency = "transparency"
    case hardshipHelp = "hardship help"
    case settlement = "collective settlement"
    case householdBehaviour = "household behaviour"

    /// The group's name in English (its raw value) and in Chinese, for reports.
    public var name: String { rawValue }
    public var chinese: String {
        switch self {
        case .dunning: "催缴效果"
        case .cogovernance: "协同治理（调解、同伴效应）"
        case .legal: "诉讼追缴（回收与威慑）"
        case .transparency: "服务透明"
        case .hardshipHelp: "困难帮扶"
        case .settlement: "集体和解"
        case .householdBehaviour: "住户行为"
        }
    }
}
