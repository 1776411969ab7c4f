"""Fines and detention (罚款, 拘留) within the law, edition 3 on (DOMAIN-2 §4): 民诉法 (2023)
art. 118 caps a fine at ¥100,000 for a person and between ¥50,000 and ¥1,000,000 for a unit
(`sanction.fine.cap`) and detention at 15 days (`sanction.detention.cap`, in the commands'
models); art. 119 has the president approve both (`sanction.approval`: "拘传、罚款、拘留必须经
院长批准"). Before edition 3 a bureau head approved and no cap was checked.

The caps and the approval are checked by ``impose_measure`` (domain/measures.py) and
``sanction_obstruction`` (domain/dormant.py). For ``impose_measure`` this area adds, edition 3:

- the act punished is named, and the same act is not fined or detained again while the first
  stands (`sanction.no_repeat`, 民诉法解释 art. 184: "对同一妨害民事诉讼行为的罚款、拘留不得
  连续适用"); a new act can be;
- an officer may detain first in an emergency; the president approves after the fact or
  releases (`sanction.emergency`, 民诉法解释 art. 181), ``approve_sanction``;
- the family is notified within 24 hours of a detention (`sanction.notify_family`, art. 180);
- one 复议 to the court above, applied for within 3 days of receiving the decision, which is
  not suspended meanwhile (`sanction.reconsider.apply`, 民诉法 art. 119 ¶3, 解释 art. 185), and
  decided there within 5 days (`sanction.reconsider.decide`).

A sanction is the ``Measure`` the fine or detention recorded; commands name it ``sanction_id``.
"""

from __future__ import annotations

from datetime import timedelta

from domain import commands as c
from domain import events as ev
from domain.calendar import DueDate, local_date
from domain.commands import Role
from domain.deadlines import RULES
from domain.decision import Decision, calendar, has_open, not_future, reject
from domain.editions import CONTESTED
from domain.errors import DomainError
from domain.money import format_yuan
from domain.roles import CASE_STAFF, PRESIDENT
from domain.spec import LIVE, Applier, Appliers, Commands, CommandSpec, from_edition
from domain.state import CaseState, Measure

FINE_CAP_PERSON_FEN = 10_000_000  # ¥100,000
FINE_MIN_UNIT_FEN = 5_000_000  # ¥50,000
FINE_CAP_UNIT_FEN = 100_000_000  # ¥1,000,000
NEEDING_THE_PRESIDENT = frozenset({"fine", "detention"})
REVIEW_APPLY_DAYS = 3  # 民诉法解释 art. 185: "自收到决定书之日起三日内提出"
EMERGENCY = "sanction.emergency"
NOTIFY_FAMILY = "sanction.notify_family"
REVIEW_DECIDE = "sanction.reconsider.decide"


def sanction_refusal(
    sanction: str, role: Role, kind: str, amount_fen: int | None
) -> DomainError | None:
    """Why a fine or detention of a ``kind`` of party, approved by ``role``, breaks the law."""
    if sanction in NEEDING_THE_PRESIDENT and role != "president":
        return reject(
            "sanction.approval",
            "罚款、拘留须经院长批准（民诉法第119条）",
            "a fine or detention needs the president's approval (Civil Procedure Law art. 119)",
        )
    if sanction != "fine" or amount_fen is None:
        return None
    person = kind == "person"  # a unit: a company or another organization (其他组织)
    low, high = (0, FINE_CAP_PERSON_FEN) if person else (FINE_MIN_UNIT_FEN, FINE_CAP_UNIT_FEN)
    if low <= amount_fen <= high:
        return None
    whom_zh, whom_en = ("个人", "a person") if person else ("单位", "a unit")
    bounds_zh = f"{format_yuan(low)}元以上" if low else ""
    return reject(
        "sanction.fine.cap",
        f"对{whom_zh}的罚款金额为{bounds_zh}{format_yuan(high)}元以下（民诉法第118条），"
        f"不能罚款 {format_yuan(amount_fen)} 元",
        f"a fine on {whom_en} is {format_yuan(low)} to {format_yuan(high)} yuan "
        f"(Civil Procedure Law art. 118), not {format_yuan(amount_fen)}",
    )


# -- impose_measure's fine or detention (edition 3) ------------------------------------------------
def awaits_approval(d: Decision, cmd: c.ImposeMeasure) -> bool:
    """Check a fine or detention of an edition-3 case (domain/measures.py ``impose_measure``);
    True when it is an officer's emergency detention, the president's approval to follow."""
    if cmd.measure not in NEEDING_THE_PRESIDENT:
        return False
    if not cmd.act.strip():
        raise reject(
            "sanction.act_required",
            "罚款、拘留须写明所针对的妨害执行行为",
            "a fine or detention names the obstructing act it punishes",
        )
    repeated = next((m for m in _standing(d.case, cmd.party_id, cmd.measure, cmd.act)), None)
    if repeated is not None:
        raise reject(
            "sanction.no_repeat",
            f"对同一妨害行为已{_measure_zh(cmd.measure)}（{repeated.measure_id}），不得连续适用"
            "（民诉法解释第184条）；发生新的妨害行为的，可以重新予以罚款、拘留",
            f"this act was already punished by {repeated.measure_id}: the same act is not "
            "fined or detained again (民诉法解释 art. 184); a new act can be",
        )
    emergency = cmd.emergency and d.actor.role != "president"
    if not emergency:
        kind = next(p.kind for p in d.case.respondents if p.party_id == cmd.party_id)
        refusal = sanction_refusal(cmd.measure, d.actor.role, kind, cmd.amount_fen)
        if refusal is not None:
            raise refusal
    return emergency


def _standing(state: CaseState, party_id: str, measure: str, act: str) -> list[Measure]:
    """The fines (or detentions) of ``party_id`` for ``act`` that still stand (neither released
    nor revoked)."""
    return [
        m
        for m in state.measures
        if m.party_id == party_id
        and m.measure == measure
        and m.act.strip() == act.strip()
        and m.ended_on is None
    ]


def _measure_zh(measure: str) -> str:
    return "罚款" if measure == "fine" else "拘留"


def after_imposed(d: Decision, measure: c.ImposeMeasure, sanction_id: str) -> None:
    """The deadlines an edition-3 detention opens: the president's approval after the fact of an
    emergency one, and the family's notice within 24 hours (both from this moment)."""
    if measure.measure != "detention":
        return
    if _of(d.case, sanction_id).awaiting_approval:
        _open_in_hours(d, EMERGENCY, sanction_id)
    _open_in_hours(d, NOTIFY_FAMILY, sanction_id)


def _open_in_hours(d: Decision, rule_id: str, subject: str) -> None:
    due_at = d.now + timedelta(hours=RULES[rule_id].amount)
    d.open_deadline(rule_id, subject, DueDate(on=local_date(due_at)), due_at)


# -- the commands ----------------------------------------------------------------------------------
def _sanction(state: CaseState, sanction_id: str) -> Measure:
    found = next(
        (
            m
            for m in state.measures
            if m.measure_id == sanction_id and m.measure in NEEDING_THE_PRESIDENT
        ),
        None,
    )
    if found is None:
        raise reject(
            "sanction.unknown",
            f"没有罚款、拘留决定 {sanction_id}",
            f"no fine or detention {sanction_id}",
        )
    return found


def approve_sanction(d: Decision, cmd: c.ApproveSanction) -> None:
    """院长补办批准手续 or 解除拘留 (民诉法解释 art. 181: "院长认为拘留不当的，应当解除拘留")."""
    sanction = _sanction(d.case, cmd.sanction_id)
    if not sanction.awaiting_approval:
        raise reject(
            "sanction.not_awaiting_approval",
            f"{cmd.sanction_id} 不是待院长补办批准的紧急拘留",
            f"{cmd.sanction_id} is no emergency detention awaiting the president's approval",
        )
    d.emit(ev.SanctionApproved(sanction_id=cmd.sanction_id, decision=cmd.decision, note=cmd.note))
    d.meet(EMERGENCY, cmd.sanction_id)


def record_family_notified(d: Decision, cmd: c.RecordFamilyNotified) -> None:
    _sanction(d.case, cmd.sanction_id)
    if not has_open(d.case, NOTIFY_FAMILY, cmd.sanction_id):
        raise reject(
            "sanction.family_not_owed",
            f"{cmd.sanction_id} 没有待通知家属的拘留",
            f"no family notice is owed for {cmd.sanction_id}",
        )
    d.emit(ev.FamilyNotified(sanction_id=cmd.sanction_id, note=cmd.note))
    d.meet(NOTIFY_FAMILY, cmd.sanction_id)


def apply_for_sanction_review(d: Decision, cmd: c.ApplyForSanctionReview) -> None:
    sanction = _sanction(d.case, cmd.sanction_id)
    if sanction.awaiting_approval:
        raise reject(
            "sanction.not_yet_approved",
            "紧急拘留尚待院长补办批准，批准后的决定书方可申请复议",
            "the emergency detention awaits the president's approval: its decision comes then",
        )
    if sanction.review_applied_on is not None:
        raise reject(
            "sanction.reconsider.once",
            "对罚款、拘留决定只能申请复议一次（民诉法第119条）",
            "a fine or detention is reviewed once only (Civil Procedure Law art. 119)",
        )
    not_future(d, cmd.received_on, "收到决定书日期", "the day the decision was received")
    if cmd.received_on < sanction.imposed_on:
        raise reject(
            "sanction.received_before_decision",
            f"收到决定书日期（{cmd.received_on}）早于决定日期（{sanction.imposed_on}）",
            f"the decision ({sanction.imposed_on}) cannot be received on {cmd.received_on}",
        )
    last_day = calendar().days_after(cmd.received_on, REVIEW_APPLY_DAYS).on
    if d.today > last_day:
        raise reject(
            "sanction.reconsider.late",
            f"应自收到决定书之日起三日内申请复议（至 {last_day}），已逾期（民诉法解释第185条）",
            f"a review is applied for within 3 days of receiving the decision (by {last_day})",
        )
    d.emit(
        ev.SanctionReviewApplied(
            sanction_id=cmd.sanction_id, received_on=cmd.received_on, grounds=cmd.grounds
        )
    )
    d.open_by_rule(REVIEW_DECIDE, cmd.sanction_id, d.today)


def record_sanction_review(d: Decision, cmd: c.RecordSanctionReview) -> None:
    sanction = _sanction(d.case, cmd.sanction_id)
    if not _under_review(sanction):
        raise reject(
            "sanction.not_under_review",
            f"{cmd.sanction_id} 没有待决定的复议申请",
            f"{cmd.sanction_id} has no review pending",
        )
    d.emit(ev.SanctionReviewed(sanction_id=cmd.sanction_id, outcome=cmd.outcome, note=cmd.note))
    d.meet(REVIEW_DECIDE, cmd.sanction_id)


def _under_review(m: Measure) -> bool:
    return m.review_applied_on is not None and m.review_outcome is None


def _reviewable(m: Measure) -> bool:
    return (
        m.measure in NEEDING_THE_PRESIDENT
        and m.in_force
        and not m.awaiting_approval
        and m.review_applied_on is None
    )


def _sanctions(state: CaseState) -> list[Measure]:
    return [m for m in state.measures if m.measure in NEEDING_THE_PRESIDENT]


COMMANDS: Commands = (
    CommandSpec(
        c.ApproveSanction,
        label_zh="院长补办批准拘留",
        statuses=LIVE,
        roles=PRESIDENT,
        decide=approve_sanction,
        requires=from_edition(CONTESTED),
        offer_when=lambda s: any(m.awaiting_approval for m in _sanctions(s)),
    ),
    CommandSpec(
        c.RecordFamilyNotified,
        label_zh="通知被拘留人家属",
        statuses=LIVE,
        roles=CASE_STAFF,
        decide=record_family_notified,
        requires=from_edition(CONTESTED),
        offer_when=lambda s: has_open(s, NOTIFY_FAMILY),
    ),
    CommandSpec(
        c.ApplyForSanctionReview,
        label_zh="申请复议罚款、拘留决定",
        statuses=LIVE,
        roles=CASE_STAFF,
        decide=apply_for_sanction_review,
        requires=from_edition(CONTESTED),
        offer_when=lambda s: any(_reviewable(m) for m in _sanctions(s)),
    ),
    CommandSpec(
        c.RecordSanctionReview,
        label_zh="登记上级法院复议决定",
        statuses=LIVE,
        roles=CASE_STAFF,
        decide=record_sanction_review,
        requires=from_edition(CONTESTED),
        offer_when=lambda s: any(_under_review(m) for m in _sanctions(s)),
    ),
)


def _of(s: CaseState, sanction_id: str) -> Measure:
    return next(m for m in s.measures if m.measure_id == sanction_id)


def _approved(s: CaseState, e: ev.SanctionApproved) -> None:
    sanction = _of(s, e.sanction_id)
    sanction.awaiting_approval = False
    if e.decision == "released":
        sanction.ended_on = local_date(e.occurred_at)


def _family_notified(s: CaseState, e: ev.FamilyNotified) -> None:
    _of(s, e.sanction_id).family_notified_at = e.occurred_at


def _review_applied(s: CaseState, e: ev.SanctionReviewApplied) -> None:
    _of(s, e.sanction_id).review_applied_on = local_date(e.occurred_at)


def _reviewed(s: CaseState, e: ev.SanctionReviewed) -> None:
    sanction = _of(s, e.sanction_id)
    sanction.review_outcome = e.outcome
    if e.outcome == "revoked":
        sanction.ended_on = local_date(e.occurred_at)


APPLIERS: Appliers = (
    Applier(ev.SanctionApproved, _approved),
    Applier(ev.FamilyNotified, _family_notified),
    Applier(ev.SanctionReviewApplied, _review_applied),
    Applier(ev.SanctionReviewed, _reviewed),
)
