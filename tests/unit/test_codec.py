"""runtime.codec: large payloads compressed, small ones left readable, old ones still decode."""

import os
from datetime import UTC, date, datetime

from temporalio.api.common.v1 import Payload
from temporalio.contrib.pydantic import pydantic_data_converter

from domain.commands import FileCase
from domain.decide import decide_filing
from domain.fold import fold
from domain.snapshot import CaseSnapshot, snapshot
from runtime.codec import DATA_CONVERTER, ENCODING, THRESHOLD
from runtime.codec import decompress as decompress_payload
from tests.samples import file_case

FILED = date(2026, 3, 2)


def _sample_snapshot() -> CaseSnapshot:
    filing = file_case("(2026)京0105执1号", FILED)
    return snapshot(fold(None, decide_filing(filing, datetime(2026, 3, 2, 2, tzinfo=UTC)).events))


async def test_a_snapshot_travels_compressed_and_comes_back_equal() -> None:
    snap = _sample_snapshot()
    (plain,) = await pydantic_data_converter.encode([snap])
    assert len(plain.data) >= THRESHOLD  # the case this codec exists for
    (packed,) = await DATA_CONVERTER.encode([snap])
    assert packed.metadata["encoding"] == ENCODING
    assert len(packed.data) < len(plain.data) / 2
    assert await DATA_CONVERTER.decode([packed], [CaseSnapshot]) == [snap]


async def test_a_command_stays_plain_json() -> None:
    filing = file_case("(2026)京0105执2号", FILED)
    (payload,) = await DATA_CONVERTER.encode([filing])
    assert payload.metadata["encoding"] == b"json/plain"  # readable in the Temporal Web UI
    assert await DATA_CONVERTER.decode([payload], [FileCase]) == [filing]


async def test_payloads_written_before_compression_decode_as_they_are() -> None:
    snap = _sample_snapshot()
    (old,) = await pydantic_data_converter.encode([snap])
    assert await DATA_CONVERTER.decode([old], [CaseSnapshot]) == [snap]


async def test_incompressible_data_is_left_alone() -> None:
    noise = Payload(metadata={"encoding": b"binary/plain"}, data=os.urandom(4 * THRESHOLD))
    (encoded,) = await DATA_CONVERTER.payload_codec.encode([noise])  # type: ignore[union-attr]
    assert encoded == noise
    assert decompress_payload(encoded) == noise
