"""The case as its events have left it: ``CaseState`` and the models it is made of.

The state's models are its own, never an event's payload object: an event is a fact and stays as
it was recorded; the state changes as later events are folded in (domain/fold.py). Everything
derived (amounts outstanding, the stage, what pauses the time limit) is a property, stored once.
"""

from datetime import date, datetime
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from domain.commands import (
    AssetKind,
    Basis,
    ControlMeasure,
    DishonestGround,
    ExclusionKind,
    FastTrackRule,
    MeasureKind,
    ObjectionKind,
    ObjectionOutcome,
    Party,
    ReconsiderationOutcome,
    Sanction,
    SuitJudgment,
    ValuationGround,
    ValuationMethod,
    WritKind,
)
from domain.courts import prefix_chain
from domain.events import DeadlineFields, DocumentFields, PayoutFields

Status = Literal["active", "suspended", "dormant", "transferred", "closed"]


class _State(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Deadline(DeadlineFields):
    """An obligation with a due date, tracked until met or waived (节点期限)."""


class Document(DocumentFields):
    """A document served on a party: 执行通知书, 报告财产令, 移送破产审查决定书."""


class Payout(PayoutFields):
    """One line of a distribution plan and whether the treasury has paid it."""


class Control(_State):
    """A control measure on one asset: 冻结 (freeze), 查封 (seal) or 扣押 (seize)."""

    measure: ControlMeasure
    state: Literal["requested", "effective", "renewal_requested", "released", "lapsed", "queued"]
    period_days: int
    amount_fen: int | None = None
    requested_on: date
    effective_on: date | None = None
    expires_on: date | None = None  # last day in force
    renewals: int = 0
    deducted_fen: int = 0  # moved out of a frozen deposit into the case account (划拨)
    entrusted_to: str | None = None  # 事项委托: the court asked to carry out the request
    # 轮候查封 (queued seal): the court whose seal was first, and how many seals are ahead of
    # ours (0 once ours took effect; None: ours was never queued)
    prior_court_code: str | None = None
    prior_sealed_on: date | None = None
    queue_position: int | None = None

    @property
    def in_force(self) -> bool:
        return self.state in ("effective", "renewal_requested")

    @property
    def queued(self) -> bool:
        """Registered behind another court's seal, not in force (轮候)."""
        return self.state == "queued"


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
    forwarded_on: date | None = None  # ... sent to it that day (edition 3, 参考价规定 art. 23)


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


class InKindTaking(_State):
    """以物抵债 above the claim (edition 3, domain/in_kind.py): the taker owes the difference by
    ``pay_by``; once it is paid the asset is handed over and the ruling served within 10 days."""

    applicant_id: str
    price_fen: int
    claim_fen: int  # the part of the price set off against the taker's claim
    difference_fen: int
    pay_by: date
    state: Literal["awaiting_difference", "paid", "defaulted"] = "awaiting_difference"
    ruling_served_on: date | None = None


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
    in_kind: InKindTaking | None = None  # 以物抵债 above the claim (edition 3)

    @property
    def live_auction(self) -> Auction | None:
        return next((a for a in self.auctions if a.outcome == "scheduled"), None)

    @property
    def failed_auctions(self) -> list[Auction]:
        return [a for a in self.auctions if a.outcome == "failed"]

    @property
    def failed_rounds(self) -> int:
        return len(self.failed_auctions)

    @property
    def sale_open(self) -> bool:
        return self.sale is not None and self.sale.outcome == "open"

    @property
    def disposing(self) -> bool:
        """An auction or sale is under way (the time limit does not run meanwhile)."""
        return self.live_auction is not None or self.sale_open

    @property
    def controlled(self) -> bool:
        """Under a seal, seizure or freeze in force: only such property may be disposed of."""
        return self.control is not None and self.control.in_force


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
    # the dishonest-debtor list (edition 2): grounds, years added, last day (None: no fixed
    # term), and its deletion (失信规定 arts. 1, 2, 10)
    grounds: list[DishonestGround] = []
    extra_years: int = 0
    expires_on: date | None = None
    deleted_on: date | None = None
    deletion_reason: str | None = None
    # a fine or detention (edition 3, domain/sanctions.py): the act punished; an emergency
    # detention awaiting the president's approval; its end by release or by 复议 (revoked); the
    # family's notice; the 复议 applied for and its outcome
    act: str = ""
    awaiting_approval: bool = False
    ended_on: date | None = None
    family_notified_at: datetime | None = None
    review_applied_on: date | None = None
    review_outcome: Literal["upheld", "revoked"] | None = None

    @property
    def in_force(self) -> bool:
        return self.deleted_on is None and self.ended_on is None


class ExcludedPeriod(_State):
    """A period that does not count toward the time limit (审限规定 art. 9 (八)(十一))."""

    period_id: str
    kind: ExclusionKind
    agency: str
    ordering_court_code: str | None
    document_no: str
    began_on: date
    ended_on: date | None = None

    @property
    def running(self) -> bool:
        return self.ended_on is None


class PropertyReport(_State):
    party_id: str
    reported_on: date
    summary: str


class DistributionObjection(_State):
    """分配方案异议 and what followed it (民诉法解释 arts. 509-510)."""

    objector_id: str
    against_payout_id: str
    disputed_fen: int
    filed_on: date
    notified_on: date
    reason: str
    opposed_by: list[str] = []
    suit_filed_on: date | None = None
    suit_case_number: str | None = None
    judged_on: date | None = None
    awarded_fen: int | None = None


# Where a plan stands: ``uncontested`` is paid at once (one creditor, or a case of an edition
# before CONTESTED); a contested plan waits to be served, then for the parties' windows; it is
# paid once ``final``, and while a suit runs (``in_suit``) all but the escrowed share is paid.
DistributionDispute = Literal[
    "uncontested",
    "unserved",
    "objection_window",
    "counter_window",
    "suit_window",
    "in_suit",
    "final",
]
PAYING: frozenset[str] = frozenset({"uncontested", "in_suit", "final"})


class Distribution(_State):
    distribution_id: str
    approved_on: date
    available_fen: int
    payouts: list[Payout]
    dispute: DistributionDispute = "uncontested"
    served_on: date | None = None
    objection_until: date | None = None  # the windows' last days, once open
    counter_until: date | None = None
    suit_until: date | None = None
    objection: DistributionObjection | None = None
    escrowed_fen: int = 0  # 提存 while a suit runs
    outcome: Literal["unopposed", "revised", "original", "judged"] | None = None

    @property
    def settled(self) -> bool:
        return self.escrowed_fen == 0 and all(
            p.paid for p in self.payouts if p.allocation.amount_fen > 0
        )

    def payable(self, payout: Payout) -> bool:
        """May this line be paid now (its plan is not waiting on the parties)?"""
        return self.dispute in PAYING and not payout.paid and payout.allocation.amount_fen > 0

    def line(self, payout_id: str) -> Payout | None:
        return next((p for p in self.payouts if p.payout_id == payout_id), None)


class JoinedCreditor(_State):
    """参与分配: a creditor of the respondent who joined the case's distribution."""

    creditor: Party
    basis: Basis | None
    owed_fen: int
    secured: bool
    applied_on: date


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
    state: Literal[
        "proposed", "agreed", "approved", "accepted", "rejected", "declared_bankrupt"
    ] = "proposed"  # agreed: by the collegial panel (edition 2); approved: the decision
    receiving_court_code: str | None = None
    approved_on: date | None = None
    decided_on: date | None = None
    panel: list[str] = []  # the collegial panel that agreed (edition 2), presiding judge first
    agreed_on: date | None = None
    materials_received_on: date | None = None  # by the receiving court (edition 2)


class Entrustment(_State):
    """委托执行 seen from one side: the other court and its case (None until docketed)."""

    court_code: str  # the receiving court (entrusted_to) or the entrusting one (entrusted_from)
    case_number: str | None
    letter_on: date
    handed_over: list[str] = []  # assets whose measures went with the case
    docketed_on: date | None = None
    reported_on: date | None = None  # the receiving court's latest report (函告)


class Escalation(_State):
    deadline_id: str
    rule: str
    level: int
    at: datetime
    notify_role: str
    notify_court_code: str


URGINGS_KEPT = 20
"""Urgings a supervision keeps in the case's state. 催办 may be repeated without limit; the
state keeps the count and the latest, so a command costs the same however often a case was
urged (the events, and the case record, keep every one)."""


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
    urged: int = 0  # urgings (催办) so far
    urgings: list[Urging] = []  # the latest URGINGS_KEPT; every one is in the case's events
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


class FastTrack(_State):
    """The case is simple by its court's criteria (繁简分流): concluded by ``target_on``."""

    criterion: str
    qualified_on: date
    target_on: date


class EntrustedTask(_State):
    """事项委托: one thing another court was asked to do for the case."""

    task_id: str
    helping_court_code: str
    kind: str
    subject: str | None
    instructions: str
    entrusted_on: date
    state: Literal["open", "done", "refused"] = "open"
    answered_on: date | None = None
    note: str | None = None


class MissingRespondent(_State):
    """被执行人下落不明 since ``since``; ``sought_on``: the court's latest search for it."""

    party_id: str
    since: date
    sought_on: date | None = None


class Obstruction(_State):
    """妨害执行 and how it was sanctioned (终本规定 art. 1 (5))."""

    obstruction_id: str
    obstructor: str
    party_id: str | None
    description: str
    recorded_on: date
    sanctions: list[Sanction] = []


class TerminationFile(_State):
    """What a 终本 ruling rests on besides the case's facts (终本规定 art. 5, 民诉法解释 art. 517):
    the applicants heard, their sign-off, the collegial panel's review and the president's
    approval. A new file for the 执恢 case once enforcement resumes."""

    heard: dict[str, date] = {}  # applicant → the day it was heard
    signed_off: list[str] = []  # applicants who signed 终本 off
    panel: list[str] = []  # the latest reviewing panel, presiding judge first
    panel_agreed: bool = False
    approved: bool = False  # by the president, after the panel agreed


class TerminationReview(_State):
    """终本案件评查 by a court above."""

    terminated_on: date
    reviewed_on: date
    qualified: bool
    reasons: str
    court_code: str
    user_id: str


class Objection(_State):
    """执行异议: to an enforcement act (``act``, 民诉法 art. 236) or a third party's to the
    enforcement of one asset (``third_party``, art. 238). ``state``: filed (received), registered
    (立案, under review), ruled (the ruling served; the period for 复议 or the suit runs),
    reconsideration (复议 at the court above), suit (执行异议之诉), closed."""

    objection_id: str
    kind: ObjectionKind
    objector: str
    received_on: date
    grounds: str
    asset_id: str | None = None
    valuation_ground: ValuationGround | None = None
    state: Literal["filed", "registered", "ruled", "reconsideration", "suit", "closed"] = "filed"
    refusal_reason: str | None = None  # 不予受理 at registration
    ruling: ObjectionOutcome | None = None
    panel: list[str] = []
    served_on: date | None = None  # of the ruling
    reconsideration_applied_on: date | None = None
    reconsideration_extended_days: int = 0
    reconsideration: ReconsiderationOutcome | None = None
    suit_plaintiff: Literal["third_party", "applicant"] | None = None
    suit_case_number: str | None = None
    judgment: SuitJudgment | None = None

    @property
    def holds_asset(self) -> bool:
        """A third-party objection keeps its asset from disposal (执行程序解释 arts. 15-16;
        民诉法解释 arts. 313, 463) unless it was not accepted, or rejected with the 15 days
        after service passed without a suit, or a judgment allowed enforcement of the asset.
        Upheld, it suspends enforcement of the asset (民诉法 art. 238) for good, unless the
        applicant's suit wins."""
        if self.kind != "third_party":
            return False
        freed = (
            self.ruling == "not_accepted"
            or self.judgment == "enforce"
            or (self.ruling == "rejected" and self.state == "closed" and self.judgment is None)
        )
        return not freed


class Writ(_State):
    """A document (文书) rendered and kept in the record: what it is and its fingerprint."""

    writ_key: str
    kind: WritKind
    title: str
    cause_seq: int
    issued_on: date
    sha256: str
    size_bytes: int


class CaseState(_State):
    case_number: str
    court_code: str
    edition: int = 1  # of the rules the case is decided under (domain/editions.py)
    court_chain: tuple[str, ...] = ()  # recorded at filing; empty for edition 1 (see ``chain``)
    fast_track_rule: FastTrackRule | None = None  # the court's criteria, as at filing
    fast_track: FastTrack | None = None  # once the case meets them
    entrusted_tasks: dict[str, EntrustedTask] = {}  # 事项委托 to other courts
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
    excluded_periods: dict[str, ExcludedPeriod] = {}
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
    entrusted_to: Entrustment | None = None  # 委托给 (the entrusting case)
    entrusted_from: Entrustment | None = None  # 受托自 (the receiving case)
    time_limit_paused_on: date | None = None
    suspended_on: date | None = None
    paused_days: int = 0
    time_limit_extensions: int = 0
    terminated_on: date | None = None
    resumed_on: date | None = None
    closed_on: date | None = None
    outcome: str | None = None
    # 终本 (domain/dormant.py)
    missing: dict[str, MissingRespondent] = {}
    obstructions: dict[str, Obstruction] = {}
    termination_file: TerminationFile = Field(default_factory=TerminationFile)
    termination_reviews: list[TerminationReview] = []
    last_seq: int = 0
    # 参与分配 and 提存 (domain/distribution.py)
    joined: dict[str, JoinedCreditor] = {}  # by the creditor's party_id
    escrowed_fen: int = 0  # held apart (提存) while distribution suits run
    objections: dict[str, Objection] = {}  # 执行异议 (domain/objections.py)
    writs: dict[str, Writ] = {}  # 文书 in the record, by writ key (domain/writs.py)

    def copied(self) -> "CaseState":
        """A copy sharing nothing mutable, for a decision or a fold to change in place: built
        again from its own dump, which round-trips (every field is plain data). About four
        times faster than ``model_copy(deep=True)`` (copy.deepcopy of every nested model): 46
        against 200 µs over the demo's 336 states (issue 15; tests/unit/test_demo.py)."""
        return CaseState.model_validate(self.model_dump(round_trip=True))

    # -- derived views; nothing here is stored twice --------------------------------------
    @property
    def chain(self) -> tuple[str, ...]:
        """The case's court and the courts above it (domain/courts.py)."""
        return self.court_chain or prefix_chain(self.court_code)

    @property
    def due_fen(self) -> int:
        return self.principal_fen + self.other_fen

    @property
    def held_fen(self) -> int:
        """In the case account and free: collected = paid out + held + escrowed."""
        return self.collected_fen - self.paid_out_fen - self.escrowed_fen

    @property
    def joined_allocated_fen(self) -> int:
        """What the plans give creditors who joined (参与分配): it does not pay the applicants."""
        return sum(
            p.allocation.amount_fen
            for d in self.distributions.values()
            for p in d.payouts
            if p.allocation.claimant_id in self.joined
        )

    @property
    def outstanding_fen(self) -> int:
        """What the applicants are still owed: money spent on fees does not pay the debt."""
        spent = self.fees_allocated_fen + self.joined_allocated_fen
        return max(self.due_fen - self.collected_fen + spent, 0)

    @property
    def owed_to_applicants_fen(self) -> int:
        """What the applicants have not yet received (in money or in kind)."""
        not_to_applicants = sum(  # fees, and what creditors who joined received (参与分配)
            p.allocation.amount_fen
            for d in self.distributions.values()
            for p in d.payouts
            if p.paid and (p.allocation.kind == "fee" or p.allocation.claimant_id in self.joined)
        )
        return max(self.due_fen - (self.paid_out_fen - not_to_applicants), 0)

    def time_limit_pause_reasons(self) -> list[str]:
        """Why the time limit is not running now (审限规定 art. 9: these periods do not count):
        (九) suspension, (十) a stay after settlement, (八) appraisal and (edition 2) an agency's
        audit or asset clearing, (十一) a stay a higher court ordered, (十二) auction or sale;
        and a bankruptcy transfer."""
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
        if self.settlement_active:
            reasons.append("settlement")
        running = {p.kind for p in self.excluded_periods.values() if p.running}
        reasons.extend(kind for kind in get_args(ExclusionKind) if kind in running)
        return reasons

    def dishonest_listings(self) -> list[Measure]:
        """The respondents' entries on the dishonest-debtor list still in force."""
        return [m for m in self.measures if m.measure == "dishonest_list" and m.in_force]

    @property
    def settlement_active(self) -> bool:
        """An 执行和解 agreement is being performed."""
        return self.settlement is not None and self.settlement.state == "active"

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
        if self.settlement_active:
            return "settlement"
        if any(a.valuation is not None and a.disposition == "open" for a in self.assets.values()):
            return "disposal"
        if any(a.controlled for a in self.assets.values()):
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
