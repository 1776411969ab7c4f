"""What a case's events ask of the outside world (its effects): documents to serve, searches
and control measures at the court network, valuations and auctions on their platforms, payouts
from the treasury, and notices to people. Pure: the workflow carries the effects out through
activities, each idempotent by its key ("<case number>#<seq of the event that asked>").
"""

from collections.abc import Sequence
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from domain import commands as c
from domain import events as ev
from domain.calendar import local_date
from domain.deadlines import RULES
from domain.editions import COURTS
from domain.events import PayoutFields
from domain.labels import ROLE_ZH, TASK_KIND_ZH
from domain.state import CaseState
from domain.writs import WritContent, writs_of

RequestKind = Literal[
    "serve_documents",  # 电子送达平台
    "search_assets",  # 网络查控
    "apply_control",  # 网络查控: freeze, renew, release
    "request_valuation",  # 询价评估平台
    "publish_auction",  # 网络司法拍卖平台
    "cancel_auction",
]


class ExternalRequest(BaseModel):
    """A request to a court system: e-service (送达平台), network search and control (网络查控)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: RequestKind
    request_key: str  # idempotency key: "<case number>#<seq of the event that asked>"
    case_id: str  # the case as filed: where the answer goes (its workflow)
    case_number: str
    court_code: str
    requested_on: date
    payload: dict[str, Any]


class PayoutOrder(BaseModel):
    """An order to the treasury (案款管理系统) to pay one line of a distribution plan."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    idempotency_key: str  # "<case number>#<payout id>": a retried or replayed order pays once
    case_number: str
    court_code: str
    payout_id: str
    claimant_id: str
    amount_fen: int


class Notification(BaseModel):
    """A message to a person or office: officer, bureau head, a higher court, an applicant."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    notification_key: str  # idempotency key: "<case number>#<seq>"
    case_number: str
    court_code: str  # the court whose people are told
    recipient_role: str
    subject: str
    body: str


class EntrustmentLetter(BaseModel):
    """委托执行函: the case handed to the receiving court, whose filing desk dockets it under its
    own number (``domain.entrustment.docketing``); idempotent by its ``letter_key``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    entrusted_from: c.EntrustedFrom  # its letter_key: "<entrusting case>#<seq of case_entrusted>"
    receiving_court_code: str
    receiving_court_chain: tuple[str, ...]
    reason: str
    basis: c.Basis
    applicants: list[c.Party]
    respondents: list[c.Party]
    principal_fen: int

    @property
    def letter_key(self) -> str:
        return self.entrusted_from.letter_key


class CaseMessage(BaseModel):
    """A command for another case (its workflow), sent for that case's court: how one court's
    case answers another's (the docketing notice of an entrusted case). Once per key."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    message_key: str  # "<sending case>#<seq>": the request id of the command it carries
    case_number: str  # the case told
    court_code: str  # its court
    command: dict[str, Any]


class WritOrder(BaseModel):
    """A document (文书) to render and keep in the record (domain/writs.py): the writ office
    answers with its fingerprint, which the case records (``record_writ``). Idempotent by its
    ``writ_key``: "<case number as filed>#<seq of the event that issued it>/<n>"."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    writ_key: str
    case_id: str  # the case as filed: whose record keeps the file, whose workflow records it
    content: WritContent


Effect = ExternalRequest | Notification | PayoutOrder | EntrustmentLetter | CaseMessage | WritOrder

SYSTEM_OF: dict[str, str] = {
    "serve_documents": "service",
    "search_assets": "search",
    "apply_control": "control",
    "request_valuation": "valuation",
    "publish_auction": "auction",
    "cancel_auction": "auction",
}


def lane_of(effect: Effect) -> str:
    """Effects in one lane go out in the order they were asked; lanes go out independently. A
    lane is one external system and one subject: an asset's control measures (freeze, renew,
    release), an asset's auction (publish, cancel), one search, one document service, one
    payout. A notice is complete in itself: each is its own lane."""
    match effect:
        case ExternalRequest(kind=kind, payload=payload):
            subject = payload.get("asset_id") or payload.get("search_id") or effect.request_key
            return f"{SYSTEM_OF[kind]}:{subject}"
        case PayoutOrder():
            return f"treasury:{effect.payout_id}"
        case Notification():
            return f"notice:{effect.notification_key}"
        case EntrustmentLetter():
            return f"entrust:{effect.letter_key}"
        case CaseMessage():
            return f"message:{effect.message_key}"
        case WritOrder():
            return f"writ:{effect.writ_key}"


def _payout_orders(s: CaseState, lines: Sequence[PayoutFields]) -> list[Effect]:
    return [
        PayoutOrder(
            idempotency_key=f"{s.case_number}#{p.payout_id}",
            case_number=s.current_case_number,
            court_code=s.court_code,
            payout_id=p.payout_id,
            claimant_id=p.allocation.claimant_id,
            amount_fen=p.allocation.amount_fen,
        )
        for p in lines
        if p.allocation.amount_fen > 0
    ]


def effects_of(s: CaseState, e: ev.Event) -> list[Effect]:
    """What event `e`, just folded into `s`, asks of the outside world: its own effects, then
    the documents it issues (the workflow takes these only under its patch "writs")."""
    key = f"{s.case_number}#{e.seq}"
    writs: list[Effect] = [
        WritOrder(writ_key=f"{key}/{n}", case_id=s.case_number, content=content)
        for n, content in enumerate(writs_of(s, e), start=1)
    ]
    return _effects_of(s, e, key) + writs


def _effects_of(s: CaseState, e: ev.Event, key: str) -> list[Effect]:

    def request(kind: Any, **payload: Any) -> ExternalRequest:
        return ExternalRequest(
            kind=kind,
            request_key=key,
            case_id=s.case_number,
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
        case ev.TaskEntrusted():
            kind = TASK_KIND_ZH.get(e.kind, e.kind)
            return [
                notice(
                    "officer",
                    e.helping_court_code,
                    f"事项委托：{s.court_code} 请求协助{kind}",
                    f"{s.current_case_number}（{s.court_code}）委托贵院{kind}：{e.instructions}",
                )
            ]
        case ev.FreezeRequested() if e.entrusted_to is None:  # entrusted: the helping court
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
            role = ROLE_ZH.get(e.notify_role, e.notify_role)
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
        case ev.DistributionApproved() | ev.DistributionWindowClosed() | ev.DistributionEscrowed():
            # a contested plan is ordered once its windows end, or (but the escrow) when sued
            plan = s.distributions[e.distribution_id]
            return _payout_orders(s, [p for p in plan.payouts if plan.payable(p)])
        case ev.DistributionJudged():
            return _payout_orders(s, e.payouts)
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
        case ev.CaseFiled(entrusted_from=origin) if origin is not None:
            docketed = c.RecordEntrustmentDocketed(
                receiving_case_number=s.case_number, docketed_on=e.filed_on
            )
            return [
                CaseMessage(
                    message_key=key,
                    case_number=origin.case_number,
                    court_code=origin.court_code,
                    command=docketed.model_dump(mode="json"),
                )
            ]
        case ev.CaseEntrusted():
            return [
                EntrustmentLetter(
                    entrusted_from=c.EntrustedFrom(
                        case_number=s.case_number,  # its workflow's: the notice comes back there
                        court_code=s.court_code,
                        letter_on=e.letter_on,
                        letter_key=key,
                        handed_over=e.handed_over,
                    ),
                    receiving_court_code=e.receiving_court_code,
                    receiving_court_chain=e.receiving_court_chain,
                    reason=e.reason,
                    basis=s.basis,
                    applicants=s.applicants,
                    respondents=s.respondents,
                    principal_fen=e.principal_fen,
                )
            ]
        case ev.EntrustmentDocketed():
            assert s.entrusted_to is not None
            return [
                notice(
                    "applicant",
                    s.court_code,
                    "委托执行通知书",
                    f"{s.current_case_number} 已委托 {s.entrusted_to.court_code} 执行，受托法院立案"
                    f"案号 {e.receiving_case_number}（{e.docketed_on} 立案）；本院已销案",
                )
            ]
        case ev.EntrustmentReported():
            assert s.entrusted_from is not None
            return [
                notice(
                    "officer",
                    s.entrusted_from.court_code,
                    f"受托案件执行情况：{s.current_case_number}",
                    f"{s.court_code} 函告 {s.current_case_number}（受托自 "
                    f"{s.entrusted_from.case_number}）执行情况：{e.summary}",
                )
            ]
        case ev.CaseClosed() if s.entrusted_from is not None:
            return [
                notice(
                    "officer",
                    s.entrusted_from.court_code,
                    f"受托案件结案：{s.current_case_number}",
                    f"{s.court_code} 函告 {s.current_case_number}（受托自 "
                    f"{s.entrusted_from.case_number}）已结案（{e.outcome}）：{e.reason}",
                )
            ]
        case ev.TimeLimitExtensionFiled():
            return [
                notice(
                    "higher_court",
                    e.high_court_code,
                    f"执行期限延长备案：{s.current_case_number}",
                    f"{s.court_code} 第 {e.extension} 次延长 {s.current_case_number} 的执行期限"
                    f"（经 {'、'.join(e.through) or '—'} 层报），报请备案",
                )
            ]
        case ev.BankruptcyTransferApproved():
            within = "三十日内" if s.edition < COURTS else "自收到执行案件相关材料之日起三十日内"
            return [
                notice(
                    "receiving_court",
                    e.receiving_court_code,
                    "执行案件移送破产审查",
                    f"{s.current_case_number} 已决定移送破产审查，请在{within}裁定是否受理",
                )
            ]
    return []
