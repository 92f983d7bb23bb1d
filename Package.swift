// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]


let package = Package(
    name: "wippy-wasm",
    products: [
        .executable(name: "wippy-wasm", targets: ["WippyWasmCLI"]),
        .library(name: "WasmBinary", targets: ["WasmBinary"]),
        .library(name: "WasmValidation", targets: ["WasmValidation"]),
        .library(name: "WasmInterpreter", targets: ["WasmInterpreter"]),
        .library(name: "WippyJSON", targets: ["WippyJSON"]),
        .library(name: "WasmSpecTest", targets: ["WasmSpecTest"]),
    ],
    targets: [
        .target(name: "WasmBinary", swiftSettings: strict),
        .target(name: "WasmValidation", dependencies: ["WasmBinary"], swiftSettings: strict),
        .target(name: "WasmInterpreter", dependencies: ["WasmBinary", "WasmValidation"], swiftSettings: strict),
        .target(name: "WippyJSON", swiftSettings: strict),
        .target(
            name: "WasmSpecTest",
            dependencies: ["WasmBinary", "WasmValidation", "WasmInterpreter", "WippyJSON"],
            path: "testsuite/Sources/WasmSpecTest",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "WippyWasmCLI",
            dependencies: ["WasmBinary", "WasmValidation", "WasmInterpreter", "WasmSpecTest"],
            swiftSettings: strict
        ),
        .testTarget(name: "WasmBinaryTests", dependencies: ["WasmBinary"], swiftSettings: strict),
        .testTarget(name: "WasmValidationTests", dependencies: ["WasmBinary", "WasmValidation"], swiftSettings: strict),
        .testTarget(name: "WasmInterpreterTests", dependencies: ["WasmBinary", "WasmValidation", "WasmInterpreter"], swiftSettings: strict),
        .testTarget(name: "WippyJSONTests", dependencies: ["WippyJSON"], swiftSettings: strict),
        .testTarget(
            name: "WasmSpecTestTests",
            dependencies: ["WasmSpecTest", "WasmBinary", "WasmInterpreter", "WippyJSON"],
            path: "testsuite/Tests/WasmSpecTestTests",
            swiftSettings: strict
        ),
    ]
)
