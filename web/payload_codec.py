"""The remote codec for the Temporal Web UI (`temporal server start-dev --ui-codec-endpoint`):
payloads compressed by `runtime.codec` show there as the JSON they are.

Open to any origin, without a login: it only decompresses (or compresses) what the caller sends,
so it reveals nothing the caller does not hold already, and the Temporal UI calls it from its own
origin (:8233) with its own credentials.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from google.protobuf import json_format
from google.protobuf.message import DecodeError
from temporalio.api.common.v1 import Payload, Payloads

from runtime.codec import compress, decompress

router = APIRouter(prefix="/codec", include_in_schema=False)

CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type, X-Namespace, Authorization",
}


@router.options("/{operation}")
async def preflight(operation: str) -> Response:
    return Response(status_code=204, headers=CORS)


@router.post("/decode")
async def decode(request: Request) -> Response:
    return await _convert(request, decompress)


@router.post("/encode")
async def encode(request: Request) -> Response:
    return await _convert(request, compress)


async def _convert(request: Request, convert: Callable[[Payload], Payload]) -> Response:
    try:
        given = json_format.Parse(await request.body(), Payloads())
        converted = Payloads(payloads=[convert(p) for p in given.payloads])
    except (json_format.ParseError, DecodeError, zlib.error) as error:
        return JSONResponse(
            {
                "code": "codec.malformed",
                "zh": "载荷格式不正确",
                "en": f"malformed payloads: {error}",
            },
            status_code=400,
            headers=CORS,
        )
    return Response(
        json_format.MessageToJson(converted), media_type="application/json", headers=CORS
    )
