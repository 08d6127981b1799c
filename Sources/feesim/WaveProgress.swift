import FeeSimReports

/// One progress bar per wave of a posterior run (called in order, never concurrently).
final class WaveProgress {
    let output: OutputOptions
    var wave = -1
    var reporter: ProgressReporter?
    init(_ output: OutputOptions) { self.output = output }
    func update(wave w: Int, _ done: Int, _ total: Int) {
        if w != wave { (wave, reporter) = (w, output.reporter(label: "wave \(w + 1)")) }
        reporter?.update(done, total, scenario: "parameter sets")
        if done == total { reporter?.finish() }
    }
}
