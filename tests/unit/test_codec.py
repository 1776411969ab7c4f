"""runtime.codec: every payload encrypted (large ones compressed first), rotation, tampering,
payloads written before encryption, size caps, and where the keys come from."""

import base64
import dataclasses
import json
import os
import stat
import zlib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from temporalio.api.common.v1 import Payload
from temporalio.contrib.pydantic import pydantic_data_converter

from domain.decide import decide_filing
from domain.fold import fold
from domain.snapshot import CaseSnapshot, snapshot
from runtime.codec import (
    ENCODING,
    ENCRYPTED,
    KEY_ID,
    NONCE_BYTES,
    THRESHOLD,
    CodecError,
    EncryptionCodec,
    KeyRing,
    compress,
    data_converter,
    decompress,
    load_keys,
    local_key_file,
    parse_keys,
    read_key_file,
)
from runtime.settings import ConfigError, Settings, load_settings
from tests.replay.make_histories import HISTORY_KEYS
from tests.samples import file_case

FILED = date(2026, 3, 2)
OLD, NEW = os.urandom(32), os.urandom(32)
OLD_RING = KeyRing("2026a", {"2026a": OLD})
ROTATED = KeyRing("2027a", {"2027a": NEW, "2026a": OLD})


def _b64(key: bytes) -> str:
    return base64.b64encode(key).decode()


def _sample_snapshot() -> CaseSnapshot:
    filing = file_case("(2026)京0105执1号", FILED)
    return snapshot(fold(None, decide_filing(filing, datetime(2026, 3, 2, 2, tzinfo=UTC)).events))


async def test_a_snapshot_is_compressed_then_encrypted_and_comes_back_equal() -> None:
    snap = _sample_snapshot()
    codec = EncryptionCodec(OLD_RING)
    converter = dataclasses.replace(pydantic_data_converter, payload_codec=codec)
    (plain,) = await pydantic_data_converter.encode([snap])
    assert len(plain.data) >= THRESHOLD  # the case compression exists for
    (sealed,) = await converter.encode([snap])
    assert sealed.metadata["encoding"] == ENCRYPTED and sealed.metadata[KEY_ID] == b"2026a"
    name = "张三".encode()
    assert name in zlib.decompress(compress(plain).data) and name not in sealed.data
    assert codec.decrypt(sealed).metadata["encoding"] == ENCODING  # compressed inside
    assert len(sealed.data) < len(plain.data) / 2
    assert await converter.decode([sealed], [CaseSnapshot]) == [snap]


async def test_a_command_is_encrypted_too_and_every_payload_gets_a_fresh_nonce() -> None:
    filing = file_case("(2026)京0105执2号", FILED)
    codec = EncryptionCodec(OLD_RING)
    (plain,) = await pydantic_data_converter.encode([filing])
    first, second = codec.encode_one(plain), codec.encode_one(plain)
    assert first.metadata["encoding"] == ENCRYPTED
    assert filing.respondents[0].name.encode() not in first.data
    assert first.data[:NONCE_BYTES] != second.data[:NONCE_BYTES]
    assert codec.decrypt(first) == plain  # small: encrypted as it is, not compressed
    assert codec.decode_one(second) == plain


async def test_payloads_written_before_encryption_decode_as_they_are() -> None:
    """What the stored histories hold: plain JSON, and `binary/zlib` over 1 KiB."""
    snap = _sample_snapshot()
    (old,) = await pydantic_data_converter.encode([snap])
    zipped = compress(old)
    assert zipped.metadata["encoding"] == ENCODING
    converter = data_converter(Settings(payload_keys=f"2026a:{_b64(OLD)}"))
    assert await converter.decode([old, zipped], [CaseSnapshot, CaseSnapshot]) == [snap, snap]


def test_after_rotation_old_payloads_still_decode_and_new_ones_use_the_active_key() -> None:
    plain = Payload(metadata={"encoding": b"json/plain"}, data=b'{"name": "x"}')
    before = EncryptionCodec(OLD_RING).encode_one(plain)
    rotated = EncryptionCodec(ROTATED)
    assert rotated.decode_one(before) == plain
    after = rotated.encode_one(plain)
    assert after.metadata[KEY_ID] == b"2027a"
    with pytest.raises(CodecError) as refused:  # a process that still has only the old key
        EncryptionCodec(OLD_RING).decode_one(after)
    assert refused.value.code == "codec.unknown_key"
    assert "'2027a'" in refused.value.en and "'2027a'" in refused.value.zh


def test_tampering_is_detected() -> None:
    codec = EncryptionCodec(ROTATED)
    sealed = codec.encode_one(Payload(metadata={"encoding": b"json/plain"}, data=b"1234"))
    flipped = bytearray(sealed.data)
    flipped[-1] ^= 1
    other_key = Payload(metadata={**sealed.metadata, KEY_ID: b"2026a"}, data=sealed.data)
    short = Payload(metadata=sealed.metadata, data=sealed.data[:10])
    for bad in (Payload(metadata=sealed.metadata, data=bytes(flipped)), other_key, short):
        with pytest.raises(CodecError) as refused:
            codec.decode_one(bad)
        assert refused.value.code == "codec.tampered"


def test_decompression_is_capped() -> None:
    inner = Payload(metadata={"encoding": b"binary/plain"}, data=bytes(4 * 1024 * 1024))
    bomb = Payload(metadata={"encoding": ENCODING}, data=zlib.compress(inner.SerializeToString()))
    assert len(bomb.data) < 8 * 1024
    with pytest.raises(CodecError) as refused:
        decompress(bomb, limit=1024 * 1024)
    assert refused.value.code == "codec.too_large"
    assert decompress(bomb) == inner
    with pytest.raises(CodecError) as truncated:
        decompress(Payload(metadata=bomb.metadata, data=bomb.data[:-8]))
    assert truncated.value.code == "codec.malformed"


def test_incompressible_data_is_only_encrypted() -> None:
    noise = Payload(metadata={"encoding": b"binary/plain"}, data=os.urandom(4 * THRESHOLD))
    assert compress(noise) == noise
    assert EncryptionCodec(OLD_RING).decrypt(EncryptionCodec(OLD_RING).encode_one(noise)) == noise


def test_a_payload_sealed_under_the_stored_histories_key_still_decodes() -> None:
    """The format is a promise to the histories of running cases: this payload was encrypted
    when encryption came in (key `histories-test`, tests/replay/payload-keys.json)."""
    sealed = Payload(
        metadata={"encoding": ENCRYPTED, KEY_ID: b"histories-test"},
        data=base64.b64decode(
            "ePGgj9XNhHgGrb1SSVoiPPphEWe//XoxgwIHoCOu4ctdmlz9V4mfbFIWXM1m26ElEN+sSc6M3XLeBVWTaOPh9c9SX"
            "bh3v31Fbjpip5jM94ojLV5Ci9Kf1TEXJB1c"
        ),
    )
    plain = EncryptionCodec(load_keys(HISTORY_KEYS)).decode_one(sealed)
    assert plain.metadata["encoding"] == b"json/plain"
    assert json.loads(plain.data) == {"case_number": "(2026)京0105执1号"}


# -- keys -----------------------------------------------------------------------------------------
def test_keys_from_the_environment_string_the_first_encrypts() -> None:
    ring = parse_keys(f" 2027a:{_b64(NEW)} , 2026a:{_b64(OLD)} ")
    assert ring == ROTATED
    assert _b64(NEW) not in repr(ring) and str(NEW) not in repr(ring)
    for bad in (
        "",
        "2027a",
        f"2027a:{_b64(NEW)},2027a:{_b64(OLD)}",
        "2027a:not-base64!",
        "2027a:密钥",
        f"2027a:{_b64(NEW[:16])}",
        f"bad id:{_b64(NEW)}",
    ):
        with pytest.raises(ConfigError):
            parse_keys(bad)


def test_keys_from_a_file_and_the_order_of_the_sources(tmp_path: Path) -> None:
    key_file = tmp_path / "keys.json"
    key_file.write_text(
        json.dumps({"active": "2027a", "keys": {"2027a": _b64(NEW), "2026a": _b64(OLD)}})
    )
    assert read_key_file(key_file) == ROTATED
    from_file = Settings(data_dir=tmp_path, payload_key_file=key_file)
    assert load_keys(from_file) == ROTATED
    both = Settings(data_dir=tmp_path, payload_key_file=key_file, payload_keys=f"x:{_b64(OLD)}")
    assert load_keys(both).active == "x"
    for text in ("[]", '{"active": "zz", "keys": {"2027a": "' + _b64(NEW) + '"}}', "{"):
        key_file.write_text(text)
        with pytest.raises(ConfigError):
            read_key_file(key_file)
    with pytest.raises(ConfigError):
        read_key_file(tmp_path / "missing.json")


def test_without_keys_one_is_made_once_in_the_data_dir(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    first = load_keys(settings)
    path = local_key_file(settings.data_dir)
    assert path == tmp_path / "data" / "payload-keys.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert first.active.startswith("local-") and load_keys(settings) == first
    assert [p.name for p in path.parent.iterdir()] == ["payload-keys.json"]


def test_settings_take_keys_from_the_environment_never_from_the_config_file(
    tmp_path: Path,
) -> None:
    env = {
        "ZHIXING_CONFIG": str(tmp_path / "zhixing.yaml"),
        "ZHIXING_PAYLOAD_KEYS": f"2027a:{_b64(NEW)}",
        "ZHIXING_CODEC_TOKEN": "t0ken",
        "ZHIXING_CODEC_ORIGINS": "https://temporal.court.example/, http://127.0.0.1:8233",
    }
    (tmp_path / "zhixing.yaml").write_text("payload_key_file: keys/payload.json\n")
    settings = load_settings(env)
    assert settings.payload_key_file == tmp_path / "keys" / "payload.json"
    assert settings.codec_allowed_origins == (
        "https://temporal.court.example",
        "http://127.0.0.1:8233",
    )
    assert _b64(NEW) not in repr(settings) and "t0ken" not in repr(settings)
    assert Settings().codec_allowed_origins == ("http://127.0.0.1:8233",)
    (tmp_path / "zhixing.yaml").write_text(f"payload_keys: 2027a:{_b64(NEW)}\n")
    with pytest.raises(ConfigError, match="payload_keys"):
        load_settings(env)
