/// Where a device's pull continues: `EPOCH:SEQ`, the database's epoch and the highest
/// sequence number the device has seen. A plain `SEQ`, as servers gave out before
/// epochs, is read as the current epoch, so devices that synced before need nothing.
///
/// ```swift
/// SyncCursor("9f3c0a1be2d45f67:1042")   // epoch 9f3c0a1be2d45f67, sequence 1042
/// SyncCursor("1042")                    // no epoch, sequence 1042
/// ```
struct SyncCursor: Equatable, CustomStringConvertible {
    var epoch: String?
    var sequence: Int64

    init(epoch: String, sequence: Int64) {
        self.epoch = epoch
        self.sequence = sequence
    }

    /// Nil for text no server gave out.
    init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, let last = parts.last, let sequence = Int64(last), sequence >= 0 else { return nil }
        if parts.count == 2 {
            let epoch = parts[0]
            guard (1...64).contains(epoch.utf8.count), epoch.allSatisfy(\.isHexDigit) else { return nil }
            self.epoch = String(epoch)
        }
        self.sequence = sequence
    }

    var description: String { epoch.map { "\($0):\(sequence)" } ?? String(sequence) }
}
