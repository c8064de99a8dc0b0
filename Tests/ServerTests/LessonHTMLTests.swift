@testable import SatchelServer
import Testing

/// The teacher's lesson page shows lessons from files teachers were sent: the HTML is
/// built from the parsed Markdown, so nothing in a lesson can run or reach the page.
struct LessonHTMLTests {
    @Test func theLessonsStructureBecomesHTML() {
        let html = LessonHTML.html("""
        # The thaw

        Stalin died in **1953**; *peace, land and bread* was `Lenin's` call.

        ## After Stalin

        3. third
        4. fourth
           - nested

        > A quoted line.

        ```
        code <kept>
        ```

        ---
        """)
        #expect(html == """
        <h1>The thaw</h1>
        <p>Stalin died in <strong>1953</strong>; <em>peace, land and bread</em> was <code>Lenin&#39;s</code> call.</p>
        <h2>After Stalin</h2>
        <ol start="3"><li>third</li><li><p>fourth</p>
        <ul><li>nested</li></ul></li></ol>
        <blockquote><p>A quoted line.</p></blockquote>
        <pre><code>code &lt;kept&gt;</code></pre>
        <hr>
        """)
    }

    @Test func htmlInALessonIsShownAsTextNotRun() {
        let html = LessonHTML.html("<script>alert(1)</script>\n\n<img src=x onerror=alert(1)> & \"quotes\"")
        #expect(html == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n<p>&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;</p>")
    }

    @Test func onlyWebAndMailLinksAreFollowable() {
        #expect(LessonHTML.html("[the speech](https://example.org/speech?a=1&b=2)")
            == #"<p><a href="https://example.org/speech?a=1&amp;b=2" rel="noopener noreferrer">the speech</a></p>"#)
        #expect(LessonHTML.html("<ana@example.org>") == #"<p><a href="mailto:ana@example.org" rel="noopener noreferrer">ana@example.org</a></p>"#)
        #expect(LessonHTML.html("[click me](javascript:alert(1))") == "<p>click me (javascript:alert(1))</p>")
        #expect(LessonHTML.html("[x](JavaScript:alert(1))").contains("href") == false)
        #expect(LessonHTML.html("<javascript:alert(1)>") == "<p>javascript:alert(1)</p>")
        #expect(LessonHTML.html("![map](data:text/html,<script>alert(1)</script>)").contains("<script") == false)
    }

    @Test func aQuoteInADestinationCannotLeaveTheAttribute() {
        let html = LessonHTML.html(#"[x](https://example.org/"onmouseover="alert(1))"#)
        #expect(html == #"<p><a href="https://example.org/&quot;onmouseover=&quot;alert(1)" rel="noopener noreferrer">x</a></p>"#)
    }
}
