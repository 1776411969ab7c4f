"""Domain events: the case's own record (全程留痕). A discriminated union on ``type``.

Every fact a rule derived (due dates, expiry dates) is recorded in the event that carries it,
so folding the events never recomputes a rule.
"""

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from domain.commands import (
    Actor,
    AssetFinding,
    Basis,
    ControlMeasure,
    MeasureKind,
    Party,
    ServiceMethod,
)
from domain.money import Fen, PositiveFen


class Deadline(BaseModel):
    """An obligation with a due date, tracked until met or waived (节点期限)."""

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


class Document(BaseModel):
    model_config = ConfigDict(extra="forbid")

    document_id: str
    kind: Literal["enforcement_notice", "property_report_order"]  # 执行通知书 / 报告财产令
    party_id: str
    issued_on: date
    method: ServiceMethod
    served_on: date | None = None


class _Event(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    seq: int
    occurred_at: datetime
    actor: Actor
    request_id: str | None = None


class CaseFiled(_Event):
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


class DeadlineOpened(_Event):
    type: Literal["deadline_opened"] = "deadline_opened"
    deadline: Deadline


class DeadlineMet(_Event):
    type: Literal["deadline_met"] = "deadline_met"
    deadline_id: str


class DeadlineWaived(_Event):
    type: Literal["deadline_waived"] = "deadline_waived"
    deadline_id: str
    reason: str


class DeadlineWarned(_Event):
    """Due soon: the responsible officer is reminded (预警)."""

    type: Literal["deadline_warned"] = "deadline_warned"
    deadline_id: str
    due_at: datetime


class DeadlineEscalated(_Event):
    type: Literal["deadline_escalated"] = "deadline_escalated"
    deadline_id: str
    rule: str
    level: int
    notify_role: str
    notify_court_code: str


class DeadlineRescheduled(_Event):
    type: Literal["deadline_rescheduled"] = "deadline_rescheduled"
    deadline_id: str
    due_on: date
    due_at: datetime
    provisional: bool
    reason: str


class NoticeIssued(_Event):
    type: Literal["notice_issued"] = "notice_issued"
    documents: list[Document]


class DocumentServed(_Event):
    type: Literal["document_served"] = "document_served"
    document_id: str
    served_on: date
    method: ServiceMethod


class PropertyReported(_Event):
    type: Literal["property_reported"] = "property_reported"
    party_id: str
    reported_on: date
    summary: str


class MeasureImposed(_Event):
    type: Literal["measure_imposed"] = "measure_imposed"
    measure_id: str
    measure: MeasureKind
    party_id: str
    amount_fen: int | None
    days: int | None
    note: str


class AssetSearchRequested(_Event):
    type: Literal["asset_search_requested"] = "asset_search_requested"
    search_id: str
    scope: str
    dormant_requery: bool = False


class AssetSearchCompleted(_Event):
    type: Literal["asset_search_completed"] = "asset_search_completed"
    search_id: str
    findings: int


class AssetFound(_Event):
    type: Literal["asset_found"] = "asset_found"
    asset: AssetFinding
    movable: bool
    search_id: str | None = None
    lead_id: str | None = None


class PropertyLeadRegistered(_Event):
    type: Literal["property_lead_registered"] = "property_lead_registered"
    lead_id: str
    description: str
    urgent: bool


class PropertyLeadChecked(_Event):
    type: Literal["property_lead_checked"] = "property_lead_checked"
    lead_id: str
    found: bool
    note: str


class FreezeRequested(_Event):
    type: Literal["freeze_requested"] = "freeze_requested"
    asset_id: str
    measure: ControlMeasure
    period_days: int
    amount_fen: int | None


class FreezeConfirmed(_Event):
    type: Literal["freeze_confirmed"] = "freeze_confirmed"
    asset_id: str
    effective_on: date
    expires_on: date  # last day the measure is in force
    frozen_fen: int | None


class RenewalRequested(_Event):
    type: Literal["renewal_requested"] = "renewal_requested"
    asset_id: str
    period_days: int


class FreezeRenewed(_Event):
    type: Literal["freeze_renewed"] = "freeze_renewed"
    asset_id: str
    expires_on: date


class AssetReleased(_Event):
    type: Literal["asset_released"] = "asset_released"
    asset_id: str
    reason: str


class ControlLapsed(_Event):
    """The measure ran out without renewal: the property is no longer under control."""

    type: Literal["control_lapsed"] = "control_lapsed"
    asset_id: str
    expired_on: date


class FundsDeducted(_Event):
    type: Literal["funds_deducted"] = "funds_deducted"
    asset_id: str
    amount_fen: PositiveFen


class CaseSuspended(_Event):
    type: Literal["case_suspended"] = "case_suspended"
    reason: str
    on: date


class CaseResumed(_Event):
    type: Literal["case_resumed"] = "case_resumed"
    on: date
    paused_days: int


class TimeLimitExtended(_Event):
    type: Literal["time_limit_extended"] = "time_limit_extended"
    months: int
    reason: str
    high_court_approval_no: str | None


class ProcedureTerminated(_Event):
    """终本: the case sleeps, re-searched every 6 months."""

    type: Literal["procedure_terminated"] = "procedure_terminated"
    on: date
    reason: str


class EnforcementResumed(_Event):
    type: Literal["enforcement_resumed"] = "enforcement_resumed"
    resumed_case_number: str
    on: date
    reason: str


class CaseClosed(_Event):
    type: Literal["case_closed"] = "case_closed"
    outcome: str
    on: date
    reason: str


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
    | ProcedureTerminated
    | EnforcementResumed
    | CaseClosed,
    Field(discriminator="type"),
]
