import Foundation
@testable import SatchelServer
import Testing
import X509

struct CertificateAuthorityVerificationTests {
    private func validate(
        _ identity: ServerIdentity,
        hostname: String?,
        ip: String?
    ) async throws -> Bool {
        let ca = try Certificate(pemEncoded: identity.caCertificatePEM)
        let leaf = try Certificate(pemEncoded: identity.leafCertificatePEM)
        var verifier = Verifier(rootCertificates: CertificateStore([ca])) {
            RFC5280Policy()
            ServerIdentityPolicy(serverHostname: hostname, serverIP: ip)
        }
        if case .validCertificate = await verifier.validate(leaf: leaf, intermediates: CertificateStore()) {
            return true
        }
        return false
    }

    @Test func leafVerifiesForLocalhostAndLoopbackAddresses() async throws {
        try await withDataFolder { folder in
            let identity = try CertificateAuthority.loadOrCreate(in: folder, hostNames: ["satchel.example"])
            #expect(try await validate(identity, hostname: "localhost", ip: nil))
            #expect(try await validate(identity, hostname: nil, ip: "127.0.0.1"))
            #expect(try await validate(identity, hostname: nil, ip: "::1"))
            #expect(try await validate(identity, hostname: "satchel.example", ip: nil))
            #expect(try await !validate(identity, hostname: "other.example", ip: nil))
        }
    }

    @Test func leafDoesNotVerifyAgainstAnotherCA() async throws {
        try await withDataFolder { folder in
            try await withDataFolder { otherFolder in
                let identity = try CertificateAuthority.loadOrCreate(in: folder, hostNames: [])
                let other = try CertificateAuthority.loadOrCreate(in: otherFolder, hostNames: [])
                let ca = try Certificate(pemEncoded: other.caCertificatePEM)
                let leaf = try Certificate(pemEncoded: identity.leafCertificatePEM)
                var verifier = Verifier(rootCertificates: CertificateStore([ca])) {
                    RFC5280Policy()
                }
                let result = await verifier.validate(leaf: leaf, intermediates: CertificateStore())
                guard case .couldNotValidate = result else {
                    Issue.record("a leaf verified against a CA that did not sign it")
                    return
                }
            }
        }
    }

    @Test func sanListHasLoopbackAndRequestedNamesOnceEach() async throws {
        try await withDataFolder { folder in
            let identity = try CertificateAuthority.loadOrCreate(
                in: folder,
                hostNames: ["satchel.example", "192.0.2.10", "Satchel.Example", "[2001:db8::7]", " ", "localhost"]
            )
            let names = try subjectAlternativeNames(of: Certificate(pemEncoded: identity.leafCertificatePEM))

            #expect(names.contains(.dnsName("localhost")))
            #expect(names.contains(ipAddress([127, 0, 0, 1])))
            #expect(names.contains(ipAddress(ipv6Loopback)))
            #expect(names.contains(.dnsName("satchel.example")))
            #expect(names.contains(ipAddress([192, 0, 2, 10])))
            #expect(names.contains(ipAddress([0x20, 0x01, 0x0d, 0xb8] + Array(repeating: 0, count: 11) + [7])))
            #expect(!names.contains(.dnsName("127.0.0.1")))
            #expect(!names.contains(.dnsName("192.0.2.10")))
            #expect(names.count == Set(names.map { "\($0)" }).count)
            #expect(names.filter { $0 == .dnsName("satchel.example") }.count == 1)
        }
    }

    /// The machine's own name is covered whatever it is: a bare name, a numeric address
    /// (as an IP name, not DNS), one of the loopback names (not twice), or none.
    @Test(arguments: [
        ("vm", [SubjectName.dns("vm")]),
        ("School-Server.lan", [.dns("school-server.lan")]),
        ("10.0.0.5", [.ip([10, 0, 0, 5])]),
        ("localhost", []),
        ("", []),
    ])
    func sanListHasTheMachineHostName(machine: String, added: [SubjectName]) async throws {
        let loopback: [SubjectName] = [.dns("localhost"), .ip([127, 0, 0, 1]), .ip(ipv6Loopback)]
        #expect(SubjectName.wanted(hostNames: ["satchel.example"], machineHostName: machine) == loopback + added + [.dns("satchel.example")])
    }

    /// And the real leaf carries what `wanted` gives for this machine's name.
    @Test func theLeafCarriesTheWantedNames() async throws {
        try await withDataFolder { folder in
            let identity = try CertificateAuthority.loadOrCreate(in: folder, hostNames: ["satchel.example"])
            let names = try subjectAlternativeNames(of: Certificate(pemEncoded: identity.leafCertificatePEM))
            let wanted = SubjectName.wanted(hostNames: ["satchel.example"], machineHostName: ProcessInfo.processInfo.hostName)
            #expect(names.compactMap(SubjectName.init) == wanted)
        }
    }
}
