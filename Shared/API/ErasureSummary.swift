import Foundation

/// The answer to `DELETE /v1/students/{id}`: what the erasure removed, as counts (never
/// contents), and when it happened. Erasing again answers with the first erasure's time
/// and zero counts.
public struct ErasureSummary: Codable, Sendable, Equatable {
    public let student: String
    public let erasedAt: Date
    /// Classes whose roster held the student.
    public let classes: Int
    public let attempts: Int
    public let grades: Int
    public let progress: Int
    public let invites: Int
    public let tokens: Int
    public let devices: Int

    public init(student: String, erasedAt: Date, classes: Int = 0, attempts: Int = 0, grades: Int = 0, progress: Int = 0,
                invites: Int = 0, tokens: Int = 0, devices: Int = 0) {
        self.student = student
        self.erasedAt = erasedAt
        self.classes = classes
        self.attempts = attempts
        self.grades = grades
        self.progress = progress
        self.invites = invites
        self.tokens = tokens
        self.devices = devices
    }

    /// One line for a person: what went.
    public var text: String {
        func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
        return "\(count(attempts, "attempt")), \(count(grades, "grade")), \(count(progress, "progress record")), "
            + "\(count(invites, "invite")), \(count(devices, "device")), \(count(tokens, "token")); taken off \(count(classes, "class roster"))"
    }
}
