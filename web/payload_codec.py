"""The remote codec for the Temporal Web UI (`temporal server start-dev --ui-codec-endpoint`):
payloads encrypted by `runtime.codec` show there as the JSON they are, to whoever may read them.

Decoding is decrypting, so /codec answers only
- a logged-in user of this app (the session cookie: the Temporal UI sends it when its codec
  setting "Include cross-origin credentials" is on), or
- `Authorization: Bearer <ZHIXING_CODEC_TOKEN>` when that token is set (the `temporal` CLI's
  `--codec-auth`, a proxy in front of the Temporal UI);
and a browser only from the Temporal UI's origin (`ZHIXING_CODEC_ORIGINS`, default the dev
server's UI). A request is at most `MAX_REQUEST` bytes and its payloads decode to at most
`MAX_DECODED` bytes all told; the work runs in a thread, off the event loop. Whatever goes wrong
is answered `{code, zh, en}`.
"""

from __future__ import annotations

import base64
import json
from typing import Literal

from fastapi import APIRouter, Request, Response
from google.protobuf import json_format
from starlette.concurrency import run_in_threadpool
from temporalio.api.common.v1 import Payload, Payloads

from runtime.codec import CodecError, EncryptionCodec, malformed, too_large
from web.auth import same_secret
from web.deps import client_of, optional_session, settings_of
from web.problems import Problem, not_logged_in

router = APIRouter(prefix="/codec", include_in_schema=False)

Operation = Literal["decode", "encode"]
MAX_REQUEST = 4 * 1024 * 1024  # a 2 MiB payload (Temporal's limit) in base64 JSON, and room
MAX_DECODED = 16 * 1024 * 1024
PREFLIGHT = {
    "Access-Control-Allow-Methods": "POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type, X-Namespace, Authorization",
    "Access-Control-Max-Age": "600",
}


@router.options("/{operation}")
async def preflight(request: Request, operation: str) -> Response:
    headers = _cors(request)
    if headers is None:
        raise _wrong_origin()
    return Response(status_code=204, headers={**headers, **PREFLIGHT})


@router.post("/decode")
async def decode(request: Request) -> Response:
    return await _convert(request, "decode")


@router.post("/encode")
async def encode(request: Request) -> Response:
    return await _convert(request, "encode")


async def _convert(request: Request, operation: Operation) -> Response:
    headers = _cors(request)
    if headers is None:
        raise _wrong_origin()
    try:
        if not await _authorized(request):
            raise not_logged_in()
        body = await _body(request)
        text = await run_in_threadpool(_run, _codec(request), body, operation)
    except Problem as problem:
        problem.headers.update(headers)  # the Temporal UI can read why
        raise
    return Response(text, media_type="application/json", headers=headers)


def _cors(request: Request) -> dict[str, str] | None:
    """CORS headers for the request's origin; None for a browser origin that may not call."""
    origin = request.headers.get("origin")
    if origin is None:  # not a browser's cross-origin call (the CLI, a proxy)
        return {"Vary": "Origin"}
    if origin.rstrip("/") not in settings_of(request).codec_allowed_origins:
        return None
    return {
        "Access-Control-Allow-Origin": origin,
        "Access-Control-Allow-Credentials": "true",
        "Vary": "Origin",
    }


def _wrong_origin() -> Problem:
    return Problem(
        403,
        "codec.origin",
        "该来源不得调用载荷解码",
        "this origin may not call the payload codec (ZHIXING_CODEC_ORIGINS)",
    )


async def _authorized(request: Request) -> bool:
    token = settings_of(request).codec_token
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if token and scheme.lower() == "bearer" and same_secret(given.strip(), token):
        return True
    return await optional_session(request) is not None


async def _body(request: Request) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_REQUEST:
        raise _too_large()
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_REQUEST:
            raise _too_large()
    return bytes(body)


def _too_large() -> Problem:
    return Problem(
        413,
        "codec.too_large",
        f"请求超过 {MAX_REQUEST} 字节",
        f"request over {MAX_REQUEST} bytes",
    )


def _codec(request: Request) -> EncryptionCodec:
    """The codec of the app's own Temporal client: /codec reads what the app can."""
    codec = client_of(request).data_converter.payload_codec
    if not isinstance(codec, EncryptionCodec):
        raise TypeError(f"the app's Temporal client has no payload encryption: {codec!r}")
    return codec


def _run(codec: EncryptionCodec, body: bytes, operation: Operation) -> str:
    """Parse, convert and serialize (in a worker thread)."""
    try:
        given = _parse(body)
        if operation == "encode":
            converted = [codec.encode_one(p) for p in given]
        else:
            budget = MAX_DECODED
            converted = []
            for payload in given:
                converted.append(codec.decode_one(payload, budget))
                budget -= converted[-1].ByteSize()
                if budget < 0:
                    raise too_large(MAX_DECODED)
    except CodecError as error:
        status = 413 if error.code == "codec.too_large" else 400
        raise Problem(status, error.code, error.zh, error.en) from None
    return json_format.MessageToJson(Payloads(payloads=converted))


def _parse(body: bytes) -> list[Payload]:
    """`{"payloads": [{"metadata": {key: base64}, "data": base64}, ...]}`, strictly (protobuf's
    own JSON parser skips what is not base64)."""
    try:
        raw = json.loads(body.decode("utf-8"))
    except ValueError as error:  # not UTF-8, not JSON
        raise malformed(error) from None
    items = raw.get("payloads") if isinstance(raw, dict) else None
    if not isinstance(items, list) or not all(
        isinstance(item, dict)
        and set(item) <= {"metadata", "data"}
        and isinstance(item.get("metadata", {}), dict)
        for item in items
    ):
        raise malformed('expected {"payloads": [{"metadata": {...}, "data": "<base64>"}, ...]}')
    try:
        return [
            Payload(
                metadata={key: _base64(value) for key, value in item.get("metadata", {}).items()},
                data=_base64(item.get("data", "")),
            )
            for item in items
        ]
    except UnicodeEncodeError as error:  # a metadata key with a lone surrogate
        raise malformed(error) from None


def _base64(value: object) -> bytes:
    """Standard or URL-safe base64, padded or not (as protobuf's JSON has it)."""
    if isinstance(value, str):
        text = value.replace("-", "+").replace("_", "/")
        try:
            return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
        except ValueError:
            pass
    raise malformed(f"not a base64 string: {str(value)[:40]!r}")
