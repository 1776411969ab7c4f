"""The Temporal client: connecting (TLS or an API key for a remote cluster), and the case
contract as calls.

Everything that talks to a case (the CLI, the web API, the demo, tests) goes through these
helpers, so the workflow type, the id scheme, the id-reuse policy and the reading of a refusal
cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from temporalio.client import Client, TLSConfig, WorkflowHandle, WorkflowUpdateFailedError
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import ApplicationError

from domain.commands import Actor
from domain.courts import CourtRegistry, unknown_court
from domain.errors import DomainError
from domain.policy import may_list
from runtime import search_attributes as sa
from runtime import telemetry
from runtime.codec import data_converter
from runtime.contract import (
    EVENTS_PAGE,
    EVENTS_PAGE_MAX,
    QUERY_EVENTS,
    QUERY_SNAPSHOT,
    SIGNAL_SUBMIT,
    UPDATE_EXECUTE,
    WORKFLOW_TYPE,
    case_workflow_id,
)
from runtime.settings import Settings

if TYPE_CHECKING:
    from domain.commands import Envelope, FileCase
    from domain.events import Event
    from domain.snapshot import CaseSnapshot, CommandAnswer, EventsPage


def _pem(value: str | None) -> bytes | None:
    """A TLS value from the settings: PEM text itself, or a path to a PEM file."""
    if value is None:
        return None
    if value.lstrip().startswith("-----BEGIN"):
        return value.encode()
    return Path(value).expanduser().read_bytes()


def tls_config(settings: Settings) -> TLSConfig | bool | None:
    """TLS for a remote cluster; None lets the SDK decide (TLS on iff an API key is set)."""
    if not settings.uses_tls:
        return None
    if bool(settings.tls_cert) != bool(settings.tls_key):
        raise ValueError("ZHIXING_TLS_CERT and ZHIXING_TLS_KEY must be set together (mTLS)")
    return TLSConfig(
        server_root_ca_cert=_pem(settings.tls_ca),
        client_cert=_pem(settings.tls_cert),
        client_private_key=_pem(settings.tls_key),
        domain=settings.tls_server_name,
    )


async def connect(
    settings: Settings, *, address: str | None = None, metrics: bool = False, **kwargs: Any
) -> Client:
    """A client on the settings' cluster and namespace, with the data converter (pydantic,
    payloads compressed and encrypted with the settings' keys: runtime.codec), the tracing
    interceptor when the `OTEL_*` variables turn tracing on, and (`metrics`: a worker's client)
    the runtime serving Prometheus metrics on `ZHIXING_WORKER_METRICS_ADDRESS`
    (runtime/telemetry.py)."""
    kwargs.setdefault("interceptors", telemetry.client_interceptors())
    runtime = telemetry.metrics_runtime(settings.worker_metrics_address) if metrics else None
    if runtime is not None:
        kwargs.setdefault("runtime", runtime)
    return await Client.connect(
        address or settings.temporal_address,
        namespace=settings.temporal_namespace,
        data_converter=data_converter(settings),
        tls=tls_config(settings),
        api_key=settings.api_key,
        **kwargs,
    )


def case_handle(client: Client, case_number: str) -> WorkflowHandle[Any, Any]:
    return client.get_workflow_handle(case_workflow_id(case_number))


async def start_case(
    client: Client, settings: Settings, file_case: FileCase, now: datetime | None = None
) -> WorkflowHandle[Any, Any]:
    """File a case. The filing is judged by the rules first, here (``DomainError``), so a
    refused filing starts no workflow; should the workflow refuse it anyway (its clock differs),
    it fails and the number stays usable. A number that was filed is refused
    (`temporalio.exceptions.WorkflowAlreadyStartedError`), even after the case closed. ``now``:
    the server's clock when it is not the wall clock's (the time-skipping server of a sandbox)."""
    from domain.decide import decide_filing

    decide_filing(file_case, now or datetime.now(UTC))
    return await client.start_workflow(
        WORKFLOW_TYPE,
        file_case,
        id=case_workflow_id(file_case.case_number),
        task_queue=settings.task_queue,
        id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
        id_conflict_policy=WorkflowIDConflictPolicy.FAIL,
    )


async def execute(client: Client, case_number: str, envelope: Envelope) -> CommandAnswer:
    """Send a command; the answer is the decision (the events it added, the case's status, stage
    and allowed commands after it), not the whole case: query ``snapshot`` for that. The update's
    id is the request id with what the request asks: a request sent again (a retry after a
    timeout, a double submit) joins the first one at the server instead of asking the workflow
    again, while the same request id with another command reaches the workflow, which refuses it
    (``request.reused``); the workflow answers repeats itself too (across continue-as-new: the
    same seqs, ``repeated``)."""
    from domain.snapshot import CommandAnswer

    update_id = f"{envelope.request_id}#{envelope.digest()[:16]}"
    result: CommandAnswer = await case_handle(client, case_number).execute_update(
        UPDATE_EXECUTE, envelope, id=update_id, result_type=CommandAnswer
    )
    return result


async def submit(client: Client, case_number: str, envelope: Envelope) -> None:
    await case_handle(client, case_number).signal(SIGNAL_SUBMIT, envelope)


async def snapshot(client: Client, case_number: str) -> CaseSnapshot:
    from domain.snapshot import CaseSnapshot

    result: CaseSnapshot = await case_handle(client, case_number).query(
        QUERY_SNAPSHOT, result_type=CaseSnapshot
    )
    return result


async def events_page(
    client: Client, case_number: str, after: int = 0, limit: int = EVENTS_PAGE
) -> EventsPage:
    """One page of the ``events`` query: the events after seq ``after`` (at most ``limit``, cut
    to ``EVENTS_PAGE_MAX``) among those the case's current run holds, oldest first."""
    from domain.snapshot import EventsPage

    result: EventsPage = await case_handle(client, case_number).query(
        QUERY_EVENTS, args=[after, limit], result_type=EventsPage
    )
    return result


async def held_events(client: Client, case_number: str, after: int = 0) -> list[Event]:
    """Every event after seq ``after`` that the case's current run holds, oldest first: the
    ``events`` query page after page, until its ``last_seq`` (or an empty page). In a case's
    first run that is every event; once it continued as new, the events before the run's
    ``first_held_seq`` are in the case record only (``case_events``)."""
    held: list[Event] = []
    while True:
        page = await events_page(client, case_number, after, EVENTS_PAGE_MAX)
        held.extend(page.events)
        if not page.events or page.events[-1].seq >= page.last_seq:
            return held
        after = page.events[-1].seq


# -- refusals ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Refusal:
    """The engine's answer to a command it did not take: a stable code, Chinese and English."""

    code: str
    zh: str
    en: str

    @property
    def malformed(self) -> bool:
        return self.code == "command.malformed"


def refusal(error: WorkflowUpdateFailedError) -> Refusal:
    """What the workflow's validator (or handler) said, from the update's failure."""
    cause = error.cause
    if isinstance(cause, ApplicationError):
        detail = cause.details[0] if cause.details else None
        if isinstance(detail, dict) and "code" in detail:
            return Refusal(
                str(detail["code"]), str(detail.get("zh", "")), str(detail.get("en", ""))
            )
        return Refusal(cause.type or "rejected", cause.message, cause.message)
    return Refusal("rejected", f"操作被拒绝：{cause or error}", f"refused: {cause or error}")


# -- live lists from Temporal visibility -------------------------------------------------
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
    record_blocked: bool | None


async def list_cases(
    client: Client,
    actor: Actor,
    courts: CourtRegistry,
    court: str,
    raw: str | None = None,
    limit: int = 1000,
) -> list[LiveCase]:
    """The cases of ``court``'s subtree the visibility query selects, if ``actor`` may see
    them (DomainError ``auth.forbidden`` otherwise; ``court.unknown`` for a court the registry
    does not hold; ``query.malformed`` for a bad ``raw``).

    The policy check is `domain.policy.may_list`, the scope `runtime.search_attributes.list_query`
    over the registry's subtree (a raw query is ANDed inside the scope, never instead of it)."""
    if court not in courts:
        raise unknown_court(court)
    if not may_list(actor, courts.chain(court)):
        raise DomainError(
            "auth.forbidden",
            f"{actor.role}（{actor.court_code}）无权查看 {court} 的案件",
            f"{actor.role} of {actor.court_code} may not list the cases of {court}",
        )
    try:
        query = sa.list_query(courts.scope(court), raw)
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
                record_blocked=attrs.get(sa.RECORD_BLOCKED),
            )
        )
    return sorted(found, key=lambda c: (-(c.escalation_level or 0), c.workflow_id))
