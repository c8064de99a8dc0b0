import Foundation
import HTTPTypes
import Hummingbird
import SatchelShared

/// Every error the API answers with; it goes out as the ``ProblemDocument`` that
/// `SatchelShared` declares, with one of its ``ProblemCode``s.
public struct APIError: Error, Sendable, Equatable, CustomStringConvertible {
    public let status: HTTPResponse.Status
    public let code: ProblemCode
    public let detail: String
    /// Changes that caused a sync request to fail, each with its own code.
    public var changes: [RejectedChange] = []
    /// Included where the client's clock matters, so it can correct itself.
    public var serverTime: Date?
    /// Seconds to wait, for 429 answers.
    public var retryAfter: Int?

    public var description: String { detail }

    public init(_ status: HTTPResponse.Status, _ code: ProblemCode, _ detail: String) {
        self.status = status
        self.code = code
        self.detail = detail
    }

    static func malformed(_ detail: String) -> APIError { APIError(.badRequest, .malformedRequest, detail) }
    static let unauthenticated = APIError(.unauthorized, .unauthenticated, "this needs a valid token: log in (teachers) or join with an invite (students)")
    static func forbidden(_ detail: String) -> APIError { APIError(.forbidden, .forbidden, detail) }
    static func notFound(_ detail: String) -> APIError { APIError(.notFound, .notFound, detail) }

    /// The database could not be read while deciding a request: nothing was stored.
    static let unreadable = APIError(.serviceUnavailable, .storageUnavailable,
                                     "the server could not read its database; nothing from this request was stored — try again later")

    /// The database could not take a write: say so plainly, and that nothing was stored
    /// (the transaction rolled back), so the device keeps its work and tries again later.
    /// Decided by the kind of ``StoreError`` (SQLite's result code, PostgreSQL's SQLSTATE);
    /// the database's own text (SQL) never reaches a client.
    static func storage(_ error: StoreError) -> APIError {
        if error.kind == .full {
            return APIError(.init(code: 507, reasonPhrase: "Insufficient Storage"), .storageFull,
                            "the server's disk is full; nothing from this request was stored and your work stays on your device — the server's operator must free space")
        }
        // A database restarting or out of reach is back within seconds, as a rule.
        var unavailable = APIError(.serviceUnavailable, .storageUnavailable,
                                   "the server cannot reach or write its database; nothing from this request was stored — try again later")
        unavailable.retryAfter = 5
        return unavailable
    }
}

/// A database failure that reaches a route's caller is answered as ``APIError/storage(_:)``
/// says, whichever route it came from.
extension StoreError: HTTPResponseError {
    var status: HTTPResponse.Status { APIError.storage(self).status }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        try APIError.storage(self).response(from: request, context: context)
    }
}

extension APIError: HTTPResponseError {
    var document: ProblemDocument {
        ProblemDocument(status: status.code, title: status.reasonPhrase, code: code, detail: detail,
                        changes: changes.isEmpty ? nil : changes, serverTime: serverTime)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        let body = try SatchelJSON.encode(document)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
