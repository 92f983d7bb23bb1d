import ComponentModel
import WASIIO

/// The `wasi:http/types` resource types in one linker.
struct HTTPResources {
    let fields: ResourceID
    let incomingRequest: ResourceID
    let outgoingRequest: ResourceID
    let requestOptions: ResourceID
    let responseOutparam: ResourceID
    let incomingResponse: ResourceID
    let incomingBody: ResourceID
    let futureTrailers: ResourceID
    let outgoingResponse: ResourceID
    let outgoingBody: ResourceID
    let futureIncomingResponse: ResourceID
    let io: IOResources

    static let interface = "wasi:http/types@\(wasiVersion)"

    init(_ linker: ComponentLinker) throws(ComponentError) {
        func type(_ name: String) throws(ComponentError) -> ResourceID {
            try linker.resourceType("\(Self.interface)#\(name)")
        }
        fields = try type("fields")
        incomingRequest = try type("incoming-request")
        outgoingRequest = try type("outgoing-request")
        requestOptions = try type("request-options")
        responseOutparam = try type("response-outparam")
        incomingResponse = try type("incoming-response")
        incomingBody = try type("incoming-body")
        futureTrailers = try type("future-trailers")
        outgoingResponse = try type("outgoing-response")
        outgoingBody = try type("outgoing-body")
        futureIncomingResponse = try type("future-incoming-response")
        io = try IOResources(linker)
    }
}
