"""What a case carries across continue-as-new, and what its events ask of the outside world.

Imported by the case workflow through the sandbox's pass-through (workers.worker
PASSTHROUGH_MODULES): pure and deterministic, and kept out of the workflow module because the
sandbox re-imports that module for every workflow run it starts, and a pydantic model or a
long function there is compiled and built again each time (about a fifth of the worker's time
in the lifecycle benchmark, docs/PERFORMANCE.md).
"""

from typing import Any

from pydantic import BaseModel, ConfigDict

from activities.contracts import ExternalRequest, Notification, OutboxItem, PayoutOrder
from domain import events as ev
from domain.calendar import local_date
from domain.case import CaseState
from domain.commands import FileCase
from domain.deadlines import RULES
from domain.policy import ROLE_NAMES_ZH


class CaseRun(BaseModel):
    """Everything a case carries across continue-as-new (one serializable object)."""

    model_config = ConfigDict(extra="forbid")

    filing: FileCase
    events: list[ev.Event] = []
    answered: dict[str, int] = {}  # request_id -> last_seq once it was applied
    outbox: list[OutboxItem] = []  # asked, not yet done
    history_limit: int | None = None  # continue as new past this history length (tests lower it)
    recorded_seq: int = 0  # events up to this seq are in the case record (case_events)


def case_workflow_id(case_number: str) -> str:
    return f"case/{case_number}"


def consequences(s: CaseState, e: ev.Event) -> list[OutboxItem]:
    """What event `e`, just folded into `s`, asks of the outside world."""
    key = f"{s.case_number}#{e.seq}"

    def request(kind: Any, **payload: Any) -> ExternalRequest:
        return ExternalRequest(
            kind=kind,
            request_key=key,
            workflow_id=case_workflow_id(s.case_number),
            case_number=s.current_case_number,
            court_code=s.court_code,
            requested_on=local_date(e.occurred_at),
            payload=payload,
        )

    def notice(role: str, court: str, subject: str, body: str) -> Notification:
        return Notification(
            notification_key=key,
            case_number=s.current_case_number,
            court_code=court,
            recipient_role=role,
            subject=subject,
            body=body,
        )

    match e:
        case ev.NoticeIssued(documents=docs):
            return [
                request(
                    "serve_documents",
                    method=docs[0].method,
                    document_ids=[d.document_id for d in docs],
                )
            ]
        case ev.AssetSearchRequested():
            return [
                request(
                    "search_assets",
                    search_id=e.search_id,
                    scope=e.scope,
                    respondent_ids=[p.party_id for p in s.respondents],
                )
            ]
        case ev.FreezeRequested():
            return [
                request(
                    "apply_control",
                    action="freeze",
                    asset_id=e.asset_id,
                    measure=e.measure,
                    period_days=e.period_days,
                )
            ]
        case ev.RenewalRequested():
            return [
                request(
                    "apply_control",
                    action="renew",
                    asset_id=e.asset_id,
                    period_days=e.period_days,
                )
            ]
        case ev.AssetReleased():
            return [request("apply_control", action="release", asset_id=e.asset_id)]
        case ev.DeadlineWarned():
            d = s.deadlines[e.deadline_id]
            what = RULES[d.rule].obligation_zh
            return [
                notice(
                    d.responsible_role,
                    s.court_code,
                    f"期限预警：{what}",
                    f"{s.current_case_number}「{what}」将于 {d.due_on} 到期",
                )
            ]
        case ev.DeadlineEscalated():
            d = s.deadlines[e.deadline_id]
            what = RULES[d.rule].obligation_zh
            role = ROLE_NAMES_ZH.get(e.notify_role, e.notify_role)
            return [
                notice(
                    e.notify_role,
                    e.notify_court_code,
                    f"超期{e.level}级：{what}",
                    f"{s.current_case_number}「{what}」已于 {d.due_on} 到期未完成，"
                    f"提请{role}督促办理",
                )
            ]
        case ev.AssetSearchCompleted() if s.searches[e.search_id].dormant_requery:
            return [
                notice(
                    "applicant",
                    s.court_code,
                    "终本案件定期查控结果",
                    f"查控 {e.search_id} 发现财产 {e.findings} 项",
                )
            ]
        case ev.ValuationStarted() if e.method != "negotiation":
            asset = s.assets[e.asset_id]
            return [
                request(
                    "request_valuation",
                    asset_id=e.asset_id,
                    method=e.method,
                    agency=e.agency,
                    description=asset.description,
                )
            ]
        case ev.AuctionScheduled():
            return [
                request(
                    "publish_auction",
                    auction_id=e.auction_id,
                    asset_id=e.asset_id,
                    round=e.round,
                    start_price_fen=e.start_price_fen,
                    deposit_fen=e.deposit_fen,
                    bidding_starts_at=e.bidding_starts_at.isoformat(),
                    bidding_ends_at=e.bidding_ends_at.isoformat(),
                )
            ]
        case ev.AuctionCancelled():
            return [request("cancel_auction", auction_id=e.auction_id, reason=e.reason)]
        case ev.DistributionApproved():
            return [
                PayoutOrder(
                    idempotency_key=f"{s.case_number}#{p.payout_id}",
                    case_number=s.current_case_number,
                    court_code=s.court_code,
                    payout_id=p.payout_id,
                    claimant_id=p.allocation.claimant_id,
                    amount_fen=p.allocation.amount_fen,
                )
                for p in e.payouts
                if p.allocation.amount_fen > 0
            ]
        case ev.SupervisionOpened():
            how = "（超期自动督办）" if e.automatic else ""
            return [
                notice(
                    "bureau_head",
                    s.court_code,
                    f"督办通知：{e.supervising_court_code}{how}",
                    f"{e.supervising_court_code} 对 {s.current_case_number} 督办{how}，"
                    f"请于 {e.report_due_on} 前报告办理情况：{e.instructions}",
                )
            ]
        case ev.SupervisionUrged():
            return [
                notice(
                    "bureau_head",
                    s.court_code,
                    f"催办：{e.urging_court_code}",
                    f"{e.urging_court_code} 催办 {s.current_case_number}：{e.message}",
                )
            ]
        case ev.SupervisionReportSubmitted():
            supervising = s.supervisions[e.supervision_id].supervising_court_code
            return [
                notice(
                    "supervisor",
                    supervising,
                    f"督办报告：{s.current_case_number}",
                    f"{s.court_code} 报告 {s.current_case_number} 办理情况：{e.summary}",
                )
            ]
        case ev.SupervisionClosed():
            supervising = s.supervisions[e.supervision_id].supervising_court_code
            return [
                notice(
                    "supervisor",
                    supervising,
                    f"督办结束：{s.current_case_number}",
                    f"{s.current_case_number} 督办 {e.supervision_id} 结束：{e.reason}",
                )
            ]
        case ev.PetitionRegistered():
            about = "（反映拖延执行）" if e.about_delay else ""
            return [
                notice(
                    "officer",
                    s.court_code,
                    f"涉执信访{about}：{s.current_case_number}",
                    f"{e.petitioner} 经{e.channel}反映：{e.summary}",
                )
            ]
        case ev.BankruptcyTransferApproved():
            return [
                notice(
                    "receiving_court",
                    e.receiving_court_code,
                    "执行案件移送破产审查",
                    f"{s.current_case_number} 已决定移送破产审查，请在三十日内裁定是否受理",
                )
            ]
    return []
