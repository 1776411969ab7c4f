"""`zhixing case`: file, act on and inspect cases.

zhixing case file FILE.json                  立案 (FILE may be - for stdin)
zhixing case act CASE_NUMBER COMMAND.json    one command through the `execute` update: its answer
zhixing case show CASE_NUMBER [--json]       the case snapshot
zhixing case events CASE_NUMBER [--json]     the case's domain events
"""

from __future__ import annotations

import asyncio
import getpass
import re
import uuid
from collections.abc import Callable
from typing import Any

import click

from runtime.settings import Settings
from workers.cli.common import (
    EXIT_MALFORMED,
    as_json,
    connect,
    contract_errors,
    dump,
    fail,
    read_json,
    run,
    settings,
    with_db,
)


def _case_timeout() -> float:
    ctx = click.get_current_context()
    return float(ctx.find_root().meta.get("zhixing.case_timeout", 60.0))


def _case_number(raw: str) -> str:
    from domain.commands import normalize_case_number, parse_case_number

    try:
        parse_case_number(raw)
    except ValueError as exc:
        fail(str(exc), EXIT_MALFORMED)
    return normalize_case_number(raw)


def _print_snapshot(snapshot: Any, json_out: bool) -> None:
    from workers.cli.render import render_snapshot

    click.echo(dump(as_json(snapshot)) if json_out else render_snapshot(snapshot))


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


@click.group()
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
    """File a case (立案): FILE.json holds the file_case command; - reads stdin. The case is
    filed under the current rules with its court chain from the court registry (table
    `courts`); a court the registry does not hold is refused."""
    from domain.commands import FileCase
    from domain.filing import under_current_rules
    from runtime.client import start_case
    from runtime.contract import case_workflow_id
    from store.courts import fast_track_rule, load_registry

    config = settings()
    with contract_errors():
        file_case = FileCase.model_validate(read_json(source))

    async def court_rules(pool: Any) -> Any:
        return await load_registry(pool), await fast_track_rule(pool, file_case.court_code)

    courts, fast_track = with_db(config, court_rules)
    with contract_errors():
        file_case = under_current_rules(file_case, courts, fast_track)

    async def go() -> None:
        await start_case(await connect(config), config, file_case)

    run(go, _case_timeout())
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
@click.option("--json", "json_out", is_flag=True, help="Print the answer as JSON.")
def case_act(
    case_number: str,
    source: str,
    user: str | None,
    role: str,
    court: str | None,
    request_id: str | None,
    json_out: bool,
) -> None:
    """Send one command to a case through the `execute` update; prints its answer: the events
    it added, the case's status, stage and allowed commands (`case show` for the whole case).

    COMMAND.json holds the command ({"type": ..., ...}); a whole envelope is accepted too.
    """
    from domain.commands import Envelope, parse_case_number
    from runtime.client import execute

    number = _case_number(case_number)
    payload = read_json(source)
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

    config = settings()
    with contract_errors():
        envelope = Envelope.model_validate(envelope_json)
    if envelope.command.type == "entrust_case":  # the receiving court's chain, from the registry
        from domain.entrustment import with_receiving_chain
        from store.courts import load_registry

        command = with_receiving_chain(envelope.command, with_db(config, load_registry))
        envelope = envelope.model_copy(update={"command": command})

    async def go() -> Any:
        client = await connect(config)
        try:
            return await asyncio.wait_for(execute(client, number, envelope), _case_timeout())
        except TimeoutError:
            fail(
                f"超时，结果未知 / timed out, outcome unknown: 以同一请求号重试可查明 / retry with "
                f"--request-id {envelope.request_id} to find out (it is idempotent); "
                "is a worker running?"
            )

    answer = run(go)
    if json_out:
        click.echo(dump(as_json(answer)))
    else:
        from workers.cli.render import render_answer

        click.echo(render_answer(answer))


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


async def _readable(
    client: Any, number: str, user: str | None, role: str, court: str | None
) -> Any:
    """The case's snapshot, if the reader may read it: judged by the court chain the case
    recorded when it was filed."""
    from domain.commands import Actor, parse_case_number
    from domain.policy import may_read
    from runtime.client import snapshot

    case_court = parse_case_number(number).group("court")
    with contract_errors():
        actor = Actor(user_id=user or _default_user(), role=role, court_code=court or case_court)
    snap = await snapshot(client, number)
    if not may_read(actor, snap.court_chain):
        fail(
            f"{actor.court_code} 的{actor.role}无权查看 {case_court} 的案件 / "
            f"a {actor.role} of {actor.court_code} may not read cases of {case_court}"
        )
    return snap


@case.command("show")
@click.argument("case_number")
@click.option("--json", "json_out", is_flag=True, help="The snapshot as JSON.")
@reader_options
def case_show(
    case_number: str, json_out: bool, user: str | None, role: str, court: str | None
) -> None:
    """Show a case's snapshot (案号, 状态, 阶段, 金额, 期限, 可执行操作)."""
    number = _case_number(case_number)
    config = settings()

    async def go() -> Any:
        return await _readable(await connect(config), number, user, role, court)

    _print_snapshot(run(go, _case_timeout()), json_out)


async def recorded_events(config: Settings, case_number: str) -> list[Any] | None:
    """The case's events from case_events when the database is reachable (never starts one);
    None when it is not, or holds nothing for the case."""
    from store.db import connect as connect_db
    from store.db import reachable_url
    from store.event_store import load_events

    url = await reachable_url(config)
    if url is None:
        return None
    try:
        conn = await asyncio.wait_for(connect_db(url), 3)
    except Exception:  # unreachable or not ours: the workflow still answers
        return None
    try:
        events = await load_events(conn, case_number)
    except Exception:
        return None
    finally:
        await conn.close()
    return events or None


@case.command("events")
@click.argument("case_number")
@click.option("--json", "json_out", is_flag=True, help="One JSON array instead of lines.")
@reader_options
def case_events(
    case_number: str, json_out: bool, user: str | None, role: str, court: str | None
) -> None:
    """The case's domain events (全程留痕), oldest first: from the case record, or, when it is
    unreachable, from the workflow (the `events` query, page by page: the events its current
    run holds, every one until the case first continued as new)."""
    from runtime.client import held_events
    from workers.cli.render import render_event

    number = _case_number(case_number)
    config = settings()

    async def go() -> list[Any]:
        client = await connect(config)
        await _readable(client, number, user, role, court)
        recorded = await recorded_events(config, number)  # the case record, when reachable
        if recorded is not None:
            return recorded
        held = await held_events(client, number)
        if not held or held[0].seq > 1:  # continued as new: the earlier ones are recorded
            click.echo(
                f"案件记录不可达：仅列出本次运行持有的 {len(held)} 个事件，之前的在案件记录中 / "
                f"the case record is unreachable: only the {len(held)} events the case's current "
                "run holds; the earlier ones are in the record",
                err=True,
            )
        return held

    events = run(go, _case_timeout())
    if json_out:
        click.echo(dump([as_json(event) for event in events]))
        return
    for event in events:
        click.echo(render_event(event))
