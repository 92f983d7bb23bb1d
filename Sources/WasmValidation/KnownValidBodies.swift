import WasmBinary

/// Validates `module` except its function bodies, taking `functions` as their facts: for the
/// persistent validation cache (`WasmValidationCache`), whose record says that a module with
/// exactly these bytes passed ``validateModule(_:features:)`` under the same features and
/// runtime. The module-level rules are checked as always (they are cheap); only the bodies,
/// nearly all of the work on a large module, are skipped. `package`: a caller outside this
/// package cannot skip validation.
///
/// - Throws: ``ValidationError`` when a module-level rule fails, or when `functions` does not
///   have one entry per body (a record that does not belong to this module).
package func validateModule(_ module: Module, features: ValidationFeatures,
                            knownValidBodies functions: [FunctionInfo]) throws -> ValidatedModule {
    var checker = ModuleChecker(module: module, features: features)
    try checker.checkDeclarations()
    guard functions.count == module.bodies.count else {
        throw ValidationError("recorded facts of \(functions.count) functions for \(module.bodies.count) bodies", offset: 0)
    }
    return ValidatedModule(module: module, functions: functions,
                           canonicalTypeIndices: checker.ctx.canonical, context: checker.ctx)
}
