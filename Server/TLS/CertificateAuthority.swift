import Crypto
import Foundation
import SwiftASN1
import X509

public enum CertificateAuthority {
    /// Loads DATA/tls/{ca.pem, ca-key.pem, leaf.pem, leaf-key.pem}; creates what is missing
    /// (a new CA only if there is none); makes a new leaf from the CA when the leaf is missing,
    /// expires within `renewWithin`, or lacks one of the wanted SANs. Returns what to serve.
    public static func loadOrCreate(
        in folder: DataFolder,
        hostNames: [String],
        now: Date = Date(),
        renewWithin: TimeInterval = 30 * 86_400
    ) throws -> ServerIdentity {
        do {
            try folder.prepare()
        } catch {
            throw CertificateAuthorityError(error.description)
        }
        return try loadOrCreate(keeping: TLSFolder(folder: folder), hostNames: hostNames, now: now, renewWithin: renewWithin)
    }

    /// `loadOrCreate(in:)` wherever the identity is kept.
    static func loadOrCreate(
        keeping: some IdentityKeeping,
        hostNames: [String],
        now: Date = Date(),
        renewWithin: TimeInterval = 30 * 86_400
    ) throws -> ServerIdentity {
        let machineHostName = ProcessInfo.processInfo.hostName
        let names = SubjectName.wanted(hostNames: hostNames, machineHostName: machineHostName)
        let primaryName = (hostNames + [machineHostName])
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .first { !$0.isEmpty } ?? "localhost"

        do {
            let (authority, authorityKey) = try loadOrCreateAuthority(keeping: keeping, hostName: primaryName, now: now)
            let leaf: Certificate
            let leafKey: P256.Signing.PrivateKey
            if let current = currentLeaf(keeping: keeping, authority: authority, names: names, now: now, renewWithin: renewWithin) {
                (leaf, leafKey) = current
            } else {
                leafKey = P256.Signing.PrivateKey()
                leaf = try makeLeaf(
                    key: leafKey, commonName: primaryName, names: names,
                    authority: authority, authorityKey: authorityKey, now: now
                )
                // Key first: a crash between the two leaves a leaf that does not match its key,
                // which the next start notices and replaces.
                try keeping.write(.leafKey, leafKey.pemRepresentation)
                try keeping.write(.leafCertificate, leaf.serializeAsPEM().pemString)
            }
            let authorityDocument = try authority.serializeAsPEM()
            return ServerIdentity(
                caCertificatePEM: authorityDocument.pemString,
                leafCertificatePEM: try leaf.serializeAsPEM().pemString,
                leafPrivateKeyPEM: leafKey.pemRepresentation,
                leafNotValidAfter: leaf.notValidAfter,
                caFingerprint: fingerprint(ofDER: authorityDocument.derBytes)
            )
        } catch let error as CertificateAuthorityError {
            throw error
        } catch let error as StoreError {
            throw error
        } catch {
            throw CertificateAuthorityError(
                "Cannot make the server's TLS certificate in \(keeping.place(.leafCertificate)) (\(error)); report this as a bug."
            )
        }
    }

    /// The fingerprint of an existing CA, for `satchel-server fingerprint`; a clear error when there is none yet.
    public static func fingerprint(in folder: DataFolder) throws -> String {
        let url = folder.caCertificateURL
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw CertificateAuthorityError(
                "There is no CA certificate at \(url.path) yet; start satchel-server once with this data folder to create it."
            )
        }
        do {
            return try fingerprint(ofPEM: String(contentsOf: url, encoding: .utf8))
        } catch {
            throw CertificateAuthorityError(
                "The CA certificate \(url.path) cannot be read (\(error)); restore it from a backup."
            )
        }
    }

    public static func fingerprint(ofPEM pem: String) throws -> String {
        let document: PEMDocument
        do {
            document = try PEMDocument(pemString: pem)
            _ = try Certificate(derEncoded: document.derBytes)
        } catch {
            throw CertificateAuthorityError("The text is not a PEM certificate (\(error)); pass the contents of ca.pem.")
        }
        return fingerprint(ofDER: document.derBytes)
    }

    static func fingerprint(ofDER der: [UInt8]) -> String {
        let hex = SHA256.hash(data: der).map { byte in
            let digits = String(byte, radix: 16)
            return byte < 0x10 ? "0" + digits : digits
        }
        return "sha256:" + hex.joined()
    }

    /// The existing CA, or a new one when there is no ca.pem; anything else wrong with an existing CA
    /// is an error, because replacing it would break every client that pinned it.
    private static func loadOrCreateAuthority(
        keeping: some IdentityKeeping,
        hostName: String,
        now: Date
    ) throws -> (Certificate, Certificate.PrivateKey) {
        let certificatePlace = keeping.place(.caCertificate)
        let keyPlace = keeping.place(.caKey)
        let startOver = keeping.startOver
        /// An item's text; unreadable is an error that says what to restore. A database
        /// that cannot answer stays a `StoreError`, answered as the database's fault.
        func read(_ item: IdentityItem, _ what: String, restoring: String) throws -> String? {
            do {
                return try keeping.read(item)
            } catch let error as StoreError {
                throw error
            } catch {
                throw CertificateAuthorityError(
                    "The \(what) \(keeping.place(item)) cannot be read (\(error)); restore \(restoring) from a backup, or \(startOver)."
                )
            }
        }

        let certificateText = try read(.caCertificate, "CA certificate", restoring: "it")
        guard let certificateText else {
            let key = P256.Signing.PrivateKey()
            let authority = try makeAuthority(key: key, hostName: hostName, now: now)
            // Key first, so that a ca.pem always has its key beside it, even after a crash.
            try keeping.write(.caKey, key.pemRepresentation)
            try keeping.write(.caCertificate, authority.serializeAsPEM().pemString)
            return (authority, Certificate.PrivateKey(key))
        }

        let authority: Certificate
        do {
            authority = try Certificate(pemEncoded: certificateText)
        } catch {
            throw CertificateAuthorityError(
                "The CA certificate \(certificatePlace) cannot be read (\(error)); restore it from a backup, or \(startOver)."
            )
        }
        let keyText = try read(.caKey, "CA key", restoring: "ca-key.pem")
        guard let keyText else {
            throw CertificateAuthorityError(
                "The CA key \(keyPlace) is missing beside its certificate ca.pem; restore ca-key.pem from a backup, or \(startOver)."
            )
        }
        let key: Certificate.PrivateKey
        do {
            key = try Certificate.PrivateKey(pemEncoded: keyText)
        } catch {
            throw CertificateAuthorityError(
                "The CA key \(keyPlace) cannot be read (\(error)); restore ca-key.pem from a backup, or \(startOver)."
            )
        }
        guard key.publicKey == authority.publicKey else {
            throw CertificateAuthorityError(
                "The CA key \(keyPlace) does not belong to the certificate ca.pem; restore the matching pair from a backup, or \(startOver)."
            )
        }
        guard authority.notValidAfter > now else {
            throw CertificateAuthorityError(
                "The CA certificate \(certificatePlace) expired on \(authority.notValidAfter); \(startOver)."
            )
        }
        return (authority, key)
    }

    /// The leaf kept if it can still be served as it is; nil means make a new one.
    private static func currentLeaf(
        keeping: some IdentityKeeping,
        authority: Certificate,
        names: [SubjectName],
        now: Date,
        renewWithin: TimeInterval
    ) -> (Certificate, P256.Signing.PrivateKey)? {
        guard
            let leafText = try? keeping.read(.leafCertificate),
            let keyText = try? keeping.read(.leafKey),
            let leaf = try? Certificate(pemEncoded: leafText),
            let key = try? P256.Signing.PrivateKey(pemRepresentation: keyText)
        else { return nil }

        let sans = (try? leaf.extensions.subjectAlternativeNames) ?? SubjectAlternativeNames()
        let covered = Set(sans.compactMap(SubjectName.init))
        guard
            leaf.publicKey == Certificate.PublicKey(key.publicKey),
            leaf.issuer == authority.subject,
            authority.publicKey.isValidSignature(leaf.signature, for: leaf),
            leaf.notValidBefore <= now,
            leaf.notValidAfter.timeIntervalSince(now) >= renewWithin,
            names.allSatisfy(covered.contains)
        else { return nil }
        return (leaf, key)
    }
}
