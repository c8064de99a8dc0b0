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
        guard parts.count == 2, parts[0].lowercased() == "bearer",
              let caller = try await accounts.caller(presenting: String(parts[1]))
        else {
            throw APIError(.unauthorized, "invalid-token", "the token is unknown, expired or revoked; log in or join again")
        }
        var context = context
        context.caller = caller
        context.bearer = String(parts[1])
        return try await next(request, context)
    }
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
