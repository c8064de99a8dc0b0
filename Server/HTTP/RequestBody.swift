import CompressNIO
import Foundation
import Hummingbird
import SatchelShared

enum RequestBodyLimit {
    /// Large enough for a thousand changes of a big lesson; a larger outbox syncs in several requests.
    static let maximumBytes = 8 * 1024 * 1024
}

extension Request {
    /// Reads and decodes a JSON body (gzip accepted), turning every way it can be
    /// wrong into a 4xx problem that says what to fix.
    func decode<T: Decodable>(_ type: T.Type, context: SatchelRequestContext) async throws -> T {
        var body: ByteBuffer
        do {
            body = try await self.body.collect(upTo: RequestBodyLimit.maximumBytes)
        } catch {
            throw APIError(.contentTooLarge, .bodyTooLarge,
                           "the request body is over \(RequestBodyLimit.maximumBytes / 1_048_576) MiB; send fewer changes per request")
        }
        if headers[.contentEncoding]?.lowercased() == "gzip" {
            do {
                body = try body.decompress(with: .gzip(), maxSize: RequestBodyLimit.maximumBytes)
            } catch {
                throw APIError(.badRequest, .badEncoding, "the body says it is gzip but does not inflate, or inflates past the size limit")
            }
        }
        let data = Data(buffer: body)
        do {
            return try SatchelJSON.decode(type, from: data)
        } catch let error as ChangeDecodingError {
            throw APIError(.badRequest, error.code, error.description)
        } catch let error as DecodingError {
            throw APIError.malformed(Self.describe(error))
        } catch {
            throw APIError.malformed("the body is not valid JSON")
        }
    }

    /// A decoding error as a sentence naming the field.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let names = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return names.isEmpty ? "the body" : "field '\(names.drop { $0 == "." })'"
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context)) is missing '\(key.stringValue)'"
        case .typeMismatch(let type, let context):
            return "\(path(context)) should be \(type)"
        case .valueNotFound(let type, let context):
            return "\(path(context)) should be \(type), not null"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "the body is not valid JSON" }
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "the body does not match the expected shape"
        }
    }
}
