import FeeSimModel
import FeeSimReports

/// The workbench's single page: plain HTML, the report's CSS, and a little JavaScript that fetches answers and
/// swaps in the server-rendered tables and SVG charts. No framework, nothing fetched from elsewhere: it works
/// offline.
enum WorkbenchPage {
    /// Every visible string of the page in both languages; the script switches between them without a reload.
    static let strings: [(key: String, en: String, zh: String)] = [
        ("title", "FeeSim workbench — what if?", "FeeSim 方案推演台"),
        (
            "lead",
            "Pick a community and a strategy, switch levers, move parameters: a first answer from 20 replications follows at once and is refined in place to the full count, on the same households and luck as the status quo (common random numbers).",
            "选择小区与方案，开关措施、调整参数：先给出 20 次重复的初步结果，随后在原处细化到全部重复次数；与现状使用相同的住户与随机情形。"
        ),
        ("community", "Community (comparison)", "小区（比较文件）"), ("strategy", "Strategy", "方案"),
        ("levers", "Levers", "措施"), ("settings", "Run", "运行设置"), ("replications", "Replications", "重复次数"),
        ("months", "Months", "月数"),
        (
            "repNote",
            "Empty: the file's own count (200 for the shipped communities). The page first shows the exact figures of the first 20 replications, then those of all of them; Export report runs the same count.",
            "留空即使用情景文件自身的次数（随附小区为 200 次）。页面先显示前 20 次重复的确切结果，再显示全部重复的结果；导出报告使用同样的次数。"
        ), ("seed", "Seed", "随机种子"), ("rollout", "Pilot and phases", "试点与阶段"),
        ("parameters", "Parameters", "参数"), ("reset", "Reset", "重置"),
        ("ptarget", "P(target): share of replications reaching it", "达标概率（达到目标的重复模拟占比）"),
        ("net", "Net benefit vs status quo, yuan (95% across replications)", "相对现状的净收益（元，各次重复模拟 95% 区间）"),
        ("window", "收缴率 of the target window: strategy / status quo", "目标期收缴率：方案 / 现状"), ("elapsed", "answered in", "用时"),
        ("summary", "At a glance", "一览"), ("costs", "Extra cost by lever (yuan, mean)", "各措施新增成本（元，均值）"),
        ("goal", "What would it take?", "需要达到多少？"), ("goalParameter", "Parameter", "参数"),
        ("goalFigure", "Figure", "指标"), ("goalAtLeast", "at least", "至少"), ("goalRun", "Find the value", "求解"),
        ("save", "Save as scenario", "另存为情景"), ("export", "Export report", "导出报告"), ("name", "Name", "名称"),
        ("running", "running…", "计算中…"), ("busy", "busy", "繁忙"),
        ("behind", "Figures from", "结果基于"), ("of", "of", "/"), ("reps", "replications", "次重复"),
        ("refining", "refining…", "细化中…"),
        ("fWindow", "收缴率 of the target window (mean)", "目标期收缴率（均值）"),
        ("fReached", "P(target reached)", "达标概率"), ("fYear1", "收缴率, year 1", "第一年收缴率"),
        ("found", "Smallest value that reaches it", "达到目标的最小值"),
        ("never", "No value in the range reaches it; at the upper end the figure is", "在范围内任何取值都达不到；取上限时指标为"),
        ("already", "Already reached at the current value", "当前取值已达到"),
        (
            "interval", "intervals: 95% across replications (Monte Carlo only, parameters at their stated values)",
            "区间：各次重复模拟的 95% 区间（仅随机波动，参数取设定值）"
        )
    ]

    /// The page's strings and each lever's name (from ``/FeeSimReports/Language/leverName(_:)``, keyed by the lever's key).
    static var allStrings: [(key: String, en: String, zh: String)] {
        strings + Lever.allCases.map { (key: $0.key, en: Language.en.leverName($0), zh: Language.zh.leverName($0)) }
    }

    /// - Parameter token: the server's per-process token, which the script sends in `X-FeeSim-Token` with every
    ///   POST (``RequestGuard``).
    static func html(language: Language, token: String) -> String {
        let lang = language == .zh ? "zh" : "en"
        let levers = Lever.allCases.map { jsString($0.key) }.joined(separator: ", ")
        let table = allStrings.map { s in
            "\(jsString(s.key)):{en:\(jsString(s.en)),zh:\(jsString(s.zh))}"
        }.joined(separator: ",\n")
        func t(_ key: String) -> String {
            let s = strings.first { $0.key == key }!
            return HTMLText.escape(language == .zh ? s.zh : s.en)
        }
        return """
            <!doctype html>
            <html lang="\(language == .zh ? "zh-CN" : "en")">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <link rel="icon" href="data:,">
            <title data-t="title">\(t("title"))</title>
            <style>\(ComparisonOutputs.css)
            .wb { display: grid; grid-template-columns: 360px 1fr; gap: 20px; max-width: 1400px; margin: 0 auto; padding: 16px 20px; }
            .controls fieldset { border: 1px solid var(--rule); border-radius: 6px; margin: 0 0 10px; padding: 8px 10px; }
            .controls legend { font-weight: 600; font-size: 13px; }
            .controls label { display: block; font-size: 12.5px; margin: 4px 0; }
            .param { display: grid; grid-template-columns: 1fr 120px 72px; gap: 6px; align-items: center; font-size: 12px; margin: 3px 0; }
            .param input[type=number] { width: 72px; }
            .param .bad, input.bad { outline: 2px solid #c0392b; }
            .err { color: #c0392b; font-size: 12px; min-height: 1em; }
            .kpis { display: flex; gap: 18px; flex-wrap: wrap; margin: 6px 0 10px; }
            .kpi { border: 1px solid var(--rule); border-radius: 6px; padding: 6px 12px; min-width: 150px; }
            .kpi b { display: block; font-size: 22px; }
            .kpi span { color: var(--muted); font-size: 12px; }
            #status { color: var(--muted); font-size: 12px; }
            #behind { font-size: 13px; margin: 0 0 4px; }
            .langs button[aria-pressed=true] { font-weight: 700; }
            .group { max-height: 260px; overflow-y: auto; }
            .controls fieldset { min-width: 0; }
            .controls select { width: 100%; max-width: 100%; }
            </style>
            </head>
            <body>
            <div class="wb">
            <aside class="controls">
            <h1 style="font-size:20px" data-t="title">\(t("title"))</h1>
            <p class="caption" data-t="lead">\(t("lead"))</p>
            <p class="langs"><button id="lang-en" type="button">English</button> <button id="lang-zh" type="button">中文</button></p>
            <fieldset><legend data-t="community">\(t("community"))</legend>
            <select id="comparison"></select><div class="err" data-err="comparison"></div></fieldset>
            <fieldset><legend data-t="strategy">\(t("strategy"))</legend>
            <select id="strategy"></select><div class="err" data-err="strategy"></div></fieldset>
            <fieldset><legend data-t="levers">\(t("levers"))</legend><div id="levers"></div><div class="err" data-err="levers"></div></fieldset>
            <fieldset><legend data-t="settings">\(t("settings"))</legend>
            <label><span data-t="replications">\(t("replications"))</span> <input id="replications" type="number" min="1" max="2000" value=""></label>
            <label><span data-t="months">\(t("months"))</span> <input id="months" type="number" min="1" max="120" value=""></label>
            <label><span data-t="seed">\(t("seed"))</span> <input id="seed" type="number" min="0" value=""></label>
            <p class="caption" data-t="repNote">\(t("repNote"))</p>
            <div class="err" data-err="replications"></div><div class="err" data-err="months"></div></fieldset>
            <fieldset><legend data-t="rollout">\(t("rollout"))</legend><div id="group-rollout" class="group"></div></fieldset>
            <fieldset><legend data-t="parameters">\(t("parameters"))</legend><div id="params" class="group" style="max-height:420px"></div>
            <button id="reset" type="button" data-t="reset">\(t("reset"))</button></fieldset>
            <fieldset><legend data-t="goal">\(t("goal"))</legend>
            <label><span data-t="goalParameter">\(t("goalParameter"))</span> <select id="goal-parameter"></select></label>
            <label><span data-t="goalFigure">\(t("goalFigure"))</span> <select id="goal-figure">
            <option value="target_window_rate" data-t="fWindow">\(t("fWindow"))</option>
            <option value="target_reached" data-t="fReached">\(t("fReached"))</option>
            <option value="collection_rate_year_1" data-t="fYear1">\(t("fYear1"))</option></select></label>
            <label><span data-t="goalAtLeast">\(t("goalAtLeast"))</span> <input id="goal-at-least" type="number" step="0.01" value="0.9"></label>
            <button id="goal-run" type="button" data-t="goalRun">\(t("goalRun"))</button>
            <div id="goal-answer" class="caption"></div><div class="err" data-err="goal"></div></fieldset>
            <fieldset><legend data-t="save">\(t("save"))</legend>
            <label><span data-t="name">\(t("name"))</span> <input id="name" type="text" value="my-variant" pattern="[a-z0-9][a-z0-9-]*"></label>
            <button id="save" type="button" data-t="save">\(t("save"))</button>
            <button id="export" type="button" data-t="export">\(t("export"))</button>
            <div id="file-answer" class="caption"></div><div class="err" data-err="name"></div></fieldset>
            </aside>
            <main style="max-width:none;padding:0">
            <div class="kpis">
            <div class="kpi"><b id="k-ptarget">–</b><span data-t="ptarget">\(t("ptarget"))</span></div>
            <div class="kpi"><b id="k-window">–</b><span data-t="window">\(t("window"))</span></div>
            <div class="kpi"><b id="k-net">–</b><span data-t="net">\(t("net"))</span></div>
            </div>
            <p id="behind" aria-live="polite"></p>
            <p id="status" aria-live="polite"></p><div class="err" data-err="run"></div>
            <div id="fans" class="pair"></div>
            <h2 data-t="summary">\(t("summary"))</h2><div id="summary"></div>
            <ul id="findings" class="caption"></ul>
            <h2 data-t="costs">\(t("costs"))</h2><div id="costs"></div>
            <p class="caption" data-t="interval">\(t("interval"))</p>
            </main>
            </div>
            <script>
            const T = {\(table)};
            const LEVERS = [\(levers)];
            let lang = \(jsString(lang));
            const client = Math.random().toString(36).slice(2);
            const TOKEN = \(jsString(token));
            // A first answer from the first FIRST replications, then the full count: each the exact figure of its replications.
            const FIRST = 20;
            let comparisons = [], params = [], changes = new Map(), leversOn = null, controller = null, timer = null, runs = 0;
            const $ = (id) => document.getElementById(id);
            function tr() {
              document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
              document.querySelectorAll('[data-t]').forEach(e => { e.textContent = T[e.dataset.t][lang]; });
              $('lang-en').setAttribute('aria-pressed', lang === 'en'); $('lang-zh').setAttribute('aria-pressed', lang === 'zh');
            }
            function showErrors(e) {
              document.querySelectorAll('[data-err]').forEach(d => { d.textContent = ''; });
              document.querySelectorAll('.bad').forEach(d => d.classList.remove('bad'));
              if (!e) return;
              const input = e.field && document.querySelector(`[data-path="${CSS.escape(e.field)}"]`);
              if (input) { input.classList.add('bad'); input.title = e.error; }
              const slot = document.querySelector(`[data-err="${e.field}"]`) || document.querySelector('[data-err="run"]');
              slot.textContent = e.error;
            }
            async function api(path, body, signal) {
              const r = await fetch(path, body ? {method: 'POST', headers: {'Content-Type': 'application/json', 'X-FeeSim-Token': TOKEN}, body: JSON.stringify(body), signal} : {signal});
              const j = await r.json();
              if (!r.ok) throw j;
              return j;
            }
            function variant() {
              const v = {comparison: $('comparison').value, strategy: $('strategy').value,
                         set: [...changes].map(([path, value]) => ({path, value}))};
              if (leversOn) v.levers = leversOn;
              for (const k of ['replications', 'months', 'seed']) { const x = parseInt($(k).value, 10); if (!isNaN(x)) v[k] = x; }
              return v;
            }
            async function loadComparisons() {
              const all = await api(`/api/comparisons?lang=${lang}`);
              comparisons = all.filter(c => !c.error);
              const keep = $('comparison').value, keepS = $('strategy').value;
              $('comparison').innerHTML = all.map(c => c.error
                ? `<option value="${esc(c.file)}" disabled title="${esc(c.error)}">${esc(c.title)} — ${esc(c.error)}</option>`
                : `<option value="${esc(c.file)}">${esc(c.title)}</option>`).join('');
              const def = comparisons.find(c => c.file.endsWith('/mixed/compare.yaml'));
              if (keep) $('comparison').value = keep; else if (def) $('comparison').value = def.file;
              fillStrategies(keepS);
            }
            function fillStrategies(keep) {
              const c = comparisons.find(c => c.file === $('comparison').value) || comparisons[0];
              $('strategy').innerHTML = c.strategies.map(s => `<option value="${s.name}">${esc(s.title)}</option>`).join('');
              const def = c.strategies.find(s => s.levers.length === LEVERS.length) || c.strategies[0];
              $('strategy').value = keep && c.strategies.some(s => s.name === keep) ? keep : def.name;
            }
            function esc(s) { return String(s).replace(/[&<>"]/g, ch => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[ch])); }
            function fillLevers() {
              const c = comparisons.find(c => c.file === $('comparison').value);
              const s = c.strategies.find(s => s.name === $('strategy').value);
              const on = leversOn || s.levers;
              $('levers').innerHTML = LEVERS.map(k =>
                `<label><input type="checkbox" data-lever="${k}" ${on.includes(k) ? 'checked' : ''} ${s.levers.includes(k) ? '' : 'disabled'}> <span data-t="${k}">${T[k][lang]}</span></label>`).join('');
              $('levers').querySelectorAll('input').forEach(box => box.addEventListener('change', () => {
                leversOn = [...$('levers').querySelectorAll('input:checked')].map(b => b.dataset.lever); schedule();
              }));
            }
            async function loadParameters() {
              params = await api(`/api/parameters?comparison=${encodeURIComponent($('comparison').value)}&strategy=${encodeURIComponent($('strategy').value)}&lang=${lang}`);
              const row = p => {
                const v = changes.has(p.path) ? changes.get(p.path) : p.value;
                const step = p.whole ? 1 : (p.sliderUpper - p.sliderLower) / 200;
                const tip = `${p.meaning} · ${p.allowed} · ${p.source}`;
                return `<div class="param" title="${esc(tip)}"><span>${esc(p.label)}${p.unit ? ' (' + esc(p.unit) + ')' : ''}</span>` +
                  `<input type="range" min="${p.sliderLower}" max="${p.sliderUpper}" step="${step}" value="${v}" data-slider="${esc(p.path)}">` +
                  `<input type="number" step="any" value="${v}" data-path="${esc(p.path)}"></div>`;
              };
              $('group-rollout').innerHTML = params.filter(p => p.group === 'rollout').map(row).join('');
              $('params').innerHTML = params.filter(p => p.group !== 'rollout').map(row).join('');
              $('goal-parameter').innerHTML = params.map(p => `<option value="${esc(p.path)}">${esc(p.label)}</option>`).join('');
              const coPeer = params.find(p => p.path === 'levers.cogovernance.peer_multiplier');
              if (coPeer) $('goal-parameter').value = coPeer.path;
              document.querySelectorAll('[data-slider]').forEach(sl => sl.addEventListener('input', () => {
                const box = document.querySelector(`[data-path="${CSS.escape(sl.dataset.slider)}"]`); box.value = sl.value; change(sl.dataset.slider, sl.value, 150);
              }));
              document.querySelectorAll('[data-path]').forEach(box => box.addEventListener('change', () => {
                const sl = document.querySelector(`[data-slider="${CSS.escape(box.dataset.path)}"]`); if (sl) sl.value = box.value; change(box.dataset.path, box.value);
              }));
            }
            function change(path, value, ms = 0) {
              const p = params.find(p => p.path === path); const x = parseFloat(value);
              if (!Number.isFinite(x)) return;   // an empty or half-typed box: wait for a number
              if (p && x === p.value) changes.delete(path); else changes.set(path, x);
              schedule(ms);
            }
            // A slider waits for the hand to pause; a typed value or a switch runs at once (a newer edit cancels it anyway).
            function schedule(ms = 0) { clearTimeout(timer); timer = setTimeout(run, ms); }
            function pct(x) { return typeof x === 'number' ? (x * 100).toFixed(1) + '%' : '–'; }
            function yuan(x) { return typeof x !== 'number' ? '–' : lang === 'zh' && Math.abs(x) >= 1e4 ? (x / 1e4).toFixed(1) + '万' : Math.round(x).toLocaleString('en-US'); }
            function fullCount(v) {
              const c = comparisons.find(c => c.file === $('comparison').value);
              return v.replications || (c && c.replications) || 0;
            }
            function show(a, full) {
              $('k-ptarget').textContent = pct(a.pTarget);
              $('k-window').textContent = pct(a.windowRate) + ' / ' + pct(a.baselineWindowRate);
              $('k-net').textContent = yuan(a.netBenefit) + ' (' + yuan(a.netBenefitLow) + ' – ' + yuan(a.netBenefitHigh) + ')';
              $('fans').innerHTML = a.fragments.fans.map(f => `<figure>${f}</figure>`).join('');
              $('summary').innerHTML = a.fragments.glance + `<p class="caption">${esc(a.fragments.glanceCaption)}</p>`;
              $('costs').innerHTML = a.fragments.costs;
              $('findings').innerHTML = a.fragments.findings.map(f => `<li>${esc(f).split('**').map((t, i) => i % 2 ? `<strong>${t}</strong>` : t).join('')}</li>`).join('');
              $('months').placeholder = a.months; $('seed').placeholder = a.seed; $('replications').placeholder = full;
              const done = a.replications >= full;
              $('behind').textContent = `${T.behind[lang]} ${a.replications} ${T.of[lang]} ${full} ${T.reps[lang]}` + (done ? '' : ` · ${T.refining[lang]}`);
              $('status').textContent = `${a.households} × ${a.months} × ${a.replications} · ${T.elapsed[lang]} ${a.elapsedMilliseconds} ms`;
              document.body.dataset.replications = a.replications;
              document.body.dataset.target = full;
            }
            // The figures of the first FIRST replications, then of all of them (the same replications and more, so the
            // first figure is exact for its replications); a newer edit aborts both and the server cancels the one running.
            async function run() {
              if (controller) controller.abort();
              controller = new AbortController();
              const mine = ++runs;
              $('status').textContent = T.running[lang];
              const v = variant(), full = fullCount(v);
              const counts = full > FIRST ? [FIRST, full] : [full || undefined];
              try {
                for (const k of counts) {
                  const a = await api('/api/run', {variant: k ? {...v, replications: k} : v, client, lang}, controller.signal);
                  if (mine !== runs) return;
                  showErrors(null);
                  show(a, full || a.replications);
                  if (k !== counts[counts.length - 1]) { document.body.dataset.first = mine; $('status').textContent += ' · ' + T.running[lang]; }
                }
                document.body.dataset.first = mine;
                document.body.dataset.runs = mine;
              } catch (e) {
                if (e.name === 'AbortError' || (e.status === 409 && mine !== runs)) return;
                $('status').textContent = e.status === 503 ? T.busy[lang] : '';
                showErrors(e.error ? e : {error: String(e)});
              }
            }
            async function goal() {
              $('goal-answer').textContent = T.running[lang];
              try {
                const g = await api('/api/goal', {client, question: {variant: variant(), parameter: $('goal-parameter').value,
                  figure: $('goal-figure').value, atLeast: parseFloat($('goal-at-least').value)}});
                const f = (x) => Number(x).toPrecision(4);
                $('goal-answer').textContent = g.outcome === 'found' ? `${T.found[lang]}: ${f(g.value)} (${f(g.figureValue)})`
                  : g.outcome === 'already' ? `${T.already[lang]} (${f(g.figureValue)})` : `${T.never[lang]} ${f(g.figureValue)} (≤ ${f(g.upper)})`;
                document.querySelector('[data-err="goal"]').textContent = '';
              } catch (e) { $('goal-answer').textContent = ''; document.querySelector('[data-err="goal"]').textContent = e.error || String(e); }
            }
            async function file(kind) {
              $('file-answer').textContent = T.running[lang];
              document.querySelector('[data-err="name"]').textContent = '';
              try {
                const a = await api('/api/' + kind, {variant: variant(), name: $('name').value, lang});
                $('file-answer').textContent = '→ ' + (a.file || a.folder);
                document.querySelector('[data-err="name"]').textContent = '';
              } catch (e) { $('file-answer').textContent = ''; document.querySelector('[data-err="name"]').textContent = e.error || String(e); }
            }
            async function reload() { changes = new Map(); leversOn = null; fillLevers(); await loadParameters(); run(); }
            $('comparison').addEventListener('change', () => { fillStrategies(); reload(); });
            $('strategy').addEventListener('change', reload);
            $('reset').addEventListener('click', reload);
            for (const k of ['replications', 'months', 'seed']) $(k).addEventListener('change', () => schedule());
            $('goal-run').addEventListener('click', goal);
            $('save').addEventListener('click', () => file('save'));
            $('export').addEventListener('click', () => file('export'));
            for (const l of ['en', 'zh']) $('lang-' + l).addEventListener('click', async () => {
              lang = l; tr(); await loadComparisons(); fillLevers(); await loadParameters(); run();
            });
            (async () => { tr(); await loadComparisons(); fillLevers(); await loadParameters(); run(); })();
            </script>
            </body>
            </html>
            """
    }

    /// A JavaScript string literal (JSON rules, and `</` broken so it cannot end the script element).
    static func jsString(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "<": out += "\\u003c"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out + "\""
    }
}
