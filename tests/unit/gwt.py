"""Given → when → then for the pure domain, in the manner of the eventsourcing library's tests.

    given(filed(on=date(2026, 3, 2)), asset_found("AS-1", kind="bank_deposit"), at=...)
        .when(freeze_asset("AS-1", period_days=400), actor=OFFICER)
        .then_rejected("freeze.period_exceeds_maximum")

Every given is produced by the real rules: ``decide_filing`` for the filing, ``decide`` for each
command and ``tick`` for the passing of time, each at a fixed, aware Asia/Shanghai moment. No
event is ever written by hand, so a test that passes here passes through the rules themselves.

Along the way the helper checks what must hold for every decision: ``decide`` and ``tick`` leave
the state they are given untouched, new events are numbered right after ``state.last_seq``, the
case a decision leaves is the fold of its events, folding the whole history from scratch gives
the state that was folded step by step, and an accepted command was offered by the snapshot
(the registry's preconditions and the rules agree).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from domain import registry
from domain.calendar import SHANGHAI
from domain.commands import Actor, Envelope, FileCase
from domain.deadline_watch import next_wakeup
from domain.decide import decide, decide_filing, tick
from domain.decision import Outcome
from domain.errors import DomainError
from domain.events import Event
from domain.fold import fold
from domain.state import CaseState, Control, Deadline
from tests import samples

COURT = "京0105"
OTHER_COURT = "京0106"

OFFICER = Actor(user_id="u-officer-1", role="officer", court_code=COURT)
JUDGE = Actor(user_id="u-judge-1", role="judge", court_code=COURT)
BUREAU_HEAD = Actor(user_id="u-head-1", role="bureau_head", court_code=COURT)
PRESIDENT = Actor(user_id="u-president-1", role="president", court_code=COURT)
VICE_PRESIDENT = Actor(user_id="u-vp-1", role="vice_president", court_code=COURT)
INTEGRATION = Actor(user_id="bank-gateway", role="integration", court_code=COURT)
SUPERVISOR = Actor(user_id="u-super-1", role="supervisor", court_code="京")
OTHER_OFFICER = Actor(user_id="u-officer-9", role="officer", court_code=OTHER_COURT)

Moment = date | datetime


def moment(when: Moment, hour: int = 10) -> datetime:
    """An aware Asia/Shanghai datetime; a bare date means ``hour`` o'clock that day."""
    if isinstance(when, datetime):
        assert when.tzinfo is not None, "naive datetime in a test"
        return when
    return datetime.combine(when, time(hour), tzinfo=SHANGHAI)


# ------------------------------------------------------------------------------- the scenario


@dataclass
class Scenario:
    """The history built so far: the folded state, every event, and the clock."""

    state: CaseState | None = None
    events: list[Event] = field(default_factory=list)
    now: datetime | None = None

    @property
    def case(self) -> CaseState:
        assert self.state is not None, "no case filed yet: start the givens with filed(...)"
        return self.state

    @property
    def clock(self) -> datetime:
        assert self.now is not None, "no clock yet: start the givens with filed(...)"
        return self.now

    @property
    def today(self) -> date:
        return self.clock.date()

    def record(self, outcome: Outcome) -> list[Event]:
        new = outcome.events
        expected_first = 1 if self.state is None else self.state.last_seq + 1
        seqs = [e.seq for e in new]
        assert seqs == list(range(expected_first, expected_first + len(new))), seqs
        folded = fold(self.state, new) if new else self.state
        assert folded is not None
        assert outcome.state.model_dump() == folded.model_dump(), (
            "the case the decision left differs from folding its events"
        )
        self.state = folded
        self.events.extend(new)
        replayed = fold(None, self.events)
        assert replayed.model_dump() == self.state.model_dump(), "replay differs from fold"
        return new

    def execute(self, envelope: Envelope, at: datetime) -> list[Event]:
        before = self.case.model_dump()
        offered = registry.offered(self.case)
        try:
            outcome = decide(self.case, envelope, at)
        finally:
            assert self.case.model_dump() == before, "decide changed the state it was given"
        kind = envelope.command.type
        assert kind in offered, f"{kind} was accepted but the snapshot did not offer it"
        self.now = at
        return self.record(outcome)

    def tick_at(self, at: datetime) -> list[Event]:
        before = self.case.model_dump()
        outcome = tick(self.case, at)
        assert self.case.model_dump() == before, "tick changed the state it was given"
        self.now = max(self.clock, at)
        return self.record(outcome)

    def advance(self, to: datetime, ticking: bool = True) -> None:
        """Move the clock to ``to``, ticking at every wake-up on the way, as the workflow does."""
        if ticking:
            for _ in range(10_000):
                wake = next_wakeup(self.case)
                if wake is None or wake > to:
                    break
                self.tick_at(max(wake, self.clock))
            else:  # pragma: no cover - a wake-up that never moves on
                raise AssertionError("next_wakeup does not move past its own tick")
            self.tick_at(to)
        self.now = to


# ------------------------------------------------------------------------------- steps


class Step:
    def run(self, scenario: Scenario, actor: Actor | None, at: datetime | None) -> list[Event]:
        raise NotImplementedError


@dataclass(frozen=True)
class Filed(Step):
    command: FileCase
    at: datetime

    def run(self, scenario: Scenario, actor: Actor | None, at: datetime | None) -> list[Event]:
        assert scenario.state is None, "the case is filed once"
        when = at or self.at
        outcome = decide_filing(self.command, when)
        scenario.now = when
        return scenario.record(outcome)


_counter = iter(range(1000, 1_000_000))


def filing(on: date, **overrides: Any) -> FileCase:
    number = overrides.pop("case_number", None) or f"({on.year}){COURT}执{next(_counter)}号"
    return samples.file_case(number, on, **{"court_code": COURT, **overrides})


def filed(on: date, at: Moment | None = None, **overrides: Any) -> Filed:
    """立案 on ``on``, decided at 09:00 that day unless ``at`` says otherwise."""
    return Filed(filing(on, **overrides), moment(at if at is not None else on, hour=9))


CommandBuilder = Callable[[CaseState, date], Any]


@dataclass(frozen=True)
class Do(Step):
    """A command, built against the state it meets (so defaults can look at the case)."""

    build: CommandBuilder
    default_actor: Actor = OFFICER
    at: datetime | None = None
    actor: Actor | None = None

    def by(self, actor: Actor) -> Do:
        return Do(self.build, self.default_actor, self.at, actor)

    def on(self, when: Moment) -> Do:
        """Take this step at ``when`` (the clock moves there first, ticking on the way)."""
        return Do(self.build, self.default_actor, moment(when), self.actor)

    def envelope(self, scenario: Scenario, actor: Actor | None, at: datetime) -> Envelope:
        command = self.build(scenario.case, at.date())
        who = actor or self.actor or self.default_actor
        return Envelope.model_validate(
            {
                "request_id": f"req-{scenario.case.last_seq + 1}",
                "actor": who.model_dump(),
                "command": command if isinstance(command, dict) else command.model_dump(),
            }
        )

    def run(self, scenario: Scenario, actor: Actor | None, at: datetime | None) -> list[Event]:
        when = at or self.at or scenario.clock
        return scenario.execute(self.envelope(scenario, actor, when), when)


@dataclass(frozen=True)
class Later(Step):
    to: datetime
    ticking: bool = True

    def run(self, scenario: Scenario, actor: Actor | None, at: datetime | None) -> list[Event]:
        start = len(scenario.events)
        scenario.advance(self.to, self.ticking)
        return scenario.events[start:]


def later(to: Moment, ticking: bool = True) -> Later:
    """Let time pass until ``to``, ticking at every wake-up on the way (unless told not to)."""
    return Later(moment(to), ticking)


@dataclass(frozen=True)
class Tick(Step):
    """``tick(state, at)`` once, with no catching up before it."""

    at: datetime

    def run(self, scenario: Scenario, actor: Actor | None, at: datetime | None) -> list[Event]:
        return scenario.tick_at(at or self.at)


def ticked(at: Moment) -> Tick:
    return Tick(moment(at))


# ------------------------------------------------------------------------------- given / when


class Given:
    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario

    @property
    def state(self) -> CaseState:
        return self.scenario.case

    def when(self, step: Step, actor: Actor | None = None, at: Moment | None = None) -> Then:
        scenario = self.scenario
        when = moment(at) if at is not None else None
        if isinstance(step, Do) and when is None and step.at is not None:
            when = step.at
        before = scenario.case
        dump = before.model_dump()
        try:
            new = step.run(scenario, actor, when)
        except DomainError as error:
            assert scenario.case is before and scenario.case.model_dump() == dump
            return Then(scenario, before, [], error)
        return Then(scenario, before, new, None)


def given(*steps: Step, at: Moment | None = None, ticking: bool = True) -> Given:
    """Apply the steps in order. The first must be ``filed(...)``; with ``at``, the clock moves
    there right after the filing (ticking on the way) and the other steps happen then."""
    assert steps and isinstance(steps[0], Filed), "start the givens with filed(...)"
    scenario = Scenario()
    steps[0].run(scenario, None, None)
    if at is not None:
        scenario.advance(moment(at), ticking)
    for step in steps[1:]:
        if isinstance(step, Do) and step.at is not None and step.at > scenario.clock:
            scenario.advance(step.at, ticking)
        step.run(scenario, None, None)
    return Given(scenario)


@dataclass
class Then:
    scenario: Scenario
    before: CaseState
    new_events: list[Event]
    error: DomainError | None

    @property
    def state(self) -> CaseState:
        return self.scenario.case

    def then(
        self,
        events: Sequence[str] | None = None,
        state: Callable[[CaseState], object] | None = None,
    ) -> Then:
        if self.error is not None:
            raise AssertionError(f"rejected with {self.error.code}: {self.error}")
        if events is not None:
            assert [e.type for e in self.new_events] == list(events)
        if state is not None:
            outcome = state(self.state)
            assert outcome is None or outcome is True, f"state check failed ({outcome!r})"
        return self

    def then_rejected(self, code: str) -> DomainError:
        assert self.error is not None, (
            f"expected {code}, got events {[e.type for e in self.new_events]}"
        )
        assert self.error.code == code, f"expected {code}, got {self.error.code}: {self.error}"
        assert self.error.zh and self.error.en, "a rejection explains itself in both languages"
        assert self.state is self.before
        return self.error

    def event(self, type_: str) -> Any:
        found = [e for e in self.new_events if e.type == type_]
        assert len(found) == 1, f"{len(found)} {type_} events"
        return found[0]


# ------------------------------------------------------------------------------- commands


def _cmd(default_actor: Actor = OFFICER, **fixed: Any) -> Do:
    return Do(lambda state, today: dict(fixed), default_actor)


def issue_notice(method: str = "electronic") -> Do:
    return _cmd(type="issue_notice", method=method)


def record_service(document_id: str, served_on: date, method: str = "electronic") -> Do:
    return _cmd(type="record_service", document_id=document_id, served_on=served_on, method=method)


def impose_measure(measure: str, party_id: str = "R1", **fields: Any) -> Do:
    return _cmd(type="impose_measure", measure=measure, party_id=party_id, **fields)


def consumption_restriction(party_id: str = "R1") -> Do:
    """限制消费令, signed by the president (限消规定 art. 4; edition 2 asks it, edition 1 let any
    case staff issue it)."""
    return impose_measure("consumption_restriction", party_id).by(PRESIDENT)


def request_asset_search(scope: str = "network") -> Do:
    return _cmd(type="request_asset_search", scope=scope)


def finding(
    asset_id: str, kind: str = "bank_deposit", value_fen: int | None = None, owner: str = "R1"
) -> dict[str, Any]:
    return {
        "asset_id": asset_id,
        "kind": kind,
        "description": f"{kind} {asset_id}",
        "owner_party_id": owner,
        "value_fen": value_fen,
        "holder": "某银行",
    }


def complete_asset_search(*findings: dict[str, Any], search_id: str | None = None) -> Do:
    """The answer to the pending search (or to ``search_id``)."""

    def build(state: CaseState, today: date) -> dict[str, Any]:
        sid = search_id
        if sid is None:
            pending = [s.search_id for s in state.searches.values() if s.state == "pending"]
            assert len(pending) == 1, f"pending searches: {pending}"
            sid = pending[0]
        return {"type": "complete_asset_search", "search_id": sid, "findings": list(findings)}

    return Do(build, INTEGRATION)


def asset_found(
    asset_id: str,
    kind: str = "bank_deposit",
    value_fen: int | None = None,
    owner: str = "R1",
    lead_id: str | None = None,
) -> Do:
    return _cmd(
        type="record_asset_found", asset=finding(asset_id, kind, value_fen, owner), lead_id=lead_id
    )


def register_lead(lead_id: str, urgent: bool = False) -> Do:
    return _cmd(
        type="register_property_lead",
        lead_id=lead_id,
        description="申请执行人提供的线索",
        urgent=urgent,
    )


def lead_checked(lead_id: str, found: bool = False) -> Do:
    return _cmd(type="record_lead_checked", lead_id=lead_id, found=found)


DEFAULT_MEASURE = {
    "bank_deposit": "freeze",
    "equity": "freeze",
    "other_property_right": "freeze",
    "real_estate": "seal",
    "movable": "seize",
    "vehicle": "seal",
}


def freeze_asset(
    asset_id: str, period_days: int, measure: str | None = None, amount_fen: int | None = None
) -> Do:
    """冻结/查封/扣押; without ``measure``, the one that fits the asset's kind."""

    def build(state: CaseState, today: date) -> dict[str, Any]:
        chosen = measure
        if chosen is None:
            asset = state.assets.get(asset_id)
            chosen = DEFAULT_MEASURE[asset.kind] if asset is not None else "freeze"
        return {
            "type": "freeze_asset",
            "asset_id": asset_id,
            "measure": chosen,
            "period_days": period_days,
            "amount_fen": amount_fen,
        }

    return Do(build)


def confirm_freeze(
    asset_id: str, effective_on: date | None = None, frozen_fen: int | None = None
) -> Do:
    """The bank or registry confirms (by default, effective today)."""
    return Do(
        lambda state, today: {
            "type": "confirm_freeze",
            "asset_id": asset_id,
            "effective_on": effective_on or today,
            "frozen_fen": frozen_fen,
        },
        INTEGRATION,
    )


def renew_freeze(asset_id: str, period_days: int) -> Do:
    return _cmd(type="renew_freeze", asset_id=asset_id, period_days=period_days)


def release_asset(asset_id: str, reason: str = "解除") -> Do:
    return _cmd(type="release_asset", asset_id=asset_id, reason=reason)


def deduct_funds(asset_id: str, amount_fen: int) -> Do:
    return _cmd(type="deduct_funds", asset_id=asset_id, amount_fen=amount_fen)


def suspend(reason: str = "案外人异议") -> Do:
    return _cmd(JUDGE, type="suspend", reason=reason)


def resume(reason: str = "中止事由消失") -> Do:
    return _cmd(JUDGE, type="resume", reason=reason)


def extend_time_limit(high_court_approval_no: str | None = None, reason: str = "案情复杂") -> Do:
    return _cmd(
        PRESIDENT,
        type="extend_time_limit",
        reason=reason,
        high_court_approval_no=high_court_approval_no,
    )


def begin_excluded_period(
    kind: str,
    agency: str = "",
    ordering_court_code: str | None = None,
    reason: str = "不计入执行期限",
) -> Do:
    """A period that does not count toward the time limit begins today (edition 2)."""
    if not agency and ordering_court_code is None:
        agency = "北京某某会计师事务所"
    return _cmd(
        type="begin_excluded_period",
        kind=kind,
        agency=agency,
        ordering_court_code=ordering_court_code,
        reason=reason,
    )


def end_excluded_period(period_id: str | None = None) -> Do:
    """The named period (or the only running one) ends today."""

    def build(state: CaseState, today: date) -> dict[str, Any]:
        pid = period_id
        if pid is None:
            (pid,) = [p.period_id for p in state.excluded_periods.values() if p.running]
        return {"type": "end_excluded_period", "period_id": pid}

    return Do(build, OFFICER)


def list_dishonest(
    *grounds: str, party_id: str = "R1", extra_years: int = 0, birth_date: date | None = None
) -> Do:
    """纳入失信被执行人名单 on ``grounds`` (失信规定 art. 1), decided by the judge."""
    return _cmd(
        JUDGE,
        type="impose_measure",
        measure="dishonest_list",
        party_id=party_id,
        grounds=list(grounds),
        extra_years=extra_years,
        birth_date=birth_date,
    )


def listing_of(state: CaseState, party_id: str = "R1") -> Any:
    """The respondent's latest entry on the dishonest-debtor list."""
    found = [m for m in state.measures if m.measure == "dishonest_list" and m.party_id == party_id]
    assert found, f"{party_id} was never listed"
    return found[-1]


def delete_listing(reason: str, party_id: str = "R1") -> Do:
    """删除失信信息 of the respondent's latest listing."""
    return Do(
        lambda state, today: {
            "type": "delete_dishonest_listing",
            "measure_id": listing_of(state, party_id).measure_id,
            "reason": reason,
        },
        OFFICER,
    )


def terminate(reason: str = "无可供执行财产") -> Do:
    return _cmd(JUDGE, type="terminate_this_procedure", reason=reason)


def resume_enforcement(number: str, reason: str = "发现新的财产线索") -> Do:
    return _cmd(OFFICER, type="resume_enforcement", resumed_case_number=number, reason=reason)


def close_case(outcome: str, reason: str = "") -> Do:
    return _cmd(JUDGE, type="close_case", outcome=outcome, reason=reason)


def approve_distribution(*claims: dict[str, Any]) -> Do:
    return _cmd(JUDGE, type="approve_distribution", claims=list(claims))


def record_payout(index: int = 1, reference: str = "TR-1") -> Do:
    """Pay line ``index`` of the latest distribution plan."""

    def command(state: CaseState, today: date) -> dict[str, Any]:
        latest = list(state.distributions.values())[-1]
        payout_id = latest.payouts[index - 1].payout_id
        return {"type": "record_payout", "payout_id": payout_id, "reference": reference}

    return Do(command, OFFICER)


def ready_for_termination() -> list[Do]:
    """Everything 终本 asks for except the three months: notice, restriction, a finished search,
    and (edition COURTS on) the applicant heard and its sign-off."""
    return [
        issue_notice(),
        consumption_restriction(),
        request_asset_search(),
        complete_asset_search(),
        *heard_and_signed_off(),
    ]


# ------------------------------------------------------------------------------- 终本 (dormant.py)

PANEL = ["u-judge-1", "u-judge-2", "u-judge-3"]  # the presiding judge (JUDGE) first


def hear_applicant(applicant_id: str = "A1", opinion: str = "同意终本") -> Do:
    return _cmd(
        type="hear_applicant",
        applicant_id=applicant_id,
        informed="已告知执行情况、财产调查措施、被执行人财产情况及终本的依据和法律后果",
        opinion=opinion,
    )


def applicant_signs_off(applicant_id: str = "A1") -> Do:
    return _cmd(type="record_applicant_sign_off", applicant_id=applicant_id)


def heard_and_signed_off(applicant_id: str = "A1") -> list[Do]:
    return [hear_applicant(applicant_id), applicant_signs_off(applicant_id)]


def panel_reviews_termination(agreed: bool = True, members: list[str] | None = None) -> Do:
    return _cmd(
        JUDGE,
        type="review_termination_by_panel",
        panel={"members": members or PANEL},
        agreed=agreed,
        opinion="经审查核实，符合终本条件" if agreed else "尚不符合终本条件",
    )


def president_approves_termination() -> Do:
    return _cmd(PRESIDENT, type="approve_termination")


def respondent_missing(party_id: str = "R1") -> Do:
    return _cmd(type="record_respondent_missing", party_id=party_id, note="送达地址无人")


def respondent_sought(party_id: str = "R1", located: bool = False) -> Do:
    return _cmd(
        type="record_respondent_sought", party_id=party_id, means="公安机关协查", located=located
    )


def record_obstruction(party_id: str | None = "R1", obstructor: str = "北京某某科技有限公司") -> Do:
    return _cmd(
        type="record_obstruction",
        obstructor=obstructor,
        party_id=party_id,
        description="转移被查封的车辆",
    )


def sanction_obstruction(obstruction_id: str, sanction: str = "fine", **fields: Any) -> Do:
    if sanction == "fine":
        fields.setdefault("amount_fen", 5_000_000)
    if sanction == "detention":
        fields.setdefault("days", 15)
    return _cmd(
        PRESIDENT,
        type="sanction_obstruction",
        obstruction_id=obstruction_id,
        sanction=sanction,
        decision_no="(2026)京0105司惩1号",
        **fields,
    )


def review_terminated_case(qualified: bool, reasons: str = "评查意见") -> Do:
    return _cmd(SUPERVISOR, type="review_terminated_case", qualified=qualified, reasons=reasons)


# ------------------------------------------------------------------------------- reading


def control_of(state: CaseState, asset_id: str) -> Control:
    control = state.assets[asset_id].control
    assert control is not None, f"asset {asset_id} is under no measure"
    return control


def deadline(state: CaseState, rule: str, subject: str = "case") -> Deadline:
    """The latest deadline of ``rule`` about ``subject``."""
    found = [d for d in state.deadlines.values() if d.rule == rule and d.subject == subject]
    assert found, f"no {rule} deadline about {subject}"
    return found[-1]


def day_end(day: date) -> datetime:
    """00:00 Asia/Shanghai of the next day: when a deadline due on ``day`` is missed."""
    return moment(day + timedelta(days=1), hour=0)


# ------------------------------------------------------------------------------- disposal, money


def sealed_real_estate(asset_id: str = "RE-1", period_days: int = 1000) -> list[Do]:
    """A flat of the respondent, found, sealed (查封) and confirmed by the registry today."""
    return [
        asset_found(asset_id, kind="real_estate"),
        freeze_asset(asset_id, period_days, measure="seal"),
        confirm_freeze(asset_id),
    ]


def start_valuation(asset_id: str, method: str = "appraisal", agency: str = "") -> Do:
    return _cmd(type="start_valuation", asset_id=asset_id, method=method, agency=agency)


def extend_valuation(asset_id: str, days: int, reason: str = "评估机构申请延期") -> Do:
    return _cmd(type="extend_valuation", asset_id=asset_id, days=days, reason=reason)


def record_valuation(
    asset_id: str, reference_price_fen: int, received_on: date | None = None
) -> Do:
    """The reference price arrives (received today unless ``received_on`` says otherwise)."""
    return Do(
        lambda state, today: {
            "type": "record_valuation",
            "asset_id": asset_id,
            "reference_price_fen": reference_price_fen,
            "received_on": received_on or today,
        },
        OFFICER,
    )


def record_valuation_objection(
    asset_id: str, party_id: str = "R1", filed_on: date | None = None, grounds: str = "评估价过低"
) -> Do:
    return Do(
        lambda state, today: {
            "type": "record_valuation_objection",
            "asset_id": asset_id,
            "party_id": party_id,
            "filed_on": filed_on or today,
            "grounds": grounds,
        },
        OFFICER,
    )


def schedule_auction(
    asset_id: str,
    start_price_fen: int,
    bidding_starts_on: date,
    deposit_fen: int | None = None,
    bidding_hours: int = 24,
) -> Do:
    """网拍 announced today; without ``deposit_fen``, a deposit of 10% of the start price."""
    return _cmd(
        type="schedule_auction",
        asset_id=asset_id,
        start_price_fen=start_price_fen,
        deposit_fen=deposit_fen if deposit_fen is not None else -(-start_price_fen // 10),
        bidding_starts_on=bidding_starts_on,
        bidding_hours=bidding_hours,
    )


def latest_auction(state: CaseState, asset_id: str) -> Any:
    auctions = state.assets[asset_id].auctions
    assert auctions, f"asset {asset_id} was never auctioned"
    return auctions[-1]


def record_auction_result(
    asset_id: str, outcome: str, price_fen: int | None = None, buyer: str = ""
) -> Do:
    """The result of the asset's latest auction."""
    return Do(
        lambda state, today: {
            "type": "record_auction_result",
            "auction_id": latest_auction(state, asset_id).auction_id,
            "outcome": outcome,
            "price_fen": price_fen,
            "buyer": buyer,
        },
        OFFICER,
    )


def start_sale(asset_id: str, price_fen: int, period_days: int = 60) -> Do:
    return _cmd(type="start_sale", asset_id=asset_id, price_fen=price_fen, period_days=period_days)


def record_sale_result(asset_id: str, outcome: str, price_fen: int | None = None) -> Do:
    return _cmd(type="record_sale_result", asset_id=asset_id, outcome=outcome, price_fen=price_fen)


def accept_in_kind(asset_id: str, applicant_id: str = "A1") -> Do:
    return _cmd(type="accept_in_kind", asset_id=asset_id, applicant_id=applicant_id)


def record_funds_received(
    amount_fen: int,
    source: str = "voluntary",
    asset_id: str | None = None,
    received_on: date | None = None,
) -> Do:
    return Do(
        lambda state, today: {
            "type": "record_funds_received",
            "source": source,
            "amount_fen": amount_fen,
            "received_on": received_on or today,
            "asset_id": asset_id,
        },
        OFFICER,
    )


def record_settlement(*installments: tuple[date, int], note: str = "") -> Do:
    """执行和解 with instalments given as (due_on, amount_fen)."""
    return _cmd(
        type="record_settlement",
        installments=[{"due_on": on, "amount_fen": amount} for on, amount in installments],
        note=note,
    )


def record_installment_paid(index: int, amount_fen: int, paid_on: date | None = None) -> Do:
    return Do(
        lambda state, today: {
            "type": "record_installment_paid",
            "index": index,
            "amount_fen": amount_fen,
            "paid_on": paid_on or today,
        },
        OFFICER,
    )


def declare_settlement_default(reason: str = "被执行人未按期履行和解协议") -> Do:
    return _cmd(JUDGE, type="declare_settlement_default", reason=reason)


def propose_bankruptcy_transfer(
    respondent_id: str = "R1", consenting_party_id: str = "A1", reason: str = "资不抵债"
) -> Do:
    return _cmd(
        type="propose_bankruptcy_transfer",
        respondent_id=respondent_id,
        consenting_party_id=consenting_party_id,
        reason=reason,
    )


def approve_bankruptcy_transfer(receiving_court_code: str = "京01") -> Do:
    return _cmd(
        JUDGE, type="approve_bankruptcy_transfer", receiving_court_code=receiving_court_code
    )


def record_bankruptcy_decision(decision: str, decided_on: date | None = None) -> Do:
    return Do(
        lambda state, today: {
            "type": "record_bankruptcy_decision",
            "decision": decision,
            "decided_on": decided_on or today,
        },
        OFFICER,
    )


# ------------------------------------------------------------------------------- 执转破, edition 2

PANEL = ("u-judge-1", "u-judge-2", "u-judge-3")  # 合议庭: JUDGE (u-judge-1) presides


def agree_bankruptcy_transfer(*members: str) -> Do:
    """The collegial panel agrees (by default PANEL); a command of its presiding judge."""
    return _cmd(JUDGE, type="agree_bankruptcy_transfer", panel={"members": list(members or PANEL)})


def sign_bankruptcy_transfer(receiving_court_code: str = "京01") -> Do:
    return _cmd(
        PRESIDENT, type="sign_bankruptcy_transfer", receiving_court_code=receiving_court_code
    )


def record_bankruptcy_materials_received(received_on: date | None = None) -> Do:
    """The receiving court's receipt of the materials (by default today), as its system says."""
    return Do(
        lambda state, today: {
            "type": "record_bankruptcy_materials_received",
            "received_on": received_on or today,
        },
        INTEGRATION,
    )


def dormant_requeries(case: Any, until: date) -> list[date]:
    """Let a dormant case sleep until ``until``, answering each re-search it starts: the days
    they fell due. Each wake-up starts exactly one search, and nothing is due after the last."""
    scenario = case.scenario
    requeries: list[date] = []
    while (wake := next_wakeup(scenario.case)) is not None and wake <= moment(until):
        new = scenario.tick_at(wake)
        following = next_wakeup(scenario.case)
        assert following is None or following > wake
        searches = [e for e in new if e.type == "asset_search_requested"]
        assert len(searches) == 1 and searches[0].dormant_requery
        requeries.append(wake.date() - timedelta(days=1))
        case.when(complete_asset_search(), at=wake).then(events=["asset_search_completed"])
    assert next_wakeup(scenario.case) is None
    return requeries
