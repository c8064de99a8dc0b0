import Foundation
import GRDB

/// Which life of the database this is. `satchel-server restore` gives the restored
/// database a new epoch, and every cursor the server gives out carries it: a device
/// whose cursor names another epoch has seen rows this database may no longer hold.
///
/// ```swift
/// let epoch = try pool.read(ServerEpoch.current)   // "9f3c0a1be2d45f67"
/// ```
enum ServerEpoch {
    static func current(_ db: any SQLSession) throws -> String {
        try db.one(String.self, "SELECT epoch FROM server_epoch WHERE id = 1") ?? ""
    }

    /// Replaces the epoch with a new random one; returns it.
    @discardableResult
    static func renew(_ db: any SQLSession) throws -> String {
        let epoch = (0..<8).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        try db.execute("UPDATE server_epoch SET epoch = ? WHERE id = 1", [epoch])
        return epoch
    }
}
