import Foundation
import SwiftASN1
import X509

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A name the leaf answers to, kept the way TLS clients compare it: addresses as bytes
/// (a client connecting to 127.0.0.1 looks for an IP SAN, never a DNS one), DNS names in lower case.
enum SubjectName: Hashable, Sendable {
    case dns(String)
    case ip([UInt8])

    init?(parsing text: String) {
        let name = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { return nil }
        // URLs write IPv6 hosts in brackets; operators copy them from there.
        let bare = name.hasPrefix("[") && name.hasSuffix("]") ? String(name.dropFirst().dropLast()) : name
        if let bytes = Self.addressBytes(bare) {
            self = .ip(bytes)
        } else {
            self = .dns(name.lowercased())
        }
    }

    init?(_ name: GeneralName) {
        switch name {
        case .dnsName(let dns): self = .dns(dns.lowercased())
        case .ipAddress(let address): self = .ip(Array(address.bytes))
        default: return nil
        }
    }

    var generalName: GeneralName {
        switch self {
        case .dns(let name): .dnsName(name)
        case .ip(let bytes): .ipAddress(ASN1OctetString(contentBytes: bytes[...]))
        }
    }

    /// What every leaf must cover: loopback for local clients, the machine's own name,
    /// then the names the operator asked for, in that order and without repeats.
    static func wanted(hostNames: [String], machineHostName: String) -> [SubjectName] {
        var names: [SubjectName] = []
        for text in ["localhost", "127.0.0.1", "::1", machineHostName] + hostNames {
            if let name = SubjectName(parsing: text), !names.contains(name) {
                names.append(name)
            }
        }
        return names
    }

    private static func addressBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }
}
