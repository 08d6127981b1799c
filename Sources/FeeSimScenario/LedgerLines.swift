import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A ledger file's lines, read 64 KiB at a time, so that a ledger is never held whole in memory: the file is
/// checked first (``InputFile``: a regular file of at most `limit` bytes), then each line is decoded as it is
/// reached (a byte-order mark dropped, CRLF ends allowed). A line that is not UTF-8 ends the lines and leaves its
/// error in ``failure`` (with the `iconv` command that converts the file), as does a file that grows past `limit`
/// while it is read.
final class LedgerLines: Sequence, IteratorProtocol {
    private let fd: Int32
    private let path: String
    private let limit: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var total = 0
    private var atEnd = false
    private var first = true
    /// The longest line read: 1 MiB (a ledger row is a few dozen bytes).
    static let lineLimit = 1 << 20
    /// Why the lines ended early, if they did.
    private(set) var failure: ScenarioError?

    init(path: String, limit: Int) throws {
        fd = try InputFile.openChecked(path, limit: limit)
        self.path = path
        self.limit = limit
    }

    deinit { close(fd) }

    func next() -> Substring? {
        guard failure == nil else { return nil }
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A), newline - start <= Self.lineLimit {
                let line = buffer[start..<newline]
                start = newline + 1
                return decode(line)
            }
            if buffer.count - start > Self.lineLimit {
                fail("a line is over \(Self.lineLimit) bytes long; a ledger's rows are short")
                return nil
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                return decode(line)
            }
            fill()
        }
    }

    /// Reads the next chunk, keeping the unread rest of the buffer.
    private func fill() {
        buffer.removeFirst(start)
        start = 0
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
        if n < 0 && errno == EINTR { return }
        if n < 0 {
            fail("cannot read it: \(String(cString: strerror(errno)))")
            atEnd = true
            return
        }
        if n == 0 { atEnd = true; return }
        total += n
        if total > limit {
            fail("holds more than \(limit) bytes; larger files are refused")
            atEnd = true
            return
        }
        buffer += chunk[..<n]
    }

    private func decode(_ bytes: ArraySlice<UInt8>) -> Substring? {
        var line = bytes
        if first {
            first = false
            if line.starts(with: [0xFF, 0xFE]) || line.starts(with: [0xFE, 0xFF]) {
                fail("the file is not UTF-8 text: it is UTF-16: convert it with `iconv -f UTF-16 -t UTF-8 \(path) > ledger-utf8.csv`")
                return nil
            }
            if line.starts(with: [0xEF, 0xBB, 0xBF]) { line = line.dropFirst(3) }
        }
        if line.last == 0x0D { line = line.dropLast() }
        guard let text = String(bytes: line, encoding: .utf8) else {
            fail(
                "the file is not UTF-8 text: it is probably GBK/GB18030 (Excel's CSV in a Chinese locale): convert it with "
                    + "`iconv -f GB18030 -t UTF-8 \(path) > ledger-utf8.csv`, or save it from Excel as \"CSV UTF-8\"")
            return nil
        }
        return Substring(text)
    }

    private func fail(_ problem: String) {
        failure =
            failure
            ?? ScenarioError(
                location: SourceLocation(file: path, line: 0, column: 0), keyPath: "", value: nil,
                problem: problem)
    }
}
