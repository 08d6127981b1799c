import Foundation
import Testing

/// The committed example reports (Results/{mixed,old,highend}-compare, English and Chinese) as a board member sees
/// them: each page is rendered by headless Chromium at 1100 × 900 px, and a script added to a copy of it reads the
/// laid-out page — every text box (HTML text by line, SVG `<text>` whole), its rendered font size, the figures
/// marked as net benefits and the decision — into the DOM that `--dump-dom` returns.
@Suite(.serialized) struct RenderedReportTests {
    static let reports = [
        "mixed-compare", "mixed-compare-zh", "old-compare", "old-compare-zh", "highend-compare", "highend-compare-zh"
    ]

    /// Words that stay as they are on the Chinese page: the product's name. (File names and options are marked
    /// `<code>`, citations `<cite>`; both are left out of the check.)
    static let allowedLatin: Set<String> = ["FeeSim"]

    /// The first screen, px.
    static let screen = (width: 1100, height: 900)

    /// Runs in the page after it is laid out; writes what it measured as JSON into `<pre id="feesim-check">`.
    static let probe = """
        <script>
        (function () {
          document.querySelectorAll('details').forEach(function (d) { d.open = true; });
          var out = { title: document.title, texts: [], figures: [], decision: null };
          var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          var node;
          while ((node = walker.nextNode())) {
            var text = node.nodeValue.replace(/[\\s\\u200B]+/g, ' ').trim();
            var el = node.parentElement;
            // Tooltips (<title>), descriptions and styles are not laid out: only drawn text counts.
            if (!text || !el || el.closest('script, style, title, desc')) continue;
            var style = getComputedStyle(el);
            if (style.visibility === 'hidden' || style.display === 'none') continue;
            var size = parseFloat(style.fontSize), rects;
            var svg = el.closest('svg');
            if (svg) {
              var m = el.getScreenCTM();
              size *= Math.sqrt(m.a * m.a + m.b * m.b);
              rects = [el.getBoundingClientRect()];
            } else {
              var range = document.createRange();
              range.selectNodeContents(node);
              rects = Array.prototype.slice.call(range.getClientRects());
            }
            rects = rects.filter(function (r) { return r.width > 0.5 && r.height > 0.5; });
            if (!rects.length) continue;
            out.texts.push({
              text: text, size: size, cite: !!el.closest('cite'), code: !!el.closest('code'),
              boxes: rects.map(function (r) {
                return [r.left + scrollX, r.top + scrollY, r.right + scrollX, r.bottom + scrollY];
              })
            });
          }
          document.querySelectorAll('[data-figure="net-benefit"]').forEach(function (e) {
            out.figures.push({ strategy: e.getAttribute('data-strategy'), text: e.textContent.trim() });
          });
          var d = document.querySelector('.decision');
          if (d) {
            var r = d.getBoundingClientRect();
            out.decision = { text: d.textContent, top: r.top + scrollY, bottom: r.bottom + scrollY };
          }
          var pre = document.createElement('pre');
          pre.id = 'feesim-check';
          pre.textContent = JSON.stringify(out);
          document.body.appendChild(pre);
        })();
        </script>
        """

    struct Measured: Decodable {
        struct TextBox: Decodable {
            var text: String
            var size: Double
            var cite: Bool
            var code: Bool
            var boxes: [[Double]]
        }
        struct Figure: Decodable {
            var strategy: String
            var text: String
        }
        struct Decision: Decodable {
            var text: String
            var top: Double
            var bottom: Double
        }
        var title: String
        var texts: [TextBox]
        var figures: [Figure]
        var decision: Decision?
    }

    /// The committed report `folder`, laid out by Chromium and measured by ``probe``.
    static func measure(_ folder: String) throws -> Measured {
        let page = Fixture.packageRoot.appendingPathComponent("Results/\(folder)/report.html")
        let html = try String(contentsOf: page, encoding: .utf8)
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let probed = dir.appendingPathComponent("report.html")
        try html.replacingOccurrences(of: "</body>", with: probe + "\n</body>").write(to: probed, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CompareCommandTests.chromium!)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--force-device-scale-factor=1",
            "--window-size=\(screen.width),\(screen.height)",
            // A profile of its own: the six reports render in parallel, and Chromium instances that share a profile
            // hand their page to the first one and print nothing.
            "--user-data-dir=\(dir.appendingPathComponent("profile").path)", "--dump-dom", probed.absoluteString
        ]
        let out = Pipe()
        process.standardOutput = out
        let errors = dir.appendingPathComponent("chromium.log")
        FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        let dom = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard let start = dom.range(of: "<pre id=\"feesim-check\">"),
            let end = dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex)
        else {
            let log = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw CocoaError(
                .fileReadCorruptFile,
                userInfo: [
                    NSLocalizedDescriptionKey:
                        "no measurements in the DOM of \(folder) (\(dom.count) characters; Chromium said: \(log.suffix(600)))"
                ])
        }
        let json = String(dom[start.upperBound..<end.lowerBound])
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
        return try JSONDecoder().decode(Measured.self, from: Data(json.utf8))
    }

    /// Pairs of text boxes (of different text) that overlap by more than `slack` px both ways. A sweep over the
    /// boxes sorted by their top: O(boxes · boxes on a line).
    static func overlaps(_ texts: [Measured.TextBox], slack: Double = 1) -> [String] {
        var boxes: [(box: [Double], owner: Int)] = []
        for (k, t) in texts.enumerated() { for b in t.boxes { boxes.append((b, k)) } }
        boxes.sort { ($0.box[1], $0.box[0]) < ($1.box[1], $1.box[0]) }
        var found: [String] = []
        for i in boxes.indices {
            let a = boxes[i].box
            var j = i + 1
            while j < boxes.count && boxes[j].box[1] < a[3] - slack {
                let b = boxes[j].box
                if boxes[j].owner != boxes[i].owner && min(a[2], b[2]) - max(a[0], b[0]) > slack
                    && min(a[3], b[3]) - max(a[1], b[1]) > slack
                {
                    found.append("'\(texts[boxes[i].owner].text)' × '\(texts[boxes[j].owner].text)' at \(a.map { Int($0) })")
                }
                j += 1
            }
        }
        return found
    }

    @Test(.enabled(if: CompareCommandTests.chromium != nil, "needs Debian's chromium (installed by .ci/run)"), arguments: reports)
    func theCommittedReportReadsAsOneStoryWithoutOverlapsSmallPrintOrEnglishInChinese(folder: String) throws {
        let page = try Self.measure(folder)
        #expect(page.texts.count > 500, "\(folder): only \(page.texts.count) text boxes measured")

        // (a) One net benefit per strategy: every place that shows a strategy's net benefit shows the same figure —
        // the glance table, the bar chart, the cost table, the uncertainty table and the decision where present.
        var byStrategy: [String: [String]] = [:]
        for f in page.figures { byStrategy[f.strategy, default: []].append(f.text) }
        #expect(byStrategy.count >= 7, "\(folder): net benefits found for \(byStrategy.keys.sorted())")
        for (strategy, shown) in byStrategy.sorted(by: { $0.key < $1.key }) {
            #expect(shown.count >= 3, "\(folder): \(strategy)'s net benefit is marked only \(shown.count) times")
            #expect(Set(shown).count == 1, "\(folder): \(strategy)'s net benefit is shown as \(shown)")
            #expect(shown.allSatisfy { $0.range(of: "[0-9]", options: .regularExpression) != nil }, "\(shown)")
        }

        // (b) No two visible text boxes overlap (axis titles, legends, labels, table text).
        let clashes = Self.overlaps(page.texts)
        #expect(clashes.isEmpty, "\(folder): \(clashes.count) overlapping text boxes: \(clashes.prefix(8))")

        // (c) On the Chinese page, no English word: the visible text and the title, citations and code aside.
        if folder.hasSuffix("-zh") {
            let prose = page.texts.filter { !$0.cite && !$0.code }.map(\.text) + [page.title]
            var english: [String] = []
            for text in prose {
                for match in text.matches(of: /[A-Za-z]{2,}/) where !Self.allowedLatin.contains(String(match.output)) {
                    english.append("\(match.output) in '\(text)'")
                }
            }
            #expect(english.isEmpty, "\(folder): \(english.count) English words, e.g. \(english.prefix(10))")
        }

        // (d) The decision is a sentence on the first screen.
        let decision = try #require(page.decision, "\(folder): no decision")
        #expect(decision.bottom <= Double(Self.screen.height), "\(folder): the decision ends at \(Int(decision.bottom)) px")
        #expect(decision.text.count > 40, "\(folder): '\(decision.text)'")

        // (e) No text rendered below 12 px.
        let small = page.texts.filter { $0.size < 11.99 }.map { "'\($0.text)' \(String(format: "%.1f", $0.size)) px" }
        #expect(small.isEmpty, "\(folder): \(small.count) texts under 12 px: \(small.prefix(8))")
    }

    @Test func theOverlapCheckFindsOverlappingText() {
        // The check itself: two labels drawn on top of each other are found, two apart are not.
        let a = Measured.TextBox(text: "a", size: 13, cite: false, code: false, boxes: [[0, 0, 40, 16]])
        let b = Measured.TextBox(text: "b", size: 13, cite: false, code: false, boxes: [[30, 8, 70, 24]])
        let c = Measured.TextBox(text: "c", size: 13, cite: false, code: false, boxes: [[41, 0, 80, 16]])
        #expect(Self.overlaps([a, b]).count == 1)
        #expect(Self.overlaps([a, c]).isEmpty)
    }
}
