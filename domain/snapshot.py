"""The case snapshot: what the ``snapshot`` query answers (public field names, DOMAIN.md)."""

from datetime import date, datetime

from pydantic import BaseModel

from domain.case import (
    Asset,
    BankruptcyTransfer,
    CaseState,
    Distribution,
    Escalation,
    Lead,
    Measure,
    Petition,
    PropertyReport,
    Search,
    Settlement,
    Supervision,
)
from domain.commands import Basis, Party
from domain.deadlines import MAX_AUCTION_ROUNDS
from domain.decide import COMMAND_STATUSES, notice_issued
from domain.events import Deadline, Document


class Amounts(BaseModel):
    due_fen: int
    collected_fen: int
    paid_out_fen: int
    held_fen: int
    outstanding_fen: int


class TimeLimit(BaseModel):
    due_on: date | None
    paused_days: int
    extensions: int


class Parties(BaseModel):
    applicants: list[Party]
    respondents: list[Party]


class CaseSnapshot(BaseModel):
    case_number: str
    current_case_number: str  # the 执恢 number once enforcement resumed after 终本
    court_code: str
    status: str
    stage: str
    filed_on: date
    basis: Basis
    officer_id: str
    judge_id: str | None
    parties: Parties
    amounts: Amounts
    documents: list[Document]
    property_reports: list[PropertyReport]
    measures: list[Measure]
    searches: list[Search]
    assets: list[Asset]
    leads: list[Lead]
    deadlines: list[Deadline]
    next_deadline_at: datetime | None
    escalation_level: int  # the highest level among open deadlines
    escalations: list[Escalation]
    distributions: list[Distribution]  # 案款分配方案 and their payouts
    settlement: Settlement | None  # 执行和解
    bankruptcy: BankruptcyTransfer | None  # 执转破
    supervisions: list[Supervision]  # 督办
    supervised: bool  # an open 督办 (search attribute ZhixingSupervised)
    petitions: list[Petition]  # 涉执信访
    open_petitions: int
    objections: list[dict[str, object]]  # 执行异议
    time_limit: TimeLimit
    terminated_on: date | None
    outcome: str | None
    allowed_commands: list[str]
    last_seq: int


def _available(state: CaseState, command_type: str) -> bool:  # noqa: C901 - a flat table
    """Could this command make sense now (before looking at its fields)?"""
    if state.status not in COMMAND_STATUSES[command_type]:
        return False
    assets = state.assets.values()
    controls = [a.control for a in assets if a.control is not None]
    match command_type:
        case "issue_notice":
            return not notice_issued(state)
        case "record_service":
            return any(d.served_on is None for d in state.documents.values())
        case "record_property_report":
            return bool(state.documents)
        case "complete_asset_search":
            return any(s.state == "pending" for s in state.searches.values())
        case "record_lead_checked":
            return any(lead.state == "open" for lead in state.leads.values())
        case "freeze_asset":
            return any(
                a.disposition == "open"
                and (a.control is None or a.control.state in ("released", "lapsed"))
                for a in assets
            )
        case "confirm_freeze":
            return any(c.state in ("requested", "renewal_requested") for c in controls)
        case "renew_freeze":
            return any(c.state == "effective" for c in controls)
        case "release_asset":
            return any(a.disposition == "open" for a in assets)
        case "deduct_funds":
            return state.outstanding_fen > 0 and any(
                a.kind == "bank_deposit" and a.control is not None and a.control.in_force
                for a in assets
            )
        case "extend_time_limit":
            return any(
                d.rule == "case.time_limit" and d.state == "open" for d in state.deadlines.values()
            )
        case "start_valuation":
            return any(
                a.disposition == "open"
                and a.kind != "bank_deposit"
                and a.control is not None
                and a.control.in_force
                and (a.valuation is None or a.valuation.state == "fixed")
                and not a.disposing
                for a in assets
            )
        case "extend_valuation" | "record_valuation":
            return any(
                a.valuation is not None
                and (a.valuation.state == "pending" or a.valuation.contested)
                for a in assets
            )
        case "record_valuation_objection":
            return any(a.valuation is not None and a.valuation.state == "fixed" for a in assets)
        case "schedule_auction":
            return any(
                a.disposition == "open"
                and a.reference_price_fen is not None
                and not a.disposing
                and a.failed_rounds < MAX_AUCTION_ROUNDS
                and a.proceeds_due_fen is None
                for a in assets
            )
        case "record_auction_result":
            return any(a.live_auction is not None or a.proceeds_due_fen for a in assets)
        case "start_sale":
            return any(
                a.disposition == "open" and a.failed_rounds >= MAX_AUCTION_ROUNDS and a.sale is None
                for a in assets
            )
        case "record_sale_result":
            return any(a.sale is not None and a.sale.outcome == "open" for a in assets)
        case "accept_in_kind":
            return any(
                a.disposition == "open" and a.failed_rounds > 0 and a.live_auction is None
                for a in assets
            )
        case "approve_distribution":
            return state.held_fen > 0 and all(d.settled for d in state.distributions.values())
        case "record_payout":
            return any(not d.settled for d in state.distributions.values())
        case "record_settlement":
            return state.settlement is None or state.settlement.state != "active"
        case "record_installment_paid" | "declare_settlement_default":
            return state.settlement is not None and state.settlement.state == "active"
        case "propose_bankruptcy_transfer":
            return state.bankruptcy is None and any(p.kind == "company" for p in state.respondents)
        case "approve_bankruptcy_transfer":
            return state.bankruptcy is not None and state.bankruptcy.state == "proposed"
        case "submit_supervision_report" | "close_supervision":
            return bool(state.open_supervisions())
        case "respond_petition" | "close_petition":
            return bool(state.open_petitions())
        case "request_asset_search":
            return not any(
                s.state == "pending" and s.scope == "network" for s in state.searches.values()
            )
    return True


def snapshot(state: CaseState) -> CaseSnapshot:
    open_deadlines = state.open_deadlines()
    allowed = [t for t in COMMAND_STATUSES if _available(state, t)]
    time_limit = next(
        (d for d in reversed(state.deadlines.values()) if d.rule == "case.time_limit"), None
    )
    return CaseSnapshot(
        case_number=state.case_number,
        current_case_number=state.current_case_number,
        court_code=state.court_code,
        status=state.status,
        stage=state.stage,
        filed_on=state.filed_on,
        basis=state.basis,
        officer_id=state.officer_id,
        judge_id=state.judge_id,
        parties=Parties(applicants=state.applicants, respondents=state.respondents),
        amounts=Amounts(
            due_fen=state.due_fen,
            collected_fen=state.collected_fen,
            paid_out_fen=state.paid_out_fen,
            held_fen=state.held_fen,
            outstanding_fen=state.outstanding_fen,
        ),
        documents=list(state.documents.values()),
        property_reports=state.property_reports,
        measures=state.measures,
        searches=list(state.searches.values()),
        assets=list(state.assets.values()),
        leads=list(state.leads.values()),
        deadlines=list(state.deadlines.values()),
        next_deadline_at=min((d.due_at for d in open_deadlines), default=None),
        escalation_level=max((d.escalation_level for d in open_deadlines), default=0),
        escalations=state.escalations,
        distributions=list(state.distributions.values()),
        settlement=state.settlement,
        bankruptcy=state.bankruptcy,
        supervisions=list(state.supervisions.values()),
        supervised=bool(state.open_supervisions()),
        petitions=list(state.petitions.values()),
        open_petitions=len(state.open_petitions()),
        objections=[],
        time_limit=TimeLimit(
            due_on=time_limit.due_on if time_limit else None,
            paused_days=state.paused_days,
            extensions=state.time_limit_extensions,
        ),
        terminated_on=state.terminated_on,
        outcome=state.outcome,
        allowed_commands=allowed,
        last_seq=state.last_seq,
    )
