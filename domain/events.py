"""Domain events: the case's own record (全程留痕). A discriminated union on ``type``.

Every fact a rule derived (due dates, expiry dates) is recorded in the event that carries it,
so folding the events never recomputes a rule.
"""

from datetime import UTC, date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from domain.commands import (
    Actor,
    AssetFinding,
    Basis,
    ControlMeasure,
    DeletionReason,
    DishonestGround,
    EntrustedFrom,
    EntrustedTaskKind,
    ExclusionKind,
    FastTrackRule,
    Installment,
    MeasureKind,
    ObjectionKind,
    ObjectionOutcome,
    Party,
    PetitionChannel,
    ReconsiderationOutcome,
    Sanction,
    ServiceMethod,
    SuitJudgment,
    ValuationGround,
    ValuationMethod,
    WritKind,
)
from domain.money import Allocation, Fen, PositiveFen


class DeadlineFields(BaseModel):
    """What a deadline (节点期限) is: the event that opens it records these fields
    (``DeadlineTerms``), and the case tracks them until it is met or waived (its own model,
    domain.state.Deadline)."""

    model_config = ConfigDict(extra="forbid")

    deadline_id: str
    rule: str
    subject: str
    due_on: date
    due_at: datetime  # the moment the due day is over (Asia/Shanghai)
    provisional: bool = False  # the due date crosses a year whose holidays are not announced
    responsible_role: str
    state: Literal["open", "met", "overdue", "waived"] = "open"
    escalation_level: int = 0
    warned: bool = False
    paused_on: date | None = None
    # its last day before the roll off a rest day (edition 3, a period in days or months; None
    # before and otherwise): a suspension moves this day, and the result is rolled once
    nominal_on: date | None = None


class DeadlineTerms(DeadlineFields):
    """A deadline as it was opened (the fields after ``responsible_role`` at their first values)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


DocumentKind = Literal[
    "enforcement_notice",  # 执行通知书
    "property_report_order",  # 报告财产令
    "bankruptcy_transfer_decision",  # 移送破产审查决定书
]


class DocumentFields(BaseModel):
    """What a document (文书) is: as issued (``IssuedDocument``) and as the case tracks its
    service (domain.state.Document)."""

    model_config = ConfigDict(extra="forbid")

    document_id: str
    kind: DocumentKind
    party_id: str
    issued_on: date
    method: ServiceMethod
    served_on: date | None = None


class IssuedDocument(DocumentFields):
    model_config = ConfigDict(extra="forbid", frozen=True)


UNSTAMPED = Actor(user_id="unstamped", role="system", court_code="-")
UNSTAMPED_AT = datetime(1970, 1, 1, tzinfo=UTC)


class EventBase(BaseModel):
    """What every event carries besides its own facts. A rule builds an event with its facts
    only (``ev.DeadlineMet(deadline_id=...)``); ``Decision.emit`` stamps it with its number, the
    moment and the actor. Seq 0 means unstamped: the fold and the record refuse it."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, json_schema_serialization_defaults_required=True
    )

    seq: int = 0
    occurred_at: datetime = UNSTAMPED_AT
    actor: Actor = UNSTAMPED
    request_id: str | None = None


class CaseFiled(EventBase):
    type: Literal["case_filed"] = "case_filed"
    case_number: str
    court_code: str
    filed_on: date
    basis: Basis
    applicants: list[Party]
    respondents: list[Party]
    principal_fen: PositiveFen
    other_fen: Fen
    officer_id: str
    judge_id: str | None
    edition: int = 1  # absent from the events of cases filed before editions
    court_chain: tuple[str, ...] = ()  # absent before edition 2 (domain/courts.py prefix_chain)
    fast_track: FastTrackRule | None = None  # the court's 繁简分流 rule at filing, if any
    entrusted_from: EntrustedFrom | None = None  # an entrusted case (委托执行), edition 2


class DeadlineOpened(EventBase):
    type: Literal["deadline_opened"] = "deadline_opened"
    deadline: DeadlineTerms


class DeadlineMet(EventBase):
    type: Literal["deadline_met"] = "deadline_met"
    deadline_id: str


class DeadlineWaived(EventBase):
    type: Literal["deadline_waived"] = "deadline_waived"
    deadline_id: str
    reason: str


class DeadlineWarned(EventBase):
    """Due soon: the responsible officer is reminded (预警)."""

    type: Literal["deadline_warned"] = "deadline_warned"
    deadline_id: str
    due_at: datetime


class DeadlineEscalated(EventBase):
    type: Literal["deadline_escalated"] = "deadline_escalated"
    deadline_id: str
    rule: str
    level: int
    notify_role: str
    notify_court_code: str


class DeadlineRescheduled(EventBase):
    type: Literal["deadline_rescheduled"] = "deadline_rescheduled"
    deadline_id: str
    due_on: date
    due_at: datetime
    provisional: bool
    reason: str
    nominal_on: date | None = None  # the new last day before the roll (edition 3)


class NoticeIssued(EventBase):
    type: Literal["notice_issued"] = "notice_issued"
    documents: list[IssuedDocument]


class DocumentServed(EventBase):
    type: Literal["document_served"] = "document_served"
    document_id: str
    served_on: date
    method: ServiceMethod


class PropertyReported(EventBase):
    type: Literal["property_reported"] = "property_reported"
    party_id: str
    reported_on: date
    summary: str


class MeasureImposed(EventBase):
    type: Literal["measure_imposed"] = "measure_imposed"
    measure_id: str
    measure: MeasureKind
    party_id: str
    amount_fen: int | None
    days: int | None
    note: str
    # a listing on the dishonest-debtor list (edition 2; absent before): its grounds in the
    # order of 失信规定 art. 1, the years added for aggravation, its last day (None: no fixed
    # term, ground (一)), and the birth date of a person listed (the minor bar was checked on it)
    grounds: list[DishonestGround] = []
    extra_years: int = 0
    expires_on: date | None = None
    birth_date: date | None = None
    # a fine or detention (edition 3, domain/sanctions.py): the act it punishes, and whether an
    # officer detained in an emergency, the president's approval to follow (absent before)
    act: str = ""
    emergency: bool = False


DeletedBecause = DeletionReason | Literal["case_closed"]


class DishonestListingDeleted(EventBase):
    """失信信息删除 (失信规定 art. 10): by the officer's command, or with the case's closing."""

    type: Literal["dishonest_listing_deleted"] = "dishonest_listing_deleted"
    measure_id: str
    party_id: str
    reason: DeletedBecause
    on: date
    note: str = ""


class AssetSearchRequested(EventBase):
    type: Literal["asset_search_requested"] = "asset_search_requested"
    search_id: str
    scope: str
    dormant_requery: bool = False


class AssetSearchCompleted(EventBase):
    type: Literal["asset_search_completed"] = "asset_search_completed"
    search_id: str
    findings: int


class AssetFound(EventBase):
    type: Literal["asset_found"] = "asset_found"
    asset: AssetFinding
    movable: bool
    search_id: str | None = None
    lead_id: str | None = None


class PropertyLeadRegistered(EventBase):
    type: Literal["property_lead_registered"] = "property_lead_registered"
    lead_id: str
    description: str
    urgent: bool


class PropertyLeadChecked(EventBase):
    type: Literal["property_lead_checked"] = "property_lead_checked"
    lead_id: str
    found: bool
    note: str


class FreezeRequested(EventBase):
    type: Literal["freeze_requested"] = "freeze_requested"
    asset_id: str
    measure: ControlMeasure
    period_days: int
    amount_fen: int | None
    entrusted_to: str | None = None  # 事项委托: another court carries it out, not a registry


class FreezeConfirmed(EventBase):
    type: Literal["freeze_confirmed"] = "freeze_confirmed"
    asset_id: str
    effective_on: date
    expires_on: date  # last day the measure is in force
    frozen_fen: int | None


class RenewalRequested(EventBase):
    type: Literal["renewal_requested"] = "renewal_requested"
    asset_id: str
    period_days: int


class FreezeRenewed(EventBase):
    type: Literal["freeze_renewed"] = "freeze_renewed"
    asset_id: str
    expires_on: date


class AssetReleased(EventBase):
    type: Literal["asset_released"] = "asset_released"
    asset_id: str
    reason: str


class ControlLapsed(EventBase):
    """The measure ran out without renewal: the property is no longer under control."""

    type: Literal["control_lapsed"] = "control_lapsed"
    asset_id: str
    expired_on: date


class FundsDeducted(EventBase):
    type: Literal["funds_deducted"] = "funds_deducted"
    asset_id: str
    amount_fen: PositiveFen


class CaseSuspended(EventBase):
    type: Literal["case_suspended"] = "case_suspended"
    reason: str
    on: date


class CaseResumed(EventBase):
    type: Literal["case_resumed"] = "case_resumed"
    on: date
    paused_days: int


class TimeLimitExtended(EventBase):
    type: Literal["time_limit_extended"] = "time_limit_extended"
    months: int
    reason: str
    high_court_approval_no: str | None


class TimeLimitExtensionFiled(EventBase):
    """A further extension reported up, court by court, to the high court for the record
    (层报高级人民法院备案, 审限规定 art. 5): the high court files it, it does not approve it."""

    type: Literal["time_limit_extension_filed"] = "time_limit_extension_filed"
    extension: int  # 2 for the first further extension, …
    high_court_code: str
    through: list[str]  # the courts between the case's own and the high court (层报)
    on: date


class ExcludedPeriodBegan(EventBase):
    """A period not counted toward the time limit began (审限规定 art. 9 (八)(十一))."""

    type: Literal["excluded_period_began"] = "excluded_period_began"
    period_id: str
    kind: ExclusionKind
    agency: str
    ordering_court_code: str | None
    document_no: str
    reason: str
    on: date


class ExcludedPeriodEnded(EventBase):
    type: Literal["excluded_period_ended"] = "excluded_period_ended"
    period_id: str
    on: date
    note: str


class ProcedureTerminated(EventBase):
    """终本: the case sleeps, re-searched every 6 months."""

    type: Literal["procedure_terminated"] = "procedure_terminated"
    on: date
    reason: str


class EnforcementResumed(EventBase):
    type: Literal["enforcement_resumed"] = "enforcement_resumed"
    resumed_case_number: str
    on: date
    reason: str


class CaseClosed(EventBase):
    type: Literal["case_closed"] = "case_closed"
    outcome: str
    on: date
    reason: str


# -- disposal ------------------------------------------------------------------------------------


class ValuationStarted(EventBase):
    type: Literal["valuation_started"] = "valuation_started"
    asset_id: str
    method: ValuationMethod
    agency: str


class ValuationExtended(EventBase):
    type: Literal["valuation_extended"] = "valuation_extended"
    asset_id: str
    days: int
    reason: str


class ValuationRecorded(EventBase):
    type: Literal["valuation_recorded"] = "valuation_recorded"
    asset_id: str
    reference_price_fen: PositiveFen
    received_on: date
    objection_until: date  # parties may object within 5 days of receipt
    valid_until: date  # a reference price is valid for one year


class ValuationObjected(EventBase):
    type: Literal["valuation_objected"] = "valuation_objected"
    asset_id: str
    party_id: str
    filed_on: date
    grounds: str
    about: Literal["standard", "method", "result"] = "result"  # absent before: "result"


class AuctionScheduled(EventBase):
    type: Literal["auction_scheduled"] = "auction_scheduled"
    auction_id: str
    asset_id: str
    round: int
    start_price_fen: PositiveFen
    deposit_fen: PositiveFen
    announced_on: date
    bidding_starts_at: datetime
    bidding_ends_at: datetime


class AuctionSold(EventBase):
    type: Literal["auction_sold"] = "auction_sold"
    auction_id: str
    price_fen: PositiveFen
    buyer: str


class AuctionFailed(EventBase):
    """流拍: nobody bid."""

    type: Literal["auction_failed"] = "auction_failed"
    auction_id: str
    failed_on: date


class AuctionDefaulted(EventBase):
    """悔拍: the buyer did not pay the balance; the deposit is forfeited."""

    type: Literal["auction_defaulted"] = "auction_defaulted"
    auction_id: str
    forfeited_fen: int
    defaulted_on: date


class AuctionCancelled(EventBase):
    type: Literal["auction_cancelled"] = "auction_cancelled"
    auction_id: str
    reason: str


class SaleStarted(EventBase):
    type: Literal["sale_started"] = "sale_started"
    asset_id: str
    price_fen: PositiveFen
    ends_on: date


class SaleEnded(EventBase):
    type: Literal["sale_ended"] = "sale_ended"
    asset_id: str
    outcome: Literal["sold", "failed", "cancelled"]
    price_fen: int | None


class InKindAccepted(EventBase):
    """The asset handed over in satisfaction: ``price_fen`` is what it sets off against the
    claim (its price, or, above the claim, the claim once the difference is paid: edition 3)."""

    type: Literal["in_kind_accepted"] = "in_kind_accepted"
    asset_id: str
    applicant_id: str
    price_fen: PositiveFen


# -- money -----------------------------------------------------------------------------------------


class FundsReceived(EventBase):
    type: Literal["funds_received"] = "funds_received"
    source: str
    amount_fen: PositiveFen
    received_on: date
    asset_id: str | None


class PayoutFields(BaseModel):
    """What a line of a distribution plan is: as approved (``PayoutLine``) and as the case
    tracks its payment (domain.state.Payout)."""

    model_config = ConfigDict(extra="forbid")

    payout_id: str
    allocation: Allocation
    paid: bool = False
    reference: str | None = None


class PayoutLine(PayoutFields):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DistributionApproved(EventBase):
    type: Literal["distribution_approved"] = "distribution_approved"
    distribution_id: str
    available_fen: int
    payouts: list[PayoutLine]
    contested: bool = False  # served and paid after the parties' windows (edition 3 on)


class PayoutRecorded(EventBase):
    type: Literal["payout_recorded"] = "payout_recorded"
    payout_id: str
    distribution_id: str
    amount_fen: int
    reference: str


# -- settlement ------------------------------------------------------------------------------------


class SettlementRecorded(EventBase):
    type: Literal["settlement_recorded"] = "settlement_recorded"
    installments: list[Installment]
    note: str


class InstallmentPaid(EventBase):
    type: Literal["installment_paid"] = "installment_paid"
    index: int
    amount_fen: PositiveFen
    paid_on: date


class SettlementEnded(EventBase):
    type: Literal["settlement_ended"] = "settlement_ended"
    outcome: Literal["performed", "defaulted"]
    reason: str


# -- time limit pauses -----------------------------------------------------------------------------


class TimeLimitPaused(EventBase):
    """The time limit stops during suspension, appraisal, auction/sale, settlement, transfer,
    and (edition 2) an agency's audit or asset clearing and a stay a higher court ordered."""

    type: Literal["time_limit_paused"] = "time_limit_paused"
    on: date
    reasons: list[str]


class TimeLimitRunning(EventBase):
    type: Literal["time_limit_running"] = "time_limit_running"
    on: date
    paused_days: int


# -- enforcement to bankruptcy ---------------------------------------------------------------------


class BankruptcyTransferProposed(EventBase):
    type: Literal["bankruptcy_transfer_proposed"] = "bankruptcy_transfer_proposed"
    respondent_id: str
    consenting_party_id: str
    reason: str


class BankruptcyTransferApproved(EventBase):
    type: Literal["bankruptcy_transfer_approved"] = "bankruptcy_transfer_approved"
    receiving_court_code: str
    on: date


class BankruptcyDecided(EventBase):
    type: Literal["bankruptcy_decided"] = "bankruptcy_decided"
    decision: Literal["accepted", "rejected", "declared_bankrupt"]
    decided_on: date


# -- supervision (督办) and petitions (涉执信访) ---------------------------------------------------


class SupervisionOpened(EventBase):
    type: Literal["supervision_opened"] = "supervision_opened"
    supervision_id: str
    supervising_court_code: str
    report_due_on: date
    instructions: str
    automatic: bool = False  # opened by level 3 of the case's own escalation ladder
    trigger_deadline_id: str | None = None


class SupervisionReportSubmitted(EventBase):
    type: Literal["supervision_report_submitted"] = "supervision_report_submitted"
    supervision_id: str
    summary: str


class SupervisionUrged(EventBase):
    """催办."""

    type: Literal["supervision_urged"] = "supervision_urged"
    supervision_id: str | None
    urging_court_code: str
    message: str


class SupervisionClosed(EventBase):
    type: Literal["supervision_closed"] = "supervision_closed"
    supervision_id: str
    reason: str
    with_case: bool = False  # closed because the case was closed


class PetitionRegistered(EventBase):
    type: Literal["petition_registered"] = "petition_registered"
    petition_id: str
    petitioner: str
    channel: PetitionChannel
    summary: str
    about_delay: bool
    received_on: date


class PetitionResponded(EventBase):
    type: Literal["petition_responded"] = "petition_responded"
    petition_id: str
    response: str


class PetitionClosed(EventBase):
    type: Literal["petition_closed"] = "petition_closed"
    petition_id: str
    outcome: Literal["resolved", "unfounded", "transferred", "case_closed"]
    note: str


# -- 事项委托 (domain/task_entrustment.py) -----------------------------------------------------
class TaskEntrusted(EventBase):
    type: Literal["task_entrusted"] = "task_entrusted"
    task_id: str
    helping_court_code: str
    kind: EntrustedTaskKind
    subject: str | None  # the document served or the asset controlled
    instructions: str


class TaskAnswered(EventBase):
    type: Literal["task_answered"] = "task_answered"
    task_id: str
    outcome: Literal["done", "refused"]
    note: str


# -- 繁简分流 (domain/fast_track.py) ------------------------------------------------------------
FastTrackCriterion = Literal["small_amount", "deposits_frozen"]  # 小额 / 存款足额冻结


class FastTrackQualified(EventBase):
    """The case meets its court's criteria for a simple case: its target date is set."""

    type: Literal["fast_track_qualified"] = "fast_track_qualified"
    criterion: FastTrackCriterion
    qualified_on: date
    target_on: date


# -- entrusted enforcement (委托执行) --------------------------------------------------------------


class CaseEntrusted(EventBase):
    """The letter (委托执行函) went to the receiving court with the case and its measures."""

    type: Literal["case_entrusted"] = "case_entrusted"
    receiving_court_code: str
    receiving_court_chain: tuple[str, ...]
    letter_on: date
    reason: str
    principal_fen: PositiveFen  # what the receiving court enforces: the amount outstanding
    handed_over: list[str]  # assets whose measures in force were handed over


class EntrustmentDocketed(EventBase):
    """The receiving court's docketing notice arrived (the entrusting case then closes 销案)."""

    type: Literal["entrustment_docketed"] = "entrustment_docketed"
    receiving_case_number: str
    docketed_on: date


class EntrustmentReported(EventBase):
    """The receiving court reported to the entrusting court (函告执行情况)."""

    type: Literal["entrustment_reported"] = "entrustment_reported"
    summary: str
    on: date


# -- 终本 under 终本规定 and 民诉法解释 art. 517 (issue 17; domain/dormant.py) ---------------------


class RespondentMissing(EventBase):
    """被执行人下落不明."""

    type: Literal["respondent_missing"] = "respondent_missing"
    party_id: str
    note: str
    on: date


class RespondentSought(EventBase):
    """A missing respondent was searched for (查找); ``located`` ends its being missing."""

    type: Literal["respondent_sought"] = "respondent_sought"
    party_id: str
    means: str
    located: bool
    on: date


class ObstructionRecorded(EventBase):
    """妨害执行."""

    type: Literal["obstruction_recorded"] = "obstruction_recorded"
    obstruction_id: str
    obstructor: str
    party_id: str | None
    description: str
    on: date


class ObstructionSanctioned(EventBase):
    type: Literal["obstruction_sanctioned"] = "obstruction_sanctioned"
    obstruction_id: str
    sanction: Sanction
    decision_no: str
    amount_fen: int | None
    days: int | None


class ApplicantHeard(EventBase):
    """约谈申请执行人 before 终本 (终本规定 art. 5)."""

    type: Literal["applicant_heard"] = "applicant_heard"
    applicant_id: str
    informed: str
    opinion: str
    on: date


class ApplicantSignedOff(EventBase):
    """申请执行人签字确认 of 终本 (民诉法解释 art. 517)."""

    type: Literal["applicant_signed_off"] = "applicant_signed_off"
    applicant_id: str
    note: str


class TerminationPanelReviewed(EventBase):
    """合议庭审查核实 of a proposed 终本 (the presiding judge first)."""

    type: Literal["termination_panel_reviewed"] = "termination_panel_reviewed"
    members: list[str]
    agreed: bool
    opinion: str


class TerminationApproved(EventBase):
    """院长批准 of 终本."""

    type: Literal["termination_approved"] = "termination_approved"
    note: str


class TerminatedCaseReviewed(EventBase):
    """终本案件评查 by a court above: the 终本 of ``terminated_on`` qualified or not."""

    type: Literal["terminated_case_reviewed"] = "terminated_case_reviewed"
    terminated_on: date
    qualified: bool
    reasons: str


# -- 执转破 under edition 2 (issue 17) -------------------------------------------------------------


class BankruptcyTransferAgreed(EventBase):
    """The collegial panel agreed to the transfer (the president's signature is the decision)."""

    type: Literal["bankruptcy_transfer_agreed"] = "bankruptcy_transfer_agreed"
    panel: list[str]  # the presiding judge first
    on: date


class BankruptcyMaterialsReceived(EventBase):
    type: Literal["bankruptcy_materials_received"] = "bankruptcy_materials_received"
    received_on: date


# -- contested distributions (参与分配, 分配方案异议) and queued seals (轮候查封), issue 14 ---
DistributionWindow = Literal["objection", "counter", "suit"]


class DistributionPlanServed(EventBase):
    type: Literal["distribution_plan_served"] = "distribution_plan_served"
    distribution_id: str
    served_on: date
    objection_until: date  # last day to object (民诉法解释 art. 509)


class DistributionObjectionFiled(EventBase):
    type: Literal["distribution_objection_filed"] = "distribution_objection_filed"
    distribution_id: str
    objector_id: str
    against_payout_id: str
    disputed_fen: int
    filed_on: date
    notified_on: date
    counter_until: date  # last day for the others to oppose (art. 510 ¶1)
    reason: str


class CounterOpinionRecorded(EventBase):
    type: Literal["counter_opinion_recorded"] = "counter_opinion_recorded"
    distribution_id: str
    opposed_by: list[str]
    filed_on: date
    notified_on: date
    suit_until: date  # last day for the objector to sue (art. 510 ¶2)


class DistributionSuitFiled(EventBase):
    type: Literal["distribution_suit_filed"] = "distribution_suit_filed"
    distribution_id: str
    filed_on: date
    suit_case_number: str


# -- objections (执行异议, issue 14; domain/objections.py) -------------------------------------


class ObjectionFiled(EventBase):
    type: Literal["objection_filed"] = "objection_filed"
    objection_id: str
    kind: ObjectionKind
    objector: str
    received_on: date
    grounds: str
    asset_id: str | None = None
    valuation_ground: ValuationGround | None = None


class ObjectionRegistered(EventBase):
    """立案 (``accepted``) or 不予受理 with its reason."""

    type: Literal["objection_registered"] = "objection_registered"
    objection_id: str
    accepted: bool
    reason: str = ""


class ObjectionRuled(EventBase):
    type: Literal["objection_ruled"] = "objection_ruled"
    objection_id: str
    outcome: ObjectionOutcome
    panel: list[str]
    served_on: date
    reasons: str


class ReconsiderationApplied(EventBase):
    type: Literal["reconsideration_applied"] = "reconsideration_applied"
    objection_id: str
    applicant: str
    applied_on: date
    grounds: str


class ReconsiderationExtended(EventBase):
    type: Literal["reconsideration_extended"] = "reconsideration_extended"
    objection_id: str
    days: int
    approval_no: str


class ReconsiderationDecided(EventBase):
    type: Literal["reconsideration_decided"] = "reconsideration_decided"
    objection_id: str
    outcome: ReconsiderationOutcome
    decided_on: date
    reasons: str


class ObjectionSuitFiled(EventBase):
    type: Literal["objection_suit_filed"] = "objection_suit_filed"
    objection_id: str
    plaintiff: Literal["third_party", "applicant"]
    filed_on: date
    suit_case_number: str


class DistributionEscrowed(EventBase):
    """提存: the disputed share of a line is held apart while the suit runs (art. 510 ¶3); the
    line's remainder is payable."""

    type: Literal["distribution_escrowed"] = "distribution_escrowed"
    distribution_id: str
    payout_id: str
    amount_fen: int


class DistributionWindowClosed(EventBase):
    """A party's window on a plan ended with nobody acting: the plan stands (objection, suit)
    or is revised as the objection asked (counter: ``payouts`` are the revised lines)."""

    type: Literal["distribution_window_closed"] = "distribution_window_closed"
    distribution_id: str
    window: DistributionWindow
    closed_on: date
    payouts: list[PayoutLine] = []


class DistributionJudged(EventBase):
    """The suit's judgment: the escrow is released into ``payouts`` (to the objector what it was
    awarded, the rest to the line it disputed)."""

    type: Literal["distribution_judged"] = "distribution_judged"
    distribution_id: str
    judged_on: date
    document_no: str
    awarded_fen: int
    released_fen: int
    payouts: list[PayoutLine]


class CreditorJoined(EventBase):
    type: Literal["creditor_joined"] = "creditor_joined"
    creditor: Party
    basis: Basis | None
    owed_fen: int
    secured: bool
    applied_on: date


class SealQueued(EventBase):
    type: Literal["seal_queued"] = "seal_queued"
    asset_id: str
    prior_court_code: str
    prior_sealed_on: date
    position: int
    queued_on: date


class PriorSealReleased(EventBase):
    """A seal ahead of ours was released; ``position`` is ours now (0: in force, by itself)."""

    type: Literal["prior_seal_released"] = "prior_seal_released"
    asset_id: str
    released_on: date
    position: int


class ObjectionSuitJudged(EventBase):
    type: Literal["objection_suit_judged"] = "objection_suit_judged"
    objection_id: str
    judgment: SuitJudgment
    judged_on: date


class ObjectionWindowLapsed(EventBase):
    """The period for 复议 or for the suit ran out with nobody acting: the ruling stands."""

    type: Literal["objection_window_lapsed"] = "objection_window_lapsed"
    objection_id: str
    rule: str
    last_day: date


# -- fines and detention within the law (domain/sanctions.py, edition 3) ------------------------
class SanctionApproved(EventBase):
    """The president's approval after the fact of an emergency detention, or the release."""

    type: Literal["sanction_approved"] = "sanction_approved"
    sanction_id: str
    decision: Literal["approved", "released"]
    note: str = ""


class FamilyNotified(EventBase):
    type: Literal["family_notified"] = "family_notified"
    sanction_id: str
    note: str = ""


class SanctionReviewApplied(EventBase):
    type: Literal["sanction_review_applied"] = "sanction_review_applied"
    sanction_id: str
    received_on: date
    grounds: str


class SanctionReviewed(EventBase):
    type: Literal["sanction_reviewed"] = "sanction_reviewed"
    sanction_id: str
    outcome: Literal["upheld", "revoked"]
    note: str = ""


# -- in-kind satisfaction above the claim (domain/in_kind.py, edition 3) ------------------------
class InKindDifferenceOrdered(EventBase):
    type: Literal["in_kind_difference_ordered"] = "in_kind_difference_ordered"
    asset_id: str
    applicant_id: str
    price_fen: PositiveFen
    claim_fen: PositiveFen
    difference_fen: PositiveFen
    pay_by: date


class InKindDifferencePaid(EventBase):
    """The difference arrives in the case account (a receipt, held like any surplus)."""

    type: Literal["in_kind_difference_paid"] = "in_kind_difference_paid"
    asset_id: str
    amount_fen: PositiveFen
    paid_on: date


class InKindDefaulted(EventBase):
    """The taker let the period pass unpaid; the court goes on disposing (re-auction)."""

    type: Literal["in_kind_defaulted"] = "in_kind_defaulted"
    asset_id: str


class InKindRulingServed(EventBase):
    type: Literal["in_kind_ruling_served"] = "in_kind_ruling_served"
    asset_id: str
    served_on: date


class ValuationObjectionForwarded(EventBase):
    """The objection sent to the platform or appraiser (参考价规定 art. 23; edition 3)."""

    type: Literal["valuation_objection_forwarded"] = "valuation_objection_forwarded"
    asset_id: str
    forwarded_on: date


class WritIssued(EventBase):
    """文书生成 (全程留痕): the document an earlier event issued (``cause_seq``) is in the record,
    a PDF of ``size_bytes`` whose SHA-256 is ``sha256`` (domain/writs.py)."""

    type: Literal["writ_issued"] = "writ_issued"
    writ_key: str
    kind: WritKind
    title: str
    cause_seq: int
    sha256: str
    size_bytes: int


Event = Annotated[
    CaseFiled
    | DeadlineOpened
    | DeadlineMet
    | DeadlineWaived
    | DeadlineWarned
    | DeadlineEscalated
    | DeadlineRescheduled
    | NoticeIssued
    | DocumentServed
    | PropertyReported
    | MeasureImposed
    | AssetSearchRequested
    | AssetSearchCompleted
    | AssetFound
    | PropertyLeadRegistered
    | PropertyLeadChecked
    | FreezeRequested
    | FreezeConfirmed
    | RenewalRequested
    | FreezeRenewed
    | AssetReleased
    | ControlLapsed
    | FundsDeducted
    | CaseSuspended
    | CaseResumed
    | TimeLimitExtended
    | TimeLimitExtensionFiled
    | ExcludedPeriodBegan
    | ExcludedPeriodEnded
    | DishonestListingDeleted
    | ProcedureTerminated
    | EnforcementResumed
    | CaseClosed
    | ValuationStarted
    | ValuationExtended
    | ValuationRecorded
    | ValuationObjected
    | AuctionScheduled
    | AuctionSold
    | AuctionFailed
    | AuctionDefaulted
    | AuctionCancelled
    | SaleStarted
    | SaleEnded
    | InKindAccepted
    | FundsReceived
    | DistributionApproved
    | PayoutRecorded
    | SettlementRecorded
    | InstallmentPaid
    | SettlementEnded
    | TimeLimitPaused
    | TimeLimitRunning
    | BankruptcyTransferProposed
    | BankruptcyTransferApproved
    | BankruptcyDecided
    | SupervisionOpened
    | SupervisionReportSubmitted
    | SupervisionUrged
    | SupervisionClosed
    | PetitionRegistered
    | PetitionResponded
    | PetitionClosed
    | FastTrackQualified
    | TaskEntrusted
    | TaskAnswered
    | CaseEntrusted
    | EntrustmentDocketed
    | EntrustmentReported
    | RespondentMissing
    | RespondentSought
    | ObstructionRecorded
    | ObstructionSanctioned
    | ApplicantHeard
    | ApplicantSignedOff
    | TerminationPanelReviewed
    | TerminationApproved
    | TerminatedCaseReviewed
    | BankruptcyTransferAgreed
    | BankruptcyMaterialsReceived
    | DistributionPlanServed
    | DistributionObjectionFiled
    | CounterOpinionRecorded
    | DistributionSuitFiled
    | DistributionEscrowed
    | DistributionWindowClosed
    | DistributionJudged
    | CreditorJoined
    | SealQueued
    | PriorSealReleased
    | ObjectionFiled
    | ObjectionRegistered
    | ObjectionRuled
    | ReconsiderationApplied
    | ReconsiderationExtended
    | ReconsiderationDecided
    | ObjectionSuitFiled
    | ObjectionSuitJudged
    | ObjectionWindowLapsed
    | SanctionApproved
    | FamilyNotified
    | SanctionReviewApplied
    | SanctionReviewed
    | InKindDifferenceOrdered
    | InKindDifferencePaid
    | InKindDefaulted
    | InKindRulingServed
    | ValuationObjectionForwarded
    | WritIssued,
    Field(discriminator="type"),
]

EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)
"""Any event from its JSON or its dict, and back (the record, a run's held events)."""
