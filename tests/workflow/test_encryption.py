"""A case's history holds its payloads encrypted (the large ones compressed inside), names no
party in the clear, and the web app's /codec shows it to a logged-in user or the codec token."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
from google.protobuf import json_format
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message
from temporalio.api.common.v1 import Payload, Payloads
from temporalio.testing import WorkflowEnvironment

from runtime.codec import ENCODING, ENCRYPTED, KEY_ID, EncryptionCodec
from runtime.settings import Settings
from tests.web.harness import login, web_settings, web_stack
from tests.workflow.helpers import Case

TOKEN = "codec-token-for-tests"
UI = "http://127.0.0.1:8233"
# Not the codec's: search attributes are indexed by the server, headers are the SDK's.
NOT_ENCODED = frozenset({"search_attributes", "header"})
# A marker's own bookkeeping, written by the SDK's core (a patch's id, a local activity's seq,
# attempt and type); a local activity's result is the marker's "result", which the codec encodes.
MARKER_BOOKKEEPING = frozenset({"patch-data", "data"})


def payloads_in(message: Message) -> Iterator[Payload]:
    """Every payload a history event carries, however deep (inputs, results, failures'
    details, memos)."""
    if isinstance(message, Payload):
        yield message
        return
    for field, value in message.ListFields():
        if field.type != FieldDescriptor.TYPE_MESSAGE or field.name in NOT_ENCODED:
            continue
        if field.message_type.GetOptions().map_entry:
            entry_value = field.message_type.fields_by_name["value"]
            marker = message.DESCRIPTOR.name == "MarkerRecordedEventAttributes"
            values = (
                [v for k, v in value.items() if not (marker and k in MARKER_BOOKKEEPING)]
                if entry_value.type == FieldDescriptor.TYPE_MESSAGE
                else []
            )
        elif field.is_repeated:
            values = list(value)
        else:
            values = [value]
        for item in values:
            yield from payloads_in(item)


async def test_a_case_history_is_encrypted_and_the_codec_endpoint_shows_it(
    manual_env: WorkflowEnvironment, manual_settings: Settings, postgres_url: str, tmp_path: Path
) -> None:
    settings = web_settings(tmp_path, "codec").model_copy(update={"codec_token": TOKEN})
    async with web_stack(manual_env.client, settings, postgres_url) as stack:
        # on the session's manual workers, which keep serving it (as the stories' cases)
        case = await Case.file(manual_env, manual_settings)
        await case.act({"type": "issue_notice"})
        await case.act({"type": "request_asset_search"})
        history = await case.handle.fetch_history()

        codec = manual_env.client.data_converter.payload_codec
        assert isinstance(codec, EncryptionCodec)
        payloads = [p for event in history.events for p in payloads_in(event)]
        assert len(payloads) >= 5  # the filing, the commands, their answers, the activities
        assert {p.metadata["encoding"] for p in payloads} == {ENCRYPTED}
        assert {p.metadata[KEY_ID].decode() for p in payloads} == {codec.keys.active}
        inner = [codec.decrypt(p) for p in payloads]
        assert any(p.metadata["encoding"] == ENCODING for p in inner)  # the snapshots
        stored = history.to_json()
        for name in ("张三", "北京某某科技有限公司"):
            assert name not in stored
            assert name.encode("unicode_escape").decode() not in stored

        body = json_format.MessageToJson(Payloads(payloads=payloads))
        async with httpx.AsyncClient(base_url=stack.base_url) as cli:
            as_cli = await cli.post(
                "/codec/decode", content=body, headers={"Authorization": f"Bearer {TOKEN}"}
            )
            assert as_cli.status_code == 200, as_cli.text
            decoded = json_format.Parse(as_cli.text, Payloads()).payloads
            assert [codec.decode_one(p) for p in payloads] == list(decoded)
            assert {p.metadata["encoding"] for p in decoded} <= {b"json/plain", b"binary/null"}
            assert json.loads(decoded[0].data)["applicants"][0]["name"] == "张三"  # the filing
            wrong = await cli.post(
                "/codec/decode", content=body, headers={"Authorization": "Bearer nope"}
            )
            assert wrong.status_code == 401
        async with login(stack, "t-judge-0105") as judge:
            as_ui = await judge.post("/codec/decode", content=body, headers={"Origin": UI})
            assert as_ui.status_code == 200 and as_ui.text == as_cli.text
