import Foundation
import SatchelShared
import SatchelServer
import Testing

struct CSVWriterTests {
    func line(_ fields: [CSVWriter.Field]) -> String {
        var csv = CSVWriter()
        csv.writeRow(fields)
        return csv.text
    }

    @Test func recordsEndInCRLF() {
        var csv = CSVWriter()
        csv.writeRow(["a", "b"])
        csv.writeRow(["c", "d"])
        #expect(csv.text == "a,b\r\nc,d\r\n")
    }

    @Test func fieldsWithCommaQuoteOrLineBreakAreQuoted() {
        #expect(line(["a,b"]) == "\"a,b\"\r\n")
        #expect(line(["say \"hi\""]) == "\"say \"\"hi\"\"\"\r\n")
        #expect(line(["two\nlines"]) == "\"two\nlines\"\r\n")
        #expect(line(["two\r\nlines"]) == "\"two\r\nlines\"\r\n")
        #expect(line(["plain", "", "Zoë Łukasik"]) == "plain,,Zoë Łukasik\r\n")
    }

    @Test(arguments: ["=1+1", "+plus", "-minus", "@at", "\tTab", "\rCR"])
    func formulaTriggersGetAQuote(_ text: String) throws {
        let encoded = CSVWriter().encode(.text(text))
        #expect(encoded.hasPrefix("'") || encoded.hasPrefix("\"'"))
        let parsed = try parseCSV(line([.text(text), "x"]))
        #expect(parsed == [["'" + text, "x"]])
    }

    @Test func theClassicPayloadIsDefused() {
        #expect(line(["=cmd|' /C calc'!A0"]) == "'=cmd|' /C calc'!A0\r\n")
        #expect(line(["=HYPERLINK(\"http://x\",\"y\")"]) == "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\r\n")
    }

    @Test func textThatOnlyContainsTriggersLaterIsLeftAlone() {
        #expect(line(["a=b", "x-y", "me@example.org", "O'Neil"]) == "a=b,x-y,me@example.org,O'Neil\r\n")
    }

    @Test func numbersAreNotMangled() {
        #expect(line([.number(16), .number(15.5), .number(0), .numeral("-3"), .numeral("-0.25")]) == "16,15.5,0,-3,-0.25\r\n")
        // Something that is not a plain number is treated as text.
        #expect(line([.numeral("-1+2"), .numeral("1e5")]) == "'-1+2,1e5\r\n")
    }

    @Test func protectionCanBeTurnedOff() {
        var csv = CSVWriter(protectsFormulas: false)
        csv.writeRow(["=raw"])
        #expect(csv.text == "=raw\r\n")
    }

    @Test func pointsHaveUpToTwoDecimalsTrimmed() {
        #expect(CSVWriter.format(16, decimals: 2, trimmed: true) == "16")
        #expect(CSVWriter.format(15.5, decimals: 2, trimmed: true) == "15.5")
        #expect(CSVWriter.format(15.25, decimals: 2, trimmed: true) == "15.25")
        #expect(CSVWriter.format(4.0 / 3.0, decimals: 2, trimmed: true) == "1.33")
        #expect(CSVWriter.format(2.0 / 3.0, decimals: 2, trimmed: true) == "0.67")
        #expect(CSVWriter.format(0.125, decimals: 2, trimmed: true) == "0.13")
        #expect(CSVWriter.format(9.999, decimals: 2, trimmed: true) == "10")
        #expect(CSVWriter.format(0, decimals: 2, trimmed: true) == "0")
        #expect(CSVWriter.format(1_234_567.891, decimals: 2, trimmed: true) == "1234567.89")
    }

    @Test func percentsHaveExactlyOneDecimal() {
        #expect(CSVWriter.format(100, decimals: 1, trimmed: false) == "100.0")
        #expect(CSVWriter.format(87.5, decimals: 1, trimmed: false) == "87.5")
        #expect(CSVWriter.format(200.0 / 3.0, decimals: 1, trimmed: false) == "66.7")
        #expect(CSVWriter.format(0.04, decimals: 1, trimmed: false) == "0.0")
    }
}
