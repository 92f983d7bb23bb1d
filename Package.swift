// swift-tools-version:6.2
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

/// Code-generation settings for release builds of the modules whose speed is measured: the
/// interpreter and validator (threaded handlers that jump to each other), the decoder, the
/// canonical ABI and the hashes (the BLAKE3 modules included). None changes what the code
/// means (docs/architecture.md, "Release builds of the engine").
/// - LLVM's tail merging folds the ends of the run loop's cases into shared blocks, which adds
///   a jump per interpreted instruction.
/// - Functions start at 64-byte boundaries, so a handler (most are under 64 bytes) sits in one
///   cache line wherever the linker places it.
/// - No frame pointers (SwiftPM keeps them by default on Linux): every handler would push and
///   pop `rbp`. `-Xclang -mframe-pointer=none` is used because SwiftPM's own
///   `-Xcc -fno-omit-frame-pointer` comes after a package's flags and would override
///   `-fomit-frame-pointer`. Darwin's ABI keeps frame pointers, so only Linux drops them.
/// Since tools version 6.2 these flags travel with the package: a package that depends on this
/// one by version gets them (earlier versions refused such dependencies).
let engine: [SwiftSetting] = strict + [
    .unsafeFlags(
        ["-Xllvm", "-enable-tail-merge=false", "-Xllvm", "-align-all-functions=6"],
        .when(configuration: .release)
    ),
    .unsafeFlags(
        ["-Xcc", "-Xclang", "-Xcc", "-mframe-pointer=none"],
        .when(platforms: [.linux], configuration: .release)
    ),
]


let package = Package(
    name: "wippy-wasm",
    products: [
        .executable(name: "wippy-wasm", targets: ["WippyWasmCLI"]),
        .library(name: "WasmBinary", targets: ["WasmBinary"]),
        .library(name: "ComponentBinary", targets: ["ComponentBinary"]),
        .library(name: "WasmValidation", targets: ["WasmValidation"]),
        .library(name: "WasmInterpreter", targets: ["WasmInterpreter"]),
        .library(name: "WasmText", targets: ["WasmText"]),
        .library(name: "ComponentModel", targets: ["ComponentModel"]),
        .library(name: "WippyJSON", targets: ["WippyJSON"]),
        .library(name: "WippyYAML", targets: ["WippyYAML"]),
        .library(name: "WippySHA256", targets: ["WippySHA256"]),
        .library(name: "WippyBLAKE3", targets: ["WippyBLAKE3"]),
        .library(name: "WasmValidationCache", targets: ["WasmValidationCache"]),
        .library(name: "WasmSpecTest", targets: ["WasmSpecTest"]),
        .library(name: "WASIHost", targets: ["WASIHost"]),
        .library(name: "WASIPreview1", targets: ["WASIPreview1"]),
        .library(name: "WippyRuntime", targets: ["WippyRuntime"]),
        .library(name: "WASIIO", targets: ["WASIIO"]),
        .library(name: "WASICLI", targets: ["WASICLI"]),
        .library(name: "WASIClocks", targets: ["WASIClocks"]),
        .library(name: "WASIFilesystem", targets: ["WASIFilesystem"]),
        .library(name: "WASIRandom", targets: ["WASIRandom"]),
        .library(name: "WASISockets", targets: ["WASISockets"]),
        .library(name: "WippyFuncs", targets: ["WippyFuncs"]),
        .library(name: "HTTP1", targets: ["HTTP1"]),
        .library(name: "WASIHTTP", targets: ["WASIHTTP"]),
    ],
    targets: [
        .target(name: "WasmBinary", swiftSettings: engine),
        // Threads running Swift closures over pthreads (no dependencies; not a product).
        .target(name: "WippyThreads", swiftSettings: strict),
        .target(name: "ComponentBinary", dependencies: ["WasmBinary"], swiftSettings: strict),
        .target(name: "WasmValidation", dependencies: ["WasmBinary", "WippyThreads"], swiftSettings: engine),
        .target(name: "WasmInterpreter", dependencies: ["WasmBinary", "WasmValidation", "WippyThreads"], swiftSettings: engine),
        .target(name: "WasmText", dependencies: ["WasmBinary"], swiftSettings: strict),
        .target(name: "WippyJSON", swiftSettings: strict),
        .target(
            name: "ComponentModel",
            dependencies: ["WasmBinary", "WasmValidation", "WasmInterpreter", "ComponentBinary", "WippyJSON"],
            swiftSettings: engine
        ),
        .target(name: "WASIHost", dependencies: ["WippyThreads"], swiftSettings: strict),
        .target(
            name: "WASIPreview1",
            dependencies: ["WasmBinary", "WasmValidation", "WasmInterpreter", "WASIHost"],
            swiftSettings: strict
        ),
        // The WASI 0.2 host groups: one module per `imports` group, one file per WIT interface.
        .target(name: "WASIIO", dependencies: ["ComponentModel", "WASIHost", "WasmBinary", "WasmInterpreter"], swiftSettings: strict),
        .target(name: "WASICLI", dependencies: ["ComponentModel", "WASIHost", "WASIIO", "WasmInterpreter"], swiftSettings: strict),
        .target(name: "WASIClocks", dependencies: ["ComponentModel", "WASIHost", "WASIIO"], swiftSettings: strict),
        .target(name: "WASIFilesystem", dependencies: ["ComponentModel", "WASIHost", "WASIIO"], swiftSettings: strict),
        .target(name: "WASIRandom", dependencies: ["ComponentModel", "WASIHost", "WASIIO"], swiftSettings: strict),
        .target(name: "WASISockets", dependencies: ["ComponentModel", "WASIHost", "WASIIO"], swiftSettings: strict),
        .target(name: "WippyFuncs", dependencies: ["ComponentModel"], swiftSettings: strict),
        // HTTP/1.1 message syntax (heads, body framing, chunked coding): pure, no I/O.
        .target(name: "HTTP1", swiftSettings: strict),
        .target(name: "WASIHTTP", dependencies: ["ComponentModel", "WASIHost", "WASIIO", "HTTP1"], swiftSettings: strict),
        .target(name: "WippyYAML", swiftSettings: strict),
        .target(name: "WippySHA256", swiftSettings: engine),
        // BLAKE3's compression, generic over the SIMD width (inlined into the two below).
        .target(name: "WippyBLAKE3Lanes", swiftSettings: engine),
        // Eight chunks at a time, compiled for AVX2 (called only on CPUs that have it; empty
        // on other architectures, where clang warns that it ignores the feature).
        .target(
            name: "WippyBLAKE3AVX2",
            dependencies: ["WippyBLAKE3Lanes"],
            swiftSettings: engine + [.unsafeFlags(["-Xcc", "-Xclang", "-Xcc", "-target-feature", "-Xcc", "-Xclang", "-Xcc", "+avx2"])]
        ),
        .target(name: "WippyBLAKE3", dependencies: ["WippyBLAKE3Lanes", "WippyBLAKE3AVX2"], swiftSettings: engine),
        // The persistent validation cache (`run --cache`): records that a module validated.
        .target(name: "WasmValidationCache", dependencies: ["WasmBinary", "WasmValidation", "WippyBLAKE3", "WippyThreads"], swiftSettings: strict),
        .target(
            name: "WippyRuntime",
            dependencies: ["WasmBinary", "WasmValidation", "WasmInterpreter", "WasmText", "WippyJSON", "WippyYAML", "WippySHA256", "ComponentBinary", "ComponentModel", "WASIHost", "WASIIO", "WASICLI", "WASIClocks", "WASIFilesystem", "WASIRandom", "WASISockets", "WippyFuncs", "HTTP1", "WASIHTTP", "WippyThreads"],
            swiftSettings: strict
        ),
        .target(
            name: "WasmSpecTest",
            dependencies: ["WasmBinary", "WasmValidation", "WasmInterpreter", "WippyJSON", "WasmText", "ComponentModel", "ComponentBinary"],
            path: "testsuite/Sources/WasmSpecTest",
            swiftSettings: strict
        ),
        .target(
            name: "WASITestSuite",
            dependencies: ["WasmBinary", "WasmValidation", "WasmInterpreter", "WippyJSON", "WASIHost", "WASIPreview1"],
            path: "testsuite/Sources/WASITestSuite",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "WippyWasmCLI",
            dependencies: ["WasmBinary", "WasmValidation", "WasmValidationCache", "WasmInterpreter", "WasmSpecTest", "WASIHost", "WASIPreview1", "WASITestSuite", "WasmText", "WippyRuntime", "ComponentBinary", "ComponentModel", "WippyJSON", "WASIIO", "WASICLI", "WASIClocks", "WASIFilesystem", "WASIRandom", "WASISockets", "WASIHTTP"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "embedding-example",
            dependencies: ["ComponentModel"],
            path: "examples/embedding",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "registry-example",
            dependencies: ["WippyRuntime", "WippyFuncs", "WippyJSON", "ComponentModel"],
            path: "examples/registry",
            exclude: ["app.yaml", "add.wat", "funcs-caller.wasm"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "RegistryBench",
            dependencies: ["BenchSupport", "WippyRuntime", "WippyFuncs", "WippyJSON", "ComponentModel"],
            path: "Benchmarks/RegistryBench",
            swiftSettings: strict
        ),
        .target(name: "BenchSupport", dependencies: ["FileSupport"], path: "Benchmarks/BenchSupport", swiftSettings: strict),
        .executableTarget(
            name: "ComponentCallBench",
            dependencies: ["BenchSupport", "ComponentModel"],
            path: "Benchmarks/ComponentCallBench",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "InstanceStartBench",
            dependencies: ["BenchSupport", "ComponentModel", "WASIHost", "WASICLI", "WASIIO", "WASIClocks", "WASIFilesystem", "WASIRandom", "WASISockets"],
            path: "Benchmarks/InstanceStartBench",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "WASIBench",
            dependencies: ["BenchSupport", "ComponentModel", "WASIHost", "WASIIO", "WASIClocks", "WASISockets"],
            path: "Benchmarks/WASIBench",
            swiftSettings: strict
        ),
        // `make fuzz-diff`: runs generated modules for Utilities/fuzz_diff.py.
        .executableTarget(
            name: "wippy-diff-exec",
            dependencies: ["WasmBinary", "WasmValidation", "WasmInterpreter", "WippySHA256"],
            path: "testsuite/Sources/DiffExec",
            swiftSettings: strict
        ),
        // What the fuzzer and the fuzz tests share: sample values, stub imports.
        // A seeded random generator for the fuzzer and the tests (no dependencies).
        .target(name: "SeededRandom", path: "testsuite/Sources/SeededRandom", swiftSettings: strict),
        .target(name: "FileSupport", path: "testsuite/Sources/FileSupport", swiftSettings: strict),
        // The binary format's encodings (LEB128, sections, names) for tests that write modules by hand.
        .target(name: "WasmBytes", path: "testsuite/Sources/WasmBytes", swiftSettings: strict),
        .target(
            name: "FuzzSupport",
            dependencies: ["WasmBinary", "WasmInterpreter", "ComponentBinary", "ComponentModel"],
            path: "testsuite/Sources/FuzzSupport",
            swiftSettings: strict
        ),
        // What the network tests share: a local TLS server with a test CA.
        .target(
            name: "NetTestSupport",
            dependencies: ["WASIHost"],
            path: "testsuite/Sources/NetTestSupport",
            swiftSettings: strict
        ),
        // `make fuzz`: long fuzzing runs of every input surface.
        .executableTarget(
            name: "wippy-fuzz",
            dependencies: ["WasmBinary", "WasmValidation", "WasmInterpreter", "WasmText", "ComponentBinary", "ComponentModel", "WippyJSON", "WippyYAML", "HTTP1", "WASIHTTP", "WippyRuntime", "WippySHA256", "WASICLI", "WASIHost", "FuzzSupport", "SeededRandom"],
            path: "testsuite/Sources/Fuzz",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "LimitsBench",
            dependencies: ["WasmInterpreter", "WasmText", "WasmBinary", "WasmValidation"],
            path: "Benchmarks/LimitsBench",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "WasmTextBench",
            dependencies: ["WasmText", "WasmBinary"],
            path: "Benchmarks/WasmTextBench",
            swiftSettings: strict
        ),
        .testTarget(name: "WippyThreadsTests", dependencies: ["WippyThreads"], swiftSettings: strict),
        // README.md's and docs/embedding.md's code blocks, generated by Utilities/gen_doc_snippets.py and compiled
        // against the public API only. The blocks show values they never use again, so their
        // warnings are not this target's concern; an error still fails the build.
        .testTarget(
            name: "DocSnippetTests",
            dependencies: [
                "ComponentModel", "WASIHost", "WASIIO", "WASICLI", "WASIClocks", "WASIFilesystem", "WASIRandom",
                "WASIHTTP", "WippyFuncs", "WippyJSON", "WippyRuntime", "WasmInterpreter", "WasmBinary", "WasmValidation",
                "WASIPreview1",
            ],
            swiftSettings: strict + [.unsafeFlags(["-suppress-warnings"])]
        ),
        .testTarget(name: "WasmBinaryTests", dependencies: ["WasmBinary", "WasmBytes", "SeededRandom"], swiftSettings: strict),
        .testTarget(name: "ComponentBinaryTests", dependencies: ["ComponentBinary", "WasmBinary", "WasmBytes", "SeededRandom", "FileSupport"], swiftSettings: strict),
        .testTarget(name: "WasmValidationTests", dependencies: ["WasmBinary", "WasmBytes", "WasmValidation", "FileSupport"], swiftSettings: strict),
        .testTarget(name: "WasmTextTests", dependencies: ["WasmText", "WasmBinary"], swiftSettings: strict),
        .testTarget(name: "WasmInterpreterTests", dependencies: ["WasmBinary", "WasmValidation", "WasmInterpreter", "WasmText", "FuzzSupport", "SeededRandom"], swiftSettings: strict),
        .testTarget(name: "WippyJSONTests", dependencies: ["WippyJSON", "SeededRandom"], swiftSettings: strict),
        .testTarget(
            name: "ComponentModelTests",
            dependencies: ["ComponentModel", "ComponentBinary", "WasmBinary", "WasmInterpreter", "WippyJSON", "FuzzSupport", "SeededRandom"],
            swiftSettings: strict
        ),
        .testTarget(name: "WASIHostTests", dependencies: ["WASIHost"], swiftSettings: strict),
        .testTarget(
            name: "WASIPreview1Tests",
            dependencies: ["WASIPreview1", "WASIHost", "WasmInterpreter", "WasmBinary", "WasmBytes", "WasmValidation", "WasmText"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "WASIGroupsTests",
            dependencies: ["WASIIO", "WASICLI", "WASIClocks", "WASIFilesystem", "WASIRandom", "ComponentModel", "WASIHost", "WasmText", "WippyThreads"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "WASISocketsTests",
            dependencies: ["WASISockets", "WASIIO", "WASICLI", "WASIClocks", "ComponentModel", "WASIHost", "WasmText"],
            swiftSettings: strict
        ),
        .testTarget(name: "HTTP1Tests", dependencies: ["HTTP1"], swiftSettings: strict),
        .testTarget(name: "WASIHTTPTests", dependencies: ["WASIHTTP", "HTTP1", "WASIHost", "WASIIO", "WASICLI", "WASIClocks", "ComponentModel", "NetTestSupport"], swiftSettings: strict),
        .testTarget(name: "WippyYAMLTests", dependencies: ["WippyYAML", "SeededRandom"], swiftSettings: strict),
        .testTarget(name: "WippySHA256Tests", dependencies: ["WippySHA256", "SeededRandom", "FileSupport"], swiftSettings: strict),
        .testTarget(name: "WippyBLAKE3Tests", dependencies: ["WippyBLAKE3", "SeededRandom"], swiftSettings: strict),
        .testTarget(name: "WasmValidationCacheTests", dependencies: ["WasmValidationCache", "WasmValidation", "WasmBinary", "WasmText", "WasmInterpreter", "FileSupport"], swiftSettings: strict),
        .testTarget(name: "WippyRuntimeTests", dependencies: ["WippyRuntime", "WasmBinary", "WasmBytes", "WippyJSON", "WASIHost", "WippyFuncs", "ComponentModel", "WASIHTTP", "HTTP1", "NetTestSupport", "FileSupport"], swiftSettings: strict),
        .testTarget(
            name: "WasmSpecTestTests",
            dependencies: ["WasmSpecTest", "WasmBinary", "WasmInterpreter", "WippyJSON", "ComponentModel", "ComponentBinary"],
            path: "testsuite/Tests/WasmSpecTestTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "WASITestSuiteTests",
            dependencies: ["WASITestSuite"],
            path: "testsuite/Tests/WASITestSuiteTests",
            swiftSettings: strict
        ),
    ]
)
