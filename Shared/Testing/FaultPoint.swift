import Foundation

/// A named moment at which a crash test may stop this process for good. With
/// `SATCHEL_TEST_HOLD=NAME` in the environment, reaching the point named NAME prints
/// `satchel: held at NAME` on standard error and waits there to be killed; without
/// it, reaching a point costs one comparison.
///
/// The points sit between two steps that must survive being split, so a test can kill
/// exactly there instead of after a guessed sleep:
///
/// ```swift
/// FaultPoint.reach(.serverStoredPush)   // the push is committed, its answer not yet sent
/// ```
public struct FaultPoint: Sendable, Equatable {
    public let name: String

    /// The server has committed a push and not yet answered it.
    public static let serverStoredPush = FaultPoint(name: "server-stored-push")
    /// A device has the server's answer to its push and has not yet dropped the
    /// acknowledged changes from its outbox.
    public static let deviceGotAcknowledgement = FaultPoint(name: "device-got-acknowledgement")

    static let held = ProcessInfo.processInfo.environment["SATCHEL_TEST_HOLD"]

    public static func reach(_ point: FaultPoint) {
        guard let held, held == point.name else { return }
        FileHandle.standardError.write(Data("satchel: held at \(point.name)\n".utf8))
        while true { sleep(3600) }
    }
}
