import Foundation
import GSLKit
import Testing

@testable import FeeSimModel

@Suite struct LogisticTests {
    @Test func approximateExpStaysWithinItsErrorBound() {
        var x = -60.0
        while x <= 60 {
            let rel = abs(Logistic.approximateExp(x) / exp(x) - 1)
            #expect(rel < Logistic.approximationError / 10, "x = \(x)")
            x += 0.0137
        }
    }

    @Test func fastPaymentDecisionAlwaysEqualsTheExactFormula() throws {
        let rng = try RandomStream(seed: 99)
        var disagreements = 0
        for _ in 0..<500_000 {
            let z = (rng.uniform() - 0.5) * 40
            let ability = rng.uniform() < 0.5 ? 1 : rng.uniform()
            let u = rng.uniform()
            if Logistic.pays(z: z, ability: ability, uniform: u) != Logistic.exactPays(z: z, ability: ability, uniform: u) {
                disagreements += 1
            }
        }
        // Draws right at the threshold: the exact path must decide them.
        for z in stride(from: -10.0, through: 10.0, by: 0.25) {
            let w = 1 / (1 + exp(-z))
            for u in [w.nextDown, w, w.nextUp] {
                #expect(Logistic.pays(z: z, ability: 1, uniform: u) == Logistic.exactPays(z: z, ability: 1, uniform: u))
            }
        }
        #expect(disagreements == 0)
    }
}
