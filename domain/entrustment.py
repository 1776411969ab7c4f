"""委托执行: a whole case handed to a court of the same level in another province (DOMAIN-2 §7).

Sources: 《民事诉讼法》(2023) art. 240; 《最高人民法院关于委托执行若干问题的规定》(2020年修正)
arts. 1, 2, 6, 7, 11.

The entrusting court's officer issues ``entrust_case`` (``entrust.case.when``, and the
formalities of ``entrust.case.formalities``): the letter goes to the receiving court
(``domain.effects.EntrustmentLetter``), whose filing desk dockets it under its own number
within 7 days (``entrust.case.register``, tracked by the entrusting case). The receiving case is
a new case whose filing records where it came from (``FileCase.entrusted_from``): it opens its
own deadlines (``entrust.case.start``: start within 15 days, report at 30; ``entrust.case.overdue``:
6 months) and sends its docketing notice back (``domain.effects.CaseMessage``), on which the
entrusting case closes as 销案 (``entrust.case.close_origin``) and tells the applicant in writing
(``entrust.case.notify_applicant``). Edition 2 (``domain.editions.COURTS``) only.

Seals and freezes with less than a month left are refused, not renewed on the way
(``entrust.case.formalities``): the law says "先行续封或者续冻，再移交", renew first and then hand
over; a renewal is a request to the bank or registry that takes effect days later
(``renew_freeze`` → ``confirm_freeze``), and the receiving court must get measures whose terms
are known. So the officer renews (the command exists), waits for the confirmation, then entrusts.
"""

from __future__ import annotations

from datetime import date

from domain import commands as c
from domain import events as ev
from domain import supervision
from domain.calendar import add_months
from domain.control import under_measure
from domain.courts import CourtRegistry, chain_problem
from domain.decision import Decision, not_future, reject
from domain.editions import COURTS
from domain.effects import EntrustmentLetter
from domain.errors import DomainError
from domain.roles import ANSWERERS, CASE_STAFF
from domain.spec import ACTIVE, ACTIVE_OR_SUSPENDED, OPEN, Applier, Appliers, Commands, CommandSpec
from domain.state import CaseState, Entrustment

ENTRUSTED = "entrusted"  # CaseClosed.outcome of the entrusting case: 销案, not 执结
HANDOVER_MIN_MONTHS = 1  # a measure handed over has at least a month left (委托执行规定 art. 6)
# What counts as "starting to enforce" (开始执行, 民诉法 art. 240) at the receiving court.
STARTING = (ev.NoticeIssued, ev.AssetSearchRequested, ev.FreezeRequested, ev.MeasureImposed)


def with_receiving_chain(command: c.Command, courts: CourtRegistry) -> c.Command:
    """``entrust_case`` with the receiving court's chain from the registry (the web and the CLI
    send commands through here); a court the registry does not hold keeps an empty chain, which
    the rule refuses. Any other command as it is."""
    if not isinstance(command, c.EntrustCase) or command.receiving_court_code not in courts:
        return command
    chain = courts.chain(command.receiving_court_code)
    return command.model_copy(update={"receiving_court_chain": chain})


def docketing(
    letter: EntrustmentLetter, case_number: str, officer_id: str, filed_on: date
) -> c.FileCase:
    """The receiving court's filing of an entrusted case (``entrust.case.register``): its own
    number and officer, the parties and the basis of the letter, the amount outstanding, and
    where it came from."""
    return c.FileCase(
        case_number=case_number,
        court_code=letter.receiving_court_code,
        filed_on=filed_on,
        basis=letter.basis,
        applicants=letter.applicants,
        respondents=letter.respondents,
        principal_fen=letter.principal_fen,
        officer_id=officer_id,
        edition=COURTS,
        court_chain=letter.receiving_court_chain,
        entrusted_from=letter.entrusted_from,
    )


def high_court(chain: tuple[str, ...]) -> str:
    """The province's high court in a court chain (the court just below the Supreme Court)."""
    return chain[-2] if len(chain) >= 2 else chain[-1]


# -- the entrusting court -------------------------------------------------------------------------
def _may_entrust(state: CaseState) -> DomainError | None:
    if state.edition < COURTS:
        return reject(
            "entrust.edition",
            "本案按旧版规则立案，不能委托执行",
            "this case was filed under rules without entrustment",
        )
    if state.entrusted_to is not None:
        return reject(
            "entrust.already",
            f"本案已委托 {state.entrusted_to.court_code} 执行",
            f"this case is already entrusted to {state.entrusted_to.court_code}",
        )
    return None


def short_measures(state: CaseState, today: date) -> list[str]:
    """Measures that cannot be handed over as they stand (``entrust.case.formalities``): in force
    with less than a month left, or not yet in force (asked for, a renewal not confirmed)."""
    threshold = add_months(today, HANDOVER_MIN_MONTHS)
    short = []
    for asset in state.assets.values():
        control = asset.control
        if not under_measure(asset) or control is None:
            continue
        if control.state != "effective" or control.expires_on is None:
            short.append(f"{asset.asset_id}（措施尚未生效）")
        elif control.expires_on < threshold:
            short.append(f"{asset.asset_id}（{control.expires_on} 到期）")
    return short


def entrust_case(d: Decision, cmd: c.EntrustCase) -> None:
    """``entrust.case.when``: another province, the same level; ``entrust.case.formalities``."""
    case = d.case
    theirs = cmd.receiving_court_chain
    problem = chain_problem(cmd.receiving_court_code, theirs)
    if problem is not None:
        raise reject(
            "entrust.unknown_court",
            f"受托法院 {cmd.receiving_court_code} 不在法院名录中或其上级法院链有误：{problem}",
            f"the receiving court {cmd.receiving_court_code} is not in the registry: {problem}",
        )
    if high_court(theirs) == high_court(case.chain):
        raise reject(
            "entrust.same_province",
            f"{cmd.receiving_court_code} 与本院同属 {high_court(case.chain)} 辖区：委托执行限于"
            "外省（自治区、直辖市）的同级法院，省内按高级法院的规定办理",
            f"{cmd.receiving_court_code} is in the same province: a case is entrusted only to a "
            "court in another province",
        )
    if len(theirs) != len(case.chain):
        raise reject(
            "entrust.not_same_level",
            f"{cmd.receiving_court_code} 与本院不是同级法院",
            f"{cmd.receiving_court_code} is not a court of this court's level",
        )
    if case.outstanding_fen <= 0:
        raise reject(
            "entrust.nothing_outstanding",
            "本案已无未执行到位的款项，无需委托执行",
            "nothing is outstanding: there is nothing to entrust",
        )
    short = short_measures(case, d.today)
    if short:
        raise reject(
            "entrust.renew_first",
            f"以下控制措施有效期不足一个月或尚未生效，请先续行查封、冻结并待其生效后再委托："
            f"{'、'.join(short)}",
            f"renew these measures first (less than a month left, or not in force): "
            f"{', '.join(short)}",
        )
    d.emit(
        ev.CaseEntrusted(
            receiving_court_code=cmd.receiving_court_code,
            receiving_court_chain=theirs,
            letter_on=d.today,
            reason=cmd.reason,
            principal_fen=case.outstanding_fen,
            handed_over=[a.asset_id for a in case.assets.values() if under_measure(a)],
        )
    )
    d.open_by_rule("entrust.case.register", "case", d.today)


def _docketing_awaited(state: CaseState) -> DomainError | None:
    if state.entrusted_to is None or state.entrusted_to.case_number is not None:
        return reject(
            "entrust.none_pending",
            "本案没有等待受托法院立案的委托",
            "no entrustment of this case awaits docketing",
        )
    return None


def record_entrustment_docketed(d: Decision, cmd: c.RecordEntrustmentDocketed) -> None:
    """``entrust.case.close_origin``: 销案 on the docketing notice. ``entrust.case
    .notify_applicant``: the applicant is told in writing with this decision (the written notice
    is its effect, domain/effects.py), so the 7 days open and are met at once."""
    entrusted = d.case.entrusted_to
    assert entrusted is not None
    court = c.parse_case_number(cmd.receiving_case_number).group("court")
    if court != entrusted.court_code:
        raise reject(
            "entrust.wrong_court",
            f"案号 {cmd.receiving_case_number} 不是受托法院 {entrusted.court_code} 的案号",
            f"{cmd.receiving_case_number} is not a case of {entrusted.court_code}",
        )
    not_future(d, cmd.docketed_on, "立案日期", "docketing date")
    if cmd.docketed_on < entrusted.letter_on:
        raise reject(
            "entrust.docketed_before_letter",
            f"立案日期 {cmd.docketed_on} 早于委托日期 {entrusted.letter_on}",
            f"docketed on {cmd.docketed_on}, before the letter of {entrusted.letter_on}",
        )
    d.emit(
        ev.EntrustmentDocketed(
            receiving_case_number=cmd.receiving_case_number, docketed_on=cmd.docketed_on
        )
    )
    d.meet("entrust.case.register")
    d.emit(
        ev.CaseClosed(
            outcome=ENTRUSTED,
            on=d.today,
            reason=f"委托 {entrusted.court_code} 执行，受托法院已立案"
            f"（{cmd.receiving_case_number}），销案 / entrusted: closed on the docketing notice",
        )
    )
    d.waive(d.case.open_deadlines(), "委托执行销案 / closed: entrusted")
    supervision.close_with_case(d)
    d.open_by_rule("entrust.case.notify_applicant", "case", d.today)
    d.meet("entrust.case.notify_applicant")


# -- the receiving court --------------------------------------------------------------------------
def docketed(d: Decision, command: c.FileCase) -> None:
    """The receiving court's filing of an entrusted case: ``entrust.case.start`` (15 days to
    start, 30 to report) counted from the letter's receipt, ``entrust.case.overdue`` (6 months)
    from the docketing."""
    origin = command.entrusted_from
    if origin is None:
        return
    d.open_by_rule("entrust.case.start", "case", origin.letter_on)
    d.open_by_rule("entrust.case.report", "case", origin.letter_on)
    d.open_by_rule("entrust.case.overdue", "case", command.filed_on)


def start_follows(d: Decision) -> None:
    """The receiving court's first act of enforcement meets ``entrust.case.start``."""
    if any(isinstance(e, STARTING) for e in d.events):
        d.meet("entrust.case.start")


def _entrusted_in(state: CaseState) -> DomainError | None:
    if state.entrusted_from is None:
        return reject(
            "entrust.not_entrusted",
            "本案不是受托执行的案件",
            "this case was not entrusted to this court",
        )
    return None


def report_entrustment_progress(d: Decision, cmd: c.ReportEntrustmentProgress) -> None:
    d.emit(ev.EntrustmentReported(summary=cmd.summary, on=d.today))
    d.meet("entrust.case.report")


COMMANDS: Commands = (
    CommandSpec(
        c.EntrustCase,
        label_zh="委托执行（委托外省同级法院）",
        statuses=ACTIVE,
        roles=CASE_STAFF,
        decide=entrust_case,
        requires=_may_entrust,
    ),
    CommandSpec(
        c.RecordEntrustmentDocketed,
        label_zh="登记受托法院立案（销案）",
        statuses=ACTIVE_OR_SUSPENDED,
        roles=CASE_STAFF | ANSWERERS,
        decide=record_entrustment_docketed,
        requires=_docketing_awaited,
    ),
    CommandSpec(
        c.ReportEntrustmentProgress,
        label_zh="函告委托法院执行情况",
        statuses=OPEN,
        roles=CASE_STAFF,
        decide=report_entrustment_progress,
        requires=_entrusted_in,
    ),
)


# -- how its events change the case -------------------------------------------------------------
def _entrusted(s: CaseState, e: ev.CaseEntrusted) -> None:
    s.entrusted_to = Entrustment(
        court_code=e.receiving_court_code,
        case_number=None,
        letter_on=e.letter_on,
        handed_over=list(e.handed_over),
    )


def _docketed(s: CaseState, e: ev.EntrustmentDocketed) -> None:
    assert s.entrusted_to is not None
    s.entrusted_to.case_number, s.entrusted_to.docketed_on = e.receiving_case_number, e.docketed_on


def _reported(s: CaseState, e: ev.EntrustmentReported) -> None:
    assert s.entrusted_from is not None
    s.entrusted_from.reported_on = e.on


APPLIERS: Appliers = (
    Applier(ev.CaseEntrusted, _entrusted),
    Applier(ev.EntrustmentDocketed, _docketed),
    Applier(ev.EntrustmentReported, _reported),
)
