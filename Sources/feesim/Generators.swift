import ArgumentParser
import GSLKit

/// `feesim generators`: list GSL's random number generators.
struct Generators: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the GSL generator names --generator accepts.")

    func run() throws {
        print("GSL \(GSL.version) generators (default mt19937):")
        for name in RandomStream.availableGenerators { print("  \(name)") }
    }
}
