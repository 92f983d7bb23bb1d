import WasmInterpreter

enum StoreConfigurationForFuzz {
    static func make() -> StoreConfiguration { StoreConfiguration() }
}
