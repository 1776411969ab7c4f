"""Properties of the domain over random histories (hypothesis).

A history is a filing followed by random steps: a command (plausible or not, referring to
assets, searches, documents and leads that exist or do not, from any role of this or another
court) or a passage of time, with ``tick`` run at every wake-up on the way as the workflow does.
After every step the invariants below must hold, whatever was accepted or refused.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from domain import registry
from domain.commands import DISHONEST_GROUNDS, Envelope
from domain.deadline_watch import next_wakeup
from domain.decide import decide, decide_filing, tick
from domain.decision import Outcome
from domain.errors import DomainError
from domain.events import Event
from domain.fold import fold
from domain.snapshot import CaseSnapshot, snapshot
from domain.state import CaseState
from tests.unit.gwt import COURT, OTHER_COURT, filing, moment

FILED_ON = date(2026, 3, 2)
RESPONDENTS = [
    {"party_id": "R1", "name": "北京某某科技有限公司", "kind": "company"},
    {"party_id": "R2", "name": "李四", "kind": "person"},
]
ASSET_IDS = ["AS-1", "AS-2", "AS-3", "AS-4"]
LEAD_IDS = ["L-1", "L-2"]
KINDS = ["bank_deposit", "real_estate", "vehicle", "equity", "movable", "other_property_right"]
MEASURES = ["freeze", "seal", "seize"]
FITTING = {
    "bank_deposit": ["freeze"],
    "equity": ["freeze"],
    "real_estate": ["seal"],
    "other_property_right": ["freeze", "seal"],
    "movable": ["seal", "seize"],
    "vehicle": ["seal", "seize"],
}
PARTIES = ["R1", "R2", "A1"]
BIRTH_DATES = [date(1990, 5, 1), date(2010, 5, 1), date(2008, 3, 3)]  # adult, minor, 18 in 2026
METHODS = ["electronic", "postal", "direct", "publication"]

roles = st.sampled_from(
    [
        "officer",
        "officer",
        "judge",
        "bureau_head",
        "president",
        "president",
        "vice_president",
        "integration",
        "supervisor",
        "system",
    ]
)
courts = st.sampled_from([COURT] * 8 + [OTHER_COURT, "京"])
amounts = st.one_of(st.integers(1, 1_000), st.integers(1, 200_000_000))


# ------------------------------------------------------------------------------ the history


class History:
    def __init__(self) -> None:
        self.now = moment(FILED_ON, hour=9)
        self.events: list[Event] = list(
            decide_filing(filing(FILED_ON, respondents=RESPONDENTS), self.now).events
        )
        self.state: CaseState = fold(None, self.events)
        self.recorded = [e.model_dump() for e in self.events]
        self.check()

    @property
    def today(self) -> date:
        return self.now.date()

    def record(self, outcome: Outcome) -> None:
        new = outcome.events
        first = self.state.last_seq + 1
        assert [e.seq for e in new] == list(range(first, first + len(new)))
        # The decision's own state, as the workflow adopts it; it must be the fold of its events.
        assert outcome.state.model_dump() == fold(self.state, new).model_dump()
        self.state = outcome.state
        self.events.extend(new)
        self.recorded.extend(e.model_dump() for e in new)

    def execute(self, command: dict[str, Any], role: str, court: str) -> bool:
        try:
            envelope = Envelope.model_validate(
                {
                    "request_id": f"r-{len(self.events)}",
                    "actor": {"user_id": f"u-{role}", "role": role, "court_code": court},
                    "command": command,
                }
            )
        except ValidationError:  # refused at the edge (e.g. a period past any rule's)
            return False
        before = self.state.model_dump()
        offered = registry.offered(self.state)
        try:
            outcome = decide(self.state, envelope, self.now)
        except DomainError as error:
            assert error.code and error.zh and error.en
            assert self.state.model_dump() == before, "a refused command changed the state"
            return False
        assert self.state.model_dump() == before, "decide changed the state it was given"
        # the snapshot's offer reads the same preconditions as the rules: never a second copy
        assert command["type"] in offered, f"{command['type']} was accepted but not offered"
        self.record(outcome)
        return True

    def tick_at(self, at: datetime) -> None:
        before = self.state.model_dump()
        outcome = tick(self.state, at)
        assert self.state.model_dump() == before, "tick changed the state it was given"
        self.record(outcome)
        wake = next_wakeup(self.state)
        assert wake is None or wake > at, f"next_wakeup {wake} not after the tick at {at}"

    def advance(self, delta: timedelta) -> None:
        target = self.now + delta
        for _ in range(1_000):
            wake = next_wakeup(self.state)
            if wake is None or wake > target:
                break
            self.now = max(self.now, wake)
            self.tick_at(self.now)
        else:  # pragma: no cover
            raise AssertionError("the clock never settles")
        self.now = target
        self.tick_at(target)

    def check(self) -> None:
        s, events = self.state, self.events
        assert [e.seq for e in events] == list(range(1, len(events) + 1))
        assert s.last_seq == len(events)
        for value in (s.collected_fen, s.paid_out_fen, s.held_fen, s.outstanding_fen):
            assert value >= 0
        assert s.escrowed_fen >= 0
        assert s.collected_fen == s.paid_out_fen + s.held_fen + s.escrowed_fen
        assert s.collected_fen <= s.due_fen, "more deducted than the case is owed"
        for asset in s.assets.values():
            assert asset.deducted_fen >= 0
        assert fold(None, events).model_dump() == s.model_dump(), "replay differs"
        assert [e.model_dump() for e in events] == self.recorded, "folding changed an event"
        # the dishonest-debtor list (失信规定 art. 10): a listing that must go has its deletion
        # deadline, a deleted one none left, and a closed case keeps none
        owed = {d.subject for d in s.open_deadlines() if d.rule == "credit.blacklist.delete"}
        for m in s.measures:
            if not m.in_force:
                assert m.measure_id not in owed, "a deleted listing still owes its deletion"
        for m in s.dishonest_listings():
            assert s.status != "closed", "a closed case left a listing in force"
            if m.expires_on is not None or s.outstanding_fen == 0:
                assert m.measure_id in owed, f"listing {m.measure_id} owes no deletion"
        # the time limit stands still exactly while a reason to stop it holds
        if s.status not in ("closed", "dormant"):
            paused = s.time_limit_paused_on is not None
            assert paused == bool(s.time_limit_pause_reasons()), s.time_limit_pause_reasons()
        snap = snapshot(s)
        assert CaseSnapshot.model_validate(snap.model_dump(mode="json")) == snap
        assert snap.last_seq == s.last_seq
        amounts = snap.amounts
        assert (
            amounts.collected_fen == amounts.paid_out_fen + amounts.held_fen + amounts.escrowed_fen
        )


# ------------------------------------------------------------------------------ commands


def _pick(
    draw: st.DrawFn, existing: list[str], unknown: list[str], preferred: list[str] | None = None
) -> str:
    """Mostly an id the command can work on, sometimes any existing one or an unknown one."""
    pool = existing + unknown
    if preferred:
        pool = preferred * 4 + pool
    return draw(st.sampled_from(pool))


def _assets_where(state: CaseState, *control_states: str | None) -> list[str]:
    return sorted(
        a.asset_id
        for a in state.assets.values()
        if (a.control.state if a.control is not None else None) in control_states
    )


def _day(draw: st.DrawFn, today: date) -> date:
    return today - timedelta(days=draw(st.integers(-2, 40)))


def _finding(draw: st.DrawFn, asset_id: str | None = None) -> dict[str, Any]:
    return {
        "asset_id": asset_id or draw(st.sampled_from(ASSET_IDS)),
        "kind": draw(st.sampled_from(KINDS)),
        "description": "财产",
        "owner_party_id": draw(st.sampled_from(["R1", "R1", "R1", "R2", "A1"])),
        "value_fen": draw(st.none() | amounts),
    }


EVERY_COMMAND = [
    "issue_notice",
    "record_service",
    "record_property_report",
    "impose_measure",
    "request_asset_search",
    "complete_asset_search",
    "complete_asset_search",
    "record_asset_found",
    "record_asset_found",
    "record_asset_found",
    "register_property_lead",
    "record_lead_checked",
    "freeze_asset",
    "freeze_asset",
    "confirm_freeze",
    "confirm_freeze",
    "renew_freeze",
    "release_asset",
    "deduct_funds",
    "deduct_funds",
    "suspend",
    "resume",
    "extend_time_limit",
    "extend_time_limit",
    "begin_excluded_period",
    "end_excluded_period",
    "delete_dishonest_listing",
    "terminate_this_procedure",
    "terminate_this_procedure",
    "resume_enforcement",
    "resume_enforcement",
    "close_case",
]
ASSET_COMMANDS = [
    "request_asset_search",
    "complete_asset_search",
    "record_asset_found",
    "record_asset_found",
    "freeze_asset",
    "freeze_asset",
    "freeze_asset",
    "confirm_freeze",
    "confirm_freeze",
    "confirm_freeze",
    "renew_freeze",
    "renew_freeze",
    "release_asset",
    "deduct_funds",
    "deduct_funds",
    "deduct_funds",
    "suspend",
    "resume",
]


@st.composite
def commands(  # noqa: C901 - one branch per command
    draw: st.DrawFn, state: CaseState, today: date, kinds: list[str] = EVERY_COMMAND
) -> dict[str, Any]:
    kind = draw(st.sampled_from(kinds))
    cmd: dict[str, Any] = {"type": kind}
    if kind == "issue_notice":
        cmd["method"] = draw(st.sampled_from(METHODS))
    elif kind == "record_service":
        cmd |= {
            "document_id": _pick(draw, sorted(state.documents), ["TZ-R9"]),
            "served_on": _day(draw, today),
            "method": draw(st.sampled_from(METHODS)),
        }
    elif kind == "record_property_report":
        cmd |= {
            "party_id": draw(st.sampled_from(PARTIES)),
            "reported_on": _day(draw, today),
            "summary": "名下无财产",
        }
    elif kind == "impose_measure":
        measure = draw(
            st.sampled_from(
                [
                    "consumption_restriction",
                    "consumption_restriction",
                    "dishonest_list",
                    "fine",
                    "detention",
                    "exit_ban",
                ]
            )
        )
        cmd |= {"measure": measure, "party_id": draw(st.sampled_from(PARTIES))}
        if measure == "dishonest_list":
            grounds = st.lists(st.sampled_from(DISHONEST_GROUNDS), min_size=1, max_size=3)
            cmd["grounds"] = draw(grounds | grounds | st.just([]))
            cmd["extra_years"] = draw(st.sampled_from([0, 0, 1, 3]))
            # a person's birth date (R2 is a person): a minor or an adult; now and then for a
            # company, or none for the person
            if draw(st.integers(0, 3)) if cmd["party_id"] == "R2" else not draw(st.integers(0, 5)):
                cmd["birth_date"] = draw(st.sampled_from(BIRTH_DATES))
        if measure == "fine":
            cmd["amount_fen"] = draw(amounts)
        if measure == "detention":
            cmd["days"] = draw(st.integers(1, 15))
    elif kind == "request_asset_search":
        cmd["scope"] = draw(st.sampled_from(["network", "on_site"]))
    elif kind == "complete_asset_search":
        pending = sorted(i for i, x in state.searches.items() if x.state == "pending")
        ids = draw(st.lists(st.sampled_from(ASSET_IDS), max_size=2, unique=True))
        cmd |= {
            "search_id": _pick(draw, pending, ["S999"]),
            "findings": [_finding(draw, asset_id) for asset_id in ids],
        }
    elif kind == "record_asset_found":
        cmd |= {
            "asset": _finding(draw),
            "lead_id": draw(st.none() | st.sampled_from(sorted(state.leads) + ["L-9"])),
        }
    elif kind == "register_property_lead":
        cmd |= {
            "lead_id": draw(st.sampled_from(LEAD_IDS)),
            "description": "线索",
            "urgent": draw(st.booleans()),
        }
    elif kind == "record_lead_checked":
        cmd |= {"lead_id": draw(st.sampled_from(LEAD_IDS)), "found": draw(st.booleans())}
    elif kind == "freeze_asset":
        asset_id = _pick(
            draw, sorted(state.assets), ["AS-9"], _assets_where(state, None, "released", "lapsed")
        )
        asset = state.assets.get(asset_id)
        fitting = FITTING[asset.kind] if asset is not None else MEASURES
        cmd |= {
            "asset_id": asset_id,
            "measure": draw(st.sampled_from(fitting * 3 + MEASURES)),
            "period_days": draw(st.integers(1, 60) | st.integers(1, 365) | st.integers(300, 1200)),
            "amount_fen": draw(st.none() | amounts),
        }
    elif kind == "confirm_freeze":
        cmd |= {
            "asset_id": _pick(
                draw,
                sorted(state.assets),
                ["AS-9"],
                _assets_where(state, "requested", "renewal_requested"),
            ),
            "effective_on": today if draw(st.integers(0, 3)) else _day(draw, today),
            "frozen_fen": draw(st.none() | amounts),
        }
    elif kind == "renew_freeze":
        cmd |= {
            "asset_id": _pick(
                draw, sorted(state.assets), ["AS-9"], _assets_where(state, "effective")
            ),
            "period_days": draw(st.integers(1, 60) | st.integers(1, 365) | st.integers(300, 1200)),
        }
    elif kind in ("release_asset", "deduct_funds"):
        cmd["asset_id"] = _pick(
            draw,
            sorted(state.assets),
            ["AS-9"],
            _assets_where(state, "effective", "renewal_requested"),
        )
        if kind == "release_asset":
            cmd["reason"] = "解除"
        else:
            # often exactly what is left frozen: "deduct everything"
            sensible: list[int] = []
            asset = state.assets.get(cmd["asset_id"])
            if asset is not None and asset.control is not None:
                frozen = asset.control.amount_fen
                frozen = asset.value_fen if frozen is None else frozen
                if frozen is not None and frozen > asset.deducted_fen:
                    sensible = [frozen - asset.deducted_fen]
            cmd["amount_fen"] = draw(
                st.sampled_from(sensible * 2) | amounts if sensible else amounts
            )
    elif kind in ("suspend", "terminate_this_procedure"):
        cmd["reason"] = "理由"
    elif kind == "resume":
        cmd["reason"] = ""
    elif kind == "extend_time_limit":
        cmd |= {
            "reason": "案情复杂",
            "high_court_approval_no": draw(st.none() | st.just("京高法〔2026〕1号")),
        }
    elif kind == "begin_excluded_period":
        excluded = draw(st.sampled_from(["audit", "asset_clearing", "higher_court_stay"]))
        cmd |= {"kind": excluded, "reason": "委托审计"}
        if excluded == "higher_court_stay":
            cmd["ordering_court_code"] = draw(st.sampled_from(["京03", "京", COURT, "京01"]))
        else:
            cmd["agency"] = "某会计师事务所"
    elif kind == "end_excluded_period":
        running = sorted(i for i, p in state.excluded_periods.items() if p.running)
        cmd["period_id"] = _pick(draw, sorted(state.excluded_periods), ["X999"], running)
    elif kind == "delete_dishonest_listing":
        listed = sorted(m.measure_id for m in state.dishonest_listings())
        cmd |= {
            "measure_id": _pick(draw, [m.measure_id for m in state.measures], ["M999"], listed),
            "reason": draw(
                st.sampled_from(["applicant_request"] * 3 + ["performed", "term_expired"])
            ),
        }
    elif kind == "resume_enforcement":
        court = draw(st.sampled_from([COURT, COURT, OTHER_COURT]))
        cmd |= {
            "resumed_case_number": f"(2026){court}执恢{draw(st.integers(1, 99))}号",
            "reason": "新线索",
        }
    elif kind == "close_case":
        cmd["outcome"] = draw(st.sampled_from(["fully_enforced", "withdrawn", "terminated"]))
    return cmd


def prepare_termination(history: History) -> None:
    """A burst of sensible work toward 终本, so dormant cases are reached too."""
    h = history
    h.execute({"type": "issue_notice"}, "officer", COURT)
    for party in ("R1", "R2"):
        h.execute(
            {"type": "impose_measure", "measure": "consumption_restriction", "party_id": party},
            "president",  # 限消规定 art. 4
            COURT,
        )
    h.execute(  # 失信 on ground (三), a two-year term (refused once listed)
        {
            "type": "impose_measure",
            "measure": "dishonest_list",
            "party_id": "R1",
            "grounds": ["evasion"],
        },
        "judge",
        COURT,
    )
    h.execute({"type": "request_asset_search"}, "officer", COURT)
    for search in [s for s in h.state.searches.values() if s.state == "pending"]:
        h.execute(
            {"type": "complete_asset_search", "search_id": search.search_id}, "integration", COURT
        )
    for lead in [x for x in h.state.leads.values() if x.state == "open"]:
        h.execute(
            {"type": "record_lead_checked", "lead_id": lead.lead_id, "found": False},
            "officer",
            COURT,
        )
    for asset in [a for a in h.state.assets.values() if a.disposition == "open"]:
        h.execute(
            {"type": "release_asset", "asset_id": asset.asset_id, "reason": "无处置价值"},
            "officer",
            COURT,
        )


time_steps = st.one_of(
    st.builds(timedelta, hours=st.integers(1, 48)),
    st.builds(timedelta, days=st.integers(1, 45)),
    st.builds(timedelta, days=st.integers(90, 400)),
)


def run_history(data: st.DataObject, kinds: list[str], max_steps: int) -> None:
    history = History()
    if kinds is ASSET_COMMANDS:  # start with property to work on
        for asset_id, kind, value in (
            ("AS-1", "bank_deposit", 60_000_000),
            ("AS-2", "real_estate", None),
        ):
            finding = {
                "asset_id": asset_id,
                "kind": kind,
                "description": "财产",
                "owner_party_id": "R1",
                "value_fen": value,
            }
            assert history.execute(
                {"type": "record_asset_found", "asset": finding}, "officer", COURT
            )
        # a partial freeze: 20,000,000 of the 60,000,000 fen in the account
        assert history.execute(
            {
                "type": "freeze_asset",
                "asset_id": "AS-1",
                "measure": "freeze",
                "period_days": 60,
                "amount_fen": 20_000_000,
            },
            "officer",
            COURT,
        )
        assert history.execute(
            {"type": "confirm_freeze", "asset_id": "AS-1", "effective_on": history.today},
            "integration",
            COURT,
        )
    for _ in range(data.draw(st.integers(5, max_steps), label="steps")):
        action = data.draw(st.sampled_from(["command"] * 8 + ["time"] * 3 + ["prepare"] * 2))
        if action == "time":
            history.advance(data.draw(time_steps))
        elif action == "prepare" and kinds is EVERY_COMMAND:
            prepare_termination(history)
        else:
            command = data.draw(commands(history.state, history.today, kinds))
            if command["type"] == "close_case" and data.draw(st.integers(0, 3)):
                continue  # closing ends the history: keep it rare
            # mostly a role that may issue it, sometimes anyone from anywhere
            allowed = sorted(registry.spec(command["type"]).roles)
            role, court = data.draw(
                st.one_of(
                    st.tuples(st.sampled_from(allowed), st.just(COURT)),
                    st.tuples(st.sampled_from(allowed), st.just(COURT)),
                    st.tuples(roles, courts),
                )
            )
            history.execute(command, role, court)
        history.check()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_invariants_hold_after_every_step(data: st.DataObject) -> None:
    run_history(data, EVERY_COMMAND, 30)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_invariants_hold_through_freezes_deductions_and_lapses(data: st.DataObject) -> None:
    run_history(data, ASSET_COMMANDS, 25)
