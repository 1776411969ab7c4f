"""The Temporal client, and the contract's names in one place.

Everything that talks to a case (the CLI, the web API, the demo, tests) goes through these
helpers so the workflow type, the id scheme and the id-reuse policy cannot drift apart.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from temporalio.client import Client, TLSConfig, WorkflowHandle
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy

from workers.codec import DATA_CONVERTER
from workers.config import Settings

if TYPE_CHECKING:
    from domain.commands import Envelope, FileCase
    from domain.snapshot import CaseSnapshot

WORKFLOW_TYPE = "EnforcementCase"
UPDATE_EXECUTE = "execute"
SIGNAL_SUBMIT = "submit"
QUERY_SNAPSHOT = "snapshot"
QUERY_EVENTS = "events"


def case_workflow_id(case_number: str) -> str:
    """`case/<case number>`, the number in its canonical form (ASCII parentheses)."""
    return f"case/{canonical_case_number(case_number)}"


def canonical_case_number(case_number: str) -> str:
    return case_number.strip().replace("（", "(").replace("）", ")")


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


async def connect(settings: Settings, *, address: str | None = None, **kwargs: Any) -> Client:
    """A client on the settings' cluster and namespace, with the data converter (pydantic,
    large payloads compressed: workers.codec)."""
    return await Client.connect(
        address or settings.temporal_address,
        namespace=settings.temporal_namespace,
        data_converter=DATA_CONVERTER,
        tls=tls_config(settings),
        api_key=settings.api_key,
        **kwargs,
    )


def case_handle(client: Client, case_number: str) -> WorkflowHandle[Any, Any]:
    return client.get_workflow_handle(case_workflow_id(case_number))


async def start_case(
    client: Client, settings: Settings, file_case: FileCase
) -> WorkflowHandle[Any, Any]:
    """File a case. A case number that was ever used is refused
    (`temporalio.exceptions.WorkflowAlreadyStartedError`), even after the case closed."""
    return await client.start_workflow(
        WORKFLOW_TYPE,
        file_case,
        id=case_workflow_id(file_case.case_number),
        task_queue=settings.task_queue,
        id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
        id_conflict_policy=WorkflowIDConflictPolicy.FAIL,
    )


async def execute(client: Client, case_number: str, envelope: Envelope) -> CaseSnapshot:
    """Send a command. The request id is also the update's id: a request sent again (a retry
    after a timeout, a double submit) joins the first one at the server instead of asking the
    workflow again; the workflow answers repeats itself too (across continue-as-new)."""
    from domain.snapshot import CaseSnapshot

    result: CaseSnapshot = await case_handle(client, case_number).execute_update(
        UPDATE_EXECUTE, envelope, id=envelope.request_id, result_type=CaseSnapshot
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


async def events(client: Client, case_number: str) -> list[Any]:
    from domain.events import Event

    result: list[Any] = await case_handle(client, case_number).query(
        QUERY_EVENTS,
        result_type=list[Event],
    )
    return result
