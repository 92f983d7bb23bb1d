"""A wasi:http/proxy handler in Python (componentize-py): answers with the method, the path,
the x-test request header and the request body it read."""
from wit_world import exports
from wit_world.imports.types import (
    Fields, IncomingRequest, OutgoingBody, OutgoingResponse, ResponseOutparam, IncomingBody,
)
from wit_world.imports.streams import StreamError_Closed
from componentize_py_types import Ok, Err


class IncomingHandler(exports.IncomingHandler):
    def handle(self, request: IncomingRequest, response_out: ResponseOutparam) -> None:
        method = type(request.method()).__name__.removeprefix("Method_").upper()
        path = request.path_with_query() or "/"
        with request.headers() as headers:
            tag = b",".join(headers.get("x-test")).decode()
        received = b""
        body = request.consume()
        with body.stream() as stream:
            while True:
                try:
                    received += stream.blocking_read(65536)
                except Err as e:
                    if isinstance(e.value, StreamError_Closed):
                        break
                    raise
        IncomingBody.finish(body)
        text = f"python saw {method} {path} x-test={tag} body={len(received)} bytes\n".encode()
        response = OutgoingResponse(Fields.from_list([("content-type", b"text/plain"), ("content-length", str(len(text)).encode())]))
        out = response.body()
        ResponseOutparam.set(response_out, Ok(response))
        with out.write() as stream:
            stream.blocking_write_and_flush(text)
        OutgoingBody.finish(out, None)
