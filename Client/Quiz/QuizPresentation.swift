import SatchelShared

/// The order a student sees: of the questions, of each question's choices, and of
/// each matching question's answers. Responses keep the quiz file's choice indices,
/// so each item maps a shown position back to that index.
public struct QuizPresentation: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public let questionID: String
        /// Multiple choice and multiple answer: shown position → the choice's index in
        /// the quiz file. Empty for other kinds.
        public let choiceOrder: [Int]
        /// Matching: the prompts to answer, in quiz order (distractor pairs have none).
        public let matchPrompts: [String]
        /// Matching: the distinct answers offered, in shown order; distractors included.
        public let matchAnswers: [String]

        public init(questionID: String, choiceOrder: [Int] = [], matchPrompts: [String] = [], matchAnswers: [String] = []) {
            self.questionID = questionID
            self.choiceOrder = choiceOrder
            self.matchPrompts = matchPrompts
            self.matchAnswers = matchAnswers
        }

        /// The file index of the choice shown at `position`.
        public func choiceIndex(shownAt position: Int) -> Int? {
            choiceOrder.indices.contains(position) ? choiceOrder[position] : nil
        }

        /// Where the choice with file index `index` is shown.
        public func shownPosition(ofChoice index: Int) -> Int? {
            choiceOrder.firstIndex(of: index)
        }
    }

    /// In the order shown.
    public let items: [Item]

    public var questionIDs: [String] { items.map(\.questionID) }

    public func item(for questionID: String) -> Item? {
        items.first { $0.questionID == questionID }
    }

    /// Without shuffle, the quiz file's order, except that matching answers are always
    /// alphabetical: in a version with its key the file pairs each prompt with its answer,
    /// so file order would give the answers away. The keyless copy is alphabetical already.
    /// Descriptions are not items: nothing is asked, and they stay before the question they
    /// precede in the file (``QuizSession`` shows them).
    public init(_ version: QuizVersion, shuffle: Bool, seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var items = version.questions.filter(\.asksForAnswer).map { question in
            Self.item(for: question, shuffle: shuffle, random: &random)
        }
        if shuffle {
            Self.shuffle(&items, using: &random)
        }
        self.items = items
    }

    private static func item(for question: Question, shuffle: Bool, random: inout SplitMix64) -> Item {
        var choiceOrder: [Int] = []
        var prompts: [String] = []
        var answers: [String] = []
        switch question.kind {
        case .multipleChoice(let choices), .multipleAnswer(let choices):
            choiceOrder = Array(choices.indices)
        case .matching(let pairs):
            prompts = pairs.map(\.prompt).filter { !$0.isEmpty }
            // Two prompts may share an answer; it is offered once.
            for answer in pairs.map(\.answer).sorted() where !answers.contains(answer) {
                answers.append(answer)
            }
        case .trueFalse, .shortAnswer, .numeric, .essay, .description:
            break
        }
        if shuffle {
            Self.shuffle(&choiceOrder, using: &random)
            Self.shuffle(&answers, using: &random)
        }
        return Item(questionID: question.id, choiceOrder: choiceOrder, matchPrompts: prompts, matchAnswers: answers)
    }

    /// Fisher–Yates written out rather than `shuffle(using:)`, whose way of drawing from
    /// the generator the standard library does not promise to keep: a resumed attempt
    /// must see the same order after a toolchain upgrade.
    private static func shuffle<T>(_ array: inout [T], using random: inout SplitMix64) {
        guard array.count > 1 else { return }
        for last in stride(from: array.count - 1, to: 0, by: -1) {
            // The high half of a 64×64-bit product is uniform enough for a few dozen items.
            let pick = Int(UInt64(last + 1).multipliedFullWidth(by: random.next()).high)
            array.swapAt(last, pick)
        }
    }

    /// A seed from an attempt id that is the same in every process. Swift's `Hasher` is
    /// seeded per process, so it would reshuffle a resumed attempt. FNV-1a, 64-bit.
    public static func seed(forAttemptID attemptID: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in attemptID.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
