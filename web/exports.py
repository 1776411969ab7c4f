"""Exports (导出): the supervisors' spreadsheets, XLSX (openpyxl) and CSV.

Three tables, each drawn by the query its page shows (store/queries.py), under the same access
rules as that page (`web.access.court_or_own`, `domain.policy`):

- 超期案件 `overdue`: a court subtree's overdue cases (`queries.overdue`, the 督办看板's list);
- 案件清单 `cases`: a court's open cases with their next deadline (`court_cases`: an officer's own
  cases, or the court's, as 我的案件 shows them);
- “3+1”核心指标 `indicators`: the indicators of a court subtree for a period (`queries.indicators`).

The dashboard's links (`/exports/{table}.{csv|xlsx}`) and the CLI (`zhixing export`) both build
their tables here. CSV is UTF-8 with a byte-order mark, which Excel needs to read Chinese.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Literal
from urllib.parse import quote

import asyncpg
from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from domain.commands import Actor, BusinessDate
from store import queries
from web import labels
from web.access import court_or_own
from web.deps import CourtsDep, PoolDep, SessionDep
from web.problems import Problem

Format = Literal["csv", "xlsx"]
EXPORT_LIMIT = 10_000  # rows of one export at most (the pages show fewer)
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

Cell = str | int | Decimal | datetime | date | None


@dataclass(frozen=True)
class Table:
    """One export: its file name, its sheet's title, a header row and the rows."""

    name: str  # the file name's stem (with the court's code)
    title: str  # the sheet's name (Chinese)
    header: tuple[str, ...]
    rows: list[tuple[Cell, ...]]


def _local(dt: datetime | None) -> datetime | None:
    """A moment in the court's time (Asia/Shanghai), naive: what a spreadsheet shows."""
    return None if dt is None else dt.astimezone(labels.SHANGHAI).replace(tzinfo=None)


CASE_HEADER = (
    "案号",
    "法院",
    "阶段",
    "状态",
    "承办人",
    "下一期限",
    "期限届满（北京时间）",
    "倒计时",
    "超期节点数",
    "升级",
    "督办",
    "未结信访",
    "未执行金额（元）",
    "账上款项（元）",
)


def case_row(r: queries.CaseRow, now: datetime) -> tuple[Cell, ...]:
    return (
        r.case_number,
        r.court_code,
        labels.STAGE_ZH.get(r.stage, r.stage),
        labels.status_zh(r.status),
        r.officer_id,
        labels.rule_zh(r.next_deadline_rule) if r.next_deadline_rule else None,
        _local(r.next_deadline_at),
        labels.countdown(r.next_deadline_at, now) if r.next_deadline_at else None,
        r.overdue_count,
        labels.ESCALATION_ZH.get(r.escalation_level, f"{r.escalation_level} 级"),
        "是" if r.supervised else "否",
        r.open_petitions,
        Decimal(r.outstanding_fen) / 100,
        Decimal(r.held_fen) / 100,
    )


# ------------------------------------------------------------------------------ the tables
async def court_cases(
    pool: asyncpg.Pool, actor: Actor, court: str, *, limit: int
) -> list[queries.CaseRow]:
    """我的案件's rows: an officer's own open cases, or the court's open cases for everyone
    else (a judge, a bureau head, a supervisor of a court above it)."""
    if actor.role == "officer":
        return await queries.by_officer(pool, actor.user_id, court, limit=limit)
    return await queries.open_in_court(pool, court, limit=limit)


async def overdue_table(pool: asyncpg.Pool, court: str, now: datetime) -> Table:
    rows = await queries.overdue(pool, court, now, limit=EXPORT_LIMIT)
    return Table(
        f"overdue-{court}", f"{court}辖区超期案件", CASE_HEADER, [case_row(r, now) for r in rows]
    )


async def cases_table(pool: asyncpg.Pool, actor: Actor, court: str, now: datetime) -> Table:
    rows = await court_cases(pool, actor, court, limit=EXPORT_LIMIT)
    return Table(
        f"cases-{court}", f"{court}案件清单", CASE_HEADER, [case_row(r, now) for r in rows]
    )


INDICATOR_HEADER = ("指标", "完成数", "基数", "比率", "目标", "达标")


async def indicators_table(pool: asyncpg.Pool, court: str, start: date, end: date) -> Table:
    result = await queries.indicators(pool, court, start, end)
    rows: list[tuple[Cell, ...]] = [
        (
            i.name_zh,
            i.numerator,
            i.denominator,
            None if i.rate is None else round(Decimal(i.numerator) / i.denominator, 4),
            Decimal(str(i.target)),
            {True: "是", False: "否", None: "无数据"}[i.meets_target],
        )
        for i in result.items
    ]
    return Table(
        f"indicators-{court}-{start}-{end}",
        f"{court} 3+1指标 {start}至{end}",
        INDICATOR_HEADER,
        rows,
    )


# ------------------------------------------------------------------------------- the files
def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


def to_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.header)
    writer.writerows([_text(v) for v in row] for row in table.rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(table: Table) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _sheet_name(table.title)
    sheet.append(table.header)
    for row in table.rows:
        sheet.append(list(row))
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_name(title: str) -> str:
    """Excel's sheet names: at most 31 characters, none of []:*?/\\."""
    return "".join(c for c in title if c not in "[]:*?/\\")[:31]


def render(table: Table, fmt: Format) -> bytes:
    return to_csv(table) if fmt == "csv" else to_xlsx(table)


def rows_of(data: bytes, fmt: Format) -> list[list[str]]:
    """A file's rows as text, header first (what a test or a reader compares)."""
    if fmt == "csv":
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [[_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def file_name(table: Table, fmt: Format) -> str:
    return f"{table.name}.{fmt}"


# ------------------------------------------------------------------------------- the routes
router = APIRouter(prefix="/exports", include_in_schema=False)


def _download(table: Table, fmt: Format) -> Response:
    name = file_name(table, fmt)
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_")
    return Response(
        render(table, fmt),
        media_type=MEDIA_TYPES[fmt],
        headers={
            "Content-Disposition": (
                f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
            )
        },
    )


@router.get("/overdue.{fmt}")
async def export_overdue(
    fmt: Format, s: SessionDep, pool: PoolDep, courts: CourtsDep, court: str | None = None
) -> Response:
    """The 督办看板's overdue list of a court subtree."""
    court = court_or_own(s, court, courts)
    return _download(await overdue_table(pool, court, datetime.now(UTC)), fmt)


@router.get("/cases.{fmt}")
async def export_cases(
    fmt: Format, s: SessionDep, pool: PoolDep, courts: CourtsDep, court: str | None = None
) -> Response:
    """A court's open cases with their next deadline (an officer: their own)."""
    court = court_or_own(s, court, courts)
    return _download(await cases_table(pool, s.user.actor, court, datetime.now(UTC)), fmt)


async def court_and_period(
    s: SessionDep,
    courts: CourtsDep,
    court: str | None = None,
    from_: Annotated[BusinessDate | None, Query(alias="from")] = None,
    to: BusinessDate | None = None,
) -> tuple[str, date, date]:
    """The court subtree the session may read (its own by default) and the period [from, to]
    (default: this year up to today, the court's; days within 2000–2099, the engine's
    horizon): the indicators' parameters, here and in the API."""
    court = court_or_own(s, court, courts)
    end = to or labels.today()
    start = from_ or date(end.year, 1, 1)
    if end < start:
        raise Problem(422, "period.reversed", "起止日期颠倒", "the period ends before it starts")
    return court, start, end


CourtAndPeriod = Annotated[tuple[str, date, date], Depends(court_and_period)]


@router.get("/indicators.{fmt}")
async def export_indicators(fmt: Format, pool: PoolDep, scope: CourtAndPeriod) -> Response:
    """The "3+1" indicators of a court subtree for [from, to] (default: this year)."""
    return _download(await indicators_table(pool, *scope), fmt)
