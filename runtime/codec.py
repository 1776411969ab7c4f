"""Payloads at rest: large ones compressed, every one encrypted (AES-256-GCM).

Every update answers the whole case snapshot, and the case record's batches and the
continue-as-new state carry events: a few KiB of JSON each, written into the workflow history
that the Temporal server stores and replays. They name the parties, so the server (its database,
its backups, whoever can read its API) must see none of it in the clear.

Encoding a payload: over 1 KiB it is first zlib-compressed (`binary/zlib`: the serialized
Payload, compressed), then the result is encrypted with the active key: `binary/encrypted`, the
key's id in the metadata (`encryption-key-id`), the data a fresh 96-bit nonce followed by the
AES-GCM ciphertext (the serialized Payload) and its tag; the key id is authenticated too.
Decoding reverses whichever steps were taken, with any configured key, so histories written
before encryption (plain JSON, `binary/zlib`) or under an older key still decode.

Keys (`load_keys`): `ZHIXING_PAYLOAD_KEYS` (`id:base64key,...`, the first one encrypts), else
the JSON file `ZHIXING_PAYLOAD_KEY_FILE` (`{"active": id, "keys": {id: base64key}}`), else a
key made once in `<data_dir>/payload-keys.json` for development. README: rotation.

Whatever talks to the cases must use `data_converter(settings)` (runtime.client.connect does).
"""

from __future__ import annotations

import base64
import dataclasses
import json
import os
import re
import secrets
import tempfile
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from google.protobuf.message import DecodeError
from temporalio.api.common.v1 import Payload
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.converter import DataConverter, PayloadCodec

from domain.errors import CodedError
from runtime.logging import get_logger
from runtime.settings import ConfigError, Settings

ENCODING = b"binary/zlib"  # metadata "encoding"; the data is a serialized Payload, compressed
ENCRYPTED = b"binary/encrypted"  # the data is nonce + AES-GCM(serialized Payload) + tag
KEY_ID = "encryption-key-id"
THRESHOLD = 1024  # bytes of payload data below which compression is not worth it
LEVEL = 6
NONCE_BYTES = 12
KEY_BYTES = 32
MAX_DECODED = 64 * 1024 * 1024
"""What one payload may decompress to. Temporal refuses payloads over 2 MiB (compressed, here),
so a legitimate one stays far below; a zlib bomb stops here instead of filling the memory."""
LOCAL_KEY_FILE = "payload-keys.json"
KEY_ID_RE = re.compile(r"[A-Za-z0-9._-]{1,64}")

log = get_logger("zhixing.codec")


class CodecError(CodedError, ValueError):
    """A payload that cannot be decoded: a stable code and the message in Chinese and English
    (the codec endpoint answers them as they are). Unusable keys are a `ConfigError`."""


def malformed(detail: object) -> CodecError:
    return CodecError(
        "codec.malformed", f"载荷格式不正确：{detail}", f"malformed payload: {detail}"
    )


def too_large(limit: int) -> CodecError:
    return CodecError(
        "codec.too_large", f"载荷解码后超过 {limit} 字节", f"payloads decode to over {limit} bytes"
    )


# -- keys ---------------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class KeyRing:
    """The payload keys: `active` encrypts, every one decrypts."""

    active: str
    keys: Mapping[str, bytes] = dataclasses.field(repr=False)

    def __post_init__(self) -> None:
        for key_id, key in self.keys.items():
            if not KEY_ID_RE.fullmatch(key_id):
                raise _key_error(f"key id {key_id!r}: letters, digits, '.', '_', '-' (≤ 64)")
            if len(key) != KEY_BYTES:
                raise _key_error(f"key {key_id!r} is {len(key)} bytes, not {KEY_BYTES}")
        if self.active not in self.keys:
            raise _key_error(f"the active key {self.active!r} is not among the keys")


def _key_error(detail: str) -> ConfigError:
    return ConfigError(f"载荷密钥配置无效 / unusable payload keys: {detail}")


def _key_material(key_id: str, text: str) -> bytes:
    try:
        return base64.b64decode(text.strip(), validate=True)
    except ValueError:  # binascii.Error, or not ASCII
        raise _key_error(f"key {key_id!r} is not base64") from None


def parse_keys(text: str) -> KeyRing:
    """`id:base64key,id2:base64key`: the first is the active key."""
    pairs = [item.strip().partition(":") for item in text.split(",") if item.strip()]
    if not pairs or any(not sep for _, sep, _ in pairs):
        raise _key_error("expected id:base64key[,id:base64key...]")
    keys = {key_id.strip(): _key_material(key_id, key) for key_id, _, key in pairs}
    if len(keys) != len(pairs):
        raise _key_error("a key id appears twice")
    return KeyRing(pairs[0][0].strip(), keys)


def read_key_file(path: Path) -> KeyRing:
    """`{"active": id, "keys": {id: base64key, ...}}`."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise _key_error(f"cannot read {path}: {error.strerror}") from None
    except ValueError:
        raise _key_error(f"{path} is not JSON") from None
    if not (
        isinstance(raw, dict)
        and isinstance(raw.get("active"), str)
        and isinstance(raw.get("keys"), dict)
        and all(isinstance(v, str) for v in raw["keys"].values())
    ):
        raise _key_error(f'{path}: expected {{"active": id, "keys": {{id: base64key}}}}')
    return KeyRing(raw["active"], {k: _key_material(k, v) for k, v in raw["keys"].items()})


def local_key_file(data_dir: Path) -> Path:
    """`<data_dir>/payload-keys.json`, made (mode 0600) with one new key if missing: for
    `zhixing dev` and tests, never for production (README)."""
    path = Path(data_dir) / LOCAL_KEY_FILE
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    key_id = f"local-{secrets.token_hex(4)}"
    text = json.dumps(
        {"active": key_id, "keys": {key_id: base64.b64encode(os.urandom(KEY_BYTES)).decode()}}
    )
    # Written aside, then linked into place: a process starting at the same moment reads
    # either no file or the whole one, and one of the two keys wins.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".payload-keys-")  # mode 0600
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
        os.link(tmp, path)
        log.warning(
            "payload key made for development; production must set ZHIXING_PAYLOAD_KEYS "
            "or ZHIXING_PAYLOAD_KEY_FILE",
            key_file=str(path),
            key_id=key_id,
        )
    except FileExistsError:
        pass
    finally:
        os.unlink(tmp)
    return path


def load_keys(settings: Settings) -> KeyRing:
    if settings.payload_keys:
        return parse_keys(settings.payload_keys)
    return read_key_file(settings.payload_key_file or local_key_file(settings.data_dir))


# -- the steps ----------------------------------------------------------------------------------
def compress(payload: Payload) -> Payload:
    if len(payload.data) < THRESHOLD:
        return payload
    packed = zlib.compress(payload.SerializeToString(), LEVEL)
    if len(packed) >= len(payload.data):
        return payload
    return Payload(metadata={"encoding": ENCODING}, data=packed)


def decompress(payload: Payload, limit: int = MAX_DECODED) -> Payload:
    """The payload `compress` packed (others as they are), refused beyond `limit` bytes."""
    if payload.metadata.get("encoding") != ENCODING:
        return payload
    inflater = zlib.decompressobj()
    try:
        serialized = inflater.decompress(payload.data, limit + 1)
    except zlib.error as error:
        raise malformed(error) from None
    if len(serialized) > limit:
        raise too_large(limit)
    if not inflater.eof:
        raise malformed("truncated zlib data")
    return _parse(serialized)


def _parse(serialized: bytes) -> Payload:
    plain = Payload()
    try:
        plain.ParseFromString(serialized)
    except DecodeError as error:
        raise malformed(error) from None
    return plain


class EncryptionCodec(PayloadCodec):
    """Compress (over 1 KiB), then encrypt with the active key; decode with any key."""

    def __init__(self, keys: KeyRing) -> None:
        self.keys = keys
        self._ciphers = {key_id: AESGCM(key) for key_id, key in keys.keys.items()}

    async def encode(self, payloads: Sequence[Payload]) -> list[Payload]:
        return [self.encode_one(p) for p in payloads]

    async def decode(self, payloads: Sequence[Payload]) -> list[Payload]:
        return [self.decode_one(p) for p in payloads]

    def encode_one(self, payload: Payload) -> Payload:
        return self.encrypt(compress(payload))

    def decode_one(self, payload: Payload, limit: int = MAX_DECODED) -> Payload:
        return decompress(self.decrypt(payload), limit)

    def encrypt(self, payload: Payload) -> Payload:
        key_id = self.keys.active
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._ciphers[key_id].encrypt(nonce, payload.SerializeToString(), key_id.encode())
        return Payload(
            metadata={"encoding": ENCRYPTED, KEY_ID: key_id.encode()}, data=nonce + sealed
        )

    def decrypt(self, payload: Payload) -> Payload:
        """The payload `encrypt` sealed (others as they are)."""
        if payload.metadata.get("encoding") != ENCRYPTED:
            return payload
        key_id = payload.metadata.get(KEY_ID, b"").decode("utf-8", errors="replace")
        cipher = self._ciphers.get(key_id)
        if cipher is None:
            raise CodecError(
                "codec.unknown_key",
                f"载荷以密钥 {key_id!r} 加密，本进程未配置该密钥"
                f"（已配置：{', '.join(self._ciphers)}）",
                f"payload encrypted with key {key_id!r}, which is not configured here "
                f"(configured: {', '.join(self._ciphers)}; ZHIXING_PAYLOAD_KEYS / "
                "ZHIXING_PAYLOAD_KEY_FILE)",
            )
        nonce, sealed = payload.data[:NONCE_BYTES], payload.data[NONCE_BYTES:]
        try:
            serialized = cipher.decrypt(nonce, sealed, key_id.encode())
        except (InvalidTag, ValueError):
            raise CodecError(
                "codec.tampered",
                f"载荷未通过完整性校验（被篡改，或密钥 {key_id!r} 与加密时不同）",
                f"payload failed authentication (altered, or key {key_id!r} is not the one "
                "it was encrypted with)",
            ) from None
        return _parse(serialized)


def data_converter(settings: Settings) -> DataConverter:
    """The project's data converter: pydantic JSON, then `EncryptionCodec` with the settings'
    keys. Every client, worker, replayer and test environment uses it."""
    return dataclasses.replace(
        pydantic_data_converter, payload_codec=EncryptionCodec(load_keys(settings))
    )
