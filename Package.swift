// swift-tools-version: 6.1

import PackageDescription

import class Foundation.ProcessInfo

// Benchmarks pull in ordo-one/benchmark and its malloc interposer; `swift test` and CI
// never build them. `SATCHEL_BENCHMARKS=1 swift package benchmark` does.
let buildBenchmarks = ProcessInfo.processInfo.environment["SATCHEL_BENCHMARKS"] != nil

var dependencies: [Package.Dependency] = [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
]

var targets: [Target] = [
    .target(name: "SatchelShared", path: "Shared"),
    .target(name: "SatchelServer", dependencies: ["SatchelShared"], path: "Server"),
    .target(name: "SatchelClient", dependencies: ["SatchelShared"], path: "Client"),
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
    .testTarget(
        name: "SharedTests",
        dependencies: [
            "SatchelShared",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ],
        path: "Tests/SharedTests",
        resources: [.copy("Fixtures")]
    ),
    .testTarget(name: "ServerTests", dependencies: ["SatchelServer"], path: "Tests/ServerTests"),
    .testTarget(name: "ClientTests", dependencies: ["SatchelClient"], path: "Tests/ClientTests"),
    // Runs the real binaries; depending on them makes `swift test` build them first.
    .testTarget(
        name: "EndToEndTests",
        dependencies: ["satchel", "satchel-server"],
        path: "Tests/EndToEndTests"
    ),
]

if buildBenchmarks {
    dependencies.append(
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"])
    )
    targets.append(
        .executableTarget(
            name: "MergeBenchmarks",
            dependencies: [
                "SatchelShared",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Merges",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    )
}

let package = Package(
    name: "Satchel",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "satchel", targets: ["satchel"]),
        .executable(name: "satchel-server", targets: ["satchel-server"]),
    ],
    dependencies: dependencies,
    targets: targets,
    swiftLanguageModes: [.v6]
)
