import Foundation

/// The record that a student was erased: their opaque id and when, nothing else (no
/// name, no class). Teachers' devices pull it and drop their copies of the student; the
/// server keeps it so that no device syncing old data can bring the student back.
///
/// ```swift
/// let record = StudentErasure(studentID: "9b2f…", erasedAt: Date())
/// ```
public struct StudentErasure: ImmutableRecord, Sendable {
    public let studentID: String
    public let erasedAt: Date

    public init(studentID: String, erasedAt: Date) {
        self.studentID = studentID
        self.erasedAt = SatchelJSON.wholeMilliseconds(erasedAt)
    }
}
