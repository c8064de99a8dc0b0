import Foundation

// libFuzzer entry: Markdown lessons, with their embedded quiz.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let document = MarkdownLesson.parse(String(decoding: Data(bytes: start, count: count), as: UTF8.self))
    if let quiz = document.quiz { _ = GIFT.parse(quiz.source, firstLine: quiz.firstLine) }
    return 0
}
