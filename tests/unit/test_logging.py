"""runtime.logging: party names and identity numbers never reach a log line."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from domain.commands import FileCase
from runtime.logging import configure_logging, get_logger
from tests.samples import file_case

ID_NUMBER = "11010519900307123X"
MASKED_ID = "110105********123X"
Lines = Callable[[], list[dict[str, Any]]]


@pytest.fixture
def lines() -> Iterator[Callable[[], list[dict[str, Any]]]]:
    """The JSON logs on a buffer: a function answering the lines written so far (the root
    logger's handlers are restored afterwards)."""
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    stream = io.StringIO()
    configure_logging("INFO", stream=stream, temporal_core=False)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])


def test_names_and_identity_numbers_in_our_own_lines_are_masked(lines: Lines) -> None:
    get_logger("zhixing.test").info(
        f"party 张三 reported, 身份证 {ID_NUMBER}",
        name="欧阳娜娜",
        parties=[{"party_id": "A1", "name": "张三", "kind": "person"}],
        note=f"证件号{ID_NUMBER.lower()}；账号 6222020200112233445；时间戳 1767225600000",
        not_an_id="110105199013071234",  # no 13th month
    )
    [line] = lines()
    assert line["name"] == "欧*"
    assert line["parties"] == [{"party_id": "A1", "name": "张*", "kind": "person"}]
    assert MASKED_ID in line["event"] and ID_NUMBER not in line["event"]
    assert (
        line["note"] == "证件号110105********123x；账号 6222020200112233445；时间戳 1767225600000"
    )
    assert line["not_an_id"] == "110105199013071234"
    assert line["logger"] == "zhixing.test" and line["level"] == "info"


def test_a_library_line_with_a_validation_error_is_masked(lines: Lines) -> None:
    """What the SDK logs when a workflow task fails on a malformed input: the input's repr."""
    data = file_case("(2026)京0105执9号", date(2026, 3, 2)).model_dump(mode="json")
    data["respondents"] = [{"party_id": "R1", "name": "李四"}]  # no kind
    with pytest.raises(ValidationError) as error:
        FileCase.model_validate(data)
    assert "'name': '李四'" in str(error.value)
    logging.getLogger("temporalio.worker._workflow_instance").warning(
        "Failed activation on workflow EnforcementCase: %s", error.value
    )
    [line] = lines()
    assert "李四" not in line["event"] and "'name': '李*'" in line["event"]
    assert "张三" not in json.dumps(line, ensure_ascii=False)


def test_tracebacks_are_masked_and_keep_their_function_names(lines: Lines) -> None:
    def append_party() -> None:
        raise ValueError(f'duplicate party {{"name": "张三", "id_number": "{ID_NUMBER}"}}')

    try:
        append_party()
    except ValueError:
        get_logger("zhixing.test").exception("append failed")
    [line] = lines()
    [exception] = line["exception"]
    assert exception["exc_value"] == (
        f'duplicate party {{"name": "张*", "id_number": "{MASKED_ID}"}}'
    )
    assert exception["frames"][-1]["name"] == "append_party"


def test_a_worker_with_metrics_keeps_cores_logs_in_the_json_log() -> None:
    """The metrics runtime forwards Core's logs like the default one (`core_logging`); with
    Core's default, a worker serving metrics printed them to stdout in Core's format."""
    from runtime.telemetry import worker_telemetry

    forwarding = worker_telemetry("127.0.0.1:9464").logging
    assert forwarding is not None and forwarding.forwarding is not None
    assert forwarding.forwarding.logger.name == "temporalio.core"
