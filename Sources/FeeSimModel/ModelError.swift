import Foundation

/// A scenario the engine cannot run, with the key path of the offending value.
public struct ModelError: Error, CustomStringConvertible, Equatable {
    public let keyPath: String
    public let message: String
    public var description: String { "\(keyPath): \(message)" }

    static func check(_ s: Scenario) throws {
        func fail(_ path: String, _ message: String) throws -> Never { throw ModelError(keyPath: path, message: message) }
        let c = s.community
        do { try RunSettings.check(months: s.months, replications: s.replications) } catch let e as InputError {
            try fail(e.field, e.message)
        }
        if !StructureRule.households.contains(c.households) {
            try fail("community.households", "must be in 1…50000000, got \(c.households)")
        }
        if let problem = StructureRule.buildings(c.buildings, households: c.households) {
            try fail("community.buildings", "\(problem), got \(c.buildings)")
        }
        if let problem = StructureRule.segmentShares(c.segments) { try fail("community.segments", problem) }
        // Every declared parameter within its declared range: the same rule the scenario loader applies.
        for p in s.parameterPaths where !p.range.admits(p.value(in: s)) {
            try fail(p.path, "must be \(p.allowed), got \(p.value(in: s))")
        }
        for k in c.segments.indices {
            if let problem = StructureRule.billingCycle(c.billingMonths(ofSegment: k)) {
                try fail("community.segments.\(c.segments[k].name).billing_months", problem)
            }
        }
        if let problem = StructureRule.billingCycle(c.billingMonths) { try fail("community.billing_months", problem) }
        // The warm-up's months become the past by a shift of its length: bills keep their calendar only if it is a
        // whole number of every cycle in use (12 always is).
        let cycles = Set(c.segments.indices.map { c.billingMonths(ofSegment: $0) })
        if let cycle = cycles.sorted().last(where: { c.warmupMonths % $0 != 0 }) {
            try fail(
                "community.warmup_months",
                "must be a multiple of every billing cycle in use (\(cycle) months here; 12 always is), got \(c.warmupMonths)")
        }
        if let problem = StructureRule.targetWindow(from: s.target.fromMonth, by: s.target.byMonth) {
            try fail("target.by_month", "\(problem), got \(s.target.byMonth)")
        }
        if s.statusQuoDunning.rungs.count + s.levers.dunning.rungs.count > 64 {
            try fail("levers.dunning.ladder", "both ladders together may have at most 64 rungs")
        }
        for ladder in [("status_quo_dunning", s.statusQuoDunning), ("levers.dunning", s.levers.dunning)] {
            for (r, rung) in ladder.1.rungs.enumerated() {
                if let cap = rung.capacityPerMonth, cap < 0 || cap > 50_000_000 {
                    try fail("\(ladder.0).ladder[\(r)].capacity_per_month", "must be in 0…50000000, got \(cap)")
                }
            }
        }
        switch s.pilot {
        case .count(let k) where k < 0 || k > c.buildings:
            try fail("pilot.buildings", "must be in 0…\(c.buildings), got \(k)")
        case .buildings(let list) where list.contains { $0 < 0 || $0 >= c.buildings }:
            try fail("pilot.buildings", "building indices must be in 0…\(c.buildings - 1)")
        default: break
        }
        if let state = c.initialState {
            if state.count != c.households {
                try fail("community.initial_state", "has \(state.count) households, but community.households is \(c.households)")
            }
            for (i, h) in state.enumerated() {
                if h.building < 0 || h.building >= c.buildings || (i > 0 && h.building < state[i - 1].building) {
                    try fail("community.initial_state", "household \(i): buildings must be in 0…\(c.buildings - 1) and sorted")
                }
                if h.segment < 0 || h.segment >= c.segments.count || !(h.area > 0) || h.arrearsMonths < 0
                    || h.arrearsMonths > 1200
                {
                    try fail("community.initial_state", "household \(i): segment, area or arrears (0…1200 months) out of range")
                }
            }
            let used = Set(state.map(\.building))
            if used.count != c.buildings { try fail("community.initial_state", "every building needs at least one household") }
        }
        for (p, phase) in s.rollout.enumerated() {
            if case .list(let list) = phase.buildings, list.contains(where: { $0 < 0 || $0 >= c.buildings }) {
                try fail("rollout[\(p)].buildings", "building indices must be in 0…\(c.buildings - 1)")
            }
            if let problem = StructureRule.phaseEnd(phase.endMonth, start: phase.startMonth) {
                try fail("rollout[\(p)].end_month", "\(problem), got \(phase.endMonth ?? 0)")
            }
        }
    }
}
