"""强制措施 against a respondent: a consumption restriction order (限制消费令), the list of
dishonest judgment debtors (失信被执行人名单), fines (罚款), detention (拘留) and exit bans
(限制出境).

Sources: 《民事诉讼法》 arts. 118-119 (fines and detention, approved by the president);
《关于限制被执行人高消费及有关消费的若干规定》; 《关于公布失信被执行人名单信息的若干规定》.
"""

from __future__ import annotations

from domain import commands as c
from domain import events as ev
from domain.calendar import local_date
from domain.decision import Decision, reject, respondent
from domain.roles import CASE_STAFF, MEASURE_APPROVERS, MEASURES_NEEDING_APPROVAL
from domain.spec import ACTIVE, Applier, Appliers, Commands, CommandSpec
from domain.state import CaseState, Measure

ONCE_PER_RESPONDENT = ("consumption_restriction", "dishonest_list")


def impose_measure(d: Decision, cmd: c.ImposeMeasure) -> None:
    respondent(d.case, cmd.party_id)
    if cmd.measure in MEASURES_NEEDING_APPROVAL and d.actor.role not in MEASURE_APPROVERS:
        raise reject(
            "measure.approval_required",
            "罚款、拘留、限制出境须经院长或执行局长批准",
            "fines, detention and exit bans need the approval of the president or bureau head",
        )
    if cmd.measure in ONCE_PER_RESPONDENT and any(
        m.measure == cmd.measure and m.party_id == cmd.party_id for m in d.case.measures
    ):
        raise reject(
            "measure.already_imposed",
            "该措施已对该被执行人采取",
            "this measure is already in force against this respondent",
        )
    d.emit(
        ev.MeasureImposed(
            measure_id=f"M{d.next_seq}",
            measure=cmd.measure,
            party_id=cmd.party_id,
            amount_fen=cmd.amount_fen,
            days=cmd.days,
            note=cmd.note,
        )
    )


COMMANDS: Commands = (
    CommandSpec(
        c.ImposeMeasure,
        label_zh="采取强制措施",
        statuses=ACTIVE,
        roles=CASE_STAFF,
        decide=impose_measure,
    ),
)


def _imposed(s: CaseState, e: ev.MeasureImposed) -> None:
    s.measures.append(
        Measure(
            measure_id=e.measure_id,
            measure=e.measure,
            party_id=e.party_id,
            imposed_on=local_date(e.occurred_at),
        )
    )


APPLIERS: Appliers = (Applier(ev.MeasureImposed, _imposed),)
