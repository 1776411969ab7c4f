"""What 终本 (终结本次执行程序) rests on besides the searches, for cases of edition COURTS on
(domain/editions.py): a missing respondent searched for and obstruction sanctioned (终本规定
art. 1 (5)), the applicant heard (art. 5), the ruling signed off by the applicant or reviewed by a
collegial panel (合议庭) and approved by the president (民诉法解释 art. 517); what counts as
property that cannot be disposed of (art. 4); and the review (评查) of 终本 cases by a court
above, from which the 终本合格率 is computed (store/queries.py).

DOMAIN-2 §6: `dormant.conditions` (5), `dormant.hear_applicant`, `dormant.approval`,
`dormant.undisposable` (b); §4: `sanction.approval`, `sanction.no_repeat`. The ruling itself and
the other conditions are procedure.py's (`termination_obstacles`).
"""

from __future__ import annotations

from typing import get_args

from domain import commands as c
from domain import events as ev
from domain.calendar import local_date
from domain.decision import Decision, reject, respondent
from domain.editions import CONTESTED
from domain.errors import DomainError
from domain.roles import (
    CASE_STAFF,
    DECIDERS,
    MEASURE_APPROVERS,
    MEASURES_NEEDING_APPROVAL,
    PRESIDENT,
    PRESIDING_JUDGE,
    SUPERVISORS,
)
from domain.sanctions import sanction_refusal
from domain.spec import ACTIVE, OPEN, Applier, Appliers, Commands, CommandSpec
from domain.state import (
    Asset,
    CaseState,
    MissingRespondent,
    Obstruction,
    TerminationFile,
    TerminationReview,
)

SANCTIONS = frozenset(get_args(c.Sanction))


# -- what 终本 needs (edition COURTS on) -----------------------------------------------------------
def undisposable(asset: Asset) -> bool:
    """A vehicle sealed at the registry (查封登记) and never physically seized (扣押) is property
    found that cannot be disposed of (`dormant.undisposable` (b)): it does not stand in the way
    of 终本, and its seal stays (`dormant.seals`)."""
    control = asset.control
    return (
        asset.kind == "vehicle"
        and control is not None
        and control.measure == "seal"
        and control.in_force
        and not asset.disposing
    )


def approved(state: CaseState) -> bool:
    """民诉法解释 art. 517: every applicant signed 终本 off, or a collegial panel agreed and the
    president approved (`dormant.approval`)."""
    file = state.termination_file
    signed = {a.party_id for a in state.applicants} <= set(file.signed_off)
    return signed or (file.panel_agreed and file.approved)


def obstacles(state: CaseState) -> list[DomainError]:
    """The unmet conditions of 终本 this module adds, in the order of the rules."""
    problems: list[DomainError] = []
    unsought = [m.party_id for m in state.missing.values() if m.sought_on is None]
    if unsought:
        problems.append(
            reject(
                "termination.respondent_not_sought",
                f"下落不明的被执行人尚未依法查找：{'、'.join(unsought)}",
                f"a missing respondent was not searched for: {', '.join(unsought)}",
            )
        )
    unsanctioned = [o.obstruction_id for o in state.obstructions.values() if not o.sanctions]
    if unsanctioned:
        problems.append(
            reject(
                "termination.obstruction_unsanctioned",
                "妨害执行行为尚未依法采取罚款、拘留等强制措施或启动刑事责任追究程序："
                + "、".join(unsanctioned),
                "an obstruction was neither fined, nor punished by detention, nor referred for "
                f"prosecution: {', '.join(unsanctioned)}",
            )
        )
    heard = state.termination_file.heard
    unheard = [a.party_id for a in state.applicants if a.party_id not in heard]
    if unheard:
        problems.append(
            reject(
                "termination.applicant_not_heard",
                f"尚未告知申请执行人执行情况及终本的依据和后果并听取其意见：{'、'.join(unheard)}",
                f"the applicant was not told and heard before 终本: {', '.join(unheard)}",
            )
        )
    if not approved(state):
        problems.append(
            reject(
                "termination.not_approved",
                "终本须经申请执行人签字确认，或经合议庭审查核实并经院长批准",
                "终本 needs the applicant's sign-off, or a collegial panel's review and the "
                "president's approval",
            )
        )
    return problems


# -- 下落不明 and 妨害执行 (`dormant.conditions` (5)) ----------------------------------------------
def record_respondent_missing(d: Decision, cmd: c.RecordRespondentMissing) -> None:
    respondent(d.case, cmd.party_id)
    if cmd.party_id in d.case.missing:
        raise reject(
            "respondent.already_missing",
            f"已记录被执行人 {cmd.party_id} 下落不明",
            f"respondent {cmd.party_id} is already recorded as missing",
        )
    d.emit(ev.RespondentMissing(party_id=cmd.party_id, note=cmd.note, on=d.today))


def record_respondent_sought(d: Decision, cmd: c.RecordRespondentSought) -> None:
    if cmd.party_id not in d.case.missing:
        raise reject(
            "respondent.not_missing",
            f"未记录被执行人 {cmd.party_id} 下落不明",
            f"respondent {cmd.party_id} is not recorded as missing",
        )
    d.emit(
        ev.RespondentSought(party_id=cmd.party_id, means=cmd.means, located=cmd.located, on=d.today)
    )


def record_obstruction(d: Decision, cmd: c.RecordObstruction) -> None:
    if cmd.party_id is not None:
        respondent(d.case, cmd.party_id)
    d.emit(
        ev.ObstructionRecorded(
            obstruction_id=f"O{d.next_seq}",
            obstructor=cmd.obstructor,
            party_id=cmd.party_id,
            description=cmd.description,
            on=d.today,
        )
    )


def _open_to_sanction(obstruction: Obstruction) -> bool:
    return not set(obstruction.sanctions) >= SANCTIONS


def sanction_obstruction(d: Decision, cmd: c.SanctionObstruction) -> None:
    obstruction = d.case.obstructions.get(cmd.obstruction_id)
    if obstruction is None:
        raise reject(
            "obstruction.unknown",
            f"妨害执行行为 {cmd.obstruction_id} 不存在",
            f"no obstruction {cmd.obstruction_id}",
        )
    if d.case.edition >= CONTESTED:  # the obstructor named by name is taken as a person
        kind = next(
            (p.kind for p in d.case.respondents if p.party_id == obstruction.party_id), "person"
        )
        refusal = sanction_refusal(cmd.sanction, d.actor.role, kind, cmd.amount_fen)
        if refusal is not None:
            raise refusal
    if cmd.sanction in MEASURES_NEEDING_APPROVAL and d.actor.role not in MEASURE_APPROVERS:
        raise reject(  # `sanction.approval`
            "measure.approval_required",
            "罚款、拘留须经院长批准",
            "a fine or detention needs the president's approval",
        )
    if cmd.sanction in obstruction.sanctions:
        raise reject(  # `sanction.no_repeat`
            "obstruction.already_sanctioned",
            "对同一妨害执行行为的罚款、拘留不得连续适用",
            "the same obstruction cannot be punished again by the same sanction",
        )
    d.emit(
        ev.ObstructionSanctioned(
            obstruction_id=cmd.obstruction_id,
            sanction=cmd.sanction,
            decision_no=cmd.decision_no,
            amount_fen=cmd.amount_fen,
            days=cmd.days,
        )
    )


# -- hearing the applicant, and the two routes of approval -----------------------------------------
def _applicant(state: CaseState, party_id: str) -> None:
    if party_id not in {p.party_id for p in state.applicants}:
        raise reject(
            "party.not_applicant",
            f"{party_id} 不是本案申请执行人",
            f"{party_id} is not an applicant of this case",
        )


def hear_applicant(d: Decision, cmd: c.HearApplicant) -> None:
    _applicant(d.case, cmd.applicant_id)
    d.emit(
        ev.ApplicantHeard(
            applicant_id=cmd.applicant_id,
            informed=cmd.informed,
            opinion=cmd.opinion,
            on=d.today,
        )
    )


def _may_sign_off(state: CaseState, applicant_id: str) -> bool:
    file = state.termination_file
    return applicant_id in file.heard and applicant_id not in file.signed_off


def record_applicant_sign_off(d: Decision, cmd: c.RecordApplicantSignOff) -> None:
    _applicant(d.case, cmd.applicant_id)
    if not _may_sign_off(d.case, cmd.applicant_id):
        raise reject(
            "termination.sign_off_not_open",
            f"申请执行人 {cmd.applicant_id} 须先经告知并听取意见，且尚未签字确认",
            f"applicant {cmd.applicant_id} must be heard first, and not have signed off yet",
        )
    d.emit(ev.ApplicantSignedOff(applicant_id=cmd.applicant_id, note=cmd.note))


def review_termination_by_panel(d: Decision, cmd: c.ReviewTerminationByPanel) -> None:
    presiding = cmd.panel.members[0]
    if d.actor.user_id != presiding:
        raise reject(
            "panel.not_presiding",
            f"合议庭的决定由审判长（{presiding}）提交",
            f"the presiding judge ({presiding}) submits the panel's decision",
        )
    d.emit(
        ev.TerminationPanelReviewed(
            members=list(cmd.panel.members), agreed=cmd.agreed, opinion=cmd.opinion
        )
    )


def _panel_agreed(state: CaseState) -> DomainError | None:
    file = state.termination_file
    if not file.panel_agreed or file.approved:
        return reject(
            "termination.panel_not_agreed",
            "院长批准终本须在合议庭审查核实同意之后，且尚未批准",
            "the president approves 终本 after a collegial panel agreed, once",
        )
    return None


def approve_termination(d: Decision, cmd: c.ApproveTermination) -> None:
    d.emit(ev.TerminationApproved(note=cmd.note))


# -- 评查: the review of a 终本 case by a court above ----------------------------------------------
def review_terminated_case(d: Decision, cmd: c.ReviewTerminatedCase) -> None:
    terminated_on = d.case.terminated_on
    assert terminated_on is not None  # the case is dormant
    d.emit(
        ev.TerminatedCaseReviewed(
            terminated_on=terminated_on, qualified=cmd.qualified, reasons=cmd.reasons
        )
    )


COMMANDS: Commands = (
    CommandSpec(
        c.RecordRespondentMissing,
        label_zh="记录被执行人下落不明",
        statuses=OPEN,
        roles=CASE_STAFF,
        decide=record_respondent_missing,
    ),
    CommandSpec(
        c.RecordRespondentSought,
        label_zh="记录查找被执行人",
        statuses=OPEN,
        roles=CASE_STAFF,
        decide=record_respondent_sought,
        offer_when=lambda s: bool(s.missing),
    ),
    CommandSpec(
        c.RecordObstruction,
        label_zh="记录妨害执行行为",
        statuses=OPEN,
        roles=CASE_STAFF,
        decide=record_obstruction,
    ),
    CommandSpec(
        c.SanctionObstruction,
        label_zh="对妨害执行采取措施",
        statuses=OPEN,
        roles=DECIDERS,  # fines and detention: the president (or bureau head) only
        decide=sanction_obstruction,
        offer_when=lambda s: any(_open_to_sanction(o) for o in s.obstructions.values()),
    ),
    CommandSpec(
        c.HearApplicant,
        label_zh="告知并听取申请执行人意见（终本前）",
        statuses=ACTIVE,
        roles=CASE_STAFF,
        decide=hear_applicant,
    ),
    CommandSpec(
        c.RecordApplicantSignOff,
        label_zh="申请执行人签字确认终本",
        statuses=ACTIVE,
        roles=CASE_STAFF,
        decide=record_applicant_sign_off,
        offer_when=lambda s: any(_may_sign_off(s, a.party_id) for a in s.applicants),
    ),
    CommandSpec(
        c.ReviewTerminationByPanel,
        label_zh="合议庭审查终本",
        statuses=ACTIVE,
        roles=PRESIDING_JUDGE,  # the presiding judge, carrying the panel
        decide=review_termination_by_panel,
    ),
    CommandSpec(
        c.ApproveTermination,
        label_zh="院长批准终本",
        statuses=ACTIVE,
        roles=PRESIDENT,
        decide=approve_termination,
        requires=_panel_agreed,
    ),
    CommandSpec(
        c.ReviewTerminatedCase,
        label_zh="终本案件评查",
        statuses=frozenset({"dormant"}),
        roles=SUPERVISORS,
        decide=review_terminated_case,
        from_above=True,
    ),
)


# -- how its events change the case -------------------------------------------------------------
def _missing(s: CaseState, e: ev.RespondentMissing) -> None:
    s.missing[e.party_id] = MissingRespondent(party_id=e.party_id, since=e.on)


def _sought(s: CaseState, e: ev.RespondentSought) -> None:
    if e.located:
        del s.missing[e.party_id]
    else:
        s.missing[e.party_id].sought_on = e.on


def _obstruction(s: CaseState, e: ev.ObstructionRecorded) -> None:
    s.obstructions[e.obstruction_id] = Obstruction(
        obstruction_id=e.obstruction_id,
        obstructor=e.obstructor,
        party_id=e.party_id,
        description=e.description,
        recorded_on=e.on,
    )


def _sanctioned(s: CaseState, e: ev.ObstructionSanctioned) -> None:
    s.obstructions[e.obstruction_id].sanctions.append(e.sanction)


def _heard(s: CaseState, e: ev.ApplicantHeard) -> None:
    s.termination_file.heard[e.applicant_id] = e.on


def _signed_off(s: CaseState, e: ev.ApplicantSignedOff) -> None:
    s.termination_file.signed_off.append(e.applicant_id)


def _panel_reviewed(s: CaseState, e: ev.TerminationPanelReviewed) -> None:
    file = s.termination_file
    file.panel, file.panel_agreed, file.approved = list(e.members), e.agreed, False


def _approved(s: CaseState, e: ev.TerminationApproved) -> None:
    s.termination_file.approved = True


def _reviewed(s: CaseState, e: ev.TerminatedCaseReviewed) -> None:
    s.termination_reviews.append(
        TerminationReview(
            terminated_on=e.terminated_on,
            reviewed_on=local_date(e.occurred_at),
            qualified=e.qualified,
            reasons=e.reasons,
            court_code=e.actor.court_code,
            user_id=e.actor.user_id,
        )
    )


def new_file(s: CaseState) -> None:
    """The 执恢 case hears and approves its own 终本 (procedure.py, on enforcement resumed)."""
    s.termination_file = TerminationFile()


APPLIERS: Appliers = (
    Applier(ev.RespondentMissing, _missing),
    Applier(ev.RespondentSought, _sought),
    Applier(ev.ObstructionRecorded, _obstruction),
    Applier(ev.ObstructionSanctioned, _sanctioned),
    Applier(ev.ApplicantHeard, _heard),
    Applier(ev.ApplicantSignedOff, _signed_off),
    Applier(ev.TerminationPanelReviewed, _panel_reviewed),
    Applier(ev.TerminationApproved, _approved),
    Applier(ev.TerminatedCaseReviewed, _reviewed),
)
