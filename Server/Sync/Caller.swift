/// Who is making a request, as their token says: a teacher or a student's device.
public enum Caller: Sendable, Hashable {
    case teacher(id: String, device: String)
    case student(id: String, device: String)

    public var device: String {
        switch self {
        case .teacher(_, let device), .student(_, let device): device
        }
    }
}
