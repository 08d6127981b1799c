/// The declared sources of the parameters in Chinese (reviewed against docs/GLOSSARY.md): the project's own words
/// translated, each citation kept — the author and year, or the publication, as published. The keys are the
/// declarations' English `source:` strings, character for character; a test fails when a declared source has no
/// entry here, so a new parameter cannot put English on the Chinese page.
extension Language {
    static let sourcesZh: [String: String] = [
        "0 = not counted; communities set it (a 管家 per ~400 households spending a fifth of the time on fees at 36 yuan/hour, NBS 2023, ≈ 3)":
            "0 表示不计；由小区设定（约每 400 户一名管家，五分之一的时间用于收费，按每小时 36 元计，约 3；国家统计局，2023）",
        "2–3 months plus enforcement (诉讼费用交纳办法; practice)":
            "2–3 个月，另加强制执行（《诉讼费用交纳办法》；实务）",
        "68% of sued owners said relations worsened, yet some pay afterwards (2005); sign unknown":
            "68% 的被诉业主称关系恶化，但也有人事后缴费（2005 年）；方向未知",
        "68% said relations worsened (china.org.cn 2005)":
            "68% 的被诉业主称关系恶化（中国网，2005）",
        "Civil Code art. 195":
            "《民法典》第一百九十五条",
        "Civil Code arts. 188 (three years) and 195 (interrupted by a demand or a filing)":
            "《民法典》第一百八十八条（三年）与第一百九十五条（催告或起诉使时效中断）",
        "SMS 0.036–0.045; call 2–4; visit 18–40 (36 yuan/hour, NBS 2023)":
            "短信 0.036–0.045；电话 2–4；上门 18–40（按每小时 36 元计，国家统计局，2023）",
        "SMS ≈ +2.7 pp, fading (Antinyan & Asatryan 2025); calls +25 pp, promises not kept (Mogollón et al. 2021); visits +25%, gone in 3 months (Szabó & Ujhelyi 2015)":
            "短信约提高 2.7 个百分点，效果逐渐消退（Antinyan & Asatryan 2025）；电话提高 25 个百分点，但承诺常不兑现（Mogollón et al. 2021）；上门提高 25%，3 个月内消失（Szabó & Ujhelyi 2015）",
        "Xidi, Tianjin: 1,200 of 1,500 households refused together; assumption":
            "天津西堤：1,500 户中 1,200 户集体拒缴；假设",
        "a choice of the plan":
            "方案的选择",
        "a choice of the plan (§8)":
            "方案的选择（计划第 8 节）",
        "a choice of the plan; default none":
            "方案的选择；默认不设",
        "a choice of the plan; extra reminders are not additive":
            "方案的选择；多次提醒的效果不叠加",
        "a choice of the plan; turnarounds waive late fees and part of the arrears (减免滞纳金, 打折清欠)":
            "方案的选择；扭转局面的小区通常减免滞纳金并打折清欠",
        "a setting":
            "设定值",
        "assumption":
            "假设",
        "assumption (a few staff days plus minor repairs)":
            "假设（几个工作日的人力加小修）",
        "assumption (a few staff hours)":
            "假设（几个工时）",
        "assumption (minor repairs and several meetings)":
            "假设（小修加几次协调会）",
        "assumption (resale turnover a few per cent a year, plus deals)":
            "假设（每年百分之几的房屋转手，加上和解）",
        "assumption (social-norm letters +1.3 to +5.1 pp, Hallsworth et al. 2017)":
            "假设（告知邻里缴费情况的信函使缴费率提高 1.3–5.1 个百分点；Hallsworth et al. 2017）",
        "assumption: a household behind pays more than one bill when it pays (v2's 0 left steady payers owing forever)":
            "假设：欠费住户缴费时会多补缴一期以上（若设为 0，按时缴费的住户将永远背着旧欠）",
        "assumption: collective fee strikes are reported but rare (Xinhua 2024)":
            "假设：集体拒缴有报道但少见（新华社，2024）",
        "assumption: courts often cut penalties (china.org.cn 2005)":
            "假设：法院常减免违约金（中国网，2005）",
        "assumption: dispute communities report owners resuming payment while refusing the disputed years unless a deal waives part of them (Xinhua 2024)":
            "假设：纠纷小区的业主恢复缴纳当期费用，但在达成减免部分欠费的协议之前拒缴有争议的年份（新华社，2024）",
        "assumption: disputes persist for years (Xinhua 2024, China Daily 2009)":
            "假设：纠纷往往持续多年（新华社，2024；《中国日报》，2009）",
        "assumption: no effect size found; owners' committees broker most turnarounds reported":
            "假设：未找到效果量；见诸报道的扭转多由业委会促成",
        "assumption: part of the plan's 30,000-yuan preparation":
            "假设：计划 3 万元筹备费用的一部分",
        "assumption: the committee brokers, the company pays the repairs agreed (tens of thousands of yuan for a building)":
            "假设：业委会居间协调，物业公司承担商定的维修（一栋楼数万元）",
        "assumption: turnarounds settle developer disputes within months once repairs are offered (Xidi, Tianjin)":
            "假设：一旦提出维修，开发遗留纠纷数月内即可和解（天津西堤）",
        "assumption: 执行难 — many debtors pay only under enforcement":
            "假设：执行难，许多欠费人只在强制执行时才缴纳",
        "batch lawyer fees a few hundred yuan a case":
            "批量委托律师，每案几百元",
        "calibrated":
            "校准",
        "calibrated (docs/CALIBRATION.md)":
            "校准（docs/CALIBRATION.md）",
        "calibrated to the on-time rate":
            "按按期缴费率校准",
        "calibrated: disputes are the main reason in dispute communities, withholding is near total (Xinhua 2024)":
            "校准：在纠纷小区，纠纷是欠费的主要原因，拒缴几乎是全额的（新华社，2024）",
        "calibrated: service dissatisfaction is the main stated reason (Legal Daily 2022)":
            "校准：对服务不满是业主自述的主要原因（《法治日报》，2022）",
        "calibrated; assumption":
            "校准；假设",
        "calibrated; collections rules of thumb (≈ 50% collectable after 90 days, ≈ 20% after 6–12 months) mix this with unwillingness, which the model has separately":
            "校准；催收行业的经验值（逾期 90 天后约 50% 可收回，6–12 个月后约 20%）把这一点与不愿缴费混在一起，而模型将两者分开",
        "calibrated; dispute communities 20–70% (Xinhua 2024)":
            "校准；纠纷小区为 20%–70%（新华社，2024）",
        "cloud SMS 0.036–0.045 yuan":
            "云短信每条 0.036–0.045 元",
        "common practice (a few per cent); assumption":
            "行业常见（百分之几）；假设",
        "community data":
            "小区数据",
        "community data (docs/CALIBRATION.md)":
            "小区数据（docs/CALIBRATION.md）",
        "credible notices did not change perceived fairness (Coville et al. 2020)":
            "可信的催缴通知并未改变住户的公平感（Coville et al. 2020）",
        "credible notices: no change in perceived fairness (Coville et al. 2020)":
            "可信的催缴通知：公平感没有变化（Coville et al. 2020）",
        "debt-management plans completed by 21–38% (NFCC 2002), over years of consumer debt; fee plans are a few months long, so 0.3 still completes 44–75% of the shipped communities' plans":
            "债务管理计划的完成率为 21%–38%（NFCC 2002），针对的是多年的消费债务；物业费分期只有几个月，因此 0.3 的违约率下，示例小区仍有 44%–75% 的分期能完成",
        "effects fade: SA visits gone within 3 months (Szabó & Ujhelyi 2015); reminders fade (Antinyan & Asatryan 2025)":
            "效果会消退：上门走访的效果 3 个月内消失（Szabó & Ujhelyi 2015）；提醒的效果也会消退（Antinyan & Asatryan 2025）",
        "firms won > 90% of ≈ 7,000 cases (Beijing 2005)":
            "约 7,000 宗案件中物业公司胜诉超过 90%（北京，2005）",
        "industry practice: a year-end 清欠 drive (年底清欠); assumption":
            "行业惯例：年底清欠；假设",
        "industry practice: monthly, quarterly, half-yearly or yearly":
            "行业惯例：按月、按季、按半年或按年",
        "industry usage (≥ 1 year); a choice":
            "行业用法（满 1 年）；可选",
        "labour flows: job finding ≈ 0.28/month (US); assumption for China":
            "劳动力流动：再就业概率约每月 0.28（美国数据）；中国为假设",
        "labour flows: job loss ≈ 0.013/month (US); no China figure found":
            "劳动力流动：失业概率约每月 0.013（美国数据）；未找到中国数据",
        "local rules charge vacant units 50–70%":
            "各地规定空置房按 50%–70% 收费",
        "mediation cut property lawsuits 84% in one district (Legal Daily); assumption":
            "某区通过调解使物业诉讼减少 84%（《法治日报》）；假设",
        "modelling choice: long enough for arrears and grievances to settle":
            "建模选择：足够长，使欠费和纠纷达到稳定",
        "monthly SMS before the due date +7–9% on-time repayment (Cadena & Schoar 2011)":
            "到期前每月短信提醒使按期还款提高 7%–9%（Cadena & Schoar 2011）",
        "participatory institutions collect more (Touchton et al. 2019); size uncertain":
            "参与式治理的地方收缴更多（Touchton et al. 2019）；幅度不确定",
        "price caps, e.g. Chongqing 2024: 1.0–1.9 with lifts, 0.6–1.35 walk-ups (NBD 2024)":
            "政府指导价，如重庆 2024 年：有电梯 1.0–1.9，无电梯 0.6–1.35（《每日经济新闻》，2024）",
        "reciprocity letters: no average effect; tax morale ≈ +1.4 pp (Castro & Scartascini 2015)":
            "强调互惠的信函：平均无效果；纳税意识约提高 1.4 个百分点（Castro & Scartascini 2015）",
        "spillovers to neighbours ≈ the direct effect (Drago, Mengel & Traxler 2020)":
            "对邻居的外溢效应约等于直接效应（Drago, Mengel & Traxler 2020）",
        "the plan §2: owners do not see what the fee buys; size is an assumption":
            "计划第 2 节：业主看不到物业费换来了什么；幅度为假设",
        "the plan §3.1 (quarterly)":
            "计划第 3.1 节（每季度）",
        "the plan §5.1: last resort":
            "计划第 5.1 节：最后手段",
        "the plan §5.2 names the risk to public opinion; size an assumption":
            "计划第 5.2 节指出舆论风险；幅度为假设",
        "the plan §8":
            "计划第 8 节",
        "the plan, §1.2":
            "计划第 1.2 节",
        "the plan, §1.2 (six months)":
            "计划第 1.2 节（六个月）",
        "threat letters strongest (Fellner et al. 2013); +3.2 pp over reminders (Antinyan & Asatryan 2025)":
            "威慑性信函效果最强（Fellner et al. 2013）；比普通提醒高 3.2 个百分点（Antinyan & Asatryan 2025）",
        "visible service changes +1.5–4.8 pp (Fernández Sierra et al. 2025); size assumed":
            "看得见的服务改进使缴费率提高 1.5–4.8 个百分点（Fernández Sierra et al. 2025）；幅度为假设",
        "η_in / (η_in + η_out) unless the segment is poorer":
            "陷入困难概率 ÷（陷入困难概率 + 摆脱困难概率），除非该群体更贫困",
        "≈ 15–20 minutes of staff time at 36 yuan/hour (NBS 2023)":
            "约 15–20 分钟人工，按每小时 36 元计（国家统计局，2023）",
        "诉讼费用交纳办法 art. 13 (schedule) and art. 16 (halved); fee cases are routinely simplified":
            "《诉讼费用交纳办法》第十三条（收费标准）与第十六条（减半）；物业费案件通常适用简易程序"
    ]
}
