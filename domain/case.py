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
from domain.commands import AssetKind, Basis, ControlMeasure, MeasureKind, Party, ValuationMethod
from domain.deadlines import RULES
from domain.events import Deadline, Document, Payout

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


class Valuation(_State):
    """确定参考价: how the reference price is being fixed, and the price once fixed."""

    method: ValuationMethod
    state: Literal["pending", "fixed"] = "pending"
    started_on: date
    extensions: int = 0
    received_on: date | None = None
    objection_until: date | None = None
    valid_until: date | None = None
    contested: bool = False  # an objection awaits the appraiser's answer


class Auction(_State):
    auction_id: str
    round: int  # 1: first auction, 2: re-auction after a failure (再次拍卖)
    start_price_fen: int
    deposit_fen: int
    announced_on: date
    bidding_starts_at: datetime
    bidding_ends_at: datetime
    outcome: Literal["scheduled", "sold", "failed", "buyer_default", "cancelled"] = "scheduled"
    price_fen: int | None = None
    ended_on: date | None = None


class Sale(_State):
    price_fen: int
    started_on: date
    ends_on: date
    outcome: Literal["open", "sold", "failed", "cancelled"] = "open"
    sold_price_fen: int | None = None


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
    reference_price_fen: int | None = None  # 参考价, once fixed (see valuation)
    valuation: Valuation | None = None
    auctions: list[Auction] = []
    sale: Sale | None = None
    proceeds_due_fen: int | None = None  # the price a buyer owes once sold, until it arrives

    @property
    def live_auction(self) -> Auction | None:
        return next((a for a in self.auctions if a.outcome == "scheduled"), None)

    @property
    def failed_rounds(self) -> int:
        return sum(1 for a in self.auctions if a.outcome == "failed")

    @property
    def disposing(self) -> bool:
        """An auction or sale is under way (the time limit does not run meanwhile)."""
        return self.live_auction is not None or (
            self.sale is not None and self.sale.outcome == "open"
        )


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


class Distribution(_State):
    distribution_id: str
    approved_on: date
    available_fen: int
    payouts: list[Payout]

    @property
    def settled(self) -> bool:
        return all(p.paid for p in self.payouts if p.allocation.amount_fen > 0)


class SettlementInstallment(_State):
    index: int
    due_on: date
    amount_fen: int
    paid_fen: int = 0
    paid_on: date | None = None


class Settlement(_State):
    """执行和解: the parties' agreement to pay by instalments."""

    recorded_on: date
    installments: list[SettlementInstallment]
    state: Literal["active", "performed", "defaulted"] = "active"


class BankruptcyTransfer(_State):
    """执转破."""

    respondent_id: str
    consenting_party_id: str
    state: Literal["proposed", "approved", "accepted", "rejected", "declared_bankrupt"] = "proposed"
    receiving_court_code: str | None = None
    approved_on: date | None = None
    decided_on: date | None = None


class Escalation(_State):
    deadline_id: str
    rule: str
    level: int
    at: datetime
    notify_role: str
    notify_court_code: str


class Urging(_State):
    at: datetime
    court_code: str
    user_id: str
    message: str


class Supervision(_State):
    """督办 by a higher court: report due, urgings (催办), the lower court's reports."""

    supervision_id: str
    supervising_court_code: str
    opened_on: date
    opened_by: str
    instructions: str
    report_due_on: date
    automatic: bool = False
    state: Literal["open", "reported", "closed"] = "open"
    reports: list[str] = []
    reported_on: date | None = None
    urgings: list[Urging] = []
    closed_on: date | None = None
    close_reason: str | None = None


class Petition(_State):
    """涉执信访."""

    petition_id: str
    petitioner: str
    channel: str
    summary: str
    about_delay: bool
    received_on: date
    state: Literal["open", "responded", "closed"] = "open"
    responses: list[str] = []
    outcome: str | None = None
    closed_on: date | None = None


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
    supervisions: dict[str, Supervision] = {}
    petitions: dict[str, Petition] = {}
    collected_fen: int = 0
    paid_out_fen: int = 0
    fees_allocated_fen: int = 0  # 执行费 and costs taken from the funds before the applicants
    distributions: dict[str, Distribution] = {}
    settlement: Settlement | None = None
    bankruptcy: BankruptcyTransfer | None = None
    time_limit_paused_on: date | None = None
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
        """What the applicants are still owed: money spent on fees does not pay the debt."""
        return max(self.due_fen - self.collected_fen + self.fees_allocated_fen, 0)

    @property
    def owed_to_applicants_fen(self) -> int:
        """What the applicants have not yet received (in money or in kind)."""
        fees_paid = sum(
            p.allocation.amount_fen
            for d in self.distributions.values()
            for p in d.payouts
            if p.paid and p.allocation.kind == "fee"
        )
        return max(self.due_fen - (self.paid_out_fen - fees_paid), 0)

    def time_limit_pause_reasons(self) -> list[str]:
        """Why the time limit is not running now (期限规定 art. 9: these periods do not count)."""
        reasons = []
        if self.status == "suspended":
            reasons.append("suspended")
        if self.status == "transferred":
            reasons.append("bankruptcy_transfer")
        assets = self.assets.values()
        if any(
            a.valuation and a.valuation.state == "pending" and a.valuation.method == "appraisal"
            for a in assets
        ):
            reasons.append("appraisal")
        if any(a.disposing for a in assets):
            reasons.append("auction_or_sale")
        if self.settlement is not None and self.settlement.state == "active":
            reasons.append("settlement")
        return reasons

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
        if self.status == "transferred":
            return "bankruptcy_transfer"
        if self.held_fen > 0 or any(not d.settled for d in self.distributions.values()):
            return "payout"
        if self.settlement is not None and self.settlement.state == "active":
            return "settlement"
        if any(a.valuation is not None and a.disposition == "open" for a in self.assets.values()):
            return "disposal"
        if any(a.control is not None and a.control.in_force for a in self.assets.values()):
            return "control"
        if self.searches or self.assets:
            return "investigation"
        if self.documents:
            return "service"
        return "filing"

    def open_supervisions(self) -> list[Supervision]:
        return [x for x in self.supervisions.values() if x.state != "closed"]

    def open_petitions(self) -> list[Petition]:
        return [x for x in self.petitions.values() if x.state != "closed"]

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
    return fold_in_place(None if state is None else state.model_copy(deep=True), events)


def fold_in_place(state: CaseState | None, events: Iterable[ev.Event]) -> CaseState:
    """Fold events into ``state`` itself and return it (a new state from ``case_filed``). Only
    for the sole owner of a state, such as the workflow's current state: the deep copy ``fold``
    makes is most of the cost of folding a command's events."""
    current = state
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
                if RULES[d.rule].pauses_when_suspended and d.rule != "case.time_limit":
                    d.paused_on = e.on
        case ev.CaseResumed():
            s.status, s.suspended_on = "active", None
            for d in s.deadlines.values():
                if d.rule != "case.time_limit":  # the time limit has its own pause
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
        case ev.ValuationStarted():
            s.assets[e.asset_id].valuation = Valuation(method=e.method, started_on=on)
        case ev.ValuationExtended():
            _valuation(s, e.asset_id).extensions += 1
        case ev.ValuationRecorded():
            v = _valuation(s, e.asset_id)
            v.state = "fixed"
            s.assets[e.asset_id].reference_price_fen = e.reference_price_fen
            v.received_on, v.objection_until, v.valid_until = (
                e.received_on,
                e.objection_until,
                e.valid_until,
            )
            v.contested = False
        case ev.ValuationObjected():
            _valuation(s, e.asset_id).contested = True
        case ev.AuctionScheduled():
            s.assets[e.asset_id].auctions.append(
                Auction(
                    auction_id=e.auction_id,
                    round=e.round,
                    start_price_fen=e.start_price_fen,
                    deposit_fen=e.deposit_fen,
                    announced_on=e.announced_on,
                    bidding_starts_at=e.bidding_starts_at,
                    bidding_ends_at=e.bidding_ends_at,
                )
            )
        case ev.AuctionSold():
            asset, auction = _auction(s, e.auction_id)
            auction.outcome, auction.price_fen, auction.ended_on = "sold", e.price_fen, on
            asset.proceeds_due_fen = e.price_fen
        case ev.AuctionFailed():
            _, auction = _auction(s, e.auction_id)
            auction.outcome, auction.ended_on = "failed", e.failed_on
        case ev.AuctionDefaulted():
            asset, auction = _auction(s, e.auction_id)
            auction.outcome, auction.ended_on = "buyer_default", e.defaulted_on
            asset.proceeds_due_fen = None
            s.collected_fen += e.forfeited_fen  # the forfeited deposit joins the case funds
        case ev.AuctionCancelled():
            _, auction = _auction(s, e.auction_id)
            auction.outcome, auction.ended_on = "cancelled", on
        case ev.SaleStarted():
            s.assets[e.asset_id].sale = Sale(
                price_fen=e.price_fen, started_on=on, ends_on=e.ends_on
            )
        case ev.SaleEnded():
            asset = s.assets[e.asset_id]
            assert asset.sale is not None
            asset.sale.outcome, asset.sale.sold_price_fen = e.outcome, e.price_fen
            if e.outcome == "sold":
                asset.proceeds_due_fen = e.price_fen
        case ev.InKindAccepted():
            asset = s.assets[e.asset_id]
            _realized(asset)
            s.collected_fen += e.price_fen  # taken at the price and handed over at once
            s.paid_out_fen += e.price_fen
        case ev.FundsReceived():
            s.collected_fen += e.amount_fen
            if e.asset_id is not None:
                asset = s.assets[e.asset_id]
                asset.proceeds_due_fen = None
                _realized(asset)
        case ev.DistributionApproved():
            s.distributions[e.distribution_id] = Distribution(
                distribution_id=e.distribution_id,
                approved_on=on,
                available_fen=e.available_fen,
                payouts=[p.model_copy() for p in e.payouts],
            )
            s.fees_allocated_fen += sum(
                p.allocation.amount_fen for p in e.payouts if p.allocation.kind == "fee"
            )
        case ev.PayoutRecorded():
            payout = next(
                p for p in s.distributions[e.distribution_id].payouts if p.payout_id == e.payout_id
            )
            payout.paid, payout.reference = True, e.reference
            s.paid_out_fen += e.amount_fen
        case ev.SettlementRecorded():
            s.settlement = Settlement(
                recorded_on=on,
                installments=[
                    SettlementInstallment(index=i, due_on=x.due_on, amount_fen=x.amount_fen)
                    for i, x in enumerate(e.installments, start=1)
                ],
            )
        case ev.InstallmentPaid():
            assert s.settlement is not None
            installment = s.settlement.installments[e.index - 1]
            installment.paid_fen += e.amount_fen
            installment.paid_on = e.paid_on
            s.collected_fen += e.amount_fen
        case ev.SettlementEnded():
            assert s.settlement is not None
            s.settlement.state = e.outcome
        case ev.TimeLimitPaused():
            s.time_limit_paused_on = e.on
            for d in s.open_deadlines():
                if d.rule == "case.time_limit":
                    d.paused_on = e.on
        case ev.TimeLimitRunning():
            s.time_limit_paused_on = None
            s.paused_days += e.paused_days
            for d in s.deadlines.values():
                if d.rule == "case.time_limit":
                    d.paused_on = None
        case ev.BankruptcyTransferProposed():
            s.bankruptcy = BankruptcyTransfer(
                respondent_id=e.respondent_id, consenting_party_id=e.consenting_party_id
            )
        case ev.BankruptcyTransferApproved():
            assert s.bankruptcy is not None
            s.bankruptcy.state = "approved"
            s.bankruptcy.receiving_court_code, s.bankruptcy.approved_on = (
                e.receiving_court_code,
                e.on,
            )
            s.status = "transferred"
        case ev.BankruptcyDecided():
            assert s.bankruptcy is not None
            s.bankruptcy.state, s.bankruptcy.decided_on = e.decision, e.decided_on
            if e.decision == "rejected":  # back to where the transfer found the case
                s.status = "suspended" if s.suspended_on is not None else "active"
        case ev.SupervisionOpened():
            s.supervisions[e.supervision_id] = Supervision(
                supervision_id=e.supervision_id,
                supervising_court_code=e.supervising_court_code,
                opened_on=on,
                opened_by=e.actor.user_id,
                instructions=e.instructions,
                report_due_on=e.report_due_on,
                automatic=e.automatic,
            )
        case ev.SupervisionReportSubmitted():
            sup = s.supervisions[e.supervision_id]
            sup.state, sup.reported_on = "reported", on
            sup.reports.append(e.summary)
        case ev.SupervisionUrged():
            if e.supervision_id is not None:
                s.supervisions[e.supervision_id].urgings.append(
                    Urging(
                        at=e.occurred_at,
                        court_code=e.urging_court_code,
                        user_id=e.actor.user_id,
                        message=e.message,
                    )
                )
        case ev.SupervisionClosed():
            sup = s.supervisions[e.supervision_id]
            sup.state, sup.closed_on, sup.close_reason = "closed", on, e.reason
        case ev.PetitionRegistered():
            s.petitions[e.petition_id] = Petition(
                petition_id=e.petition_id,
                petitioner=e.petitioner,
                channel=e.channel,
                summary=e.summary,
                about_delay=e.about_delay,
                received_on=e.received_on,
            )
        case ev.PetitionResponded():
            petition = s.petitions[e.petition_id]
            petition.state = "responded"
            petition.responses.append(e.response)
        case ev.PetitionClosed():
            petition = s.petitions[e.petition_id]
            petition.state, petition.outcome, petition.closed_on = "closed", e.outcome, on
        case ev.CaseFiled():
            raise ValueError("case_filed twice")


def _valuation(s: CaseState, asset_id: str) -> Valuation:
    valuation = s.assets[asset_id].valuation
    assert valuation is not None, f"asset {asset_id} has no valuation"
    return valuation


def _auction(s: CaseState, auction_id: str) -> tuple[Asset, Auction]:
    for asset in s.assets.values():
        for auction in asset.auctions:
            if auction.auction_id == auction_id:
                return asset, auction
    raise AssertionError(f"no auction {auction_id}")


def _realized(asset: Asset) -> None:
    """The property has been turned into money (or handed over): nothing left to control."""
    asset.disposition = "exhausted"
    if asset.control is not None:
        asset.control.state = "released"
