import Hummingbird

/// Reads `Authorization: Bearer …` into the context's caller. A token that is
/// presented but not live is refused at once, so a client learns to log in again
/// instead of being treated as anonymous.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = SatchelRequestContext

    let accounts: Accounts

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            return try await next(request, context)
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        let check: Accounts.TokenCheck = if parts.count == 2, parts[0].lowercased() == "bearer" {
            try await accounts.check(presenting: String(parts[1]))
        } else {
            .unknown
        }
        switch check {
        case .live(let caller, let lastSync):
            var context = context
            context.caller = caller
            context.bearer = String(parts[1])
            context.deviceLastSync = lastSync
            return try await next(request, context)
        case .revoked:
            throw APIError(.unauthorized, .invalidToken, Self.revoked)
        case .expired:
            throw APIError(.unauthorized, .invalidToken, Self.expired)
        case .unknown:
            throw APIError(.unauthorized, .invalidToken, "the token is unknown, expired or revoked; log in or join again")
        }
    }

    // Same code for all three: a client acts the same way. The holder of the secret
    // learns nothing it should not from the sentence.
    static let revoked = "this device was signed out: its token was revoked (logged out, removed from the account's devices, or a password change); work on the device is kept — join again with a new invite (students) or log in again (teachers)"
    static let expired = "this device's sign-in has ended (a device's token ends after 90 days without use, a teacher's after 30 days); work on the device is kept — join again with a new invite (students) or log in again (teachers)"
}

/// Counts every answer by method and status for `/metrics`.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = SatchelRequestContext

    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            let response = try await next(request, context)
            metrics.request(method: request.method.rawValue, status: response.status.code)
            return response
        } catch let error as HTTPResponseError {
            metrics.request(method: request.method.rawValue, status: error.status.code)
            throw error
        } catch {
            metrics.request(method: request.method.rawValue, status: 500)
            throw error
        }
    }
}
