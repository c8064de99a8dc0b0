extension Double {
    /// A number as a student would write it: 1956 rather than 1956.0.
    var quizText: String {
        if self == rounded(), abs(self) < 1e15 { return String(Int64(self)) }
        return String(self)
    }
}
