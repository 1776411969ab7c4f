"""Error answers: `Problem` (HTTP status, stable code, Chinese and English message), the common
ones, and the engine's failures mapped to them (`engine_call`). The app's exception handler turns
a Problem into JSON under /api and into the error page elsewhere."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict
from temporalio.client import WorkflowQueryFailedError, WorkflowUpdateFailedError
from temporalio.service import RPCError, RPCStatusCode

from domain.commands import normalize_case_number, parse_case_number
from domain.errors import DomainError
from runtime.client import refusal

ENGINE_TIMEOUT = 30.0

T = TypeVar("T")


class Problem(Exception):
    """An error answer: HTTP status, stable code, Chinese and English message (`extra`: more
    fields of the body; `headers`: of the response, such as Retry-After or Allow)."""

    def __init__(
        self,
        status: int,
        code: str,
        zh: str,
        en: str,
        *,
        headers: Mapping[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(f"{code}: {zh} / {en}")
        self.status, self.code, self.zh, self.en, self.extra = status, code, zh, en, extra
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        return {"code": self.code, "zh": self.zh, "en": self.en, **self.extra}


class ProblemBody(BaseModel):
    """The body of every error answer of the API (a malformed input adds `errors`, a 429
    `retry_after`)."""

    model_config = ConfigDict(extra="allow")

    code: str
    zh: str
    en: str


def documented(descriptions: dict[int, str]) -> dict[int | str, dict[str, Any]]:
    """Error answers for the OpenAPI schema (a route's or the app's `responses`), by status."""
    return {status: {"model": ProblemBody, "description": d} for status, d in descriptions.items()}


def not_logged_in() -> Problem:
    return Problem(401, "auth.required", "请先登录", "login required")


def forbidden(what: str = "") -> Problem:
    return Problem(
        403, "auth.forbidden", f"无权{what}", f"not allowed{(' to ' + what) if what else ''}"
    )


def no_such_case(number: str) -> Problem:
    return Problem(404, "case.not_found", f"案件不存在：{number}", f"no such case: {number}")


def case_number_or_problem(raw: str) -> tuple[str, str]:
    """(canonical case number, its court code); 422 when malformed."""
    try:
        court = parse_case_number(raw).group("court")
    except ValueError:
        raise Problem(
            422, "case_number.malformed", f"案号格式不正确：{raw}", f"malformed case number {raw!r}"
        ) from None
    return normalize_case_number(raw), court


def rejection(error: WorkflowUpdateFailedError) -> Problem:
    """The engine's refusal of a command (`runtime.client.refusal`): 422 when the command was
    malformed, 409 otherwise."""
    refused = refusal(error)
    return Problem(422 if refused.malformed else 409, refused.code, refused.zh, refused.en)


async def engine_call(number: str, call: Awaitable[T]) -> T:
    """Await a Temporal call, mapping its failures to problems."""
    try:
        return await asyncio.wait_for(call, ENGINE_TIMEOUT)
    except TimeoutError:
        raise Problem(
            504,
            "engine.timeout",
            "执行引擎未及时响应，结果未知；可用同一请求号重试",
            "the engine did not answer in time; retry with the same request id",
        ) from None
    except WorkflowUpdateFailedError as error:
        raise rejection(error) from None
    except DomainError as error:  # the rules refused before Temporal was asked (a filing)
        raise Problem(409, error.code, error.zh, error.en) from None
    except WorkflowQueryFailedError as error:
        raise Problem(
            502, "engine.query_failed", f"查询失败：{error}", f"query failed: {error}"
        ) from None
    except RPCError as error:
        if error.status == RPCStatusCode.NOT_FOUND:
            raise no_such_case(number) from None
        raise Problem(
            502,
            "engine.unavailable",
            f"执行引擎调用失败：{error.message}",
            f"engine call failed: {error.message}",
        ) from None
