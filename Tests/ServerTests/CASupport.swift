import Crypto
import Foundation
import SatchelServer
import SwiftASN1
import X509

/// Runs `body` with a fresh data folder and removes it afterwards.
func withDataFolder<T>(_ body: (DataFolder) async throws -> T) async throws -> T {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("satchel-pki-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: url) }
    return try await body(DataFolder(path: url.path))
}

let opensslPath = "/usr/bin/openssl"
let hasOpenSSL = FileManager.default.isExecutableFile(atPath: opensslPath)

/// Runs openssl and returns its exit status and what it printed on both streams.
func openssl(_ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: opensslPath)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

func permissions(of url: URL) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
    return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
}

func tlsFile(_ name: String, in folder: DataFolder) -> URL {
    folder.tlsURL.appendingPathComponent(name)
}

func subjectAlternativeNames(of certificate: Certificate) throws -> [GeneralName] {
    Array(try certificate.extensions.subjectAlternativeNames ?? SubjectAlternativeNames())
}

func ipAddress(_ bytes: [UInt8]) -> GeneralName {
    .ipAddress(ASN1OctetString(contentBytes: bytes[...]))
}

let ipv6Loopback: [UInt8] = Array(repeating: 0, count: 15) + [1]
