/// One replication of a behaviour model: set up from (scenario, replication index), stepped month by month,
/// recording the monthly metrics of ``MetricLayout``. ``Simulation`` is the reference model;
/// ``ZaklanSimulation`` is the Ising-type tax-evasion model used for the literature validation.
public protocol ReplicationModel: AnyObject {
    var record: MonthlyRecord { get }
    /// Pilot buildings drawn by this replication (empty where the model has none).
    var pilotBuildings: [Int] { get }
    /// Runs every remaining month and returns the record.
    @discardableResult func run() -> MonthlyRecord
}

extension Simulation: ReplicationModel {}

extension CompiledModel {
    /// Sets up replication `r` of the scenario's behaviour model.
    public func makeReplication(_ r: Int) throws -> any ReplicationModel {
        switch scenario.behaviourModel {
        case .reference: return try Simulation(model: self, replication: r)
        case .zaklan(let parameters): return try ZaklanSimulation(model: self, parameters: parameters, replication: r)
        }
    }
}
