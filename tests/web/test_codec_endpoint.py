"""/codec, the Temporal Web UI's remote codec: it decrypts, so only for a logged-in user (or the
codec token, tests/workflow/test_encryption.py), only from the Temporal UI's origin, with size
caps, and malformed input answered 400 {code, zh, en}."""

from __future__ import annotations

import json
import zlib
from collections.abc import AsyncIterator

import httpx
import pytest
from google.protobuf import json_format
from temporalio.api.common.v1 import Payload, Payloads

from runtime.codec import ENCODING, ENCRYPTED, KEY_ID, EncryptionCodec
from tests.web.harness import WebStack, assert_problem, login
from web.payload_codec import MAX_DECODED, MAX_REQUEST

pytestmark = pytest.mark.integration

UI = "http://127.0.0.1:8233"  # the dev server's Web UI: the default allowed origin
ELSEWHERE = "http://127.0.0.1:9999"


def _body(*payloads: Payload) -> str:
    return json_format.MessageToJson(Payloads(payloads=payloads))


def _codec(stack: WebStack) -> EncryptionCodec:
    codec = stack.client.data_converter.payload_codec
    assert isinstance(codec, EncryptionCodec)
    return codec


async def test_the_temporal_ui_origin_with_a_login_sees_the_json(stack: WebStack) -> None:
    events = [{"seq": i, "type": "note", "text": "执行通知书已送达" * 20} for i in range(20)]
    (sealed,) = await stack.client.data_converter.encode([events])
    assert sealed.metadata["encoding"] == ENCRYPTED
    async with login(stack, "t-officer-0105") as officer:
        preflight = await officer.options(
            "/codec/decode", headers={"Origin": UI, "Access-Control-Request-Method": "POST"}
        )
        assert preflight.status_code == 204
        assert preflight.headers["access-control-allow-origin"] == UI
        assert preflight.headers["access-control-allow-credentials"] == "true"
        response = await officer.post(
            "/codec/decode", content=_body(sealed), headers={"Origin": UI}
        )
        assert response.status_code == 200, response.text
        assert response.headers["access-control-allow-origin"] == UI
        (plain,) = json_format.Parse(response.text, Payloads()).payloads
        assert plain.metadata["encoding"] == b"json/plain"
        assert json.loads(plain.data) == events
        # what the UI sends back (a signal's input typed in the UI) is encrypted again
        again = await officer.post("/codec/encode", content=response.text, headers={"Origin": UI})
        (resealed,) = json_format.Parse(again.text, Payloads()).payloads
        assert resealed.metadata["encoding"] == ENCRYPTED and resealed.data != sealed.data
        assert _codec(stack).decode_one(resealed) == plain


async def test_anonymous_callers_and_other_origins_are_refused(stack: WebStack) -> None:
    (sealed,) = await stack.client.data_converter.encode([{"name": "张三"}])
    async with httpx.AsyncClient(base_url=stack.base_url) as anonymous:
        for headers in ({}, {"Origin": UI}, {"Authorization": "Bearer guessed"}):
            refused = await anonymous.post("/codec/decode", content=_body(sealed), headers=headers)
            assert refused.status_code == 401
            assert refused.json()["code"] == "auth.required"
            assert "张三" not in refused.text
    async with login(stack, "t-officer-0105") as officer:
        preflight = await officer.options(
            "/codec/decode", headers={"Origin": ELSEWHERE, "Access-Control-Request-Method": "POST"}
        )
        assert preflight.status_code == 403
        assert "access-control-allow-origin" not in preflight.headers
        refused = await officer.post(
            "/codec/decode", content=_body(sealed), headers={"Origin": ELSEWHERE}
        )
        assert refused.status_code == 403 and refused.json()["code"] == "codec.origin"
        assert "access-control-allow-origin" not in refused.headers


async def test_oversized_and_malformed_input_is_refused(stack: WebStack) -> None:
    codec = _codec(stack)
    inflated = Payload(metadata={"encoding": b"binary/plain"}, data=bytes(MAX_DECODED + 1))
    bomb = Payload(
        metadata={"encoding": ENCODING}, data=zlib.compress(inflated.SerializeToString())
    )
    assert len(bomb.data) < 64 * 1024  # the reported attack: 133 KiB in, 140 MB out
    (sealed,) = await stack.client.data_converter.encode([{"name": "张三"}])
    flipped = bytearray(sealed.data)
    flipped[-1] ^= 1
    unknown = Payload(metadata={**sealed.metadata, KEY_ID: b"retired-2019"}, data=sealed.data)
    half = Payload(metadata={"encoding": b"binary/plain"}, data=bytes(MAX_DECODED // 2 + 1))
    cases: list[tuple[bytes | str, int, str]] = [
        (b"x" * (MAX_REQUEST + 1), 413, "codec.too_large"),
        (_body(bomb), 413, "codec.too_large"),
        (_body(codec.encrypt(bomb)), 413, "codec.too_large"),
        (_body(codec.encode_one(half), codec.encode_one(half)), 413, "codec.too_large"),
        (b'{"payloads": [{"data": "\xff\xfe"}]}', 400, "codec.malformed"),  # not UTF-8
        ('{"payloads": [{"data": "数据"}]}', 400, "codec.malformed"),  # not base64
        ('{"payloads": [{"data": "\\udcff"}]}', 400, "codec.malformed"),
        ('{"payloads": [{"metadata": {"\\udcff": "YQ=="}}]}', 400, "codec.malformed"),
        ('{"payloads": [{"data": "ab!c"}]}', 400, "codec.malformed"),
        ('{"payloads": [{"data": "YQ==", "external": 1}]}', 400, "codec.malformed"),
        ('{"payloads": [{"data": 1}]}', 400, "codec.malformed"),
        ("[]", 400, "codec.malformed"),
        (_body(Payload(metadata={"encoding": ENCODING}, data=b"not zlib")), 400, "codec.malformed"),
        (_body(Payload(metadata=sealed.metadata, data=bytes(flipped))), 400, "codec.tampered"),
        (_body(unknown), 400, "codec.unknown_key"),
    ]
    async with login(stack, "t-officer-0105") as officer:
        for body, status, code in cases:
            response = await officer.post("/codec/decode", content=body, headers={"Origin": UI})
            answer = assert_problem(response, status)
            assert answer["code"] == code, (body[:80], response.text[:300])
            assert response.headers["access-control-allow-origin"] == UI  # the UI can read why

        async def undeclared() -> AsyncIterator[bytes]:  # chunked: no Content-Length to trust
            for _ in range(5):
                yield bytes(MAX_REQUEST // 4)

        streamed = await officer.post("/codec/decode", content=undeclared())
        assert streamed.status_code == 413 and "content-length" not in streamed.request.headers
        named = await officer.post("/codec/decode", content=_body(unknown))
        assert "retired-2019" in named.json()["en"] and "retired-2019" in named.json()["zh"]
        ok = await officer.post("/codec/decode", content=_body(codec.encode_one(half)))
        assert ok.status_code == 200  # each under the cap, the two together over it
