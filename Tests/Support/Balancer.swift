import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// nginx passing TCP through to server instances on loopback, with the configuration
/// docs/deploy.md gives (its ports and folder aside): TLS and the device's pin reach the
/// instance, and each connection starts with the PROXY line naming the device.
///
/// ```swift
/// let balancer = try Balancer(instancePorts: [21001, 21002], folder: folder)
/// // devices use https://localhost:\(balancer.port)/
/// balancer.stop()
/// ```
public final class Balancer: Sendable {
    public static let nginx = "/usr/sbin/nginx"
    public static let streamModule = "/usr/lib/nginx/modules/ngx_stream_module.so"
    public static var isInstalled: Bool {
        FileManager.default.isExecutableFile(atPath: nginx) && FileManager.default.fileExists(atPath: streamModule)
    }

    public let process: Process
    public let port: Int

    public struct Failed: Error, CustomStringConvertible {
        public let description: String
    }

    /// Starts nginx (`daemon off`, its files in `folder`) on `port`, or on a free-looking
    /// one below Linux's ephemeral range, and waits until it listens.
    public init(instancePorts: [Int], folder: URL, port: Int? = nil) throws {
        guard Self.isInstalled else {
            throw Failed(description: "nginx with its stream module is missing: apt-get install nginx libnginx-mod-stream (scripts/nginx)")
        }
        self.port = port ?? Int.random(in: 20_000...32_000)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let upstreams = instancePorts.map { "        server 127.0.0.1:\($0) max_fails=1 fail_timeout=10s;" }.joined(separator: "\n")
        let configuration = """
            load_module \(Self.streamModule);
            worker_processes auto;
            pid \(folder.path)/nginx.pid;
            error_log \(folder.path)/error.log info;
            events { worker_connections 4096; }
            stream {
                upstream satchel {
            \(upstreams)
                }
                server {
                    listen 127.0.0.1:\(self.port);
                    proxy_pass satchel;
                    proxy_protocol on;
                    proxy_connect_timeout 2s;
                    proxy_next_upstream on;
                }
            }
            """
        let file = folder.appendingPathComponent("nginx.conf")
        try configuration.write(to: file, atomically: true, encoding: .utf8)
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.nginx)
        process.arguments = ["-p", folder.path + "/", "-c", file.path, "-g", "daemon off;"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while !Self.listening(self.port) {
            guard process.isRunning, Date() < deadline else {
                stop()
                throw Failed(description: "nginx did not listen on port \(self.port); see \(folder.path)/error.log")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    public var base: URL { URL(string: "https://localhost:\(port)/")! }

    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    private static func listening(_ port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
