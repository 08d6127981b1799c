extension Target {
    /// Throws ``InputError`` (field `months`) when a run of `months` months ends before the target window's last
    /// month (`byMonth`): the window's 收缴率 and `target_reached` would be undefined (NaN), and a goal search on them
    /// would "find" an answer to a question the run cannot ask. O(1).
    public func checkHorizon(_ months: Int) throws {
        guard months < byMonth else { return }
        throw InputError(
            field: "months",
            "must be at least \(byMonth), the last month of the target window "
                + "(target.from_month \(fromMonth) … target.by_month \(byMonth)); got \(months)")
    }
}
