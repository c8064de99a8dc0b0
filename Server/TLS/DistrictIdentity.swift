import Foundation

extension CertificateAuthority {
    /// The identity a server on `store` serves: from `folder`'s `tls/` beside SQLite;
    /// from the database on PostgreSQL, shared by every instance, with the public
    /// `ca.pem` copied into `folder`'s `tls/` for `satchel-server fingerprint` and for an
    /// administrator to hand out.
    ///
    /// The first instance of a district whose database holds no CA yet takes the one in
    /// `folder` when there is one with its key (a school moving onto PostgreSQL keeps the
    /// CA its devices pinned); otherwise it makes one. A folder holding a CA of its own
    /// that is not the database's is an error, never silently replaced: it may be the
    /// only copy of a school's CA.
    static func loadOrCreate(
        for store: ServerStore, folder: DataFolder, hostNames: [String], now: Date = Date()
    ) async throws -> ServerIdentity {
        guard store.engine == .postgresql else { return try loadOrCreate(in: folder, hostNames: hostNames, now: now) }
        do {
            try folder.prepare()
        } catch {
            throw CertificateAuthorityError(error.description)
        }
        let files = TLSFolder(folder: folder)
        let folderItems = files.items
        // A CA of the folder's own is one with its key; a lone ca.pem is an earlier copy.
        let folderCA = folderItems[.caKey] == nil ? nil : folderItems[.caCertificate]
        let identity = try await store.write { db in
            let rows = IdentityRows(db: db)
            if let kept = try rows.read(.caCertificate) {
                if let folderCA, try fingerprint(ofPEM: folderCA) != fingerprint(ofPEM: kept) {
                    throw CertificateAuthorityError(
                        "\(folder.tlsURL.path) holds a CA (ca.pem with ca-key.pem) other than the one in the database, which the district's devices trust; move that folder's ca-key.pem aside (keep it if it is a school's only copy) or give this instance an empty data folder")
                }
            } else if folderCA != nil {
                for (item, text) in folderItems { try rows.write(item, text) }
            }
            return try loadOrCreate(keeping: rows, hostNames: hostNames, now: now)
        }
        if folderItems[.caCertificate] != identity.caCertificatePEM {
            try files.write(.caCertificate, identity.caCertificatePEM)
        }
        return identity
    }

    /// The fingerprint of the CA a store's servers serve: `folder`'s `ca.pem` beside
    /// SQLite, the database's on PostgreSQL.
    static func fingerprint(for store: ServerStore, folder: DataFolder) async throws -> String {
        guard store.engine == .postgresql else { return try fingerprint(in: folder) }
        guard let pem = try await store.read({ db in try IdentityRows(db: db).read(.caCertificate) }) else {
            throw CertificateAuthorityError("the database holds no CA yet; start satchel-server once with this --database to create it")
        }
        return try fingerprint(ofPEM: pem)
    }
}
