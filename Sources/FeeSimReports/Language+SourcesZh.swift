/// The declared sources of the parameters in Chinese, for the workbook's Chinese assumptions sheet: the project's
/// own words translated, citations (authors, years, titles) kept as published. Keyed by the English source as the
/// parameter catalogue declares it; a source not listed falls back to ``Language/source(_:)`` (its
/// "assumption" and "calibrated" translated, the rest as written).
extension Language {
    /// A parameter's declared source in this language, for the workbook: the whole entry translated when the
    /// table has it. O(1).
    func workbookSource(_ english: String) -> String {
        guard self == .zh else { return english }
        return Language.sourcesZh[english] ?? source(english)
    }

    /// English source → Chinese, looked up only (never iterated).
    static let sourcesZh: [String: String] = [
        "the plan, §1.2":
            "计划 §1.2",
        "the plan, §1.2 (six months)":
            "计划 §1.2（六个月）",
        "industry usage (≥ 1 year); a choice":
            "行业惯例（≥ 1 年）；一项选择",
        "price caps, e.g. Chongqing 2024: 1.0–1.9 with lifts, 0.6–1.35 walk-ups (NBD 2024)":
            "政府指导价上限，例如重庆 2024 年：有电梯 1.0–1.9，无电梯 0.6–1.35（NBD 2024）",
        "calibrated (docs/CALIBRATION.md)":
            "校准（docs/CALIBRATION.md）",
        "industry practice: monthly, quarterly, half-yearly or yearly":
            "行业惯例：按月、按季、按半年或按年",
        "common practice (a few per cent); assumption":
            "常见做法（百分之几）；假设",
        "0 = not counted; communities set it (a 管家 per ~400 households spending a fifth of the time on fees at 36 yuan/hour, NBS 2023, ≈ 3)":
            "0 = 不计；由小区设定（约每 400 户一名管家，五分之一时间用于收费，每小时 36 元，NBS 2023，约 3）",
        "community data (docs/CALIBRATION.md)":
            "小区数据（docs/CALIBRATION.md）",
        "modelling choice: long enough for arrears and grievances to settle":
            "建模选择：足够长，使欠费与不满趋于稳定",
        "labour flows: job loss ≈ 0.013/month (US); no China figure found":
            "劳动力流动：失业率约 0.013/月（美国）；未找到中国数据",
        "labour flows: job finding ≈ 0.28/month (US); assumption for China":
            "劳动力流动：再就业率约 0.28/月（美国）；对中国为假设",
        "assumption":
            "假设",
        "calibrated: service dissatisfaction is the main stated reason (Legal Daily 2022)":
            "校准：对服务不满是最主要的自述原因（Legal Daily 2022）",
        "assumption: disputes persist for years (Xinhua 2024, China Daily 2009)":
            "假设：纠纷会持续多年（Xinhua 2024，China Daily 2009）",
        "the plan §2: owners do not see what the fee buys; size is an assumption":
            "计划 §2：业主看不到物业费买到了什么；大小为假设",
        "calibrated; assumption":
            "校准；假设",
        "assumption (social-norm letters +1.3 to +5.1 pp, Hallsworth et al. 2017)":
            "假设（社会规范信函 +1.3 至 +5.1 个百分点，Hallsworth et al. 2017）",
        "calibrated: disputes are the main reason in dispute communities, withholding is near total (Xinhua 2024)":
            "校准：在纠纷小区，纠纷是主要原因，拒缴几乎是全体性的（Xinhua 2024）",
        "calibrated; collections rules of thumb (≈ 50% collectable after 90 days, ≈ 20% after 6–12 months) mix this with unwillingness, which the model has separately":
            "校准；催收经验法则（90 天后约 50% 可收回，6–12 个月后约 20%）把这一因素与缴费意愿混在一起，而模型将二者分开处理",
        "effects fade: SA visits gone within 3 months (Szabó & Ujhelyi 2015); reminders fade (Antinyan & Asatryan 2025)":
            "效果会消退：社会审计走访 3 个月内消失（Szabó & Ujhelyi 2015）；提醒的效果会消退（Antinyan & Asatryan 2025）",
        "assumption: a household behind pays more than one bill when it pays (v2's 0 left steady payers owing forever)":
            "假设：欠费住户缴费时会一次缴纳不止一期账单（v2 取 0，使按期缴费者永远欠费）",
        "assumption: dispute communities report owners resuming payment while refusing the disputed years unless a deal waives part of them (Xinhua 2024)":
            "假设：纠纷小区报道业主恢复缴费但拒缴有争议的年份，除非达成减免部分欠费的协议（Xinhua 2024）",
        "assumption: collective fee strikes are reported but rare (Xinhua 2024)":
            "假设：集体拒缴物业费有报道但少见（Xinhua 2024）",
        "Xidi, Tianjin: 1,200 of 1,500 households refused together; assumption":
            "天津西堤：1,500 户中 1,200 户集体拒缴；假设",
        "assumption (resale turnover a few per cent a year, plus deals)":
            "假设（每年二手房转手百分之几，加上和解）",
        "the plan §3.1 (quarterly)":
            "计划 §3.1（按季度）",
        "visible service changes +1.5–4.8 pp (Fernández Sierra et al. 2025); size assumed":
            "看得见的服务改进 +1.5–4.8 个百分点（Fernández Sierra et al. 2025）；大小为假设",
        "reciprocity letters: no average effect; tax morale ≈ +1.4 pp (Castro & Scartascini 2015)":
            "互惠信函：平均无效果；纳税道德约 +1.4 个百分点（Castro & Scartascini 2015）",
        "assumption (a few staff hours)":
            "假设（数个员工工时）",
        "assumption: part of the plan's 30,000-yuan preparation":
            "假设：计划 30,000 元准备经费的一部分",
        "debt-management plans completed by 21–38% (NFCC 2002), over years of consumer debt; fee plans are a few months long, so 0.3 still completes 44–75% of the shipped communities' plans":
            "债务管理计划的完成率为 21–38%（NFCC 2002），针对的是持续多年的消费债务；物业费分期只有几个月，取 0.3 时所附小区的分期仍有 44–75% 能完成",
        "a choice of the plan; default none":
            "计划中的一项选择；默认无",
        "≈ 15–20 minutes of staff time at 36 yuan/hour (NBS 2023)":
            "约 15–20 分钟员工时间，每小时 36 元（NBS 2023）",
        "participatory institutions collect more (Touchton et al. 2019); size uncertain":
            "参与式机构收得更多（Touchton et al. 2019）；大小不确定",
        "mediation cut property lawsuits 84% in one district (Legal Daily); assumption":
            "调解使某区物业诉讼减少 84%（Legal Daily）；假设",
        "assumption (a few staff days plus minor repairs)":
            "假设（数个员工工作日加少量维修）",
        "assumption: no effect size found; owners' committees broker most turnarounds reported":
            "假设：未找到效果大小；报道中的扭转多由业委会促成",
        "assumption: the committee brokers, the company pays the repairs agreed (tens of thousands of yuan for a building)":
            "假设：业委会居中协调，物业公司承担商定的维修费用（一栋楼数万元）",
        "the plan §5.1: last resort":
            "计划 §5.1：最后手段",
        "a choice of the plan":
            "计划中的一项选择",
        "诉讼费用交纳办法 art. 13 (schedule) and art. 16 (halved); fee cases are routinely simplified":
            "诉讼费用交纳办法第 13 条（收费标准）和第 16 条（减半）；物业费案件通常适用简易程序",
        "batch lawyer fees a few hundred yuan a case":
            "批量律师费每案数百元",
        "2–3 months plus enforcement (诉讼费用交纳办法; practice)":
            "2–3 个月，另加执行（诉讼费用交纳办法；实务）",
        "firms won > 90% of ≈ 7,000 cases (Beijing 2005)":
            "物业公司在约 7,000 宗案件中胜诉率超过 90%（北京 2005）",
        "assumption: courts often cut penalties (china.org.cn 2005)":
            "假设：法院常常调减违约金（china.org.cn 2005）",
        "68% of sued owners said relations worsened, yet some pay afterwards (2005); sign unknown":
            "68% 的被诉业主表示关系恶化，但也有人事后缴费（2005）；方向未知",
        "68% said relations worsened (china.org.cn 2005)":
            "68% 表示关系恶化（china.org.cn 2005）",
        "spillovers to neighbours ≈ the direct effect (Drago, Mengel & Traxler 2020)":
            "对邻居的溢出效应约等于直接效应（Drago, Mengel & Traxler 2020）",
        "credible notices did not change perceived fairness (Coville et al. 2020)":
            "可信的通知未改变公平感（Coville et al. 2020）",
        "Civil Code arts. 188 (three years) and 195 (interrupted by a demand or a filing)":
            "民法典第 188 条（三年）和第 195 条（因催告或起诉而中断）",
        "assumption: 执行难 — many debtors pay only under enforcement":
            "假设：执行难——许多欠费人只在强制执行下才缴费",
        "the plan §5.2 names the risk to public opinion; size an assumption":
            "计划 §5.2 提到舆论风险；大小为假设",
        "assumption: turnarounds settle developer disputes within months once repairs are offered (Xidi, Tianjin)":
            "假设：一旦提出维修，扭转会在数月内解决开发商纠纷（天津西堤）",
        "a choice of the plan; turnarounds waive late fees and part of the arrears (减免滞纳金, 打折清欠)":
            "计划中的一项选择；扭转时减免滞纳金并打折清欠",
        "assumption (minor repairs and several meetings)":
            "假设（少量维修和数次会议）",
        "industry practice: a year-end 清欠 drive (年底清欠); assumption":
            "行业惯例：年底清欠；假设",
        "a setting":
            "一项设置",
        "community data":
            "小区数据",
        "local rules charge vacant units 50–70%":
            "地方规定对空置房按 50–70% 收费",
        "calibrated":
            "校准",
        "calibrated to the on-time rate":
            "按按期缴费率校准",
        "η_in / (η_in + η_out) unless the segment is poorer":
            "η_in / (η_in + η_out)，除非该群体更贫困",
        "calibrated; dispute communities 20–70% (Xinhua 2024)":
            "校准；纠纷小区 20–70%（Xinhua 2024）",
        "SMS ≈ +2.7 pp, fading (Antinyan & Asatryan 2025); calls +25 pp, promises not kept (Mogollón et al. 2021); visits +25%, gone in 3 months (Szabó & Ujhelyi 2015)":
            "短信约 +2.7 个百分点，会消退（Antinyan & Asatryan 2025）；电话 +25 个百分点，承诺多未兑现（Mogollón et al. 2021）；走访 +25%，3 个月内消失（Szabó & Ujhelyi 2015）",
        "threat letters strongest (Fellner et al. 2013); +3.2 pp over reminders (Antinyan & Asatryan 2025)":
            "威慑信函最有效（Fellner et al. 2013）；比普通提醒高 3.2 个百分点（Antinyan & Asatryan 2025）",
        "SMS 0.036–0.045; call 2–4; visit 18–40 (36 yuan/hour, NBS 2023)":
            "短信 0.036–0.045；电话 2–4；走访 18–40（每小时 36 元，NBS 2023）",
        "credible notices: no change in perceived fairness (Coville et al. 2020)":
            "可信的通知：公平感无变化（Coville et al. 2020）",
        "a choice of the plan; extra reminders are not additive":
            "计划中的一项选择；额外提醒的效果不可叠加",
        "Civil Code art. 195":
            "民法典第 195 条",
        "monthly SMS before the due date +7–9% on-time repayment (Cadena & Schoar 2011)":
            "到期前每月短信提醒使按期还款提高 7–9%（Cadena & Schoar 2011）",
        "cloud SMS 0.036–0.045 yuan":
            "云短信每条 0.036–0.045 元",
        "a choice of the plan (§8)":
            "计划中的一项选择（§8）"
    ]
}
