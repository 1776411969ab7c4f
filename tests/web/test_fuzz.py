"""A bounded OpenAPI fuzz run (issue 13): schemathesis generates requests from the app's own
schema (/api/openapi.json), schema-fitting and not, and sends them to the real app (dev server,
PostgreSQL) as a logged-in officer of 京0105 (session cookie and CSRF header). Every answer must
be below 500, and every 4xx must carry the documented body {code, zh, en}.

Bounded and repeatable: a fixed seed, `EXAMPLES` examples per operation and mode, shrinking off
(a finding is collected and reported, all of them at the end). Operations under a case number
run twice: with generated numbers, and on a real case of the officer's court, so commands reach
the engine. Left out: DELETE /api/session (it would end the fuzzer's own session).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from tests.web.harness import WebStack, file_case, filing, login, problem_body
from web.auth import CSRF_HEADER, SESSION_COOKIE

pytestmark = pytest.mark.integration

SEED = 20261213
EXAMPLES = 100
SKIPPED = {("DELETE", "/api/session")}
FUZZER_ADDRESS = "2001:db8:f022::1"  # its failed logins lock this address only (the proxy's)


@dataclass
class Run:
    requests: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    findings: list[str] = field(default_factory=list)


def _check(run: Run, label: str, response: requests.Response) -> None:
    status = response.status_code
    run.requests += 1
    run.statuses[status] = run.statuses.get(status, 0) + 1
    problem = None
    if status >= 500:
        problem = "5xx"
    elif status >= 400 and problem_body(response) is None:
        problem = "4xx without {code, zh, en}"
    if problem is None and "Traceback" in response.text:
        problem = "stack trace"
    if problem is not None:
        request = response.request
        run.findings.append(
            f"{problem}: {label} -> {status} {request.method} {request.url} "
            f"body={str(request.body)[:200]!r} answer={response.text[:200]!r}"
        )


def _send_examples(run: Run, label: str, strategy: Any, call: dict[str, Any]) -> None:
    """`EXAMPLES` cases of `strategy`, each sent and checked."""

    @seed(SEED)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def send(case: schemathesis.Case) -> None:
        try:
            response = case.call(**call)
        except (requests.exceptions.InvalidHeader, ValueError):
            return  # not even sendable as HTTP (negative mode)
        _check(run, label, response)

    # Unsatisfiable: nothing to get wrong (negative mode on an operation without inputs)
    with contextlib.suppress(Unsatisfiable):
        send()


def _fuzz(base_url: str, cookie: str, csrf: str, number: str) -> Run:
    schema = schemathesis.openapi.from_url(f"{base_url}/api/openapi.json")
    run = Run()
    call = {
        "base_url": base_url,
        "session": requests.Session(),
        "headers": {CSRF_HEADER: csrf, "X-Forwarded-For": FUZZER_ADDRESS},
        "cookies": {SESSION_COOKIE: cookie},
        "timeout": 60,
    }
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) in SKIPPED:
            continue
        fixed: list[dict[str, Any] | None] = [None]
        if "{case_number}" in operation.path:
            fixed.append({"case_number": number})
        for path_parameters in fixed:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                label = f"{operation.method.upper()} {operation.path} {mode.value}"
                if path_parameters:
                    label += " (real case)"
                strategy = operation.as_strategy(
                    generation_mode=mode, path_parameters=path_parameters
                )
                _send_examples(run, label, strategy, call)
    return run


async def test_a_bounded_fuzz_run_finds_no_5xx_and_only_documented_errors(
    proxied: WebStack,
) -> None:
    async with login(proxied, "t-officer-0105", {"X-Forwarded-For": FUZZER_ADDRESS}) as officer:
        number = (await file_case(officer, filing("京0105", "t-officer-0105")))["case_number"]
        cookie, csrf = officer.cookies[SESSION_COOKIE], officer.headers[CSRF_HEADER]
    started = time.monotonic()
    # schemathesis is synchronous: off the event loop, which serves the app meanwhile
    run = await asyncio.to_thread(_fuzz, proxied.base_url, cookie, csrf, number)
    took = time.monotonic() - started
    print(
        f"\nfuzz: {run.requests} requests in {took:.1f} s, statuses {sorted(run.statuses.items())}"
    )
    assert run.requests > 1000  # about 1,800: 100 examples per operation and mode
    assert run.findings == [], "\n".join(run.findings)
