"""`zhixing`: the command line.

    zhixing dev                                  the whole local system (Temporal + workers + demo)
    zhixing worker                               a worker process
    zhixing web                                  the web UI and JSON API (/api, docs /api/docs)
    zhixing case file FILE.json                  立案 (FILE may be - for stdin)
    zhixing case act CASE_NUMBER COMMAND.json    one command through the `execute` update
    zhixing case show CASE_NUMBER [--json]       the case snapshot
    zhixing case events CASE_NUMBER [--json]     the case's domain events
    zhixing schema                               JSON Schemas of the contract

Exit status: 0 done; 1 refused (a business rule, a duplicate or unknown case, Temporal
unreachable); 2 malformed input (JSON, fields, usage).
"""

from __future__ import annotations

import asyncio
import contextlib
import getpass
import json
import logging
import os
import re
import sys
import uuid
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, NoReturn, TypeVar

import click
from pydantic import BaseModel, TypeAdapter, ValidationError
from temporalio.client import Client, WorkflowQueryFailedError, WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError, WorkflowAlreadyStartedError
from temporalio.service import RPCError, RPCStatusCode

from workers.config import ConfigError, Settings, load_settings

T = TypeVar("T")

EXIT_REFUSED = 1
EXIT_MALFORMED = 2


# ------------------------------------------------------------------------------------- errors
def fail(message: str, status: int = EXIT_REFUSED) -> NoReturn:
    click.echo(message, err=True)
    raise click.exceptions.Exit(status)


def _validation_message(exc: ValidationError) -> str:
    lines = ["输入格式不正确 / invalid input:"]
    for error in exc.errors(include_url=False):
        where = ".".join(str(part) for part in error["loc"]) or "(root)"
        lines.append(f"  {where}: {error['msg']}")
    return "\n".join(lines)


def _rejection_message(exc: WorkflowUpdateFailedError | WorkflowQueryFailedError) -> str:
    cause = exc.cause if isinstance(exc, WorkflowUpdateFailedError) else None
    if isinstance(cause, ApplicationError):
        detail = cause.details[0] if cause.details else None
        if isinstance(detail, dict) and "code" in detail:
            return f"{detail['code']}: {detail.get('zh', '')} / {detail.get('en', '')}"
        return f"{cause.type or 'rejected'}: {cause.message}"
    return f"操作被拒绝 / refused: {cause or exc}"


@contextlib.contextmanager
def _contract_errors() -> Iterator[None]:
    """Map what Temporal and pydantic raise to the CLI's messages and exit statuses."""
    try:
        yield
    except ValidationError as exc:
        fail(_validation_message(exc), EXIT_MALFORMED)
    except WorkflowAlreadyStartedError:
        fail("案件已立案 / case already filed")
    except WorkflowUpdateFailedError as exc:
        fail(_rejection_message(exc))
    except WorkflowQueryFailedError as exc:
        fail(f"查询失败 / query failed: {exc}")
    except RPCError as exc:
        if exc.status == RPCStatusCode.NOT_FOUND:
            fail("案件不存在 / no such case")
        fail(f"Temporal 调用失败 / Temporal call failed ({exc.status.name}): {exc.message}")


def _settings() -> Settings:
    try:
        return load_settings()
    except ConfigError as exc:
        fail(str(exc), EXIT_MALFORMED)


async def _connect(settings: Settings) -> Client:
    from workers.client import connect

    try:
        return await connect(settings)
    except RuntimeError as exc:  # the SDK's "Failed client connect: ..."
        fail(
            f"无法连接 Temporal / cannot reach Temporal at {settings.temporal_address} "
            f"(namespace {settings.temporal_namespace}): {exc}\n"
            "  本地开发请先运行 / for local development run first: zhixing dev"
        )


def _run(make: Callable[[], Awaitable[T]], timeout: float | None = None) -> T:
    with _contract_errors():
        return asyncio.run(_awaited(make, timeout))


async def _awaited(make: Callable[[], Awaitable[T]], timeout: float | None) -> T:
    try:
        return await asyncio.wait_for(make(), timeout)
    except TimeoutError:
        fail(
            f"超时 / timed out after {timeout:g}s — 是否有 worker 在运行？/ is a worker running "
            "(zhixing worker, zhixing dev)?"
        )


def _case_timeout() -> float:
    ctx = click.get_current_context()
    value = ctx.find_root().meta.get("zhixing.case_timeout", 60.0)
    return float(value)


def _read_json(source: str) -> Any:
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


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def _case_number(raw: str) -> str:
    from domain.commands import normalize_case_number, parse_case_number

    try:
        parse_case_number(raw)
    except ValueError as exc:
        fail(str(exc), EXIT_MALFORMED)
    return normalize_case_number(raw)


# ------------------------------------------------------------------------------------- output
STATUS_ZH = {
    "active": "执行中",
    "suspended": "中止执行",
    "dormant": "终结本次执行程序（终本）",
    "transferred": "执行转破产",
    "closed": "已结案",
}
DEADLINE_STATE_ZH = {"open": "未到期", "met": "已完成", "overdue": "已超期", "waived": "已免除"}
AMOUNT_LABELS = (
    ("due_fen", "应执行"),
    ("collected_fen", "已到位"),
    ("paid_out_fen", "已发放"),
    ("held_fen", "在账"),
    ("outstanding_fen", "未执行"),
)


def _yuan(fen: Any) -> str:
    if not isinstance(fen, int):
        return "—"
    sign = "-" if fen < 0 else ""
    yuan, rest = divmod(abs(fen), 100)
    return f"¥{sign}{yuan:,}.{rest:02d}"


def _rule_title(rule_id: str) -> str:
    try:
        from domain.deadlines import RULES
    except ImportError:
        return rule_id
    rule = RULES.get(rule_id) if isinstance(RULES, dict) else None
    title = getattr(rule, "obligation_zh", None)
    return f"{rule_id}（{title}）" if title else rule_id


def render_snapshot(snapshot: dict[str, Any]) -> str:
    """The snapshot for people, with Chinese labels."""
    lines: list[str] = []
    add = lines.append
    add(f"案号    {snapshot.get('case_number', '—')}")
    if snapshot.get("court_code"):
        add(f"法院    {snapshot['court_code']}")
    status = snapshot.get("status", "—")
    add(f"状态    {STATUS_ZH.get(status, status)} ({status})")
    add(f"阶段    {snapshot.get('stage', '—')}")

    parties = snapshot.get("parties")
    if isinstance(parties, dict):
        for key, label in (("applicants", "申请执行人"), ("respondents", "被执行人")):
            names = [p.get("name", "?") for p in parties.get(key, []) if isinstance(p, dict)]
            if names:
                add(f"{label}  {'、'.join(names)}")

    amounts = snapshot.get("amounts")
    if isinstance(amounts, dict):
        add("金额")
        for key, label in AMOUNT_LABELS:
            if key in amounts:
                add(f"  {label:<6}{_yuan(amounts[key]):>20}")

    deadlines = snapshot.get("deadlines") or []
    if isinstance(deadlines, dict):
        deadlines = list(deadlines.values())
    add("期限" + ("" if deadlines else "    —"))
    for deadline in deadlines:
        if not isinstance(deadline, dict):
            continue
        due = deadline.get("due_on") or deadline.get("due_at") or "—"
        state = deadline.get("state", "")
        level = deadline.get("escalation_level", 0)
        mark = "（暂定 provisional）" if deadline.get("provisional") else ""
        subject = deadline.get("subject") or ""
        add(
            f"  {due}{mark}  {DEADLINE_STATE_ZH.get(state, state)}  升级级别 {level}  "
            f"{_rule_title(str(deadline.get('rule', '')))}  {subject}".rstrip()
        )

    time_limit = snapshot.get("time_limit")
    if isinstance(time_limit, dict) and time_limit.get("due_on"):
        add(
            f"审限    {time_limit['due_on']}（扣除 {time_limit.get('paused_days', 0)} 天，"
            f"延长 {time_limit.get('extensions', 0)} 次）"
        )

    assets = snapshot.get("assets") or []
    if isinstance(assets, dict):
        assets = list(assets.values())
    if assets:
        add("财产")
        for asset in assets:
            if not isinstance(asset, dict):
                continue
            control = asset.get("control") or {}
            control_text = ""
            if isinstance(control, dict) and control:
                control_text = f"  {control.get('measure', '')}/{control.get('state', '')}"
                if control.get("expires_on"):
                    control_text += f" 至 {control['expires_on']}"
            add(
                f"  {asset.get('asset_id', '?')}  {asset.get('kind', '')}  "
                f"{asset.get('description', '')}{control_text}"
            )

    allowed = snapshot.get("allowed_commands") or []
    add(f"可执行操作  {', '.join(map(str, allowed)) if allowed else '—'}")
    if "last_seq" in snapshot:
        add(f"事件序号  {snapshot['last_seq']}")
    return "\n".join(lines)


def _as_json(model: Any) -> Any:
    if isinstance(model, BaseModel):
        return model.model_dump(mode="json")
    return model


def _print_snapshot(snapshot: Any, as_json: bool) -> None:
    data = _as_json(snapshot)
    click.echo(_dump(data) if as_json else render_snapshot(data))


# ------------------------------------------------------------------------------------- commands
@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--log-level",
    default=lambda: os.environ.get("ZHIXING_LOG_LEVEL", "INFO"),
    show_default="INFO or $ZHIXING_LOG_LEVEL",
    help="Level of the JSON logs on stderr.",
)
@click.pass_context
def cli(ctx: click.Context, log_level: str) -> None:
    """zhixing 执行 — durable enforcement cases on Temporal."""
    from workers.logging import configure_logging

    configure_logging(log_level)
    ctx.ensure_object(dict)


@cli.command()
def dev() -> None:
    """Run the whole local system: Temporal dev server, workers, demo cases (Ctrl-C stops)."""
    from workers.devserver import DevServerError

    settings = _settings()
    try:
        asyncio.run(_dev(settings))
    except DevServerError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        pass


async def _dev(settings: Settings) -> None:
    from workers.client import connect
    from workers.demo import file_demo_cases
    from workers.devserver import DevServer
    from workers.logging import get_logger
    from workers.worker import build_workers, run_workers, stop_on_signals

    log = get_logger("zhixing.dev")
    stop = asyncio.Event()
    stop_on_signals(stop)
    from store.db import open_database
    from web.server import web_address

    host, port = web_address()
    server = DevServer.from_settings(settings, ui_codec_endpoint=f"http://{host}:{port}/codec")

    async with open_database(settings) as database, server:  # the case record (PostgreSQL)
        log.info(
            "temporal dev server up",
            address=server.target,
            db=str(server.db_path),
            pid=server.pid,
            server_log=str(server.log_path),
        )
        client = await connect(settings, address=server.target)
        runner = asyncio.create_task(run_workers(build_workers(client, settings), stop))
        demo = asyncio.create_task(file_demo_cases(client, settings))
        stopped = asyncio.create_task(stop.wait())
        web_server, web_task, web_url = await _start_web(settings, client, database)
        try:
            done, _ = await asyncio.wait(
                {demo, runner, stopped}, return_when=asyncio.FIRST_COMPLETED
            )
            if demo in done:
                numbers: list[str] = []
                if demo.exception() is not None:
                    log.error("demo cases not filed", exc_info=demo.exception())
                else:
                    numbers = demo.result()
                _print_dev_banner(settings, server.target, server.ui_url, numbers, web_url)
                await asyncio.wait({runner, stopped}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            demo.cancel()
            stopped.cancel()
            stop.set()
            if web_server is not None and web_task is not None:
                from web.server import stop as stop_web

                await stop_web(web_server, web_task)
            await runner  # workers shut down first (and a worker's fatal error surfaces here)
    log.info("temporal dev server stopped")


async def _start_web(
    settings: Settings, client: Client, database: Any
) -> tuple[Any, Any, str | None]:
    """The web UI next to the workers, with the demo logins; (None, None, None) if it cannot
    start (the rest of `zhixing dev` goes on without it)."""
    from web.app import create_app
    from web.server import embedded_server, start, web_address
    from workers.demo import create_demo_users
    from workers.logging import get_logger

    host, port = web_address()
    try:
        pool = await database.pool()
        await create_demo_users(pool)
        web_server = embedded_server(create_app(settings, client=client, pool=pool), host, port)
        task = await start(web_server)
    except (OSError, RuntimeError, SystemExit) as exc:
        get_logger("zhixing.dev").error("web UI not started", error=str(exc), port=port)
        return None, None, None
    return web_server, task, f"http://{host}:{port}/"


def _print_dev_banner(
    settings: Settings,
    address: str,
    ui_url: str | None,
    numbers: list[str],
    web_url: str | None = None,
) -> None:
    from domain.policy import ROLE_NAMES_ZH
    from workers.demo import DEMO_PASSWORD, DEMO_USERS

    out = [
        "",
        "zhixing 执行 — 本地系统已启动 / local system running",
        f"  Temporal gRPC     {address}   namespace {settings.temporal_namespace}",
        f"  Temporal Web UI   {ui_url or '(headless)'}",
        f"  数据 / data        {settings.data_dir}",
        f"  外部系统 / adapters {settings.adapters}",
        "",
    ]
    if web_url:
        out += [f"  网页 / web UI      {web_url}   (接口文档 / API docs {web_url}api/docs)"]
        out += [f"  演示账号 / demo logins (密码 / password {DEMO_PASSWORD}):"]
        for user_id, name, role, court in DEMO_USERS:
            out.append(f"    {user_id:<16} {name}  {ROLE_NAMES_ZH.get(role, role)} {court}")
        out.append("")
    if address != settings.temporal_address:
        out += [
            f"  (另一终端 / in another shell: export ZHIXING_TEMPORAL_ADDRESS={address})",
            "",
        ]
    out.append("  示例 / try:")
    for number in numbers[:3]:
        out.append(f"    zhixing case show '{number}'")
    if numbers:
        out.append(f"    zhixing case events '{numbers[0]}'")
    out += ["", "  Ctrl-C 停止 / stops everything", ""]
    click.echo("\n".join(out))


@cli.command()
@click.option("--host", envvar="ZHIXING_WEB_HOST", default="127.0.0.1", show_default=True)
@click.option("--port", envvar="ZHIXING_WEB_PORT", default=8000, show_default=True, type=int)
def web(host: str, port: int) -> None:
    """Run the web UI and the JSON API (/api, docs at /api/docs) on a running system.

    Needs Temporal (ZHIXING_TEMPORAL_ADDRESS) and the case record (ZHIXING_DATABASE_URL or the
    embedded PostgreSQL of the data directory). Set ZHIXING_TRUSTED_HEADER to accept a single
    sign-on proxy's user header (off by default)."""
    import uvicorn

    from web.app import create_app

    settings = _settings()
    click.echo(f"zhixing 网页 / web UI: http://{host}:{port}/  (API docs /api/docs)")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


@cli.command()
def worker() -> None:
    """Run a worker (both task queues) until SIGINT/SIGTERM."""
    from workers.worker import run_worker

    settings = _settings()

    async def go() -> None:
        from store.db import open_database

        # The case record: pool opened, migrations applied (and the embedded server started
        # when no ZHIXING_DATABASE_URL) before the first task; released at the end.
        async with open_database(settings) as database:
            from activities import notification_log
            from store.outbox import NotificationOutbox, dispatch_forever

            # Notices left in the outbox (a crash, the gateway down) are delivered from here.
            outbox = NotificationOutbox(database)
            dispatcher = asyncio.create_task(dispatch_forever(outbox, notification_log(settings)))
            try:
                await run_worker(settings, await _connect(settings))
            finally:
                dispatcher.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await dispatcher

    with contextlib.suppress(KeyboardInterrupt):
        _run(go)


@cli.group()
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=60.0,
    envvar="ZHIXING_CLI_TIMEOUT",
    show_default=True,
    help="Seconds to wait for Temporal and the workers [env ZHIXING_CLI_TIMEOUT].",
)
@click.pass_context
def case(ctx: click.Context, timeout: float) -> None:
    """File, act on and inspect cases."""
    ctx.find_root().meta["zhixing.case_timeout"] = timeout


@case.command("file")
@click.argument("source", metavar="FILE.json")
def case_file(source: str) -> None:
    """File a case (立案): FILE.json holds the file_case command; - reads stdin."""
    from domain.commands import FileCase
    from workers.client import case_workflow_id, start_case

    settings = _settings()
    with _contract_errors():
        file_case = FileCase.model_validate(_read_json(source))

    async def go() -> None:
        client = await _connect(settings)
        await start_case(client, settings, file_case)

    _run(go, _case_timeout())
    workflow_id = case_workflow_id(file_case.case_number)
    click.echo(f"已立案 / filed: {file_case.case_number}  (workflow {workflow_id})")


@case.command("act")
@click.argument("case_number")
@click.argument("source", metavar="COMMAND.json|-")
@click.option("--user", envvar="ZHIXING_USER", help="Actor user id [env ZHIXING_USER].")
@click.option(
    "--role",
    envvar="ZHIXING_ROLE",
    default="officer",
    show_default=True,
    help="Actor role [env ZHIXING_ROLE].",
)
@click.option(
    "--court",
    envvar="ZHIXING_COURT",
    help="Actor court code [env ZHIXING_COURT; default: the case number's court].",
)
@click.option("--request-id", help="Idempotency key (default: a new uuid4).")
@click.option("--json", "as_json", is_flag=True, help="Print the resulting snapshot as JSON.")
def case_act(
    case_number: str,
    source: str,
    user: str | None,
    role: str,
    court: str | None,
    request_id: str | None,
    as_json: bool,
) -> None:
    """Send one command to a case through the `execute` update; prints the new snapshot.

    COMMAND.json holds the command ({"type": ..., ...}); a whole envelope is accepted too.
    """
    from domain.commands import Envelope, parse_case_number
    from workers.client import execute

    number = _case_number(case_number)
    payload = _read_json(source)
    if not isinstance(payload, dict):
        fail("命令须为 JSON 对象 / the command must be a JSON object", EXIT_MALFORMED)
    if "command" in payload and "type" not in payload:  # a whole envelope
        envelope_json: dict[str, Any] = dict(payload)
        actor = dict(envelope_json.get("actor") or {})
    else:
        envelope_json = {"command": payload}
        actor = {}
    # Explicit options (or their environment variables) win over an envelope's own actor.
    if user:
        actor["user_id"] = user
    actor.setdefault("user_id", _default_user())
    if _option_given("role"):
        actor["role"] = role
    actor.setdefault("role", role)
    if court:
        actor["court_code"] = court
    actor.setdefault("court_code", parse_case_number(number).group("court"))
    envelope_json["actor"] = actor
    if request_id:
        envelope_json["request_id"] = request_id
    envelope_json.setdefault("request_id", str(uuid.uuid4()))

    settings = _settings()
    with _contract_errors():
        envelope = Envelope.model_validate(envelope_json)

    async def go() -> Any:
        client = await _connect(settings)
        try:
            return await asyncio.wait_for(execute(client, number, envelope), _case_timeout())
        except TimeoutError:
            fail(
                f"超时，结果未知 / timed out, outcome unknown: 以同一请求号重试可查明 / retry with "
                f"--request-id {envelope.request_id} to find out (it is idempotent); "
                "is a worker running?"
            )

    _print_snapshot(_run(go), as_json)


def _option_given(name: str) -> bool:
    ctx = click.get_current_context()
    source = ctx.get_parameter_source(name)
    return source is not None and source.name != "DEFAULT"


def _default_user() -> str:
    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        login = "user"
    return "cli." + (re.sub(r"[^A-Za-z0-9._:\-]", "_", login) or "user")


def reader_options(command: Callable[..., None]) -> Callable[..., None]:
    """Who is reading: checked against the one shared policy before anything is fetched."""
    command = click.option(
        "--court",
        envvar="ZHIXING_COURT",
        help="Reader's court code [env ZHIXING_COURT; default: the case number's court].",
    )(command)
    command = click.option(
        "--role",
        envvar="ZHIXING_ROLE",
        default="officer",
        show_default=True,
        help="Reader's role [env ZHIXING_ROLE].",
    )(command)
    return click.option("--user", envvar="ZHIXING_USER", help="Reader's user id.")(command)


def _require_read(number: str, user: str | None, role: str, court: str | None) -> None:
    from domain.commands import Actor, parse_case_number
    from domain.policy import may_read

    case_court = parse_case_number(number).group("court")
    with _contract_errors():
        actor = Actor(user_id=user or _default_user(), role=role, court_code=court or case_court)
    if not may_read(actor, case_court):
        fail(
            f"{actor.court_code} 的{actor.role}无权查看 {case_court} 的案件 / "
            f"a {actor.role} of {actor.court_code} may not read cases of {case_court}"
        )


@case.command("show")
@click.argument("case_number")
@click.option("--json", "as_json", is_flag=True, help="The snapshot as JSON.")
@reader_options
def case_show(
    case_number: str, as_json: bool, user: str | None, role: str, court: str | None
) -> None:
    """Show a case's snapshot (案号, 状态, 阶段, 金额, 期限, 可执行操作)."""
    from workers.client import snapshot

    number = _case_number(case_number)
    _require_read(number, user, role, court)
    settings = _settings()

    async def go() -> Any:
        return await snapshot(await _connect(settings), number)

    _print_snapshot(_run(go, _case_timeout()), as_json)


@case.command("events")
@click.argument("case_number")
@click.option("--json", "as_json", is_flag=True, help="One JSON array instead of lines.")
@reader_options
def case_events(
    case_number: str, as_json: bool, user: str | None, role: str, court: str | None
) -> None:
    """The case's domain events (全程留痕), oldest first."""
    from workers.client import events

    number = _case_number(case_number)
    _require_read(number, user, role, court)
    settings = _settings()

    async def go() -> list[Any]:
        from store.cli import recorded_events

        recorded = await recorded_events(settings, number)  # the case record, when reachable
        if recorded is not None:
            return recorded
        return await events(await _connect(settings), number)

    items = [_as_json(event) for event in _run(go, _case_timeout())]
    if as_json:
        click.echo(_dump(items))
        return
    for item in items:
        item = dict(item)
        seq = item.pop("seq", "?")
        occurred = item.pop("occurred_at", "")
        kind = item.pop("type", "?")
        actor = item.pop("actor", None)
        who = f"{actor.get('role')}:{actor.get('user_id')}" if isinstance(actor, dict) else ""
        item.pop("request_id", None)
        rest = json.dumps(item, ensure_ascii=False, separators=(",", ":"))
        click.echo(f"#{seq:<4} {occurred}  {kind:<24} {who}  {rest}")


@cli.command()
def schema() -> None:
    """Print the JSON Schemas of the contract (Envelope, Command, FileCase, CaseSnapshot,
    Event) as one JSON document."""
    click.echo(_dump(contract_schema()))


def contract_schema() -> dict[str, Any]:
    from domain.commands import Command, Envelope, FileCase
    from domain.events import Event
    from domain.snapshot import CaseSnapshot

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "zhixing contract",
        "description": (
            "Workflow EnforcementCase, id case/<case number>, task queue enforcement. Start "
            "input: FileCase. Update execute(Envelope) -> CaseSnapshot; signal submit(Envelope); "
            "query snapshot -> CaseSnapshot; query events -> [Event]."
        ),
        "schemas": {
            "Envelope": Envelope.model_json_schema(),
            "Command": TypeAdapter(Command).json_schema(),
            "FileCase": FileCase.model_json_schema(),
            "CaseSnapshot": CaseSnapshot.model_json_schema(mode="serialization"),
            "Event": TypeAdapter(Event).json_schema(mode="serialization"),
        },
    }


def _add_store_commands() -> None:
    """db, projections, supervise, ledger: the case record in PostgreSQL (store/cli.py)."""
    from store.cli import COMMANDS

    for command in COMMANDS:
        cli.add_command(command)
    from store.cli import supervise
    from workers.supervision_cli import supervise_list

    supervise.add_command(supervise_list)  # live lists from Temporal visibility


_add_store_commands()


def main(argv: list[str] | None = None) -> NoReturn:
    """The `zhixing` console script.

    Ends with `os._exit` after flushing: the Temporal client's Rust threads can crash CPython's
    finalization of a short-lived process ("PyGILState_Release ... finalizing", temporalio
    sdk-python issue #300); everything of ours is closed by then (workers, dev server).
    """
    try:
        cli.main(args=argv, prog_name="zhixing", standalone_mode=True)
        status = 0
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(status)


if __name__ == "__main__":
    main()
