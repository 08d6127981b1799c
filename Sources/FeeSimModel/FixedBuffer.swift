/// A fixed-size, heap-allocated buffer of trivial values, allocated once and freed on deinit.
///
/// This is where FeeSim's household state lives: one contiguous buffer per field (struct of arrays).
/// The monthly loop reads `base` into a local and indexes it directly, so it pays no reference counting,
/// no exclusivity checks and no copy-on-write checks per household. All unsafe memory handling of the model is
/// fenced in this one type: callers must keep indices in `0..<count` and not let `base` outlive the buffer.
@usableFromInline
final class FixedBuffer<Element: BitwiseCopyable> {
    @usableFromInline let base: UnsafeMutablePointer<Element>
    @usableFromInline let count: Int

    /// Allocates `count` elements, all set to `value`. O(count).
    init(count: Int, repeating value: Element) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: value, count: max(count, 1))
    }

    deinit { base.deallocate() }

    @inline(__always)
    subscript(i: Int) -> Element {
        get { base[i] }
        set { base[i] = newValue }
    }

    /// Sets every element to `value`. O(count).
    func reset(to value: Element) { base.update(repeating: value, count: count) }

    /// The first `count` elements as a buffer (for batch fills).
    var buffer: UnsafeMutableBufferPointer<Element> { UnsafeMutableBufferPointer(start: base, count: count) }
}
