"""Cases made with the domain itself (decide → fold), without Temporal: the events a workflow
would record, for store tests and the benchmark."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from domain import events as ev
from domain.commands import Envelope, FastTrackRule, FileCase
from domain.decide import decide, decide_filing, tick
from domain.editions import CURRENT
from domain.filing import under_current_rules
from domain.fold import fold
from domain.state import CaseState
from store.courts import bundled_registry
from tests.samples import HEARD_AND_SIGNED_OFF

SHANGHAI = ZoneInfo("Asia/Shanghai")
REGISTRY = bundled_registry()

_ids = itertools.count(1)


def at(day: date, hour: int = 10) -> datetime:
    """A moment of a court day (Asia/Shanghai), in UTC as workflow.now() gives it."""
    return datetime.combine(day, time(hour), SHANGHAI).astimezone(UTC)


class CaseMaker:
    """One case driven through the domain; `events` is what the workflow's record would hold."""

    def __init__(
        self,
        court_code: str = "京0105",
        filed_on: date = date(2026, 3, 2),
        *,
        number: int | None = None,
        officer_id: str = "u-officer-1",
        principal_fen: int = 100_000_000,
        fast_track: FastTrackRule | None = None,
        edition: int = CURRENT,
        respondent_kind: str = "company",
    ) -> None:
        self.court_code = court_code
        seq = number if number is not None else next(_ids)
        self.case_number = f"({filed_on.year}){court_code}执{seq}号"
        filing = FileCase.model_validate(
            {
                "type": "file_case",
                "case_number": self.case_number,
                "court_code": court_code,
                "filed_on": filed_on.isoformat(),
                "basis": {"kind": "judgment", "document_no": f"(2025){court_code}民初1号"},
                "applicants": [{"party_id": "A1", "name": "张三", "kind": "person"}],
                "respondents": [
                    {"party_id": "R1", "name": "某某有限公司", "kind": respondent_kind}
                ],
                "principal_fen": principal_fen,
                "officer_id": officer_id,
                "judge_id": "u-judge-1",
                "fast_track": fast_track,
            }
        )
        if edition == CURRENT:  # as the web, the CLI and the demo file: with the registry's chain
            filing = under_current_rules(filing, REGISTRY, fast_track)
        self.now = at(filed_on)
        self.events: list[ev.Event] = list(decide_filing(filing, self.now).events)
        self.state: CaseState = fold(None, self.events)

    def _actor(self, role: str) -> dict[str, Any]:
        return {"user_id": f"u-{role}-1", "role": role, "court_code": self.court_code}

    def act(self, command: dict[str, Any], role: str = "officer") -> list[ev.Event]:
        envelope = Envelope.model_validate(
            {"request_id": f"r{next(_ids)}", "actor": self._actor(role), "command": command}
        )
        return self._commit(decide(self.state, envelope, self.now).events)

    def advance(self, days: float) -> list[ev.Event]:
        """Let time pass, ticking the deadlines as the workflow's timers would."""
        target = self.now + timedelta(days=days)
        new: list[ev.Event] = []
        while True:
            from domain.deadline_watch import next_wakeup

            wake = next_wakeup(self.state)
            if wake is None or wake > target:
                break
            self.now = max(self.now, wake)
            new += self._commit(tick(self.state, self.now).events)
        self.now = target
        return new

    def _commit(self, new: list[ev.Event]) -> list[ev.Event]:
        if new:
            self.state = fold(self.state, new)
            self.events += new
        return new

    # -- stories ---------------------------------------------------------------------------
    def deposit_found_and_frozen(self, value_fen: int = 50_000_000) -> str:
        asset_id = f"AS-{len(self.state.assets) + 1}"
        self.act({"type": "issue_notice"})
        self.act({"type": "request_asset_search"})
        search_id = next(iter(self.state.searches))
        self.act(
            {
                "type": "complete_asset_search",
                "search_id": search_id,
                "findings": [
                    {
                        "asset_id": asset_id,
                        "kind": "bank_deposit",
                        "description": "银行存款",
                        "owner_party_id": "R1",
                        "value_fen": value_fen,
                        "holder": "某银行",
                    }
                ],
            },
            role="integration",
        )
        self.act(
            {
                "type": "freeze_asset",
                "asset_id": asset_id,
                "measure": "freeze",
                "period_days": 365,
                "amount_fen": value_fen,
            }
        )
        self.act(
            {
                "type": "confirm_freeze",
                "asset_id": asset_id,
                "effective_on": self.today.isoformat(),
            },
            role="integration",
        )
        return asset_id

    def deduct(self, asset_id: str, amount_fen: int) -> None:
        self.act({"type": "deduct_funds", "asset_id": asset_id, "amount_fen": amount_fen})

    def pay_out(self, fee_fen: int = 0) -> None:
        """案款分配 of everything held (a fee first, if any), then the treasury pays each line."""
        held = self.state.held_fen
        claims = [{"claimant_id": "COURT", "kind": "fee", "priority": 0, "owed_fen": fee_fen}]
        claims = claims if fee_fen else []
        claims.append({"claimant_id": "A1", "kind": "applicant", "owed_fen": held - fee_fen})
        self.act({"type": "approve_distribution", "claims": claims}, role="judge")
        distribution = list(self.state.distributions.values())[-1]
        for payout in distribution.payouts:
            if payout.allocation.amount_fen > 0:
                self.act(
                    {
                        "type": "record_payout",
                        "payout_id": payout.payout_id,
                        "reference": f"T-{payout.payout_id}",
                    },
                    role="integration",
                )

    def close_fully_enforced(self) -> None:
        self.act(
            {"type": "close_case", "outcome": "fully_enforced", "reason": "执行完毕"}, role="judge"
        )

    def terminate_without_assets(self) -> None:
        """终本 after three months with nothing found (a qualified 终本)."""
        self.act({"type": "issue_notice"})
        self.act(  # signed by the president (限消规定 art. 4; edition 2 asks it)
            {"type": "impose_measure", "measure": "consumption_restriction", "party_id": "R1"},
            role="president",
        )
        self.act({"type": "request_asset_search"})
        search_id = next(iter(self.state.searches))
        self.act(
            {"type": "complete_asset_search", "search_id": search_id, "findings": []},
            role="integration",
        )
        self.advance(100)
        for command in HEARD_AND_SIGNED_OFF:  # the applicant heard, signing off (解释 art. 517)
            self.act(command)
        self.act({"type": "terminate_this_procedure", "reason": "无可供执行财产"}, role="judge")

    @property
    def today(self) -> date:
        return self.now.astimezone(SHANGHAI).date()
