/// The server's TLS files cannot be used or made; the message names the file and what to do.
public struct CertificateAuthorityError: Error, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
