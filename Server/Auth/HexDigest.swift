import Crypto

/// Lowercase hex SHA-256 of a string's UTF-8: what the server stores in place of a bearer
/// secret or invite code. A plain hash is enough there, unlike passwords, because those
/// secrets carry 100 or more random bits and cannot be guessed from the digest.
func hexSHA256(_ text: String) -> String {
    SHA256.hash(data: Array(text.utf8)).map { byte in
        let hex = String(byte, radix: 16)
        return byte < 16 ? "0" + hex : hex
    }.joined()
}
