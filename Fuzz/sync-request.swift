import Foundation

// libFuzzer entry: the sync request decoder the server runs on every push.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    if let request = try? SatchelJSON.decode(SyncRequest.self, from: data) {
        // Whatever decodes must merge with itself and encode again.
        for change in request.changes { _ = change.state.merging(change.state) }
        _ = try? SatchelJSON.encode(request)
    }
    return 0
}
