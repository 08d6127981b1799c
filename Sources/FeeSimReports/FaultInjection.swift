import Foundation

/// Fault injection for the reliability tests, off unless its environment variables are set:
/// FEESIM_FAULT_KILL_AT=<step> kills the process with SIGKILL at that step of a result folder's commit;
/// FEESIM_FAULT_NO_EXCHANGE=1 makes commits use two renames instead of the atomic exchange;
/// FEESIM_FAULT_DISK_FULL=1 makes every whole-file write into a result folder fail as on a full disk.
public enum FaultInjection {
    public static func installFromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) {
        if let step = env["FEESIM_FAULT_KILL_AT"] {
            ResultFolder.commitStepHook = { if $0 == step { kill(getpid(), SIGKILL) } }
        }
        if env["FEESIM_FAULT_NO_EXCHANGE"] == "1" { ResultFolder.exchangeDisabled = true }
        if env["FEESIM_FAULT_DISK_FULL"] == "1" { ResultFolder.writeFaultHook = { throw POSIXError(.ENOSPC) } }
    }
}
