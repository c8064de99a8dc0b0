import Foundation
import SatchelShared
import Testing

struct GradebookTests {
    let book = Fixture.gradebook

    func cell(_ student: String, _ assignment: String) throws -> Gradebook.Cell {
        let row = try #require(book.students.first { $0.id == student })
        return try #require(row.scores[assignment])
    }

    @Test func columnsAreTheGradedPresentAssignmentsOfTheClassInDueOrder() {
        // Percent and =Ratios share a due date: the title decides; Review has none: last.
        #expect(book.assignments.map(\.id) == ["a-decimals", "a-fractions", "a-ratios", "a-percent", "a-review"])
        #expect(book.assignments.map(\.title) == ["Decimals, part 2", "Fractions", "=Ratios", "Percent", "Review"])
        #expect(book.assignments.map(\.pointsPossible) == [10, 16, 10, 3, 2])
        #expect(book.class == Fixture.className)
        #expect(book.classID == Fixture.classID)
        #expect(book.teacherID == Fixture.teacher)
    }

    @Test func practiceDeletedAndOtherClassAssignmentsNeverAppear() {
        let ids = Set(book.assignments.map(\.id))
        #expect(!ids.contains("a-practice"))
        #expect(!ids.contains("a-deleted"))
        #expect(!ids.contains("a-other"))
        for row in book.students {
            #expect(Set(row.scores.keys) == ids)
        }
    }

    @Test func rowsAreTheRosterByName() {
        #expect(book.students.map(\.id) == [
            "s-plus", "s-minus", "s-cmd", "s-at", "s-ada", "s-ann", "s-oneil", "s-zoe",
        ])
        #expect(book.students.first { $0.id == "s-oneil" }?.name == "O'Neil, Ben \"Benny\"")
        #expect(!book.students.contains { $0.id == "s-gone" })
    }

    @Test func bestCountsTheHighestAttempt() throws {
        let fractions = try cell("s-ada", "a-fractions")
        #expect(fractions.score == 16)
        #expect(fractions.attempts == 3)
        #expect(!fractions.late)
    }

    @Test func bestCountsTheEarliestOfEqualAttempts() throws {
        // Zoë's second perfect attempt came late; the first, on time, is the one counted.
        let fractions = try cell("s-zoe", "a-fractions")
        #expect(fractions.score == 16)
        #expect(fractions.attempts == 2)
        #expect(!fractions.late)
    }

    @Test func latestCountsTheLastAttempt() throws {
        let decimals = try cell("s-ada", "a-decimals")
        #expect(decimals.score == 5)
        #expect(decimals.attempts == 2)
    }

    @Test func firstCountsTheFirstAttempt() throws {
        let ratios = try cell("s-ada", "a-ratios")
        #expect(ratios.score == 8)
        #expect(ratios.attempts == 2)
        // The second attempt's essay waits, but it is not the counted one.
        #expect(!ratios.awaitingTeacher)
    }

    @Test func averageCountsTheMeanOfAllGradedAttempts() throws {
        let percent = try cell("s-ada", "a-percent")
        #expect(percent.score == 4.0 / 3.0)
        #expect(percent.attempts == 3)
        #expect(!percent.late)
    }

    @Test func averageIsLateWhenAnyAttemptWas() throws {
        let percent = try cell("s-cmd", "a-percent")
        #expect(percent.score == 2)
        #expect(percent.late)
    }

    @Test func lateGoesByTheServersReceiptTime() throws {
        // Tablet clock says 16:59, server got it at 17:05: late.
        #expect(try cell("s-oneil", "a-fractions").late)
        // Tablet clock says 18:00, server got it at 16:30: on time.
        #expect(try !cell("s-oneil", "a-decimals").late)
    }

    @Test func lateGoesByTheCurrentDueDate() throws {
        // Received after the first due date, before the extended one: the stored flag
        // says late, the gradebook does not.
        let records = Fixture.make()
        let stored = try #require(records.grades.first { $0.studentID == "s-ada" && $0.receivedAt == Fixture.date("2026-11-09T22:00:01Z") })
        #expect(stored.late)
        #expect(try !cell("s-ada", "a-decimals").late)
    }

    @Test func noDueDateIsNeverLate() throws {
        let review = try cell("s-plus", "a-review")
        #expect(review.score == 2)
        #expect(!review.late)
    }

    @Test func essayPointsFromTheTeacherCount() throws {
        #expect(try cell("s-zoe", "a-ratios").score == 9.5)
        #expect(try !cell("s-zoe", "a-ratios").awaitingTeacher)
        let waiting = try cell("s-oneil", "a-ratios")
        #expect(waiting.score == 2)
        #expect(waiting.awaitingTeacher)
    }

    @Test func teacherPointsGivenLaterChangeTheScore() throws {
        var records = Fixture.make()
        let index = try #require(records.grades.firstIndex { $0.studentID == "s-oneil" && $0.assignmentID == "a-ratios" })
        records.grades[index].teacherPoints.assign(["q2": 8], at: Fixture.hlc("2026-11-27T08:00:00Z", node: "teacher-laptop"))
        let row = try #require(records.gradebook.students.first { $0.id == "s-oneil" })
        #expect(row.scores["a-ratios"]?.score == 10)
        #expect(row.scores["a-ratios"]?.awaitingTeacher == false)
    }

    @Test func onlyGradedAttemptsScoreButEveryAttemptCounts() throws {
        let pending = try cell("s-plus", "a-decimals")
        #expect(pending.score == nil)
        #expect(pending.attempts == 1)
        // A grade whose attempt record is missing still scores and counts.
        let orphan = try cell("s-at", "a-fractions")
        #expect(orphan.score == 16)
        #expect(orphan.attempts == 1)
    }

    @Test func zeroPointsIsAScore() throws {
        let review = try cell("s-minus", "a-review")
        #expect(review.score == 0)
        #expect(review.attempts == 1)
    }

    @Test func nothingSubmittedIsNil() throws {
        let row = try #require(book.students.first { $0.id == "s-ann" })
        for cell in row.scores.values {
            #expect(cell == Gradebook.Cell(score: nil, attempts: 0, late: false))
        }
    }

    @Test func duplicateRecordsMergeInsteadOfCountingTwice() {
        var records = Fixture.make()
        records.attempts += records.attempts
        records.grades += records.grades
        records.assignments += records.assignments
        #expect(records.gradebook == book)
    }

    @Test func jsonHasExactlyTheSpecifiedShape() throws {
        let data = try SatchelJSON.encode(book)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["class", "assignments", "students"])
        #expect(object["class"] as? String == Fixture.className)
        let columns = try #require(object["assignments"] as? [[String: Any]])
        for column in columns {
            #expect(Set(column.keys) == ["id", "title", "pointsPossible"])
        }
        let students = try #require(object["students"] as? [[String: Any]])
        for student in students {
            #expect(Set(student.keys) == ["id", "name", "scores"])
            let scores = try #require(student["scores"] as? [String: [String: Any]])
            for cell in scores.values {
                // score is present even when null.
                #expect(Set(cell.keys) == ["score", "attempts", "late"])
            }
        }
        let ann = try #require(students.first { $0["id"] as? String == "s-ann" })
        let annScores = try #require(ann["scores"] as? [String: [String: Any]])
        #expect(annScores["a-fractions"]?["score"] is NSNull)
        #expect(String(decoding: data, as: UTF8.self).contains("\"score\":null"))
    }

    @Test func jsonReadsBackToTheSameJSON() throws {
        let data = try SatchelJSON.encode(book)
        let decoded = try SatchelJSON.decode(Gradebook.self, from: data)
        #expect(try SatchelJSON.encode(decoded) == data)
        // What only the exports use is not in the JSON.
        #expect(decoded.classID == "")
        #expect(decoded.assignments.allSatisfy { $0.due == nil })
    }
}
