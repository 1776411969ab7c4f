"""Payload compression: large payloads travel and rest in history zlib-compressed.

Every update answers the whole case snapshot, and the case record's batches and the
continue-as-new state carry events: a few KiB of JSON each, written into the workflow history
that the Temporal server stores (SQLite in development) and replays. Compressed, they take a
third of that. Small payloads (commands, most activity arguments) stay plain JSON, readable in
the Temporal Web UI as they are.

Whatever talks to the cases must use `DATA_CONVERTER` (runtime.client.connect does); payloads
written before compression existed decode as they are.
"""

from __future__ import annotations

import dataclasses
import zlib
from collections.abc import Sequence

from temporalio.api.common.v1 import Payload
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.converter import DataConverter, PayloadCodec

ENCODING = b"binary/zlib"  # metadata "encoding"; the data is a serialized Payload, compressed
THRESHOLD = 1024  # bytes of payload data below which compression is not worth it
LEVEL = 6


class CompressionCodec(PayloadCodec):
    async def encode(self, payloads: Sequence[Payload]) -> list[Payload]:
        return [compress(p) for p in payloads]

    async def decode(self, payloads: Sequence[Payload]) -> list[Payload]:
        return [decompress(p) for p in payloads]


def compress(payload: Payload) -> Payload:
    if len(payload.data) < THRESHOLD:
        return payload
    packed = zlib.compress(payload.SerializeToString(), LEVEL)
    if len(packed) >= len(payload.data):
        return payload
    return Payload(metadata={"encoding": ENCODING}, data=packed)


def decompress(payload: Payload) -> Payload:
    if payload.metadata.get("encoding") != ENCODING:
        return payload
    plain = Payload()
    plain.ParseFromString(zlib.decompress(payload.data))
    return plain


DATA_CONVERTER: DataConverter = dataclasses.replace(
    pydantic_data_converter, payload_codec=CompressionCodec()
)
