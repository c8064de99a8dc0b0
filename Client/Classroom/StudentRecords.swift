import Foundation
import SatchelShared

extension TeacherActions {
    /// Takes a student off a class's roster (works offline). Their devices stop getting the
    /// class's work and drop it when they sync; their attempts and grades stay theirs.
    public func removeStudent(_ name: String, from className: String) async throws -> (student: Student?, schoolClass: SchoolClass) {
        _ = try await teacher()
        let schoolClass = try await store.findClass(className)
        let members = try await store.students().filter { schoolClass.roster.contains($0.id) }
        let id: String
        if let found = try? Names.resolve(name, in: members, id: \.id, title: \.name.value, kind: "student") {
            id = found.id
        } else if schoolClass.roster.contains(name.lowercased()) {
            id = name.lowercased()  // on the roster, though this device has not pulled their row
        } else {
            throw ClientError("no student '\(name)' on \(schoolClass.name.value)'s roster; see `satchel roster list \"\(schoolClass.name.value)\"`")
        }
        let updated = try await store.record { clock, db in
            guard case .schoolClass(var value)? = try ClientStore.current(.schoolClass, key: schoolClass.id, db) else { return ([], schoolClass) }
            value.roster.remove(id)
            return ([.schoolClass(value)], value)
        }
        return (members.first { $0.id == id }, updated)
    }

    /// Erases a student everywhere (needs the server): the server deletes everything about
    /// them, and this device drops its copies at once; the teacher's other devices do
    /// when they sync.
    public func eraseStudent(_ student: Student) async throws -> ErasureSummary {
        let account = try await teacher()
        let connection = ServerConnection(base: account.server, caPEM: account.caPEM)
        let answer = try await connection.send(.DELETE, "v1/students/\(student.id)", token: account.token, as: ErasureSummary.self)
        try await store.receive(.erasure(StudentErasure(studentID: answer.student, erasedAt: answer.erasedAt)), as: account)
        return answer
    }

    /// Everything the server holds about a student, as JSON, for an access request.
    public func exportStudent(_ student: Student) async throws -> Data {
        let account = try await teacher()
        let connection = ServerConnection(base: account.server, caPEM: account.caPEM)
        return try await connection.sendRaw(.GET, "v1/students/\(student.id)/export", token: account.token)
    }
}
