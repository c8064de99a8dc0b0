import Foundation
import SatchelShared

/// What `satchel status` shows: the account, pending and refused work, and edits that
/// lost to a concurrent edit on another device.
public struct DeviceStatus: Sendable {
    public struct Summary: Encodable, Sendable {
        public let server: String?
        public let user: String?
        public let role: String?
        /// False once this device is signed out; its work waits for the next sign-in.
        public let signedIn: Bool
        public let pending: Int
        public let lastSync: Date?
        public let rejected: [Rejected]
        public let conflicts: [Conflict]
        /// Classes a student's teacher took them off (their names).
        public let removedFrom: [String]
    }

    public struct Rejected: Encodable, Sendable {
        public let entity: String
        public let key: String
        public let code: ProblemCode
        public let message: String
    }

    /// A field where this replica keeps one value and another device's concurrent edit lost.
    public struct Conflict: Encodable, Sendable {
        public let item: String
        public let field: String
        public let kept: String
        public let other: String
    }

    public let summary: Summary

    public init(store: ClientStore) async throws {
        let account = try await store.account()
        let conflicts = account?.role == .teacher ? try await Self.conflicts(store) : []
        summary = Summary(
            server: account?.server.absoluteString, user: account?.userName ?? account?.userID,
            role: account?.role.rawValue, signedIn: account?.isSignedIn ?? false, pending: try await store.pendingCount(), lastSync: account?.lastSync,
            rejected: try await store.rejectedChanges().map {
                Rejected(entity: $0.change.entity.rawValue, key: $0.change.key, code: $0.code, message: $0.message)
            },
            conflicts: conflicts,
            removedFrom: try await store.departedClasses().map(\.name.value))
    }

    static func conflicts(_ store: ClientStore) async throws -> [Conflict] {
        var found: [Conflict] = []
        func check<T>(_ item: String, _ field: String, _ register: LWWRegister<T>) {
            if let other = register.conflictingWrite {
                found.append(Conflict(item: item, field: field, kept: "\(register.value)", other: "\(other.value)"))
            }
        }
        for lesson in try await store.lessons() {
            let name = "lesson \"\(lesson.title.value)\""
            check(name, "title", lesson.title)
            check(name, "introduction", lesson.introduction)
            for section in lesson.orderedSections {
                check(name, "section \"\(section.heading.value)\" heading", section.heading)
                check(name, "section \"\(section.heading.value)\" text", section.body)
            }
        }
        for value in try await store.classes() {
            check("class \"\(value.name.value)\"", "name", value.name)
        }
        return found
    }

    public var text: String {
        var lines: [String] = []
        if let server = summary.server {
            lines.append("\(summary.role ?? "user") \(summary.user ?? "") on \(server)")
            if !summary.signedIn {
                lines.append(summary.role == "teacher"
                    ? "signed out: log in again with `satchel login` to sync; work on this device is kept"
                    : "signed out: join again with a new invite from your teacher to sync; work on this device is kept")
            }
        } else {
            lines.append("not joined yet: run `satchel join INVITE` or `satchel login URL --user NAME`")
        }
        lines.append(summary.pending == 0 ? "nothing waiting to sync" : "\(summary.pending) change\(summary.pending == 1 ? "" : "s") waiting to sync")
        lines.append("last sync: " + (summary.lastSync.map { $0.formatted(date: .abbreviated, time: .shortened) } ?? "never"))
        for rejected in summary.rejected {
            lines.append("not accepted by the server: \(rejected.entity) \(rejected.key): \(rejected.message) [\(rejected.code)]")
        }
        for name in summary.removedFrom {
            lines.append("removed from class \(name) by your teacher; its lessons and quizzes are no longer on this device")
        }
        for conflict in summary.conflicts {
            lines.append("edited on two devices: \(conflict.item) \(conflict.field) is \"\(conflict.kept)\"; the other edit was \"\(conflict.other)\"")
        }
        return lines.joined(separator: "\n")
    }
}
