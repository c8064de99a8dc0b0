import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The address invites and the first-run guide name: what the other devices on the
/// school's network type to reach this server, which a bare host name often is not.
struct PublicAddress: Equatable {
    /// A host name or an address, IPv6 without brackets: as the certificate names it.
    let host: String
    /// Nil when not given: the port the server listens on.
    let port: Int?

    /// `HOST`, `HOST:PORT`, `[IPv6]` or `[IPv6]:PORT`; a bare IPv6 address has no port.
    init?(parsing text: String) {
        let text = text.trimmingCharacters(in: .whitespaces)
        var host = text
        var portText: Substring?
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { return nil }
                portText = rest.dropFirst()
            }
        } else if text.count(where: { $0 == ":" }) == 1, let colon = text.firstIndex(of: ":") {
            host = String(text[..<colon])
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace || "/#?@[]".contains($0) }) else { return nil }
        if let portText {
            guard let port = Int(portText), (1...65_535).contains(port) else { return nil }
            self.port = port
        } else {
            port = nil
        }
        self.host = host
    }

    /// The administrator's choice if there is one, else the first `--san`, else this
    /// machine's first network address (IPv4, not loopback), else its host name.
    static func chosen(configured: PublicAddress?, extraNames: [String]) -> PublicAddress {
        if let configured { return configured }
        let fallback = extraNames.first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            ?? firstNetworkIPv4()
            ?? ProcessInfo.processInfo.hostName
        return PublicAddress(parsing: fallback) ?? PublicAddress(host: fallback, port: nil)
    }

    private init(host: String, port: Int?) {
        self.host = host
        self.port = port
    }

    /// `HOST:PORT` as a URL or invite writes it, with `listening` when no port was given.
    func authority(listening: Int) -> String {
        let shown = host.contains(":") ? "[\(host)]" : host
        return "\(shown):\(port ?? listening)"
    }

    /// The first IPv4 address of an interface that is up and not loopback.
    static func firstNetworkIPv4() -> String? {
        var interfaces: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&interfaces) == 0, let first = interfaces else { return nil }
        defer { freeifaddrs(interfaces) }
        for interface in sequence(first: first, next: { $0.pointee.ifa_next }) {
            let flags = Int32(interface.pointee.ifa_flags)
            guard let address = interface.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET),
                  flags & Int32(IFF_UP) != 0, flags & Int32(IFF_LOOPBACK) == 0
            else { continue }
            var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            let found = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                var bytes = pointer.pointee.sin_addr
                return inet_ntop(AF_INET, &bytes, &text, socklen_t(INET_ADDRSTRLEN)) != nil
            }
            if found { return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        }
        return nil
    }
}
