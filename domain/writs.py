"""Documents (文书) the court issues, from templates: what each says, and the record of each.

An event that issues a document asks for it as an effect (``domain/effects.py``: a
``WritOrder`` carrying the ``WritContent`` below); the writ office renders it to PDF and keeps
the file in the record (activities/writs.py, store/writs.py), and the case records its SHA-256
and size through ``record_writ`` (event ``writ_issued``): 全程留痕.

The documents and the law each cites (民事诉讼法 as amended in 2023; DOMAIN-2 §0 on numbering):
- 执行通知书 (``notice_issued``): 民诉法 art. 251 (the notice, the order to perform), art. 264
  (double interest for late performance); 民诉法解释 art. 480.
- 报告财产令 (``notice_issued``): 民诉法 art. 252; 《关于民事执行中财产调查若干问题的规定》
  arts. 3-5 (the order, its contents, the period to report).
- 协助执行通知书 (``freeze_requested``): 民诉法 art. 253 (deposits and financial assets) or
  art. 255 (seal and seizure of other property); 查封扣押冻结规定 (2020).
- 限制消费令 (``measure_imposed`` consumption_restriction): 民诉法 art. 266; 《关于限制被执行人
  高消费及有关消费的若干规定》 arts. 1, 3 (what is restricted) and 4-5 (signed by the president,
  states the period, items and consequences: DOMAIN-2 ``credit.consumption.order``).
- 执行裁定书, 终结本次执行程序 (``procedure_terminated``): 民诉法解释 art. 517 (DOMAIN-2
  ``dormant.approval``); 终本规定 (法〔2016〕373号) art. 1 (``dormant.conditions``).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from domain import commands as c
from domain import events as ev
from domain.calendar import local_date
from domain.decision import Decision, reject
from domain.editions import TRAIL
from domain.errors import DomainError
from domain.labels import BASIS_ZH, MEASURE_ZH
from domain.money import format_yuan, yuan_in_capitals
from domain.roles import ANSWERERS
from domain.spec import LIVE, Applier, Appliers, Commands, CommandSpec, not_allowed_while
from domain.state import CaseState, Writ

WRIT_TITLE: dict[c.WritKind, str] = {
    "enforcement_notice": "执行通知书",
    "property_report_order": "报告财产令",
    "assistance_notice": "协助执行通知书",
    "consumption_restriction_order": "限制消费令",
    "termination_ruling": "执行裁定书",
}

CIVIL_PROCEDURE = "《中华人民共和国民事诉讼法》"
INTERPRETATION = "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》"
INVESTIGATION_RULES = "《最高人民法院关于民事执行中财产调查若干问题的规定》"
SEAL_RULES = "《最高人民法院关于人民法院民事执行中查封、扣押、冻结财产的规定》"
CONSUMPTION_RULES = "《最高人民法院关于限制被执行人高消费及有关消费的若干规定》"
TERMINATION_RULES = "《最高人民法院关于严格规范终结本次执行程序的规定（试行）》"

# The statute's articles were checked on 2026-12-01 against the 2023 text (LawRefBook/Laws,
# 诉讼与非诉讼程序法/民事诉讼法(2023-09-01).md): 251 the notice, 252 the report of property, 253
# deposits queried and frozen with an assistance notice, 255 property sealed or seized, 264 the
# doubled interest for late payment the notice announces, 266 credit records and "other measures
# the law provides" (the consumption restriction). The interpretation's 480 and 517 are DOMAIN.md's
# notice.issue and DOMAIN-2.md's dormant.approval rows (both checked there).
BASIS: dict[c.WritKind, tuple[str, ...]] = {
    "enforcement_notice": (
        f"{CIVIL_PROCEDURE}第二百五十一条",
        f"{CIVIL_PROCEDURE}第二百六十四条",
        f"{INTERPRETATION}第四百八十条",
    ),
    "property_report_order": (
        f"{CIVIL_PROCEDURE}第二百五十二条",
        f"{INVESTIGATION_RULES}第三条、第四条、第五条",
    ),
    "consumption_restriction_order": (
        f"{CIVIL_PROCEDURE}第二百六十六条",
        f"{CONSUMPTION_RULES}第一条、第三条、第四条、第五条",
    ),
    "termination_ruling": (
        f"{INTERPRETATION}第五百一十七条",
        f"{TERMINATION_RULES}第一条",
    ),
}
# 协助执行通知书: deposits and financial assets are frozen (art. 253), other property is sealed
# or seized (art. 255)
ASSISTANCE_BASIS: dict[c.ControlMeasure, tuple[str, ...]] = {
    "freeze": (f"{CIVIL_PROCEDURE}第二百五十三条", SEAL_RULES),
    "seal": (f"{CIVIL_PROCEDURE}第二百五十五条", SEAL_RULES),
    "seize": (f"{CIVIL_PROCEDURE}第二百五十五条", SEAL_RULES),
}

# 限消规定 art. 3: what a restricted respondent (or a unit's legal representative, principal,
# person directly responsible and actual controller) may not do
RESTRICTED_CONSUMPTION = (
    "乘坐交通工具时，选择飞机、列车软卧、轮船二等以上舱位",
    "在星级以上宾馆、酒店、夜总会、高尔夫球场等场所进行高消费",
    "购买不动产或者新建、扩建、高档装修房屋",
    "租赁高档写字楼、宾馆、公寓等场所办公",
    "购买非经营必需车辆",
    "旅游、度假",
    "子女就读高收费私立学校",
    "支付高额保费购买保险理财产品",
    "乘坐G字头动车组列车全部座位、其他动车组列车一等以上座位等其他非生活和工作必需的消费行为",
)

_NUMERALS = "〇一二三四五六七八九"


def _small_number(n: int) -> str:
    """1..31 in Chinese: 一, 十, 十一, 二十, 三十一."""
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _NUMERALS[tens] + "十")
    return head + (_NUMERALS[units] if units else "") if n else "〇"


def date_in_chinese(day: date) -> str:
    """A date as a court writes it: 2026-12-01 → 二〇二六年十二月一日."""
    year = "".join(_NUMERALS[int(d)] for d in f"{day.year:04d}")
    return f"{year}年{_small_number(day.month)}月{_small_number(day.day)}日"


def amount_in_words(amount_fen: int) -> str:
    """人民币壹万贰仟叁佰肆拾伍元陆角柒分（¥12,345.67）: capitals, then the figures."""
    return f"人民币{yuan_in_capitals(amount_fen)}（¥{format_yuan(amount_fen)}）"


class WritParty(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    role: Literal["申请执行人", "被执行人"]
    name: str


class WritContent(BaseModel):
    """What a document says: the writ office adds the court's name (its letterhead) from the
    court registry and renders it (PDF, and the page's HTML preview) from this alone."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: c.WritKind
    title: str
    case_number: str
    court_code: str
    addressee: str  # who it is addressed to: a respondent, or the unit asked to assist
    parties: tuple[WritParty, ...]
    paragraphs: tuple[str, ...]
    basis: tuple[str, ...]  # the articles it is issued under (法律依据)
    amount_fen: int | None  # the amount it names, if any (in the text in capitals and figures)
    issued_on: date

    @property
    def issued_on_zh(self) -> str:
        return date_in_chinese(self.issued_on)

    @property
    def amount_zh(self) -> str | None:
        return None if self.amount_fen is None else amount_in_words(self.amount_fen)


def _cites(basis: tuple[str, ...]) -> str:
    return "、".join(basis)


def _names(parties: list[c.Party]) -> str:
    return "、".join(p.name for p in parties)


def _case_line(s: CaseState) -> str:
    basis = BASIS_ZH.get(s.basis.kind, s.basis.kind)
    return (
        f"申请执行人{_names(s.applicants)}与被执行人{_names(s.respondents)}一案，"
        f"{basis}{s.basis.document_no}已经发生法律效力。申请执行人于"
        f"{date_in_chinese(s.filed_on)}向本院申请强制执行，本院依法立案执行"
    )


def _content(
    s: CaseState,
    kind: c.WritKind,
    on: date,
    addressee: str,
    paragraphs: list[str],
    amount_fen: int | None,
    basis: tuple[str, ...] | None = None,
) -> WritContent:
    return WritContent(
        kind=kind,
        title=WRIT_TITLE[kind],
        case_number=s.current_case_number,
        court_code=s.court_code,
        addressee=addressee,
        parties=tuple(
            [WritParty(role="申请执行人", name=p.name) for p in s.applicants]
            + [WritParty(role="被执行人", name=p.name) for p in s.respondents]
        ),
        paragraphs=tuple(paragraphs),
        basis=basis or BASIS[kind],
        amount_fen=amount_fen,
        issued_on=on,
    )


def _party_name(s: CaseState, party_id: str) -> str:
    party = next((p for p in s.respondents + s.applicants if p.party_id == party_id), None)
    return party.name if party is not None else party_id


def enforcement_notice(s: CaseState, party_id: str, on: date) -> WritContent:
    due = s.due_fen
    lines = [
        f"{_case_line(s)}。",
        f"依照{_cites(BASIS['enforcement_notice'])}的规定，责令你（单位）自收到本通知之日起"
        "立即履行生效法律文书确定的义务：",
        f"一、向申请执行人支付{amount_in_words(s.principal_fen)}；",
    ]
    if s.other_fen:
        lines.append(f"二、负担迟延履行期间的债务利息及其他费用{amount_in_words(s.other_fen)}。")
        lines.append(f"以上合计{amount_in_words(due)}。")
    lines += [
        "逾期不履行的，本院将依法强制执行，并依法将你（单位）纳入失信被执行人名单、限制消费；"
        "未按判决、裁定和其他法律文书指定的期间履行给付金钱义务的，应当加倍支付迟延履行期间的"
        "债务利息。",
    ]
    return _content(s, "enforcement_notice", on, _party_name(s, party_id), lines, due)


def property_report_order(s: CaseState, party_id: str, on: date) -> WritContent:
    lines = [
        f"{_case_line(s)}。",
        f"依照{_cites(BASIS['property_report_order'])}的规定，责令你（单位）在收到本令后五日内，"
        "如实向本院书面报告当前以及收到执行通知之日前一年的财产情况，包括收入、银行存款、"
        "现金、理财产品、有价证券、土地使用权、房屋等不动产、交通运输工具、机器设备、产品、"
        "原材料等动产、债权、股权、投资权益、基金份额、信托受益权、知识产权等财产性权利。",
        f"执行标的为{amount_in_words(s.due_fen)}。",
        "拒绝报告、虚假报告或者无正当理由逾期报告财产情况的，本院将根据情节轻重对你（单位）"
        "或者你单位的主要负责人、直接责任人员予以罚款、拘留；构成犯罪的，依法追究刑事责任。",
    ]
    return _content(s, "property_report_order", on, _party_name(s, party_id), lines, s.due_fen)


def assistance_notice(s: CaseState, e: ev.FreezeRequested, on: date) -> WritContent:
    asset = s.assets[e.asset_id]
    what = MEASURE_ZH[e.measure]
    owner = _party_name(s, asset.owner_party_id)
    basis = ASSISTANCE_BASIS[e.measure]
    lines = [
        f"{_case_line(s)}。",
        f"依照{_cites(basis)}的规定，请协助{what}被执行人{owner}的下列财产：",
        f"财产：{asset.description}。",
    ]
    if e.amount_fen is not None:
        lines.append(f"{what}数额：{amount_in_words(e.amount_fen)}。")
    lines += [
        f"{what}期限：{e.period_days}日，自{what}之日起计算；期限届满前本院可以依法续行。",
        f"{what}期间，未经本院许可，不得办理转移、过户、抵押等手续。请将协助执行的结果书面回复本院。",
    ]
    return _content(s, "assistance_notice", on, asset.holder, lines, e.amount_fen, basis)


def consumption_restriction_order(s: CaseState, e: ev.MeasureImposed, on: date) -> WritContent:
    name = _party_name(s, e.party_id)
    lines = [
        f"{_case_line(s)}。被执行人{name}未按执行通知书指定的期间履行生效法律文书确定的给付义务，"
        f"尚欠{amount_in_words(s.outstanding_fen)}。",
        f"依照{_cites(BASIS['consumption_restriction_order'])}的规定，自即日起限制你（单位）"
        "不得实施以下高消费及非生活和工作必需的消费行为（被执行人为单位的，对其法定代表人、"
        "主要负责人、影响债务履行的直接责任人员、实际控制人同样适用）：",
        *(f"（{_small_number(i)}）{item}；" for i, item in enumerate(RESTRICTED_CONSUMPTION, 1)),
        "本令的期间至你（单位）履行完毕生效法律文书确定的义务时止。因私消费以个人财产实施前述"
        "行为的，可以向本院提出申请，经本院审查属实的，应予准许。违反本令的，本院将依法予以罚款、"
        "拘留；情节严重，构成犯罪的，依法追究刑事责任。",
        "本令由院长签发。",
    ]
    return _content(s, "consumption_restriction_order", on, name, lines, s.outstanding_fen)


def termination_ruling(s: CaseState, e: ev.ProcedureTerminated) -> WritContent:
    lines = [
        f"{_case_line(s)}，执行标的为{amount_in_words(s.due_fen)}。",
        f"本案执行过程中，本院已向被执行人发出执行通知书、报告财产令，采取网络查控等财产调查措施，"
        f"已执行到位{amount_in_words(s.collected_fen)}，尚有{amount_in_words(s.outstanding_fen)}"
        f"未执行到位。{e.reason}。",
        "本院已将案件执行情况、采取的财产调查措施、被执行人的财产情况、终结本次执行程序的依据及"
        "法律后果告知申请执行人，并听取了申请执行人的意见。",
        f"依照{_cites(BASIS['termination_ruling'])}的规定，裁定如下：",
        f"终结{s.current_case_number}案件的本次执行程序。",
        "申请执行人发现被执行人有可供执行财产的，可以再次申请执行，再次申请不受申请执行时效期间"
        "的限制。被执行人负有继续向申请执行人履行债务的义务。",
        "本裁定送达后立即生效。",
    ]
    addressee = "、".join(p.name for p in s.applicants + s.respondents)
    return _content(s, "termination_ruling", e.on, addressee, lines, s.outstanding_fen)


def writs_of(s: CaseState, e: ev.Event) -> list[WritContent]:
    """The documents event `e`, just folded into `s`, issues."""
    on = local_date(e.occurred_at)
    match e:
        case ev.NoticeIssued(documents=docs):
            made = {"enforcement_notice": enforcement_notice}
            made["property_report_order"] = property_report_order
            return [made[d.kind](s, d.party_id, d.issued_on) for d in docs if d.kind in made]
        case ev.FreezeRequested() if e.entrusted_to is None:
            return [assistance_notice(s, e, on)]
        case ev.MeasureImposed(measure="consumption_restriction"):
            return [consumption_restriction_order(s, e, on)]
        case ev.ProcedureTerminated():
            return [termination_ruling(s, e)]
    return []


# -- the record of a document (record_writ) --------------------------------------------------


def cause_of(writ_key: str) -> tuple[str, int] | None:
    """'<case>#<seq>/<n>' → (case, seq); None for a key not of that form."""
    case, _, rest = writ_key.rpartition("#")
    seq, _, n = rest.partition("/")
    if not case or not seq.isdigit() or not n.isdigit():
        return None
    return case, int(seq)


def record_writ(d: Decision, cmd: c.RecordWrit) -> None:
    case = d.case
    cause = cause_of(cmd.writ_key)
    if cause is None or cause[0] != case.case_number or not 0 < cause[1] <= case.last_seq:
        raise reject(
            "writ.unknown",
            f"文书 {cmd.writ_key} 不是本案事件所发出的文书",
            f"{cmd.writ_key} is not a document an event of this case issued",
        )
    if cmd.writ_key in case.writs:
        raise reject(
            "writ.already_recorded",
            f"文书 {cmd.writ_key} 已登记（SHA-256 {case.writs[cmd.writ_key].sha256[:12]}…）",
            f"{cmd.writ_key} is already recorded",
        )
    d.emit(
        ev.WritIssued(
            writ_key=cmd.writ_key,
            kind=cmd.kind,
            title=WRIT_TITLE[cmd.kind],
            cause_seq=cause[1],
            sha256=cmd.sha256,
            size_bytes=cmd.size_bytes,
        )
    )


def _recordable(case: CaseState) -> DomainError | None:
    """A closed case records a document it issued from edition TRAIL on: the writ office may
    answer after the case closed (the close does not wait for documents). Before it, a closed
    case took no command."""
    if case.status == "closed" and case.edition < TRAIL:
        return not_allowed_while(case.status, "record_writ")
    return None


def _writ_issued(s: CaseState, e: ev.WritIssued) -> None:
    s.writs[e.writ_key] = Writ(
        writ_key=e.writ_key,
        kind=e.kind,
        title=e.title,
        cause_seq=e.cause_seq,
        issued_on=local_date(e.occurred_at),
        sha256=e.sha256,
        size_bytes=e.size_bytes,
    )


COMMANDS: Commands = (
    CommandSpec(
        c.RecordWrit,
        label_zh="登记文书生成",
        statuses=LIVE | {"closed"},
        roles=ANSWERERS,  # the writ office, once the file is in the record
        decide=record_writ,
        requires=_recordable,
    ),
)

APPLIERS: Appliers = (Applier(ev.WritIssued, _writ_issued),)
