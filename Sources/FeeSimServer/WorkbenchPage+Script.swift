extension WorkbenchPage {
    /// The page's script, after the constants `html(language:token:)` writes (`T`, `LEVERS`, `lang`, `TOKEN`,
    /// `GOAL`). Edits live in the page, one set per community and strategy (`edits`, keyed "comparison|strategy",
    /// each a map from parameter path to value and the levers left on), and go with every request; switching away
    /// and back restores them. A first answer from `FIRST` replications, then the full count, each the exact figure of
    /// its replications; a newer edit aborts both and the server cancels the one running.
    static let script = #"""
        const client = Math.random().toString(36).slice(2);
        const FIRST = 20;
        let comparisons = [], params = [], controller = null, timer = null, runs = 0, nameTouched = false, lastAnswer = null;
        const edits = new Map();
        const $ = (id) => document.getElementById(id);
        const key = () => $('comparison').value + '|' + $('strategy').value;
        function state(k = key()) { if (!edits.has(k)) edits.set(k, {set: new Map(), levers: null}); return edits.get(k); }
        function esc(s) { return String(s).replace(/[&<>"]/g, ch => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[ch])); }
        function num(x) { return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(4))); }
        function qty(x, unit) { return unit ? `${num(x)} ${unit}` : num(x); }
        function tr() {
          document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
          document.querySelectorAll('[data-t]').forEach(e => { e.textContent = T[e.dataset.t][lang]; });
          document.querySelectorAll('[data-tp]').forEach(e => { e.placeholder = T[e.dataset.tp][lang]; });
          $('lang-en').setAttribute('aria-pressed', lang === 'en'); $('lang-zh').setAttribute('aria-pressed', lang === 'zh');
        }
        function comparison() { return comparisons.find(c => c.file === $('comparison').value); }
        function strategy() { const c = comparison(); return c && c.strategies.find(s => s.name === $('strategy').value); }
        // Every message in its field's own slot: a parameter's row, a setting's or the goal's box, else under the answer.
        function clearErrors(scope = document) {
          scope.querySelectorAll('[data-err], [data-err-for]').forEach(d => { d.textContent = ''; });
          scope.querySelectorAll('.bad').forEach(d => d.classList.remove('bad'));
        }
        function showError(e, fallback = 'run') {
          const field = e.field || '';
          const row = field && document.querySelector(`[data-row="${CSS.escape(field)}"]`);
          if (row) {
            row.hidden = false; const group = row.closest('details'); if (group) { group.hidden = false; group.open = true; }
            row.querySelector('[data-err-for]').textContent = e.error;
            row.querySelector('[data-path]').classList.add('bad');
            row.scrollIntoView({block: 'nearest'});
            return;
          }
          const slot = (field && document.querySelector(`[data-err="${CSS.escape(field)}"]`)) || document.querySelector(`[data-err="${fallback}"]`);
          slot.textContent = e.error;
          const input = field && $(field); if (input) input.classList.add('bad');
        }
        async function api(path, body, signal) {
          const r = await fetch(path, body ? {method: 'POST', headers: {'Content-Type': 'application/json', 'X-FeeSim-Token': TOKEN}, body: JSON.stringify(body), signal} : {signal});
          const j = await r.json();
          if (!r.ok) throw j;
          return j;
        }
        function variant() {
          const st = state();
          const v = {comparison: $('comparison').value, strategy: $('strategy').value, set: [...st.set].map(([path, value]) => ({path, value}))};
          if (st.levers) v.levers = st.levers;
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
          const c = comparison() || comparisons[0];
          $('strategy').innerHTML = c.strategies.map(s => `<option value="${esc(s.name)}">${esc(s.title)}</option>`).join('');
          const def = c.strategies.find(s => s.levers.length === LEVERS.length) || c.strategies[0];
          $('strategy').value = keep && c.strategies.some(s => s.name === keep) ? keep : def.name;
        }
        function fillLevers() {
          const s = strategy(), on = state().levers || s.levers;
          $('levers').innerHTML = LEVERS.map(k =>
            `<label><input type="checkbox" data-lever="${k}" ${on.includes(k) ? 'checked' : ''} ${s.levers.includes(k) ? '' : 'disabled'}> <span data-t="${k}">${T[k][lang]}</span></label>`).join('');
          $('levers').querySelectorAll('input').forEach(box => box.addEventListener('change', () => {
            const now = [...$('levers').querySelectorAll('input:checked')].map(b => b.dataset.lever);
            state().levers = now.length === s.levers.length ? null : now;
            renderChanges(); schedule();
          }));
        }
        function groupName(g) { return g === 'rollout' ? T.rollout[lang] : (T[g] ? T[g][lang] : g); }
        async function loadParameters() {
          params = await api(`/api/parameters?comparison=${encodeURIComponent($('comparison').value)}&strategy=${encodeURIComponent($('strategy').value)}&lang=${lang}`);
          const groups = ['rollout'].concat(LEVERS).filter(g => params.some(p => p.group === g));
          const row = p => {
            const step = p.whole ? 1 : (p.sliderUpper - p.sliderLower) / 200;
            const plausible = p.plausibleLower != null ? ` · ${T.plausible[lang]} ${num(p.plausibleLower)}–${num(p.plausibleUpper)}` : '';
            const tip = `${p.path} · ${p.meaning} · ${p.allowed}${plausible} · ${p.source}`;
            return `<div class="param" data-row="${esc(p.path)}" data-search="${esc((p.label + ' ' + p.path + ' ' + p.meaning).toLowerCase())}" title="${esc(tip)}">` +
              `<span class="plabel">${esc(p.label)}${p.unit ? ' (' + esc(p.unit) + ')' : ''}${p.uncertain ? '' : ` <i class="tag">${T.setting[lang]}</i>`}</span>` +
              `<input type="range" min="${p.sliderLower}" max="${p.sliderUpper}" step="${step}" value="${p.value}" data-slider="${esc(p.path)}" aria-label="${esc(p.label)}">` +
              `<input type="number" step="any" value="${p.value}" data-path="${esc(p.path)}" aria-label="${esc(p.label)}">` +
              `<button type="button" class="undo" data-undo="${esc(p.path)}" title="${T.resetOne[lang]}" aria-label="${T.resetOne[lang]}">↺</button>` +
              `<div class="note" data-note="${esc(p.path)}"></div><div class="err" data-err-for="${esc(p.path)}" role="alert"></div></div>`;
          };
          $('params').innerHTML = groups.map(g => `<details open data-group="${g}"><summary>${esc(groupName(g))} <span class="count" data-count="${g}"></span></summary>` +
            params.filter(p => p.group === g).map(row).join('') + '</details>').join('');
          $('goal-parameter').innerHTML = groups.map(g => `<optgroup label="${esc(groupName(g))}">` +
            params.filter(p => p.group === g).map(p => `<option value="${esc(p.path)}">${esc(p.label)}${p.unit ? ' (' + esc(p.unit) + ')' : ''}</option>`).join('') + '</optgroup>').join('');
          if (params.some(p => p.path === GOAL.parameter)) $('goal-parameter').value = GOAL.parameter;
          document.querySelectorAll('[data-slider]').forEach(sl => sl.addEventListener('input', () => change(sl.dataset.slider, sl.value, 150)));
          document.querySelectorAll('[data-path]').forEach(box => box.addEventListener('change', () => change(box.dataset.path, box.value)));
          document.querySelectorAll('[data-undo]').forEach(b => b.addEventListener('click', () => { state().set.delete(b.dataset.undo); paint(); schedule(); }));
          paint(); filter();
        }
        // Each row shows the value that holds (the edit, else the file's), and a changed one is marked with the file's value.
        function paint() {
          const st = state(), counts = {};
          for (const p of params) {
            const row = document.querySelector(`[data-row="${CSS.escape(p.path)}"]`); if (!row) continue;
            const edited = st.set.has(p.path), v = edited ? st.set.get(p.path) : p.value;
            const box = row.querySelector('[data-path]'), sl = row.querySelector('[data-slider]');
            if (document.activeElement !== box && parseFloat(box.value) !== v) box.value = v;
            if (parseFloat(sl.value) !== v) sl.value = v;
            const outside = p.plausibleLower != null && (v < p.plausibleLower || v > p.plausibleUpper);
            row.classList.toggle('changed', edited); row.classList.toggle('implausible', edited && outside);
            row.querySelector('[data-note]').textContent = edited
              ? `${T.file[lang]}: ${qty(p.value, p.unit)}` + (outside ? ` · ⚠ ${T.outside[lang]} ${num(p.plausibleLower)}–${qty(p.plausibleUpper, p.unit)}` : '') : '';
            if (edited) counts[p.group] = (counts[p.group] || 0) + 1;
          }
          document.querySelectorAll('[data-count]').forEach(c => { const n = counts[c.dataset.count]; c.textContent = n ? `· ${n} ${(n === 1 ? T.oneChange : T.nChanges)[lang]}` : ''; });
          renderChanges();
        }
        // What differs from the files, for this community and strategy, each undoable; and where else edits are kept.
        function renderChanges() {
          const st = state(), s = strategy(), items = [];
          if (st.levers) for (const k of s.levers.filter(k => !st.levers.includes(k)))
            items.push({text: `${T[k][lang]} — ${T.off[lang]}`, undo: `lever:${k}`});
          for (const [path, value] of st.set) {
            const p = params.find(p => p.path === path);
            const label = p ? p.label : path, unit = p ? p.unit : '';
            const outside = p && p.plausibleLower != null && (value < p.plausibleLower || value > p.plausibleUpper);
            items.push({text: `${label}: ${qty(value, unit)} (${T.file[lang]}: ${p ? qty(p.value, unit) : '?'})` + (outside ? ` ⚠ ${T.outside[lang]} ${num(p.plausibleLower)}–${qty(p.plausibleUpper, unit)}` : ''),
              undo: path, warn: outside});
          }
          $('changes-count').textContent = items.length ? ` (${items.length})` : '';
          $('changes').innerHTML = items.length
            ? items.map(i => `<li class="${i.warn ? 'warn' : ''}">${esc(i.text)} <button type="button" data-undo-change="${esc(i.undo)}" title="${T.resetOne[lang]}">↺</button></li>`).join('')
            : `<li class="caption">${T.noChanges[lang]}</li>`;
          $('changes').querySelectorAll('[data-undo-change]').forEach(b => b.addEventListener('click', () => {
            const u = b.dataset.undoChange;
            if (u.startsWith('lever:')) { const k = u.slice(6); const on = st.levers.concat([k]); st.levers = on.length === s.levers.length ? null : on; fillLevers(); }
            else st.set.delete(u);
            paint(); schedule();
          }));
          const here = key(), elsewhere = [...edits].filter(([k, e]) => k !== here && (e.set.size || e.levers));
          $('kept').innerHTML = elsewhere.length ? `<span class="caption">${T.kept[lang]}</span> ` + elsewhere.map(([k, e]) => {
            const [file, name] = k.split('|'), c = comparisons.find(c => c.file === file), st2 = c && c.strategies.find(s => s.name === name);
            return `<button type="button" class="linkish" data-goto="${esc(k)}">${esc(c ? c.title : file)} · ${esc(st2 ? st2.title : name)} (${e.set.size + (e.levers ? 1 : 0)})</button>`;
          }).join(' ') : '';
          $('kept').querySelectorAll('[data-goto]').forEach(b => b.addEventListener('click', async () => {
            const [file, name] = b.dataset.goto.split('|');
            $('comparison').value = file; fillStrategies(name); await switched();
          }));
        }
        function filter() {
          const q = $('param-search').value.trim().toLowerCase();
          document.querySelectorAll('[data-row]').forEach(r => { r.hidden = q !== '' && !r.dataset.search.includes(q); });
          document.querySelectorAll('#params details').forEach(d => {
            d.hidden = ![...d.querySelectorAll('[data-row]')].some(r => !r.hidden);
            if (q) d.open = true;
          });
        }
        function change(path, value, ms = 0) {
          const p = params.find(p => p.path === path); const x = parseFloat(value);
          if (!Number.isFinite(x)) return;   // an empty or half-typed box: wait for a number
          if (p && x === p.value) state().set.delete(path); else state().set.set(path, x);
          paint(); schedule(ms);
        }
        // A slider waits for the hand to pause; a typed value or a switch runs at once (a newer edit cancels it anyway).
        function schedule(ms = 0) { clearTimeout(timer); timer = setTimeout(run, ms); }
        function pct(x) { return typeof x === 'number' ? (x * 100).toFixed(1) + '%' : '–'; }
        function yuan(x) { return typeof x !== 'number' ? '–' : lang === 'zh' && Math.abs(x) >= 1e4 ? (x / 1e4).toFixed(1) + '万' : Math.round(x).toLocaleString('en-US'); }
        function fullCount(v) { const c = comparison(); return v.replications || (c && c.replications) || 0; }
        function show(a, full) {
          lastAnswer = a;
          $('variant-title').textContent = a.variant.title;
          $('k-ptarget').textContent = pct(a.pTarget);
          $('k-window').textContent = pct(a.windowRate) + ' / ' + pct(a.baselineWindowRate);
          $('k-net').textContent = yuan(a.netBenefit) + ' (' + yuan(a.netBenefitLow) + ' – ' + yuan(a.netBenefitHigh) + ')';
          $('net-basis').textContent = T.netBasis[lang] + (a.reportSets ? ' ' + T.netReport[lang].replace('%1', a.reportSets).replace('%2', a.reportSetReplications) : '');
          $('fans').innerHTML = a.fragments.fans.map(f => `<figure>${f}</figure>`).join('');
          $('summary').innerHTML = a.fragments.glance + `<p class="caption">${esc(a.fragments.glanceCaption)}</p>`;
          $('costs').innerHTML = a.fragments.costs;
          $('findings').innerHTML = a.fragments.findings.map(f => `<li>${esc(f).split('**').map((t, i) => i % 2 ? `<strong>${t}</strong>` : t).join('')}</li>`).join('');
          $('warnings').innerHTML = a.variant.changes.filter(c => c.warning).map(c => `<li>⚠ ${esc(c.warning)}</li>`).join('');
          $('months').placeholder = a.months; $('seed').placeholder = a.seed; $('replications').placeholder = full;
          if (!nameTouched) $('name').value = a.variant.name;
          const done = a.replications >= full;
          $('behind').textContent = `${T.behind[lang]} ${a.replications} ${T.of[lang]} ${full} ${T.reps[lang]}` + (done ? '' : ` · ${T.refining[lang]}`);
          $('status').textContent = `${a.households} × ${a.months} × ${a.replications} · ${T.elapsed[lang]} ${a.elapsedMilliseconds} ms`;
          document.body.dataset.replications = a.replications;
          document.body.dataset.target = full;
        }
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
              clearErrors($('params')); clearErrors($('settings-box')); document.querySelector('[data-err="run"]').textContent = '';
              show(a, full || a.replications);
              if (k !== counts[counts.length - 1]) { document.body.dataset.first = mine; $('status').textContent += ' · ' + T.running[lang]; }
            }
            document.body.dataset.first = mine;
            document.body.dataset.runs = mine;
          } catch (e) {
            if (e.name === 'AbortError' || (e.status === 409 && mine !== runs)) return;
            $('status').textContent = e.status === 503 ? T.busy[lang] : '';
            clearErrors($('params')); clearErrors($('settings-box')); document.querySelector('[data-err="run"]').textContent = '';
            showError(e.error ? e : {error: String(e)});
            document.body.dataset.failed = mine;
          }
        }
        async function goal() {
          clearErrors($('goal-box'));
          $('goal-answer').textContent = T.running[lang]; $('goal-warning').textContent = '';
          try {
            const g = await api('/api/goal', {client, lang, question: {variant: variant(), parameter: $('goal-parameter').value,
              figure: $('goal-figure').value, atLeast: parseFloat($('goal-at-least').value)}});
            $('goal-answer').textContent = g.sentence;
            $('goal-warning').textContent = g.warning || '';
          } catch (e) { $('goal-answer').textContent = ''; showError(e.error ? e : {error: String(e)}, 'goal'); }
        }
        async function file(kind) {
          $('file-answer').textContent = T.running[lang];
          clearErrors($('file-box'));
          try {
            const a = await api('/api/' + kind, {variant: variant(), name: $('name').value, lang});
            $('file-answer').textContent = '→ ' + (a.file || a.folder) + (a.variant ? ' — ' + a.variant.title : '');
          } catch (e) { $('file-answer').textContent = ''; showError(e.error ? e : {error: String(e)}, 'name'); }
        }
        // A switch of community or strategy keeps every edit: each pair has its own, restored when it is picked again.
        async function switched() { fillLevers(); await loadParameters(); run(); }
        $('comparison').addEventListener('change', () => { fillStrategies(); switched(); });
        $('strategy').addEventListener('change', switched);
        $('reset').addEventListener('click', () => { edits.delete(key()); fillLevers(); paint(); schedule(); });
        $('param-search').addEventListener('input', filter);
        $('name').addEventListener('input', () => { nameTouched = true; });
        for (const k of ['replications', 'months', 'seed']) $(k).addEventListener('change', () => schedule());
        $('goal-run').addEventListener('click', goal);
        $('save').addEventListener('click', () => file('save'));
        $('export').addEventListener('click', () => file('export'));
        for (const l of ['en', 'zh']) $('lang-' + l).addEventListener('click', async () => {
          lang = l; tr(); await loadComparisons(); fillLevers(); await loadParameters(); run();
        });
        (async () => {
          tr(); $('goal-figure').value = GOAL.figure; $('goal-at-least').value = GOAL.atLeast;
          await loadComparisons(); fillLevers(); await loadParameters(); run();
        })();
        """#
}
