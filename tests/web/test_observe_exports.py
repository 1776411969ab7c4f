"""Exports (issue 16): each file's rows are the rows of the query its page shows, on the real
PostgreSQL of the web stack; the same access rules as the pages; the CLI writes the same table.

Cases filed 40 days back are overdue at once (their first deadlines, e.g. the notice within 10
days of filing, `notice.issue`, fell due weeks ago)."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from domain.commands import Actor
from store import queries
from tests.web.harness import WebStack, file_case, filing, login, recorded
from web import exports
from web.labels import today as court_today

pytestmark = pytest.mark.integration

COUNTDOWN = exports.CASE_HEADER.index("倒计时")  # moves with the clock: compared apart


async def _overdue_cases(stack: WebStack) -> dict[str, str]:
    numbers = {}
    for court in ("京0108", "京0106"):  # under 京01 and 京02 (store/data/courts.csv)
        async with login(stack, f"t-officer-{court[1:]}") as officer:
            snap = await file_case(officer, filing(court, f"t-officer-{court[1:]}", days_ago=40))
            numbers[court] = snap["case_number"]
            await recorded(stack.pool, snap["case_number"], snap["last_seq"])
    return numbers


async def _download(http: httpx.AsyncClient, path: str, **params: str) -> httpx.Response:
    response = await http.get(path, params=params)
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-disposition"].startswith("attachment;")
    return response


def _without_countdown(rows: list[list[str]]) -> list[list[str]]:
    return [r[:COUNTDOWN] + r[COUNTDOWN + 1 :] for r in rows]


def _expected(rows: list[queries.CaseRow]) -> list[list[str]]:
    """The query's rows as the export writes them (header first)."""
    now = datetime.now(UTC)
    table = exports.Table("t", "t", exports.CASE_HEADER, [exports.case_row(r, now) for r in rows])
    return _without_countdown(exports.rows_of(exports.render(table, "csv"), "csv"))


async def _matches(
    data: bytes, fmt: exports.Format, query: Any, attempts: int = 3
) -> list[list[str]]:
    """The file's rows equal the query's (asked again should a deadline pass meanwhile)."""
    got = _without_countdown(exports.rows_of(data, fmt))
    for _ in range(attempts):
        expected = _expected(await query())
        if got == expected:
            return got
        await asyncio.sleep(0.2)
    assert got == expected
    return got


async def test_the_overdue_export_holds_the_dashboards_rows(stack: WebStack) -> None:
    numbers = await _overdue_cases(stack)
    pool = stack.pool
    async with login(stack, "t-sup-01") as supervisor:
        for fmt in ("csv", "xlsx"):
            response = await _download(supervisor, f"/exports/overdue.{fmt}")
            assert response.headers["content-type"].startswith(exports.MEDIA_TYPES[fmt][:20])
            rows = await _matches(
                response.content,
                fmt,
                lambda: queries.overdue(pool, "京01", datetime.now(UTC), limit=10_000),
            )
            listed = {r[0] for r in rows[1:]}
            assert numbers["京0108"] in listed and numbers["京0106"] not in listed
            assert rows[0] == _without_countdown([list(exports.CASE_HEADER)])[0]
        # the cell types of the spreadsheet: amounts as numbers, deadlines as dates
        xlsx = await _download(supervisor, "/exports/overdue.xlsx")
        from io import BytesIO

        from openpyxl import load_workbook

        sheet = load_workbook(BytesIO(xlsx.content)).worksheets[0]
        mine = next(
            r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == numbers["京0108"]
        )
        assert mine[1] == "京0108" and isinstance(mine[6], datetime)
        assert Decimal(str(mine[12])) == Decimal("1000000")  # principal_fen 100,000,000 fen


async def test_the_case_list_export_is_my_cases_or_the_courts(stack: WebStack) -> None:
    async with login(stack, "t-officer-0108") as officer:
        fresh = await file_case(officer, filing("京0108", "t-officer-0108"))
        await recorded(stack.pool, fresh["case_number"], fresh["last_seq"])
        response = await _download(officer, "/exports/cases.csv")
    actor = Actor(user_id="t-officer-0108", role="officer", court_code="京0108")
    rows = await _matches(
        response.content,
        "csv",
        lambda: exports.court_cases(stack.pool, actor, "京0108", limit=10_000),
    )
    assert fresh["case_number"] in {r[0] for r in rows[1:]}

    async with login(stack, "t-sup-01") as supervisor:  # a court below 京01: its open cases
        response = await _download(supervisor, "/exports/cases.xlsx", court="京0108")
    rows = await _matches(
        response.content, "xlsx", lambda: queries.open_in_court(stack.pool, "京0108", limit=10_000)
    )
    assert fresh["case_number"] in {r[0] for r in rows[1:]}


async def test_the_indicators_export_holds_the_indicators_of_the_period(stack: WebStack) -> None:
    await _overdue_cases(stack)
    start, end = date(court_today().year, 1, 1), court_today()
    async with login(stack, "t-sup-jing") as high:
        response = await _download(
            high, "/exports/indicators.csv", court="京", **{"from": str(start), "to": str(end)}
        )
        bad = await high.get(
            "/exports/indicators.csv", params={"from": "2026-12-31", "to": "2026-01-01"}
        )
        assert bad.status_code == 422 and "起止日期颠倒" in bad.text  # the error page
    rows = exports.rows_of(response.content, "csv")
    result = await queries.indicators(stack.pool, "京", start, end)
    assert rows[0] == list(exports.INDICATOR_HEADER)
    assert [(r[0], int(r[1]), int(r[2])) for r in rows[1:]] == [
        (i.name_zh, i.numerator, i.denominator) for i in result.items
    ]
    assert result.by_key()["concluded_within_three_years"].denominator >= 2  # our filings


async def test_exports_follow_the_pages_access_rules(stack: WebStack) -> None:
    """Refusals as the pages give them (an error page, not a file)."""
    async with httpx.AsyncClient(base_url=stack.base_url) as anonymous:
        to_login = await anonymous.get("/exports/overdue.csv")  # as every page: log in first
        assert to_login.status_code == 303 and to_login.headers["location"] == "/login"
    refused = {
        "t-officer-0105": (
            "overdue.csv?court=京01",
            "cases.xlsx?court=京0108",
            "indicators.csv?court=京",
        ),
        "t-sup-01": ("overdue.csv?court=京0105",),  # 京0105 is under 京03
    }
    for user, paths in refused.items():
        async with login(stack, user) as http:
            for path in paths:
                response = await http.get(f"/exports/{path}")
                assert response.status_code == 403, path
                assert "content-disposition" not in response.headers
    async with login(stack, "t-sup-01") as supervisor:
        assert (await supervisor.get("/exports/overdue.csv?court=京0208")).status_code == 404
        assert (await supervisor.get("/exports/overdue.pdf")).status_code == 422


async def _zhixing(*args: str) -> tuple[int, bytes, str]:
    process = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).parent / "zhixing"),
        *args,
        env=dict(os.environ),  # ZHIXING_DATABASE_URL: the session's PostgreSQL (conftest)
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    assert process.returncode is not None
    return process.returncode, out, err.decode()


async def test_the_cli_exports_the_same_rows(stack: WebStack, tmp_path: Path) -> None:
    assert os.environ.get("ZHIXING_DATABASE_URL")
    numbers = await _overdue_cases(stack)
    target = tmp_path / "overdue.xlsx"
    status, _, err = await _zhixing("export", "overdue", "--court", "京01", "-o", str(target))
    assert status == 0, err
    rows = await _matches(
        target.read_bytes(),
        "xlsx",
        lambda: queries.overdue(stack.pool, "京01", datetime.now(UTC), limit=10_000),
    )
    assert numbers["京0108"] in {r[0] for r in rows[1:]}

    status, out, err = await _zhixing(
        "export", "cases", "--court", "京0106", "--format", "csv", "-o", "-",
        "--role", "judge", "--as-court", "京0106", "--user", "cli.judge",
    )  # fmt: skip
    assert status == 0, err
    await _matches(out, "csv", lambda: queries.open_in_court(stack.pool, "京0106", limit=10_000))

    # the same access rules: a supervisor of 京01 may not list 京03's 京0105
    status, _, err = await _zhixing(
        "export", "overdue", "--court", "京0105", "--as-court", "京01", "-o", "-"
    )
    assert status == 1 and "无权" in err
