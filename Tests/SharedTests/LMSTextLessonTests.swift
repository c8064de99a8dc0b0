import SatchelShared
import Testing

struct LMSTextLessonTests {
    private func airlift() throws -> LessonDocument {
        LMSTextLesson.parse(try Fixture.text("berlin-airlift.txt"))
    }

    @Test func titleComesFromTheLessonLineAndItsRepeatIsDropped() throws {
        let lesson = try airlift()

        #expect(lesson.title == "Bread from the Sky: The Berlin Airlift, 1948-1949.")
        #expect(lesson.introduction == "")
        #expect(lesson.issues == [])
    }

    @Test func shortPeriodEndedLinesStandingAloneAreTheHeadings() throws {
        let lesson = try airlift()

        #expect(lesson.sections.map(\.heading) == [
            "A divided city", "the blockade", "Operation Vittles", "Ending the blockade: May 1949", "Aftermath, 1949",
        ])
        #expect(lesson.sections.map(\.line) == [5, 15, 24, 41, 48])
    }

    @Test func sentencesAndUnpunctuatedLinesAfterTheLastHeadingStayInItsBody() throws {
        let lesson = try airlift()

        #expect(lesson.sections.last?.body == """
            The airlift convinced many West Germans that the Western powers would stand by them in future crises.

            Stalin miscalculated. Berlin held.

            U.S. aid under the Marshall Plan continued to rebuild the western zones

            Federal Republic of Germany founded in 1949: two German states now face each other

            NATO (1949): A military alliance of western nations pledging mutual defence against attack.
            """)
    }

    @Test func bulletsBecomeANestedMarkdownList() throws {
        let lesson = try airlift()

        #expect(lesson.sections[0].body == """
            - After 1945 the Allies split Germany and Berlin into four zones
            - Berlin sat deep inside the Soviet zone
              - Road, rail and canal routes crossed Soviet-held ground
              - Three air corridors were guaranteed in writing
            - The western zones introduced a new currency, the Deutsche Mark, in June 1948
            """)
    }

    @Test func calloutQuestionIsQuotedAndParagraphLinesAreJoined() throws {
        let lesson = try airlift()

        #expect(lesson.sections[2].body == """
            - U.S. and British aircraft flew around the clock
              - At the peak a plane landed roughly every minute
                - Pilots had one attempt to land; a missed approach meant flying home loaded
              - Tempelhof, Gatow and the new Tegel airfield handled the traffic
            - Coal made up most of the tonnage

            > **Was the airlift worth the risk?**

            Every flight was a gamble on weather and on Soviet restraint. Nobody shot at the planes, and the city kept its lights on, barely

            - Candy dropped on small parachutes made "Uncle Wiggly Wings" a hero to Berlin children
            - The Easter Parade of April 1949 delivered nearly 13,000 tons in one day
            """)
    }

    @Test func separatorLinesAndNoBreakSpacesNeverReachTheText() throws {
        let lesson = try airlift()

        for section in lesson.sections {
            #expect(!section.body.contains("\u{00A0}"), "section \(section.heading)")
            #expect(!section.body.contains("\n\n\n"), "section \(section.heading)")
            #expect(section.body == section.body.trimmingWhitespace, "section \(section.heading)")
        }
        #expect(lesson.sections[1].body == """
            - June 1948: Soviet authorities closed every land route into West Berlin
            - About two million people had food for roughly a month

            The Western Allies chose to supply the city by air rather than force the roads open with tanks.
            """)
    }

    @Test func capitalisedLicenceFooterIsTheAttributionNotContent() throws {
        let lesson = try airlift()

        let footer = "ALL MATERIALS IN THIS COURSE ARE LICENSED UNDER CREATIVE COMMONS BY-NC-SA UNLESS OTHERWISE NOTED."
        #expect(lesson.attribution == footer)
        #expect(lesson.sections.allSatisfy { !$0.body.contains("LICENSED") })
    }

    @Test func crlfAndByteOrderMarkReadLikePlainNewlines() throws {
        let text = try Fixture.text("berlin-airlift.txt")
        let windows = "\u{FEFF}" + text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n")

        #expect(LMSTextLesson.parse(windows) == LMSTextLesson.parse(text))
    }

    @Test func firstLineIsTheTitleWithoutALessonLine() {
        let lesson = LMSTextLesson.parse("Volcanoes\n\nMagma rises through the crust.\n\nTypes.\n\n• Shield\n• Cinder cone\n")

        #expect(lesson.title == "Volcanoes")
        #expect(lesson.introduction == "Magma rises through the crust.")
        #expect(lesson.sections.map(\.heading) == ["Types"])
        #expect(lesson.sections[0].body == "- Shield\n- Cinder cone")
    }

    @Test func textWithoutHeadingsIsOneSectionNamedLesson() {
        let lesson = LMSTextLesson.parse("SCI - Tides (Lesson)\n\nThe moon pulls the oceans\n\n• Two high tides a day\n")

        #expect(lesson.title == "Tides")
        #expect(lesson.issues == [])
        #expect(lesson.sections == [
            LessonDocument.Section(heading: "Lesson", body: "The moon pulls the oceans\n\n- Two high tides a day", line: 3),
        ])
    }

    @Test func closingSentenceWithNothingUnderItIsNotAHeading() {
        let lesson = LMSTextLesson.parse("Tides\n\nCauses.\n\n• The moon\n\nGood luck on the quiz.\n")

        #expect(lesson.sections.map(\.heading) == ["Causes"])
        #expect(lesson.sections[0].body == "- The moon\n\nGood luck on the quiz.")
    }

    @Test func copiedTextNeverBecomesMarkdownFormatting() {
        let lesson = LMSTextLesson.parse("Tides\n\nNotes.\n\n• *not bold* and [not a link]\n\n1958. A year, not a list\n\n# not a heading\n")

        #expect(lesson.sections[0].body == """
            - \\*not bold\\* and \\[not a link\\]

            1958\\. A year, not a list

            \\# not a heading
            """)
    }

    @Test func copyrightLineEndingThePageIsTheAttribution() {
        let lesson = LMSTextLesson.parse("Tides\n\nCauses.\n\n• The moon\n\n© 2024 Harbour Virtual School\n")

        #expect(lesson.attribution == "© 2024 Harbour Virtual School")
        #expect(lesson.sections[0].body == "- The moon")
    }

    @Test func emptyFileIsReported() {
        let issue = FormatIssue(line: 1, message: "the file is empty")
        #expect(LMSTextLesson.parse("").issues == [issue])
        #expect(LMSTextLesson.parse("\u{FEFF}\r\n\u{00A0}\n  \n").issues == [issue])
    }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
