"""What people and integrations may ask of a case: a discriminated union on ``type``.

The ``type`` names are the public contract (DOMAIN.md "Commands"). Field validation here
rejects malformed input before any rule is consulted.
"""

import functools
import hashlib
import json
import re
import types
import typing
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from domain.courts import CourtChain, chain_problem
from domain.editions import BASELINE, COURTS, Edition
from domain.money import Fen, PositiveFen

Role = Literal[
    "officer",
    "judge",
    "bureau_head",
    "president",
    "vice_president",  # 副院长 (edition 2: approves a time-limit extension, domain/procedure.py)
    "supervisor",
    "integration",
    "system",
]

# A court code: 最高法, 京 (a province's high court), 京01 (intermediate), 京0105 (basic).
COURT_CODE_RE = re.compile(r"(?:最高法|[\u4e00-\u9fff](?:\d{2}|\d{4})?)")
# (2026)京0105执1234号 — year, court code, type code, sequence (《关于人民法院案件案号的若干规定》)
CASE_NUMBER_RE = re.compile(
    rf"^\((?P<year>\d{{4}})\)(?P<court>{COURT_CODE_RE.pattern})"
    r"(?P<kind>执恢|执异|执复|执监|执)(?P<seq>\d+)号$"
)

Identifier = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:\-]+$")]

# Business dates stay within the engine's horizon: no case is filed before it (older cases are
# migrated, not filed), and nothing is scheduled past it (a due date in year 9999 would overflow
# the escalation ladder's arithmetic).
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2099, 12, 31)
BusinessDate = Annotated[date, Field(ge=EARLIEST_DATE, le=LATEST_DATE)]


class _HasHappened:
    """Marks a date on which something already happened (served, received, paid, decided):
    ``decide`` refuses one before the case was filed (``date.before_filing``)."""


HAPPENED = _HasHappened()
Happened = Annotated[date, Field(ge=EARLIEST_DATE, le=LATEST_DATE), HAPPENED]
Days = Annotated[int, Field(gt=0, le=3 * 366)]  # no period in the rules is longer


@functools.cache
def _happened_fields(model: type[BaseModel]) -> tuple[str, ...]:
    found = []
    for name, hint in typing.get_type_hints(model, include_extras=True).items():
        if typing.get_origin(hint) in (typing.Union, types.UnionType):
            hint = next(a for a in typing.get_args(hint) if a is not type(None))
        if typing.get_origin(hint) is Annotated and HAPPENED in typing.get_args(hint)[1:]:
            found.append(name)
    return tuple(found)


def happened_on(command: BaseModel) -> list[tuple[str, date]]:
    """The dates of `command` on which something already happened (``Happened``), by field."""
    found = ((name, getattr(command, name)) for name in _happened_fields(type(command)))
    return [(name, day) for name, day in found if day is not None]


Text = Annotated[str, Field(min_length=1, max_length=2000)]


def normalize_case_number(raw: str) -> str:
    """Canonical form uses ASCII parentheses: （2026）→ (2026)."""
    return raw.strip().replace("（", "(").replace("）", ")")


def parse_case_number(raw: str) -> re.Match[str]:
    match = CASE_NUMBER_RE.match(normalize_case_number(raw))
    if match is None:
        raise ValueError(
            f"案号格式不正确：{raw} / malformed case number {raw!r}, "
            "expected like (2026)京0105执1234号"
        )
    return match


def canonical_case_number(raw: str) -> str:
    """A well-formed case number in its canonical form (refused otherwise)."""
    parse_case_number(raw)
    return normalize_case_number(raw)


CaseNumber = Annotated[str, AfterValidator(canonical_case_number)]


def refuse_nul(text: str) -> str:
    """No text may carry U+0000: PostgreSQL cannot store it, so the case's record would refuse
    the event (a poison event). Refused here, at the command, whatever the door."""
    if "\x00" in text:
        raise ValueError("文本不能含有 NUL 字符 / text cannot contain the NUL character")
    return text


RequestId = Annotated[str, Field(min_length=1, max_length=100), AfterValidator(refuse_nul)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: object) -> object:
        return refuse_nul(value) if isinstance(value, str) else value


class CollegialPanel(_Model):
    """合议庭: the judges who reviewed a decision together (3, 5 or 7; the presiding judge first).
    A panel's decision is a command of its presiding judge (role ``judge``) carrying the panel;
    the rule says whom it must not include (the case's own officers, for an objection)."""

    members: Annotated[list[Identifier], Field(min_length=3, max_length=7)]

    @field_validator("members")
    @classmethod
    def _odd_and_distinct(cls, members: list[str]) -> list[str]:
        if len(set(members)) != len(members) or len(members) % 2 == 0:
            raise ValueError(
                "合议庭成员须为不重复的单数人（3、5 或 7 人）/ a collegial panel is 3, 5 or 7 "
                "distinct judges"
            )
        return members


class Actor(_Model):
    user_id: Identifier
    role: Role
    court_code: Annotated[str, Field(min_length=1, max_length=16)]


# A person's birth date: a living party, not a business date of the case.
BirthDate = Annotated[date, Field(ge=date(1900, 1, 1), le=LATEST_DATE)]


class Party(_Model):
    """A party. A natural person may carry a birth date (from the identity card the filing
    holds): the rules read a person's age on the day they decide (a minor is never put on the
    dishonest-debtor list, domain/measures.py), and a flag set at filing would go stale in a
    case that runs for years."""

    party_id: Identifier
    name: Annotated[str, Field(min_length=1, max_length=200)]
    kind: Literal["person", "company", "organization"]
    birth_date: BirthDate | None = None

    @model_validator(mode="after")
    def _only_a_person_is_born(self) -> "Party":
        if self.birth_date is not None and self.kind != "person":
            raise ValueError("只有自然人有出生日期 / only a natural person has a birth date")
        return self


class Basis(_Model):
    """执行依据: the judgment or other document being enforced."""

    kind: Literal["judgment", "mediation", "arbitral_award", "notarized_debt", "other"]
    document_no: Annotated[str, Field(min_length=1, max_length=100)]


class FastTrackRule(_Model):
    """繁简分流 / 简案快执: a court's own criteria for a simple case and its target in days from
    filing (DOMAIN-2 `fast_track.target`: no national figure exists, so each court configures
    it; off unless configured). A case is simple when any criterion set here holds."""

    target_days: Annotated[int, Field(ge=1, le=365)]
    max_due_fen: PositiveFen | None = None  # small amounts: principal and costs at most this
    deposits_cover: bool = False  # bank deposits frozen in full for what is outstanding

    @model_validator(mode="after")
    def _some_criterion(self) -> "FastTrackRule":
        if self.max_due_fen is None and not self.deposits_cover:
            raise ValueError(
                "简案标准至少设一项（小额或存款足额冻结）/ a fast track needs a criterion"
            )
        return self


class EntrustedFrom(_Model):
    """Where an entrusted case (委托执行, DOMAIN-2 §7) came from: the entrusting court's case and
    its letter (委托执行函). The receiving court's filing carries it (``FileCase
    .entrusted_from``)."""

    case_number: CaseNumber  # the entrusting court's case
    court_code: str
    letter_on: BusinessDate  # the letter was sent (and, through the platform, received)
    letter_key: Annotated[str, Field(min_length=1, max_length=120)]  # "<case>#<seq>"
    handed_over: list[Identifier] = []  # assets whose seals and freezes were handed over


class FileCase(_Model):
    """立案: the start input of the EnforcementCase workflow."""

    type: Literal["file_case"] = "file_case"
    case_number: str
    court_code: str
    filed_on: BusinessDate
    basis: Basis
    applicants: Annotated[list[Party], Field(min_length=1)]
    respondents: Annotated[list[Party], Field(min_length=1)]
    principal_fen: PositiveFen
    other_fen: Fen = 0  # interest, delayed-performance interest and costs awarded by the basis
    officer_id: Identifier
    judge_id: Identifier | None = None
    edition: Edition = BASELINE  # of the rules (domain/editions.py); new filings take CURRENT
    court_chain: CourtChain = ()  # the court and those above it, from the registry (edition 2)
    fast_track: FastTrackRule | None = None  # the court's 繁简分流 rule when it has one
    entrusted_from: EntrustedFrom | None = None  # docketed as an entrusted case (edition 2)

    @field_validator("case_number")
    @classmethod
    def _canonical_case_number(cls, value: str) -> str:
        match = parse_case_number(value)
        if match.group("kind") != "执":
            raise ValueError(
                "新立执行案件案号应为“执”字号 / a new enforcement case takes an 执 number"
            )
        return normalize_case_number(value)

    @model_validator(mode="after")
    def _court_matches_number(self) -> "FileCase":
        court = parse_case_number(self.case_number).group("court")
        if court != self.court_code:
            raise ValueError(
                f"法院代码 {self.court_code} 与案号中的 {court} 不一致 / court code "
                f"{self.court_code} does not match the case number's {court}"
            )
        ids = [p.party_id for p in (*self.applicants, *self.respondents)]
        if len(set(ids)) != len(ids):
            raise ValueError("当事人编号重复 / duplicate party_id")
        for party in (*self.applicants, *self.respondents):
            if party.birth_date is not None and party.birth_date > self.filed_on:
                raise ValueError(
                    f"{party.party_id} 的出生日期晚于立案日期 / {party.party_id} was born after "
                    "the filing"
                )
        if self.edition >= COURTS or self.court_chain:
            problem = chain_problem(self.court_code, self.court_chain)
            if problem is not None:
                raise ValueError(problem)
        if self.entrusted_from is not None and self.edition < COURTS:
            raise ValueError(
                "委托执行案件须按第 2 版规则立案 / an entrusted case is filed under edition 2"
            )
        return self


ServiceMethod = Literal["electronic", "postal", "direct", "publication"]  # 电子/邮寄/直接/公告送达


class IssueNotice(_Model):
    """执行通知书 together with 报告财产令 to every respondent."""

    type: Literal["issue_notice"] = "issue_notice"
    method: ServiceMethod = "electronic"


class RecordService(_Model):
    type: Literal["record_service"] = "record_service"
    document_id: Identifier
    served_on: Happened
    method: ServiceMethod


class RecordPropertyReport(_Model):
    type: Literal["record_property_report"] = "record_property_report"
    party_id: Identifier
    reported_on: Happened
    summary: Text


MeasureKind = Literal[
    "consumption_restriction",  # 限制消费令
    "dishonest_list",  # 失信被执行人名单
    "fine",  # 罚款
    "detention",  # 拘留
    "exit_ban",  # 限制出境
]


# The six grounds of 失信规定 (法释〔2017〕7号) art. 1, in its order: (一) … (六).
DishonestGround = Literal[
    "able_but_refuses",  # (一) 有履行能力而拒不履行生效法律文书确定义务
    "obstruction",  # (二) 以伪造证据、暴力、威胁等方法妨碍、抗拒执行
    "evasion",  # (三) 以虚假诉讼、虚假仲裁或者以隐匿、转移财产等方法规避执行
    "property_report",  # (四) 违反财产报告制度
    "consumption_order",  # (五) 违反限制消费令
    "settlement",  # (六) 无正当理由拒不履行执行和解协议
]
DISHONEST_GROUNDS: tuple[DishonestGround, ...] = typing.get_args(DishonestGround)
ExtraYears = Annotated[int, Field(ge=0, le=3)]  # 失信规定 art. 2: extended by one to three years


class ImposeMeasure(_Model):
    type: Literal["impose_measure"] = "impose_measure"
    measure: MeasureKind
    party_id: Identifier
    amount_fen: PositiveFen | None = None
    days: Annotated[int, Field(gt=0, le=15)] | None = None  # detention is at most 15 days
    note: Annotated[str, Field(max_length=2000)] = ""
    # the dishonest-debtor list only (edition 2, domain/measures.py): the grounds (art. 1), the
    # years added for aggravation (art. 2), and a person's birth date when the filing lacks it
    # (the listing records the person's age, art. 6)
    grounds: Annotated[list[DishonestGround], Field(max_length=6)] = []
    extra_years: ExtraYears = 0
    birth_date: BirthDate | None = None
    # a fine or detention (edition 3, domain/sanctions.py): the obstructing act it punishes (the
    # same act is not punished twice, `sanction.no_repeat`), and a detention by an officer in an
    # emergency, approved by the president after the fact (`sanction.emergency`)
    act: Annotated[str, Field(max_length=200)] = ""
    emergency: bool = False

    @model_validator(mode="after")
    def _fields_fit_measure(self) -> "ImposeMeasure":
        if self.measure == "fine" and self.amount_fen is None:
            raise ValueError("罚款须填写金额 / a fine needs amount_fen")
        if self.measure == "detention" and self.days is None:
            raise ValueError("拘留须填写天数 / detention needs days")
        if len(set(self.grounds)) != len(self.grounds):
            raise ValueError("失信事由重复 / a ground is given twice")
        listing = self.grounds or self.extra_years or self.birth_date is not None
        if listing and self.measure != "dishonest_list":
            raise ValueError(
                "失信事由、延长年限和出生日期仅适用于纳入失信名单 / grounds, extra_years and "
                "birth_date are for the dishonest-debtor list only"
            )
        if self.emergency and self.measure != "detention":
            raise ValueError("紧急情况下先行拘留仅适用于拘留 / emergency is for detention only")
        if self.act and self.measure not in ("fine", "detention"):
            raise ValueError("妨害行为仅适用于罚款、拘留 / act is for a fine or detention only")
        return self


class RequestAssetSearch(_Model):
    """网络查控: search banks, registries and platforms through the court network."""

    type: Literal["request_asset_search"] = "request_asset_search"
    scope: Literal["network", "on_site"] = "network"


AssetKind = Literal[
    "bank_deposit", "real_estate", "vehicle", "equity", "movable", "other_property_right"
]


class AssetFinding(_Model):
    asset_id: Identifier
    kind: AssetKind
    description: Annotated[str, Field(min_length=1, max_length=500)]
    owner_party_id: Identifier
    value_fen: Fen | None = None  # balance of a deposit, or an estimate; None when unknown
    holder: Annotated[str, Field(max_length=200)] = ""  # bank, registry or custodian


class CompleteAssetSearch(_Model):
    """The answer to a search: what it found (possibly nothing)."""

    type: Literal["complete_asset_search"] = "complete_asset_search"
    search_id: Identifier
    findings: list[AssetFinding] = []


class RecordAssetFound(_Model):
    type: Literal["record_asset_found"] = "record_asset_found"
    asset: AssetFinding
    lead_id: Identifier | None = None


class RegisterPropertyLead(_Model):
    """A property lead (财产线索) the applicant hands in."""

    type: Literal["register_property_lead"] = "register_property_lead"
    lead_id: Identifier
    description: Text
    urgent: bool = False


class RecordLeadChecked(_Model):
    type: Literal["record_lead_checked"] = "record_lead_checked"
    lead_id: Identifier
    found: bool
    note: Annotated[str, Field(max_length=2000)] = ""


ControlMeasure = Literal["freeze", "seal", "seize"]  # 冻结 / 查封 / 扣押


class FreezeAsset(_Model):
    type: Literal["freeze_asset"] = "freeze_asset"
    asset_id: Identifier
    measure: ControlMeasure
    period_days: Days
    amount_fen: PositiveFen | None = None  # for a deposit: how much to freeze


class ConfirmFreeze(_Model):
    """The bank or registry confirms the measure (or its renewal) took effect."""

    type: Literal["confirm_freeze"] = "confirm_freeze"
    asset_id: Identifier
    effective_on: Happened
    frozen_fen: Fen | None = None


class RenewFreeze(_Model):
    type: Literal["renew_freeze"] = "renew_freeze"
    asset_id: Identifier
    period_days: Days


class ReleaseAsset(_Model):
    type: Literal["release_asset"] = "release_asset"
    asset_id: Identifier
    reason: Text


class DeductFunds(_Model):
    """划拨: move frozen deposit money into the case account."""

    type: Literal["deduct_funds"] = "deduct_funds"
    asset_id: Identifier
    amount_fen: PositiveFen


class Suspend(_Model):
    type: Literal["suspend"] = "suspend"
    reason: Text


class Resume(_Model):
    type: Literal["resume"] = "resume"
    reason: Annotated[str, Field(max_length=2000)] = ""


class ExtendTimeLimit(_Model):
    """延长执行期限 by three months. Edition 1: a further extension names the high court's
    approval number; edition 2: it is reported to the high court for the record (备案), and the
    number is not asked (domain/procedure.py)."""

    type: Literal["extend_time_limit"] = "extend_time_limit"
    reason: Text
    high_court_approval_no: Annotated[str, Field(min_length=1, max_length=100)] | None = None


ExclusionKind = Literal[
    "audit",  # 审计 by an agency (审限规定 art. 9 (八))
    "asset_clearing",  # 资产清理 by an agency (art. 9 (八))
    "higher_court_stay",  # 上级人民法院通知暂缓执行 (art. 9 (十一))
]


class BeginExcludedPeriod(_Model):
    """A period that does not count toward the time limit begins today (edition 2): an agency's
    audit or asset clearing, or a stay a higher court ordered."""

    type: Literal["begin_excluded_period"] = "begin_excluded_period"
    kind: ExclusionKind
    agency: Annotated[str, Field(max_length=200)] = ""  # the agency (audit, asset clearing)
    ordering_court_code: Annotated[str, Field(min_length=1, max_length=16)] | None = None
    document_no: Annotated[str, Field(max_length=100)] = ""  # 委托书 / 暂缓执行通知书 文号
    reason: Text

    @model_validator(mode="after")
    def _who_fits_kind(self) -> "BeginExcludedPeriod":
        if self.kind == "higher_court_stay":
            if self.ordering_court_code is None:
                raise ValueError(
                    "上级法院通知暂缓执行须填写该法院代码 / a stay names the ordering court"
                )
        elif not self.agency.strip() or self.ordering_court_code is not None:
            raise ValueError(
                "审计、资产清理须填写专业机构，不填法院 / an audit or asset clearing names its "
                "agency, not a court"
            )
        return self


class EndExcludedPeriod(_Model):
    type: Literal["end_excluded_period"] = "end_excluded_period"
    period_id: Identifier
    note: Annotated[str, Field(max_length=2000)] = ""


# Why a listing is deleted (失信规定 art. 10): ¶1 (一)–(七), and the end of a set term (¶2).
DeletionReason = Literal[
    "performed",  # (一) 已履行义务或已执行完毕
    "settlement_performed",  # (二) 执行和解协议已履行完毕
    "applicant_request",  # (三) 申请执行人书面申请删除，人民法院审查同意
    "no_property_after_termination",  # (四) 终本后两次以上网络查控未发现财产、未提供线索
    "suspended",  # (五) 因审判监督或破产程序中止执行
    "enforcement_refused",  # (六) 人民法院依法裁定不予执行
    "enforcement_terminated",  # (七) 人民法院依法裁定终结执行
    "term_expired",  # 纳入期限届满 (art. 10 ¶2)
]


class DeleteDishonestListing(_Model):
    """删除失信信息: take a respondent off the dishonest-debtor list (edition 2)."""

    type: Literal["delete_dishonest_listing"] = "delete_dishonest_listing"
    measure_id: Identifier
    reason: DeletionReason
    note: Annotated[str, Field(max_length=2000)] = ""


class TerminateThisProcedure(_Model):
    """终结本次执行程序 (终本): no property to enforce for now."""

    type: Literal["terminate_this_procedure"] = "terminate_this_procedure"
    reason: Text


class ResumeEnforcement(_Model):
    """恢复执行 after 终本, under a new 执恢 number."""

    type: Literal["resume_enforcement"] = "resume_enforcement"
    resumed_case_number: str
    reason: Text

    @field_validator("resumed_case_number")
    @classmethod
    def _resumed_number(cls, value: str) -> str:
        if parse_case_number(value).group("kind") != "执恢":
            raise ValueError("恢复执行须使用“执恢”字号 / a resumed case takes an 执恢 number")
        return normalize_case_number(value)


class CloseCase(_Model):
    type: Literal["close_case"] = "close_case"
    outcome: Literal["fully_enforced", "withdrawn", "terminated"]  # 执行完毕 / 撤回 / 终结执行
    reason: Annotated[str, Field(max_length=2000)] = ""


# -- disposal: valuation, auction, sale, in-kind (确定参考价 / 网拍 / 变卖 / 以物抵债) ---

ValuationMethod = Literal[
    "negotiation",  # 当事人议价
    "directed_inquiry",  # 定向询价
    "online_inquiry",  # 网络询价
    "appraisal",  # 委托评估
]


class StartValuation(_Model):
    type: Literal["start_valuation"] = "start_valuation"
    asset_id: Identifier
    method: ValuationMethod
    agency: Annotated[str, Field(max_length=200)] = ""


class ExtendValuation(_Model):
    type: Literal["extend_valuation"] = "extend_valuation"
    asset_id: Identifier
    days: Days
    reason: Text


class RecordValuation(_Model):
    """The reference price (参考价) arrives: a report, an inquiry result or the parties' price."""

    type: Literal["record_valuation"] = "record_valuation"
    asset_id: Identifier
    reference_price_fen: PositiveFen
    received_on: Happened


class RecordValuationObjection(_Model):
    """An objection to the standard, method or result of an inquiry or appraisal report
    (参考价规定 art. 23). Objections to its basic data, scope, the appraiser's qualification or
    its procedure go the act-objection route (art. 22: ``file_objection``)."""

    type: Literal["record_valuation_objection"] = "record_valuation_objection"
    asset_id: Identifier
    party_id: Identifier
    filed_on: Happened
    grounds: Text
    about: Literal["standard", "method", "result"] = "result"  # 参照标准、计算方法、评估结果


class ScheduleAuction(_Model):
    """网络司法拍卖: announced today; bidding opens ``bidding_starts_on`` at 10:00."""

    type: Literal["schedule_auction"] = "schedule_auction"
    asset_id: Identifier
    start_price_fen: PositiveFen
    deposit_fen: PositiveFen
    bidding_starts_on: BusinessDate
    bidding_hours: Annotated[int, Field(gt=0, le=24 * 30)] = 24


class RecordAuctionResult(_Model):
    type: Literal["record_auction_result"] = "record_auction_result"
    auction_id: Identifier
    outcome: Literal["sold", "failed", "buyer_default"]  # 成交 / 流拍 / 悔拍
    price_fen: PositiveFen | None = None
    buyer: Annotated[str, Field(max_length=200)] = ""

    @model_validator(mode="after")
    def _sold_has_price(self) -> "RecordAuctionResult":
        if self.outcome == "sold" and self.price_fen is None:
            raise ValueError("成交须填写成交价 / a sale needs price_fen")
        return self


class StartSale(_Model):
    """变卖 after two failed auctions."""

    type: Literal["start_sale"] = "start_sale"
    asset_id: Identifier
    price_fen: PositiveFen
    period_days: Annotated[int, Field(gt=0, le=60)] = 60


class RecordSaleResult(_Model):
    type: Literal["record_sale_result"] = "record_sale_result"
    asset_id: Identifier
    outcome: Literal["sold", "failed"]
    price_fen: PositiveFen | None = None

    @model_validator(mode="after")
    def _sold_has_price(self) -> "RecordSaleResult":
        if self.outcome == "sold" and self.price_fen is None:
            raise ValueError("变卖成交须填写价格 / a sale needs price_fen")
        return self


class AcceptInKind(_Model):
    """以物抵债: the applicant takes the property at the failed price."""

    type: Literal["accept_in_kind"] = "accept_in_kind"
    asset_id: Identifier
    applicant_id: Identifier
    # the price above the outstanding claim (edition 3, domain/in_kind.py): the days the court
    # gives the taker to pay the difference (no statutory figure; default ``in_kind.difference``)
    difference_days: Days | None = None


# -- money (案款) ---------------------------------------------------------------------------------


class RecordFundsReceived(_Model):
    type: Literal["record_funds_received"] = "record_funds_received"
    source: Literal["auction", "sale", "voluntary"]
    amount_fen: PositiveFen
    received_on: Happened
    asset_id: Identifier | None = None


class DistributionClaim(_Model):
    claimant_id: Identifier
    kind: Literal["fee", "applicant"]
    priority: Annotated[int, Field(ge=0, le=9)] = 1
    owed_fen: Fen


class ApproveDistribution(_Model):
    """The judge approves how the held funds are paid out (案款分配方案)."""

    type: Literal["approve_distribution"] = "approve_distribution"
    claims: Annotated[list[DistributionClaim], Field(min_length=1)]


class RecordPayout(_Model):
    """The treasury confirms a payment (案款发放)."""

    type: Literal["record_payout"] = "record_payout"
    payout_id: Identifier
    reference: Annotated[str, Field(min_length=1, max_length=200)]


# -- settlement (执行和解) ---


class Installment(_Model):
    due_on: BusinessDate
    amount_fen: PositiveFen


class RecordSettlement(_Model):
    type: Literal["record_settlement"] = "record_settlement"
    installments: Annotated[list[Installment], Field(min_length=1, max_length=120)]
    note: Annotated[str, Field(max_length=2000)] = ""


class RecordInstallmentPaid(_Model):
    type: Literal["record_installment_paid"] = "record_installment_paid"
    index: Annotated[int, Field(ge=1, le=120)]
    amount_fen: PositiveFen
    paid_on: Happened


class DeclareSettlementDefault(_Model):
    type: Literal["declare_settlement_default"] = "declare_settlement_default"
    reason: Text


# -- enforcement to bankruptcy (执转破) ---


class ProposeBankruptcyTransfer(_Model):
    type: Literal["propose_bankruptcy_transfer"] = "propose_bankruptcy_transfer"
    respondent_id: Identifier
    consenting_party_id: Identifier
    reason: Text


class ApproveBankruptcyTransfer(_Model):
    type: Literal["approve_bankruptcy_transfer"] = "approve_bankruptcy_transfer"
    receiving_court_code: Annotated[str, Field(min_length=1, max_length=16)]


class RecordBankruptcyDecision(_Model):
    type: Literal["record_bankruptcy_decision"] = "record_bankruptcy_decision"
    decision: Literal["accepted", "rejected", "declared_bankrupt"]  # 受理 / 不予受理 / 宣告破产
    decided_on: Happened


# -- supervision (督办) and petitions (涉执信访) ---------------------------------------------------


class OpenSupervision(_Model):
    """督办: a higher court's supervisor puts the case under supervision with a report date."""

    type: Literal["open_supervision"] = "open_supervision"
    report_due_on: BusinessDate
    instructions: Text


class SubmitSupervisionReport(_Model):
    type: Literal["submit_supervision_report"] = "submit_supervision_report"
    supervision_id: Identifier
    summary: Text


class Urge(_Model):
    """催办: any number of times; names the supervision, or the only open one when omitted."""

    type: Literal["urge"] = "urge"
    supervision_id: Identifier | None = None
    message: Text


class CloseSupervision(_Model):
    type: Literal["close_supervision"] = "close_supervision"
    supervision_id: Identifier
    reason: Text


PetitionChannel = Literal["visit", "letter", "online", "phone", "transferred_in"]
PetitionOutcome = Literal["resolved", "unfounded", "transferred"]  # 化解 / 不属实 / 移送


class RegisterPetition(_Model):
    """涉执信访 received: registered within 5 working days, concluded within 30 days."""

    type: Literal["register_petition"] = "register_petition"
    petitioner: Annotated[str, Field(min_length=1, max_length=200)]
    channel: PetitionChannel
    summary: Text
    about_delay: bool = False  # 反映消极执行、拖延执行
    received_on: Happened | None = None  # default: today


class RespondPetition(_Model):
    type: Literal["respond_petition"] = "respond_petition"
    petition_id: Identifier
    response: Text


class ClosePetition(_Model):
    type: Literal["close_petition"] = "close_petition"
    petition_id: Identifier
    outcome: PetitionOutcome
    note: Annotated[str, Field(max_length=2000)] = ""


# -- 事项委托 (domain/task_entrustment.py) -----------------------------------------------------
CourtCode = Annotated[
    str, Field(min_length=1, max_length=16, pattern=rf"^{COURT_CODE_RE.pattern}$")
]
EntrustedTaskKind = Literal["service", "freeze", "investigation"]  # 送达 / 控制财产 / 调查


class EntrustTask(_Model):
    """事项委托: ask another court to do one thing for the case (委托执行规定 arts. 2 ¶2, 4 ¶2:
    not docketed there as a case). ``service``: serve ``document_id``; ``freeze``: freeze, seal
    or seize ``asset_id`` (``measure``, ``period_days``, ``amount_fen`` as for freeze_asset);
    ``investigation``: look for property as ``instructions`` say. ``working_days`` is the answer's
    deadline: no national figure exists (DOMAIN-2 `entrust.task.deadline` ✘), 10 by default."""

    type: Literal["entrust_task"] = "entrust_task"
    task_id: Identifier
    helping_court_code: CourtCode
    kind: EntrustedTaskKind
    instructions: Text
    document_id: Identifier | None = None
    asset_id: Identifier | None = None
    measure: ControlMeasure | None = None
    period_days: Annotated[int, Field(ge=1, le=3660)] | None = None
    amount_fen: Fen | None = None
    working_days: Annotated[int, Field(ge=1, le=60)] = 10


class AnswerEntrustedTask(_Model):
    """The helping court's answer, by one of its officers: ``done`` (with what a local action
    would have recorded: ``done_on`` and ``method`` of a service, ``done_on`` and ``frozen_fen``
    of a freeze, the ``findings`` of an investigation) or ``refused`` (``note`` says why)."""

    type: Literal["answer_entrusted_task"] = "answer_entrusted_task"
    task_id: Identifier
    outcome: Literal["done", "refused"]
    note: Text
    done_on: Happened | None = None
    method: ServiceMethod | None = None
    frozen_fen: Fen | None = None
    findings: list[AssetFinding] = []


# -- entrusted enforcement (委托执行, DOMAIN-2 §7) ---------------------------------------------


class EntrustCase(_Model):
    """委托执行: hand the whole case to a court of the same level in another province
    (``entrust.case.when``). The receiving court's chain comes from the court registry: the web
    and the CLI fill it (``domain.entrustment.with_receiving_chain``); the rule checks it."""

    type: Literal["entrust_case"] = "entrust_case"
    receiving_court_code: Annotated[str, Field(min_length=1, max_length=16)]
    receiving_court_chain: CourtChain = ()
    reason: Text  # where the property is (财产所在地)


class RecordEntrustmentDocketed(_Model):
    """The receiving court's docketing notice (立案通知书) reached the entrusting case: it closes
    as 销案 (``entrust.case.close_origin``). Sent by the receiving case, or recorded by hand."""

    type: Literal["record_entrustment_docketed"] = "record_entrustment_docketed"
    receiving_case_number: CaseNumber
    docketed_on: Happened


class ReportEntrustmentProgress(_Model):
    """The receiving court tells the entrusting court how the case stands (函告执行情况,
    民诉法 art. 240: at 30 days if not finished)."""

    type: Literal["report_entrustment_progress"] = "report_entrustment_progress"
    summary: Text


# -- 终本 under 终本规定 and 民诉法解释 art. 517 (issue 17; domain/dormant.py) ---------------------

Sanction = Literal["fine", "detention", "criminal_referral"]  # 罚款 / 拘留 / 移送追究刑事责任


class RecordRespondentMissing(_Model):
    """被执行人下落不明: the respondent cannot be found (终本规定 art. 1 (5))."""

    type: Literal["record_respondent_missing"] = "record_respondent_missing"
    party_id: Identifier
    note: Annotated[str, Field(max_length=2000)] = ""


class RecordRespondentSought(_Model):
    """查找下落不明的被执行人: how the court searched for a missing respondent, and whether it
    was located."""

    type: Literal["record_respondent_sought"] = "record_respondent_sought"
    party_id: Identifier
    means: Text  # 公安协查、走访、通讯查询……
    located: bool = False


class RecordObstruction(_Model):
    """妨害执行: an act of the respondent (``party_id``) or of another person obstructing
    enforcement."""

    type: Literal["record_obstruction"] = "record_obstruction"
    obstructor: Annotated[str, Field(min_length=1, max_length=200)]
    party_id: Identifier | None = None  # when the obstructor is a respondent
    description: Text


class SanctionObstruction(_Model):
    """The sanction of an obstruction: a fine or detention (决定书), or a criminal referral."""

    type: Literal["sanction_obstruction"] = "sanction_obstruction"
    obstruction_id: Identifier
    sanction: Sanction
    decision_no: Annotated[str, Field(min_length=1, max_length=100)]  # 决定书 / 移送函 number
    amount_fen: PositiveFen | None = None
    days: Annotated[int, Field(gt=0, le=15)] | None = None  # detention is at most 15 days

    @model_validator(mode="after")
    def _fields_fit_sanction(self) -> "SanctionObstruction":
        if (self.sanction == "fine") != (self.amount_fen is not None):
            raise ValueError("罚款须且仅须填写金额 / amount_fen goes with a fine, and only then")
        if (self.sanction == "detention") != (self.days is not None):
            raise ValueError("拘留须且仅须填写天数 / days go with detention, and only then")
        return self


class HearApplicant(_Model):
    """约谈申请执行人: the applicant is told the enforcement status, the searches made, the
    respondent's property and the basis and consequences of 终本, and its opinion is recorded."""

    type: Literal["hear_applicant"] = "hear_applicant"
    applicant_id: Identifier
    informed: Text  # what it was told
    opinion: Text  # its opinion, as recorded


class RecordApplicantSignOff(_Model):
    """申请执行人签字确认 of 终本 (民诉法解释 art. 517)."""

    type: Literal["record_applicant_sign_off"] = "record_applicant_sign_off"
    applicant_id: Identifier
    note: Annotated[str, Field(max_length=2000)] = ""


class ReviewTerminationByPanel(_Model):
    """合议庭审查核实 of a proposed 终本: a command of the presiding judge carrying the panel."""

    type: Literal["review_termination_by_panel"] = "review_termination_by_panel"
    panel: CollegialPanel
    agreed: bool
    opinion: Text


class ApproveTermination(_Model):
    """院长批准 of 终本, after the collegial panel agreed."""

    type: Literal["approve_termination"] = "approve_termination"
    note: Annotated[str, Field(max_length=2000)] = ""


class ReviewTerminatedCase(_Model):
    """终本案件评查: a supervisor of a court above judges whether the case's 终本 was qualified
    (合格), with reasons."""

    type: Literal["review_terminated_case"] = "review_terminated_case"
    qualified: bool
    reasons: Text


# -- 执转破 under edition 2 (issue 17): the panel, the president, the receipt of the materials ---


class AgreeBankruptcyTransfer(_Model):
    """合议庭评议同意: the collegial panel agrees to the proposed transfer; a command of its
    presiding judge (指导意见 arts. 5-6, ``bankruptcy.transfer.decision``)."""

    type: Literal["agree_bankruptcy_transfer"] = "agree_bankruptcy_transfer"
    panel: CollegialPanel


class SignBankruptcyTransfer(_Model):
    """院长签署移送决定: the enforcement court's president signs the transfer decision, which
    names the receiving court (被执行人住所地人民法院, 民诉法解释 art. 511)."""

    type: Literal["sign_bankruptcy_transfer"] = "sign_bankruptcy_transfer"
    receiving_court_code: Annotated[str, Field(pattern=rf"^{COURT_CODE_RE.pattern}$")]


class RecordBankruptcyMaterialsReceived(_Model):
    """The receiving court received the case materials: its 30 days to rule on acceptance run
    from that day (民诉法解释 art. 512, ``bankruptcy.acceptance``)."""

    type: Literal["record_bankruptcy_materials_received"] = "record_bankruptcy_materials_received"
    received_on: Happened


# -- contested distributions (参与分配, 分配方案异议) and queued seals (轮候查封), issue 14 ---


class ServeDistributionPlan(_Model):
    """The approved plan (分配方案) was served on every creditor and the respondent (民诉法解释
    art. 509, ``distribution.plan.objection``). ``served_on``: the day the last of them received
    it; the 15-day objection window runs from that day. Kept apart from the approval because the
    judge approves on one day and the post delivers days later: the window runs from receipt."""

    type: Literal["serve_distribution_plan"] = "serve_distribution_plan"
    distribution_id: Identifier
    served_on: Happened


class FileDistributionObjection(_Model):
    """A creditor or the respondent objects in writing to a served plan (分配方案异议, 民诉法解释
    art. 509): the plan gives ``against_payout_id`` ``disputed_fen`` too much, which the
    objector (a creditor) says is its own, or (the respondent) is not owed at all.
    ``notified_on``: the day the court's notice of the objection reached the creditors who did
    not object and the respondent; their 15 days to oppose run from it (art. 510)."""

    type: Literal["file_distribution_objection"] = "file_distribution_objection"
    distribution_id: Identifier
    objector_id: Identifier
    against_payout_id: Identifier
    disputed_fen: PositiveFen
    filed_on: Happened
    notified_on: Happened
    reason: Text


class RecordCounterOpinion(_Model):
    """反对意见: creditors (or the respondent) oppose the objection within their 15 days
    (民诉法解释 art. 510 ¶2). ``notified_on``: the day the objector received the court's notice
    of the opposition; its 15 days to sue run from it."""

    type: Literal["record_counter_opinion"] = "record_counter_opinion"
    distribution_id: Identifier
    opposed_by: Annotated[list[Identifier], Field(min_length=1, max_length=50)]
    filed_on: Happened
    notified_on: Happened


class RecordDistributionSuit(_Model):
    """分配方案异议之诉: the objector sued those who opposed, in the enforcement court, within
    its 15 days (民诉法解释 art. 510 ¶2). The disputed share is held (提存) meanwhile and the
    rest of the plan paid (art. 510 ¶3)."""

    type: Literal["record_distribution_suit"] = "record_distribution_suit"
    distribution_id: Identifier
    filed_on: Happened
    suit_case_number: Annotated[str, Field(min_length=1, max_length=100)]


class RecordDistributionJudgment(_Model):
    """The suit's judgment took effect: of the disputed share held in escrow, ``awarded_fen``
    goes as the objector asked, the rest as the original plan said."""

    type: Literal["record_distribution_judgment"] = "record_distribution_judgment"
    distribution_id: Identifier
    awarded_fen: Fen
    judged_on: Happened
    document_no: Annotated[str, Field(min_length=1, max_length=100)]


class JoinDistribution(_Model):
    """参与分配: another creditor of the respondent, with its own enforcement basis, applies in
    writing to share in what the case realizes (民诉法解释 arts. 506-507). ``secured``: it holds a
    priority right or security interest on the sealed property (may join without a basis of
    its own and is paid before the ordinary claims)."""

    type: Literal["join_distribution"] = "join_distribution"
    creditor: Party
    basis: Basis | None = None
    owed_fen: PositiveFen
    secured: bool = False
    applied_on: Happened


class RecordSealQueued(_Model):
    """The registry answers our request for a seal (or freeze, seizure) on property another
    court sealed first: ours is registered behind it (轮候查封, 查封扣押冻结规定 art. 26), with
    ``position`` seals ahead of it (1: right behind the seal in force)."""

    type: Literal["record_seal_queued"] = "record_seal_queued"
    asset_id: Identifier
    prior_court_code: Annotated[str, Field(pattern=rf"^{COURT_CODE_RE.pattern}$")]
    prior_sealed_on: BusinessDate  # another court's: it may be before our case was filed
    position: Annotated[int, Field(ge=1, le=99)] = 1
    queued_on: Happened


class RecordPriorSealReleased(_Model):
    """A seal ahead of ours was released (or lapsed) on ``released_on``: ours moves up one place
    and, once first, takes effect by itself that day (查封扣押冻结规定 art. 26, ``seal.queue``)."""

    type: Literal["record_prior_seal_released"] = "record_prior_seal_released"
    asset_id: Identifier
    released_on: Happened


# -- objections (执行异议, issue 14): to an enforcement act (民诉法 art. 236) and by a third party
# to the object of enforcement (案外人异议, art. 238); domain/objections.py --------------------

ObjectionKind = Literal["act", "third_party"]  # 执行行为异议 / 案外人异议
# 参考价规定 art. 22: an objection to a valuation's basic data, scope (omitted property), the
# appraiser's qualification or a serious procedural breach goes the act-objection route
# (`valuation.objection.scope`); its standard, method or result go to the appraiser
# (record_valuation_objection).
ValuationGround = Literal["basic_data", "scope", "qualification", "procedure"]
ObjectionOutcome = Literal["upheld", "rejected", "not_accepted"]  # 异议成立 / 驳回 / 不予受理
ReconsiderationOutcome = Literal["affirmed", "revoked", "modified"]  # 维持 / 撤销 / 变更
# 执行异议之诉: the judgment says whether the asset may be enforced (民诉法解释 arts. 310, 312)
SuitJudgment = Literal["enforce", "no_enforcement"]  # 准许执行 / 不得执行该执行标的


class FileObjection(_Model):
    """A written objection reached the enforcement court on ``received_on``: to an enforcement
    act (``act``, by a party or an interested party) or, by a third party (案外人), to the
    enforcement of one of the case's assets (``third_party``, naming it)."""

    type: Literal["file_objection"] = "file_objection"
    objection_id: Identifier
    kind: ObjectionKind
    objector: Annotated[str, Field(min_length=1, max_length=200)]
    received_on: Happened
    grounds: Text
    asset_id: Identifier | None = None  # required for a third-party objection
    valuation_ground: ValuationGround | None = None  # an act objection to the asset's valuation

    @model_validator(mode="after")
    def _asset_where_needed(self) -> "FileObjection":
        if self.kind == "third_party" and self.asset_id is None:
            raise ValueError("案外人异议须指明执行标的 / a third-party objection names an asset")
        if self.valuation_ground is not None and (self.kind != "act" or self.asset_id is None):
            raise ValueError(
                "对参考价的异议须为执行行为异议并指明财产 / a valuation ground is an act "
                "objection naming the asset"
            )
        return self


class RegisterObjection(_Model):
    """立案 of the objection, or 不予受理 with a reason (``accepted`` false)."""

    type: Literal["register_objection"] = "register_objection"
    objection_id: Identifier
    accepted: bool = True
    reason: Annotated[str, Field(max_length=2000)] = ""

    @model_validator(mode="after")
    def _reason_if_refused(self) -> "RegisterObjection":
        if not self.accepted and not self.reason.strip():
            raise ValueError("不予受理须说明理由 / a refusal gives its reason")
        return self


class RuleOnObjection(_Model):
    """异议裁定 by a collegial panel (合议庭) without the case's own officers, recorded by its
    presiding judge (listed first) once served on the objector on ``served_on``."""

    type: Literal["rule_on_objection"] = "rule_on_objection"
    objection_id: Identifier
    outcome: ObjectionOutcome
    panel: CollegialPanel
    served_on: Happened
    reasons: Text


class ApplyForReconsideration(_Model):
    """复议 to the court one level up, received on ``applied_on`` (act objections only)."""

    type: Literal["apply_for_reconsideration"] = "apply_for_reconsideration"
    objection_id: Identifier
    applicant: Annotated[str, Field(min_length=1, max_length=200)]
    applied_on: Happened
    grounds: Text


class ExtendReconsideration(_Model):
    """The higher court's president extends its review of the 复议 by up to 30 days."""

    type: Literal["extend_reconsideration"] = "extend_reconsideration"
    objection_id: Identifier
    days: Annotated[int, Field(gt=0, le=30)]
    approval_no: Annotated[str, Field(min_length=1, max_length=200)]


class RecordReconsiderationDecision(_Model):
    """The higher court's 复议 decision, as the enforcement court received it."""

    type: Literal["record_reconsideration_decision"] = "record_reconsideration_decision"
    objection_id: Identifier
    outcome: ReconsiderationOutcome
    decided_on: Happened
    reasons: Text


class RecordObjectionSuit(_Model):
    """执行异议之诉 filed in the enforcement court after a third-party ruling: by the third
    party after a rejection, by the applicant after the objection was upheld."""

    type: Literal["record_objection_suit"] = "record_objection_suit"
    objection_id: Identifier
    filed_on: Happened
    suit_case_number: Annotated[str, Field(min_length=1, max_length=64)]


class RecordSuitJudgment(_Model):
    """The judgment in the 执行异议之诉, once effective."""

    type: Literal["record_suit_judgment"] = "record_suit_judgment"
    objection_id: Identifier
    judgment: SuitJudgment
    judged_on: Happened


# -- fines and detention within the law (domain/sanctions.py, edition 3) -----------------------
class ApproveSanction(_Model):
    """院长补办批准手续 (民诉法解释 art. 181): the president approves a detention an officer
    ordered in an emergency, or releases the person if it was improper."""

    type: Literal["approve_sanction"] = "approve_sanction"
    sanction_id: Identifier
    decision: Literal["approved", "released"]
    note: Annotated[str, Field(max_length=2000)] = ""


class RecordFamilyNotified(_Model):
    """通知家属: the detained person's family told within 24 hours (民诉法解释 art. 180)."""

    type: Literal["record_family_notified"] = "record_family_notified"
    sanction_id: Identifier
    note: Annotated[str, Field(max_length=2000)] = ""


class ApplyForSanctionReview(_Model):
    """申请复议 of a fine or detention, once, to the court one level up, within 3 days of
    receiving the decision (民诉法 art. 119 ¶3; 民诉法解释 art. 185); it does not suspend it."""

    type: Literal["apply_for_sanction_review"] = "apply_for_sanction_review"
    sanction_id: Identifier
    received_on: Happened  # the day the person received the decision (决定书)
    grounds: Text


class RecordSanctionReview(_Model):
    """The court above's 复议 decision (within 5 days, 民诉法解释 art. 185): upheld, or revoked
    (撤销) and the sanction ends."""

    type: Literal["record_sanction_review"] = "record_sanction_review"
    sanction_id: Identifier
    outcome: Literal["upheld", "revoked"]
    note: Annotated[str, Field(max_length=2000)] = ""


# -- in-kind satisfaction above the claim (domain/in_kind.py, edition 3) ------------------------
class PayInKindDifference(_Model):
    """The taker paid the difference between the in-kind price and the claim (补交差价,
    拍卖变卖规定 art. 16 ¶2), in full: the asset is handed over."""

    type: Literal["pay_in_kind_difference"] = "pay_in_kind_difference"
    asset_id: Identifier
    amount_fen: PositiveFen
    paid_on: Happened


class ServeInKindRuling(_Model):
    """以物抵债裁定 served on the taker (拍卖变卖规定 art. 20): ownership passes then."""

    type: Literal["serve_in_kind_ruling"] = "serve_in_kind_ruling"
    asset_id: Identifier
    served_on: Happened


# -- the reference price: forwarding objections, re-issue after expiry (edition 3) -------------
class ForwardValuationObjection(_Model):
    """The court sends an objection to the platform or appraiser within 3 days, for a written
    explanation within 5 (参考价规定 art. 23, ``valuation.objection.forward``)."""

    type: Literal["forward_valuation_objection"] = "forward_valuation_objection"
    asset_id: Identifier
    forwarded_on: Happened


class RecordReissuedValuation(_Model):
    """The original appraiser's re-issued report, due within 15 days of the expiry of a price
    no first auction was announced on (参考价规定 art. 19 ¶4, ``valuation.reissue``)."""

    type: Literal["record_reissued_valuation"] = "record_reissued_valuation"
    asset_id: Identifier
    reference_price_fen: PositiveFen
    received_on: Happened


WritKind = Literal[
    "enforcement_notice",  # 执行通知书
    "property_report_order",  # 报告财产令
    "assistance_notice",  # 协助执行通知书 (冻结 / 查封 / 扣押)
    "consumption_restriction_order",  # 限制消费令
    "termination_ruling",  # 执行裁定书 (终结本次执行程序)
]


class RecordWrit(_Model):
    """文书生成: the writ office rendered a document an event issued (domain/writs.py) and kept
    the file in the record; the case records its fingerprint (全程留痕)."""

    type: Literal["record_writ"] = "record_writ"
    writ_key: Annotated[str, Field(min_length=1, max_length=200)]  # "<case>#<seq>/<n>"
    kind: WritKind
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    size_bytes: Annotated[int, Field(gt=0, le=50_000_000)]


Command = Annotated[
    IssueNotice
    | RecordService
    | RecordPropertyReport
    | ImposeMeasure
    | RequestAssetSearch
    | CompleteAssetSearch
    | RecordAssetFound
    | RegisterPropertyLead
    | RecordLeadChecked
    | FreezeAsset
    | ConfirmFreeze
    | RenewFreeze
    | ReleaseAsset
    | DeductFunds
    | Suspend
    | Resume
    | ExtendTimeLimit
    | BeginExcludedPeriod
    | EndExcludedPeriod
    | DeleteDishonestListing
    | TerminateThisProcedure
    | ResumeEnforcement
    | CloseCase
    | StartValuation
    | ExtendValuation
    | RecordValuation
    | RecordValuationObjection
    | ScheduleAuction
    | RecordAuctionResult
    | StartSale
    | RecordSaleResult
    | AcceptInKind
    | RecordFundsReceived
    | ApproveDistribution
    | RecordPayout
    | RecordSettlement
    | RecordInstallmentPaid
    | DeclareSettlementDefault
    | ProposeBankruptcyTransfer
    | ApproveBankruptcyTransfer
    | RecordBankruptcyDecision
    | OpenSupervision
    | SubmitSupervisionReport
    | Urge
    | CloseSupervision
    | RegisterPetition
    | RespondPetition
    | ClosePetition
    | EntrustTask
    | AnswerEntrustedTask
    | EntrustCase
    | RecordEntrustmentDocketed
    | ReportEntrustmentProgress
    | RecordRespondentMissing
    | RecordRespondentSought
    | RecordObstruction
    | SanctionObstruction
    | HearApplicant
    | RecordApplicantSignOff
    | ReviewTerminationByPanel
    | ApproveTermination
    | ReviewTerminatedCase
    | AgreeBankruptcyTransfer
    | SignBankruptcyTransfer
    | RecordBankruptcyMaterialsReceived
    | ServeDistributionPlan
    | FileDistributionObjection
    | RecordCounterOpinion
    | RecordDistributionSuit
    | RecordDistributionJudgment
    | JoinDistribution
    | RecordSealQueued
    | RecordPriorSealReleased
    | FileObjection
    | RegisterObjection
    | RuleOnObjection
    | ApplyForReconsideration
    | ExtendReconsideration
    | RecordReconsiderationDecision
    | RecordObjectionSuit
    | RecordSuitJudgment
    | ApproveSanction
    | RecordFamilyNotified
    | ApplyForSanctionReview
    | RecordSanctionReview
    | PayInKindDifference
    | ServeInKindRuling
    | ForwardValuationObjection
    | RecordReissuedValuation
    | RecordWrit,
    Field(discriminator="type"),
]


class Envelope(_Model):
    """What the ``execute`` update and the ``submit`` signal carry."""

    request_id: RequestId
    actor: Actor
    command: Command

    def digest(self) -> str:
        """What the request asks, whoever numbers it: the same request id sent again with
        another actor or command is another request (refused: ``request.reused``)."""
        what = self.model_dump(mode="json", include={"actor", "command"})
        text = json.dumps(what, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()
