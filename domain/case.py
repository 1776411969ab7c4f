"""The case state and the reducer: ``apply(state, event) -> state``.

``apply`` trusts its events (``decide`` checked the rules when they were made); it only folds
them. Folding the same events always gives the same state.
"""

from collections.abc import Iterable
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from domain import events as ev
from domain.calendar import local_date
from domain.commands import AssetKind, Basis, ControlMeasure, MeasureKind, Party
from domain.deadlines import RULES
from domain.events import Deadline, Document

Status = Literal["active", "suspended", "dormant", "transferred", "closed"]


class _State(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Control(_State):
    """A control measure on one asset: 冻结 (freeze), 查封 (seal) or 扣押 (seize)."""

    measure: ControlMeasure
    state: Literal["requested", "effective", "renewal_requested", "released", "lapsed"]
    period_days: int
    amount_fen: int | None = None
    requested_on: date
    effective_on: date | None = None
    expires_on: date | None = None  # last day in force
    renewals: int = 0
    deducted_fen: int = 0  # moved out of a frozen deposit into the case account (划拨)

    @property
    def in_force(self) -> bool:
        return self.state in ("effective", "renewal_requested")


class Asset(_State):
    asset_id: str
    kind: AssetKind
    description: str
    owner_party_id: str
    value_fen: int | None
    holder: str
    movable: bool
    found_on: date
    control: Control | None = None
    disposition: Literal["open", "released", "exhausted"] = "open"
    deducted_fen: int = 0
    reference_price_fen: int | None = None  # 参考价, set by valuation
    auctions: list[dict[str, object]] = []


class Search(_State):
    search_id: str
    scope: str
    requested_on: date
    state: Literal["pending", "finished"] = "pending"
    findings: int = 0
    dormant_requery: bool = False


class Lead(_State):
    lead_id: str
    description: str
    urgent: bool
    state: Literal["open", "checked"] = "open"
    found: bool | None = None


class Measure(_State):
    measure_id: str
    measure: MeasureKind
    party_id: str
    imposed_on: date


class PropertyReport(_State):
    party_id: str
    reported_on: date
    summary: str


class Escalation(_State):
    deadline_id: str
    rule: str
    level: int
    at: datetime
    notify_role: str
    notify_court_code: str


class CaseState(_State):
    case_number: str
    court_code: str
    filed_on: date
    basis: Basis
    applicants: list[Party]
    respondents: list[Party]
    principal_fen: int
    other_fen: int
    officer_id: str
    judge_id: str | None
    status: Status = "active"
    resumed_case_number: str | None = None
    documents: dict[str, Document] = {}
    property_reports: list[PropertyReport] = []
    measures: list[Measure] = []
    searches: dict[str, Search] = {}
    assets: dict[str, Asset] = {}
    leads: dict[str, Lead] = {}
    deadlines: dict[str, Deadline] = {}
    escalations: list[Escalation] = []
    collected_fen: int = 0
    paid_out_fen: int = 0
    suspended_on: date | None = None
    paused_days: int = 0
    time_limit_extensions: int = 0
    terminated_on: date | None = None
    resumed_on: date | None = None
    closed_on: date | None = None
    outcome: str | None = None
    last_seq: int = 0

    # -- derived views; nothing here is stored twice --------------------------------------
    @property
    def due_fen(self) -> int:
        return self.principal_fen + self.other_fen

    @property
    def held_fen(self) -> int:
        return self.collected_fen - self.paid_out_fen

    @property
    def outstanding_fen(self) -> int:
        return max(self.due_fen - self.collected_fen, 0)

    @property
    def current_filed_on(self) -> date:
        """The filing date of the case as it runs now (the 执恢 case's own, once resumed)."""
        return self.resumed_on or self.filed_on

    @property
    def current_case_number(self) -> str:
        return self.resumed_case_number or self.case_number

    @property
    def stage(self) -> str:
        if self.status == "closed":
            return "closed"
        if self.status == "dormant":
            return "dormant"
        if any(a.control is not None and a.control.in_force for a in self.assets.values()):
            return "control"
        if self.searches or self.assets:
            return "investigation"
        if self.documents:
            return "service"
        return "filing"

    def open_deadlines(self) -> list[Deadline]:
        return [d for d in self.deadlines.values() if d.state in ("open", "overdue")]


def _filed(event: ev.CaseFiled) -> CaseState:
    return CaseState(
        case_number=event.case_number,
        court_code=event.court_code,
        filed_on=event.filed_on,
        basis=event.basis,
        applicants=event.applicants,
        respondents=event.respondents,
        principal_fen=event.principal_fen,
        other_fen=event.other_fen,
        officer_id=event.officer_id,
        judge_id=event.judge_id,
        last_seq=event.seq,
    )


def apply(state: CaseState | None, event: ev.Event) -> CaseState:
    """Fold one event into a new state (the argument is left untouched)."""
    return fold(state, (event,))


def fold(state: CaseState | None, events: Iterable[ev.Event]) -> CaseState:
    """Fold events into a new state, copying the starting state once."""
    current = None if state is None else state.model_copy(deep=True)
    for event in events:
        if isinstance(event, ev.CaseFiled):
            current = _filed(event)
            continue
        if current is None:
            raise ValueError(f"event {event.type} before case_filed")
        if event.seq != current.last_seq + 1:
            raise ValueError(f"event seq {event.seq} does not follow {current.last_seq}")
        _mutate(current, event)
        current.last_seq = event.seq
    if current is None:
        raise ValueError("no events to fold")
    return current


def _control(state: CaseState, asset_id: str) -> Control:
    control = state.assets[asset_id].control
    assert control is not None, f"asset {asset_id} has no control measure"
    return control


def _mutate(s: CaseState, e: ev.Event) -> None:  # noqa: C901 - one branch per event type
    on = local_date(e.occurred_at)
    match e:
        case ev.DeadlineOpened(deadline=d):
            s.deadlines[d.deadline_id] = d.model_copy()
        case ev.DeadlineMet(deadline_id=i):
            s.deadlines[i].state = "met"
        case ev.DeadlineWaived(deadline_id=i):
            s.deadlines[i].state = "waived"
        case ev.DeadlineWarned(deadline_id=i):
            s.deadlines[i].warned = True
        case ev.DeadlineEscalated():
            d = s.deadlines[e.deadline_id]
            d.escalation_level = e.level
            d.state = "overdue"
            s.escalations.append(
                Escalation(
                    deadline_id=e.deadline_id,
                    rule=e.rule,
                    level=e.level,
                    at=e.occurred_at,
                    notify_role=e.notify_role,
                    notify_court_code=e.notify_court_code,
                )
            )
        case ev.DeadlineRescheduled():
            d = s.deadlines[e.deadline_id]
            d.due_on, d.due_at, d.provisional = e.due_on, e.due_at, e.provisional
            d.warned = False
        case ev.NoticeIssued(documents=docs):
            for doc in docs:
                s.documents[doc.document_id] = doc.model_copy()
        case ev.DocumentServed():
            doc = s.documents[e.document_id]
            doc.served_on, doc.method = e.served_on, e.method
        case ev.PropertyReported():
            s.property_reports.append(
                PropertyReport(party_id=e.party_id, reported_on=e.reported_on, summary=e.summary)
            )
        case ev.MeasureImposed():
            s.measures.append(
                Measure(
                    measure_id=e.measure_id, measure=e.measure, party_id=e.party_id, imposed_on=on
                )
            )
        case ev.AssetSearchRequested():
            s.searches[e.search_id] = Search(
                search_id=e.search_id,
                scope=e.scope,
                requested_on=on,
                dormant_requery=e.dormant_requery,
            )
        case ev.AssetSearchCompleted():
            search = s.searches[e.search_id]
            search.state, search.findings = "finished", e.findings
        case ev.AssetFound(asset=a):
            s.assets[a.asset_id] = Asset(
                asset_id=a.asset_id,
                kind=a.kind,
                description=a.description,
                owner_party_id=a.owner_party_id,
                value_fen=a.value_fen,
                holder=a.holder,
                movable=e.movable,
                found_on=on,
            )
        case ev.PropertyLeadRegistered():
            s.leads[e.lead_id] = Lead(lead_id=e.lead_id, description=e.description, urgent=e.urgent)
        case ev.PropertyLeadChecked():
            lead = s.leads[e.lead_id]
            lead.state, lead.found = "checked", e.found
        case ev.FreezeRequested():
            s.assets[e.asset_id].control = Control(
                measure=e.measure,
                state="requested",
                period_days=e.period_days,
                amount_fen=e.amount_fen,
                requested_on=on,
            )
        case ev.FreezeConfirmed():
            control = _control(s, e.asset_id)
            control.state = "effective"
            control.effective_on, control.expires_on = e.effective_on, e.expires_on
            if e.frozen_fen is not None:
                control.amount_fen = e.frozen_fen
        case ev.RenewalRequested():
            control = _control(s, e.asset_id)
            control.state, control.period_days = "renewal_requested", e.period_days
        case ev.FreezeRenewed():
            control = _control(s, e.asset_id)
            control.state, control.expires_on = "effective", e.expires_on
            control.renewals += 1
        case ev.AssetReleased():
            asset = s.assets[e.asset_id]
            asset.disposition = "released"
            if asset.control is not None:
                asset.control.state = "released"
        case ev.ControlLapsed():
            _control(s, e.asset_id).state = "lapsed"
        case ev.FundsDeducted():
            asset = s.assets[e.asset_id]
            control = _control(s, e.asset_id)
            asset.deducted_fen += e.amount_fen
            control.deducted_fen += e.amount_fen
            s.collected_fen += e.amount_fen
            if control.amount_fen is not None and control.deducted_fen >= control.amount_fen:
                control.state = "released"  # nothing left under this freeze
            if asset.value_fen is not None and asset.deducted_fen >= asset.value_fen:
                asset.disposition = "exhausted"
                control.state = "released"
        case ev.CaseSuspended():
            s.status, s.suspended_on = "suspended", e.on
            for d in s.open_deadlines():
                if RULES[d.rule].pauses_when_suspended:
                    d.paused_on = e.on
        case ev.CaseResumed():
            s.status, s.suspended_on = "active", None
            s.paused_days += e.paused_days
            for d in s.deadlines.values():
                d.paused_on = None
        case ev.TimeLimitExtended():
            s.time_limit_extensions += 1
        case ev.ProcedureTerminated():
            s.status, s.terminated_on = "dormant", e.on
        case ev.EnforcementResumed():
            s.status = "active"
            s.resumed_case_number, s.resumed_on = e.resumed_case_number, e.on
            s.terminated_on = None
            # The 执恢 case is a new case: its own time limit, extensions and pauses.
            s.time_limit_extensions, s.paused_days = 0, 0
        case ev.CaseClosed():
            s.status, s.closed_on, s.outcome = "closed", e.on, e.outcome
        case ev.CaseFiled():
            raise ValueError("case_filed twice")
