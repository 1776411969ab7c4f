"""`zhixing supervise list`: live cases of a court's subtree from Temporal visibility.

    zhixing supervise list --court 京01      overdue or supervised cases of its subtree
    zhixing supervise list --court 京01 --query "ZhixingOpenPetitions > 0"

The policy check (may this actor list this court?) is `domain.policy.may_list`, and the scope
(court-code prefix, STARTS_WITH on ZhixingCourtCode) is `workflows.search_attributes.list_query`;
`list_cases` joins them, so the CLI and the web layer share one path. A raw `--query` is ANDed
inside the scope, never instead of it. The heavier lists come from PostgreSQL (`supervise
overdue`, `supervise due`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime

import click
from temporalio.client import Client

from domain.commands import Actor
from domain.errors import DomainError
from domain.policy import may_list
from workflows import search_attributes as sa


@dataclass(frozen=True)
class LiveCase:
    workflow_id: str
    case_number: str | None
    court_code: str | None
    status: str | None
    stage: str | None
    escalation_level: int | None
    next_deadline: datetime | None
    supervised: bool | None
    open_petitions: int | None


async def list_cases(
    client: Client, actor: Actor, court: str, raw: str | None = None, limit: int = 1000
) -> list[LiveCase]:
    """The cases of ``court``'s subtree the visibility query selects, if ``actor`` may see
    them (DomainError ``auth.forbidden`` otherwise)."""
    if not may_list(actor, court):
        raise DomainError(
            "auth.forbidden",
            f"{actor.role}（{actor.court_code}）无权查看 {court} 的案件",
            f"{actor.role} of {actor.court_code} may not list the cases of {court}",
        )
    try:
        query = sa.list_query(court, raw)
    except ValueError as error:
        raise DomainError("query.malformed", str(error), str(error)) from None
    found: list[LiveCase] = []
    async for execution in client.list_workflows(query, limit=limit):
        attrs = execution.typed_search_attributes
        found.append(
            LiveCase(
                workflow_id=execution.id,
                case_number=attrs.get(sa.CASE_NUMBER),
                court_code=attrs.get(sa.COURT_CODE),
                status=attrs.get(sa.STATUS),
                stage=attrs.get(sa.STAGE),
                escalation_level=attrs.get(sa.ESCALATION_LEVEL),
                next_deadline=attrs.get(sa.NEXT_DEADLINE),
                supervised=attrs.get(sa.SUPERVISED),
                open_petitions=attrs.get(sa.OPEN_PETITIONS),
            )
        )
    return sorted(found, key=lambda c: (-(c.escalation_level or 0), c.workflow_id))


@click.command("list")
@click.option("--court", required=True, help="Court code; its whole subtree is listed.")
@click.option("--query", "raw", default=None, help="A raw visibility query, ANDed in the scope.")
@click.option("--user", envvar="ZHIXING_USER", default="cli.supervisor", show_default=True)
@click.option("--role", envvar="ZHIXING_ROLE", default="supervisor", show_default=True)
@click.option(
    "--as-court",
    envvar="ZHIXING_COURT",
    default=None,
    help="The actor's court [env ZHIXING_COURT; default: --court].",
)
@click.option("--limit", default=1000, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def supervise_list(
    court: str,
    raw: str | None,
    user: str,
    role: str,
    as_court: str | None,
    limit: int,
    as_json: bool,
) -> None:
    """Live cases of the court's subtree from Temporal visibility: by default the running ones
    with an overdue deadline or under 督办; --query selects otherwise (within the subtree)."""
    from pydantic import ValidationError

    from workers.cli import EXIT_MALFORMED, _connect, _run, _settings, fail

    try:
        actor = Actor(user_id=user, role=role, court_code=as_court or court)
    except ValidationError as error:
        fail(f"身份不正确 / invalid actor: {error}", EXIT_MALFORMED)
    settings = _settings()

    async def go() -> list[LiveCase]:
        client = await _connect(settings)
        try:
            return await list_cases(client, actor, court, raw, limit)
        except DomainError as error:
            status = EXIT_MALFORMED if error.code == "query.malformed" else 1
            fail(f"{error.code}: {error.zh} / {error.en}", status)

    cases = _run(go, 60.0)
    if as_json:
        click.echo(
            json.dumps([asdict(c) for c in cases], ensure_ascii=False, indent=2, default=str)
        )
        return
    for c in cases:
        due = c.next_deadline.isoformat() if c.next_deadline else "—"
        flags = ("督办 " if c.supervised else "") + (
            f"信访 {c.open_petitions} " if c.open_petitions else ""
        )
        click.echo(
            f"{c.case_number}  {c.court_code}  {c.status}/{c.stage}  级别 {c.escalation_level}  "
            f"期限 {due}  {flags}".rstrip()
        )
    click.echo(f"({len(cases)})")
