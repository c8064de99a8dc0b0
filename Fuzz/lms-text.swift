import Foundation

// libFuzzer entry: plain text copied out of an LMS.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let document = LMSTextLesson.parse(String(decoding: Data(bytes: start, count: count), as: UTF8.self))
    _ = document.lesson(id: "l", teacherID: "t", at: HLCTimestamp(milliseconds: 1, counter: 0, node: "f"))
    return 0
}
