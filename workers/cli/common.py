"""What every `zhixing` command shares: exit statuses, errors in Chinese and English, settings,
the Temporal client and the case record, JSON in and out."""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
from collections.abc import Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click
from pydantic import BaseModel, ValidationError
from temporalio.client import Client, WorkflowQueryFailedError, WorkflowUpdateFailedError
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.service import RPCError, RPCStatusCode

from domain.errors import CodedError, DomainError
from runtime.codec import CodecError
from runtime.settings import ConfigError, Settings, load_settings

if TYPE_CHECKING:
    from runtime.client import Refusal

T = TypeVar("T")

EXIT_REFUSED = 1
EXIT_MALFORMED = 2


def fail(message: str, status: int = EXIT_REFUSED) -> NoReturn:
    click.echo(message, err=True)
    raise click.exceptions.Exit(status)


def fail_coded(error: CodedError | Refusal, status: int = EXIT_REFUSED) -> NoReturn:
    """`code: zh / en`: a refusal, or an error, that has a stable code."""
    fail(f"{error.code}: {error.zh} / {error.en}", status)


def validation_message(exc: ValidationError) -> str:
    lines = ["输入格式不正确 / invalid input:"]
    for error in exc.errors(include_url=False):
        where = ".".join(str(part) for part in error["loc"]) or "(root)"
        lines.append(f"  {where}: {error['msg']}")
    return "\n".join(lines)


@contextlib.contextmanager
def contract_errors() -> Iterator[None]:
    """Map what Temporal and pydantic raise to the CLI's messages and exit statuses."""
    from runtime.client import refusal

    try:
        yield
    except ValidationError as exc:
        fail(validation_message(exc), EXIT_MALFORMED)
    except DomainError as exc:
        fail_coded(exc)
    except WorkflowAlreadyStartedError:
        fail("案件已立案 / case already filed")
    except WorkflowUpdateFailedError as exc:
        fail_coded(refusal(exc))
    except WorkflowQueryFailedError as exc:
        fail(f"查询失败 / query failed: {exc}")
    except RPCError as exc:
        if exc.status == RPCStatusCode.NOT_FOUND:
            fail("案件不存在 / no such case")
        fail(f"Temporal 调用失败 / Temporal call failed ({exc.status.name}): {exc.message}")
    except Exception as exc:
        codec = _codec_error(exc)  # a payload this process cannot decode (a missing key)
        if codec is None:
            raise
        fail_coded(codec)


def _codec_error(exc: BaseException | None) -> CodecError | None:
    while exc is not None:
        if isinstance(exc, CodecError):
            return exc
        exc = exc.__cause__ or exc.__context__
    return None


def settings() -> Settings:
    try:
        return load_settings()
    except ConfigError as exc:
        fail(str(exc), EXIT_MALFORMED)


async def connect(settings: Settings, **options: Any) -> Client:
    from runtime.client import connect as connect_client

    try:
        return await connect_client(settings, **options)
    except RuntimeError as exc:  # the SDK's "Failed client connect: ..."
        fail(
            f"无法连接 Temporal / cannot reach Temporal at {settings.temporal_address} "
            f"(namespace {settings.temporal_namespace}): {exc}\n"
            "  本地开发请先运行 / for local development run first: zhixing dev"
        )


def run(make: Callable[[], Awaitable[T]], timeout: float | None = None) -> T:
    """Run an async command body, with the contract's errors mapped to exit statuses."""
    with contract_errors():
        return asyncio.run(_awaited(make, timeout))


async def _awaited(make: Callable[[], Awaitable[T]], timeout: float | None) -> T:
    try:
        return await asyncio.wait_for(make(), timeout)
    except TimeoutError:
        fail(
            f"超时 / timed out after {timeout:g}s — 是否有 worker 在运行？/ is a worker running "
            "(zhixing worker, zhixing dev)?"
        )


def with_db(settings: Settings, work: Callable[[Any], Awaitable[T]]) -> T:
    """Run `work(pool)` on the case record (migrated), then let the database go."""
    import asyncpg

    from store.db import open_database

    async def go() -> T:
        async with open_database(settings) as database:
            return await work(await database.pool())

    try:
        return asyncio.run(go())
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        fail(f"案件库不可用 / the case record (PostgreSQL) is unusable: {exc}")


def read_json(source: str) -> Any:
    try:
        if source == "-":
            raw = sys.stdin.buffer.read()
        else:
            with open(source, "rb") as handle:
                raw = handle.read()
    except OSError as exc:
        fail(f"无法读取文件 / cannot read {source}: {exc.strerror}", EXIT_MALFORMED)
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        fail(f"JSON 格式错误 / malformed JSON in {source}: {exc}", EXIT_MALFORMED)


def dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


def as_json(model: Any) -> Any:
    if isinstance(model, BaseModel):
        return model.model_dump(mode="json")
    return model
