import Foundation

// libFuzzer entry: GIFT quizzes. Built by scripts/fuzz with the Shared sources.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let quiz = GIFT.parse(String(decoding: Data(bytes: start, count: count), as: UTF8.self))
    // Every question the parser keeps must be gradable without trapping.
    for question in quiz.questions { _ = grade(nil, to: question) }
    return 0
}
