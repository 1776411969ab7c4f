"""The baseline of bench/lifecycle_bench.py: an enforcement case written by hand on plain Temporal.

Same update (`execute`, with a validator), same envelopes, the same business activity
(`carry_out` of the manual adapters and the writ office, with the same `ExternalRequest` /
`PayoutOrder` / `WritOrder` payloads and nothing to record), one deadline timer re-armed after
every change, the
same search attributes upserted when they change, a request-id table for repeated requests.
No domain layer (a hand-written table of which command may come when), no event store (nothing
is appended to PostgreSQL but the documents the writ office keeps), no snapshot: an update
answers a small dict. The documents come with the filing (``writs``: the writ orders of the
lifecycle by command, worded by the driver, bench/lifecycle_bench.py ``lifecycle_documents``),
and go out with the command that issues them, as the engine's do.

Not a model of the law: it knows exactly the lifecycle the benchmark drives
(file → notice → search → found → freeze → confirm → deduct → distribution → payout → release →
close), and refuses anything else.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    from activities.contracts import CARRY_OUT_ACTIVITY, EffectReceipt
    from domain.effects import ExternalRequest, PayoutOrder, WritOrder
    from runtime import search_attributes as sa

BARE_WORKFLOW = "BareCase"
TIMEOUT = timedelta(seconds=30)
RETRY = RetryPolicy(initial_interval=timedelta(seconds=1), maximum_interval=timedelta(minutes=5))
DEADLINE = timedelta(days=30)  # one open deadline at a time, re-armed on every change

# command -> (stages it may come in, the stage after it)
STEPS: dict[str, tuple[tuple[str, ...], str]] = {
    "issue_notice": (("filed",), "notice"),
    "request_asset_search": (("notice", "investigation"), "investigation"),
    "complete_asset_search": (("investigation",), "investigation"),
    "freeze_asset": (("investigation",), "control"),
    "confirm_freeze": (("control",), "control"),
    "deduct_funds": (("control",), "disposal"),
    "approve_distribution": (("disposal",), "distribution"),
    "record_payout": (("distribution",), "distribution"),
    "release_asset": (("distribution",), "closing"),
    "close_case": (("closing",), "closed"),
}


@workflow.defn(name=BARE_WORKFLOW)
class BareCase:
    @workflow.init
    def __init__(self, filing: dict[str, Any]) -> None:
        self.filing = filing
        self.stage = "filed"
        self.version = 0
        self.answered: dict[str, dict[str, Any]] = {}
        self.outbox: list[ExternalRequest | PayoutOrder | WritOrder] = []
        self.searches: list[dict[str, Any]] = []
        self.payouts: list[dict[str, Any]] = []
        self.paid: set[str] = set()
        self.held_fen = 0
        self.deadline_at = workflow.now() + DEADLINE
        self.attributes: tuple[Any, ...] = ()

    @workflow.run
    async def run(self, filing: dict[str, Any]) -> dict[str, Any]:
        while True:
            while self.outbox:
                item = self.outbox[0]
                await workflow.execute_activity(  # type: ignore[call-overload]
                    CARRY_OUT_ACTIVITY,
                    args=[item, None],  # the same activity as the engine's, with nothing to record
                    result_type=EffectReceipt,
                    start_to_close_timeout=TIMEOUT,
                    retry_policy=RETRY,
                )
                self.outbox.pop(0)
            self.publish()
            if self.stage == "closed":
                await workflow.wait_condition(workflow.all_handlers_finished)
                return self.answer()
            seen = self.version
            timeout = max(self.deadline_at - workflow.now(), timedelta(0))
            with contextlib.suppress(asyncio.TimeoutError):
                await workflow.wait_condition(self.changed_since(seen), timeout=timeout)
            if self.version == seen:  # the deadline passed with nothing done: push it on
                self.deadline_at = workflow.now() + DEADLINE

    def changed_since(self, seen: int) -> Callable[[], bool]:
        return lambda: self.version != seen

    def publish(self) -> None:
        f = self.filing
        current = (self.stage, self.deadline_at)
        if current == self.attributes:
            return
        self.attributes = current
        status = "closed" if self.stage == "closed" else "active"
        workflow.upsert_search_attributes(
            [
                sa.CASE_NUMBER.value_set(f["case_number"]),
                sa.COURT_CODE.value_set(f["court_code"]),
                sa.STAGE.value_set(self.stage),
                sa.STATUS.value_set(status),
                sa.OFFICER.value_set(f["officer_id"]),
                sa.ESCALATION_LEVEL.value_set(0),
                sa.NEXT_DEADLINE.value_set(self.deadline_at)
                if status != "closed"
                else sa.NEXT_DEADLINE.value_unset(),
            ]
        )

    def answer(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "version": self.version,
            "searches": self.searches,
            "distributions": [{"payouts": self.payouts}] if self.payouts else [],
        }

    def check(self, raw: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        try:
            command = raw["command"]
            kind = command["type"]
            allowed, _ = STEPS[kind]
            raw["request_id"], raw["actor"]["role"]
        except (KeyError, TypeError) as error:
            raise ApplicationError(f"malformed command: {error}", non_retryable=True) from None
        if self.stage not in allowed:
            raise ApplicationError(
                f"{kind} not allowed at stage {self.stage}",
                type="command.not_allowed",
                non_retryable=True,
            )
        return kind, command

    @workflow.update(name="execute")
    def execute(self, raw: dict[str, Any]) -> dict[str, Any]:
        done = self.answered.get(raw["request_id"])
        if done is not None:
            return done
        kind, command = self.check(raw)
        self.apply(kind, command)
        self.version += 1
        self.deadline_at = workflow.now() + DEADLINE
        result = self.answer()
        self.answered[raw["request_id"]] = result
        return result

    @execute.validator
    def validate(self, raw: dict[str, Any]) -> None:
        if raw.get("request_id") not in self.answered:
            self.check(raw)

    def request(self, kind: Any, **payload: Any) -> ExternalRequest:
        f = self.filing
        return ExternalRequest(
            kind=kind,
            request_key=f"{f['case_number']}#{self.version + 1}",
            case_id=f["case_number"],
            case_number=f["case_number"],
            court_code=f["court_code"],
            requested_on=workflow.now().date(),
            payload=payload,
        )

    def apply(self, kind: str, c: dict[str, Any]) -> None:
        f = self.filing
        _, self.stage = STEPS[kind]
        self.outbox.extend(WritOrder.model_validate(w) for w in f.get("writs", {}).get(kind, []))
        if kind == "issue_notice":
            self.outbox.append(
                self.request("serve_documents", method="direct", document_ids=["D1"])
            )
        elif kind == "request_asset_search":
            search_id = f"S-{len(self.searches) + 1}"
            self.searches.append({"search_id": search_id, "status": "requested"})
            respondents = [p["party_id"] for p in f["respondents"]]
            self.outbox.append(
                self.request(
                    "search_assets",
                    search_id=search_id,
                    scope="network",
                    respondent_ids=respondents,
                )
            )
        elif kind == "complete_asset_search":
            self.searches[-1]["status"] = "completed"
        elif kind == "freeze_asset":
            self.outbox.append(
                self.request(
                    "apply_control",
                    action="freeze",
                    asset_id=c["asset_id"],
                    measure=c["measure"],
                    period_days=c["period_days"],
                )
            )
        elif kind == "deduct_funds":
            self.held_fen += int(c["amount_fen"])
        elif kind == "approve_distribution":
            for i, claim in enumerate(c["claims"]):
                payout = {"payout_id": f"P-{i + 1}", "amount_fen": int(claim["owed_fen"])}
                self.payouts.append(payout)
                self.outbox.append(
                    PayoutOrder(
                        idempotency_key=f"{f['case_number']}#{payout['payout_id']}",
                        case_number=f["case_number"],
                        court_code=f["court_code"],
                        payout_id=payout["payout_id"],
                        claimant_id=claim["claimant_id"],
                        amount_fen=payout["amount_fen"],
                    )
                )
        elif kind == "record_payout":
            self.paid.add(c["payout_id"])
        elif kind == "release_asset":
            self.outbox.append(
                self.request("apply_control", action="release", asset_id=c["asset_id"])
            )


SLEEPING_WORKFLOW = "SleepingCase"


@workflow.defn(name=SLEEPING_WORKFLOW)
class SleepingCase:
    """The soak's short-horizon timer (bench/soak_bench.py): one timer of `seconds`, nothing
    else; answers when it started and when the task after the timer ran (server time)."""

    @workflow.run
    async def run(self, seconds: float) -> dict[str, str]:
        began = workflow.now()
        await workflow.sleep(timedelta(seconds=seconds))
        return {"began": began.isoformat(), "woke": workflow.now().isoformat()}
