import Foundation
import Testing

/// `satchel lesson check`, run as the real binary with no server anywhere.
struct LessonCheckCommandTests {
    let satchel = Binary("satchel")

    static let lesson = """
        # The Space Race

        Intro text.

        ## Sputnik

        - launched in **1957**

        ## Apollo

        The Moon in 1969.

        ```gift
        ::Sputnik year::When was Sputnik launched? {#1957}

        The first person on the Moon was {=Neil Armstrong =Armstrong}.

        Apollo 11 landed in 1969. {T}
        ```
        """

    @Test func cleanLessonPassesAndDescribesItselfInJSON() async throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("space.md", Self.lesson)
        let outcome = try await satchel.run(["lesson", "check", "--json", file])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(report["title"] as? String == "The Space Race")
        let sections = try #require(report["sections"] as? [[String: Any]])
        #expect(sections.compactMap { $0["heading"] as? String } == ["Sputnik", "Apollo"])
        let questions = try #require(report["questions"] as? [[String: Any]])
        #expect(questions.compactMap { $0["type"] as? String } == ["numeric", "shortAnswer", "trueFalse"])
        #expect(questions.first?["title"] as? String == "Sputnik year")
        #expect((report["errors"] as? [Any])?.isEmpty == true)
    }

    /// Moodle's "description": instructions between questions, with no answer block.
    @Test func aGIFTDescriptionPassesAndIsListedAsADescription() async throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("quiz.gift", """
            ::Intro:: Read the passage below, then answer the questions.

            Apollo 11 landed in 1969. {T}
            """)
        let outcome = try await satchel.run(["lesson", "check", "--json", file])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let questions = try #require(report["questions"] as? [[String: Any]])
        #expect(questions.compactMap { $0["type"] as? String } == ["description", "trueFalse"])
        #expect(questions.first?["title"] as? String == "Intro")
    }

    @Test func textReportNamesSectionsAndQuestionCounts() async throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("space.md", Self.lesson)
        let outcome = try await satchel.run(["lesson", "check", file])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("lesson \"The Space Race\""))
        #expect(outcome.stdout.contains("section: Apollo"))
        #expect(outcome.stdout.contains("3 questions"))
    }

    @Test func brokenQuizExitsNonZeroNamingTheLine() async throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("broken.gift", """
            // line 1
            Fine question {T}

            Which year? {#19x5}

            Never closed {=yes ~no
            """)
        let outcome = try await satchel.run(["lesson", "check", "--json", file])
        #expect(outcome.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let errors = try #require(report["errors"] as? [[String: Any]])
        let lines = errors.compactMap { $0["line"] as? Int }
        #expect(lines.contains(4))
        #expect(lines.contains(6))
        // The good question is still reported.
        #expect((report["questions"] as? [Any])?.count == 1)

        let text = try await satchel.run(["lesson", "check", file])
        #expect(text.status == 1)
        #expect(text.stdout.contains("broken.gift:4"))
    }

    @Test func severalFilesGiveAnArrayAndAnyErrorFailsTheRun() async throws {
        let folder = try TemporaryFolder()
        let good = try folder.write("good.gift", "Sky is blue? {T}\n")
        let bad = try folder.write("bad.md", "no title here\n\n## Section\n")
        let outcome = try await satchel.run(["lesson", "check", "--json", good, bad])
        #expect(outcome.status == 1)
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [[String: Any]])
        #expect(reports.count == 2)
    }

    @Test func missingFileIsOneClearLineOnStderr() async throws {
        let outcome = try await satchel.run(["lesson", "check", "/nonexistent/lesson.md"])
        #expect(outcome.status != 0)
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        #expect(outcome.stderr.contains("/nonexistent/lesson.md cannot be read"))
    }

    @Test func lmsTextIsReadAsALesson() async throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("airlift.txt", """
            HIS - The Berlin Airlift. (Lesson)

            The Berlin Airlift.

            Blockade.

              • Roads closed in 1948
                • Rail links too

            \u{00A0}

            Airlift.

            Planes landed every few minutes for almost a year, carrying coal and food.

            ALL CONTENT IS LICENSED UNDER CREATIVE COMMONS BY-SA 4.0.
            """)
        let outcome = try await satchel.run(["lesson", "check", "--json", file])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(report["title"] as? String == "The Berlin Airlift.")
        let headings = (report["sections"] as? [[String: Any]])?.compactMap { $0["heading"] as? String }
        #expect(headings == ["Blockade", "Airlift"])
    }
}
