// swift-tools-version: 6.1

import PackageDescription

import class Foundation.ProcessInfo

// Benchmarks pull in ordo-one/benchmark and its malloc interposer; `swift test` and CI
// never build them. `SATCHEL_BENCHMARKS=1 swift package benchmark` does.
let buildBenchmarks = ProcessInfo.processInfo.environment["SATCHEL_BENCHMARKS"] != nil

var dependencies: [Package.Dependency] = [
    .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
    .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
    .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
    .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
]

var targets: [Target] = [
    .target(name: "SatchelShared", path: "Shared"),
    .target(
        name: "SatchelServer",
        dependencies: [
            "SatchelShared",
            .product(name: "CompressNIO", package: "compress-nio"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTLS", package: "hummingbird"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "X509", package: "swift-certificates"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ],
        path: "Server",
        resources: [.copy("Resources/openapi.yaml"), .copy("Resources/Samples"), .copy("Resources/Web")]
    ),
    .target(
        name: "SatchelClient",
        dependencies: [
            "SatchelShared",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "NIOFoundationCompat", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ],
        path: "Client"
    ),
    .executableTarget(
        name: "satchel",
        dependencies: [
            "SatchelClient",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ],
        path: "Sources/satchel"
    ),
    .executableTarget(
        name: "satchel-server",
        dependencies: [
            "SatchelServer",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ],
        path: "Sources/satchel-server"
    ),
    // What more than one test target needs: a PostgreSQL cluster a test may restart.
    .target(name: "SatchelTestSupport", path: "Tests/Support"),
    .testTarget(
        name: "SharedTests",
        dependencies: [
            "SatchelShared",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ],
        path: "Tests/SharedTests",
        resources: [.copy("Fixtures")]
    ),
    .testTarget(
        name: "ServerTests",
        dependencies: [
            "SatchelServer",
            "SatchelShared",
            "SatchelTestSupport",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "CompressNIO", package: "compress-nio"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "SwiftASN1", package: "swift-asn1"),
            .product(name: "X509", package: "swift-certificates"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ],
        path: "Tests/ServerTests",
        exclude: ["Gradebook/Golden"]
    ),
    .testTarget(
        name: "ClientTests",
        dependencies: [
            "SatchelClient",
            "SatchelShared",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "X509", package: "swift-certificates"),
        ],
        path: "Tests/ClientTests"
    ),
    // Runs the real binaries; depending on them makes `swift test` build them first.
    .testTarget(
        name: "EndToEndTests",
        dependencies: ["satchel", "satchel-server", "SatchelClient", "SatchelShared", "SatchelTestSupport"],
        path: "Tests/EndToEndTests"
    ),
]

if buildBenchmarks {
    dependencies.append(
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"])
    )
    dependencies.append(.package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.1.0"))
    targets.append(contentsOf: [
        .executableTarget(
            name: "MergeBenchmarks",
            dependencies: [
                "SatchelShared",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Merges",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Drives the real `satchel-server` binary over TLS: `scripts/bench`.
        .executableTarget(
            name: "SyncBenchmarks",
            dependencies: [
                "SatchelClient",
                "SatchelServer",
                "SatchelShared",
                "SatchelTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            path: "Benchmarks/Sync"
        ),
    ])
}

let package = Package(
    name: "Satchel",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "satchel", targets: ["satchel"]),
        .executable(name: "satchel-server", targets: ["satchel-server"]),
    ],
    dependencies: dependencies,
    targets: targets,
    swiftLanguageModes: [.v6]
)
