"""执转破: moving a company respondent's case into bankruptcy review.

Sources: 《民诉法解释》 arts. 511–514;
《关于执行案件移送破产审查若干问题的指导意见》 (法发〔2017〕2号).

Edition 2 (domain/editions.py ``COURTS``) follows DOMAIN-2 §5 and §13 item 3; a case of edition 1
keeps the rules it was filed under (one judge approves, the 30 days run from the approval,
payouts go on, freezes stay until bankruptcy is declared, no transfer from 终本):

- ``bankruptcy.transfer.decision``: the officer proposes, a collegial panel (合议庭) agrees (its
  presiding judge's command), the president (院长) signs the transfer decision;
- ``bankruptcy.from_dormant``: a case closed by 终本 may be transferred; refused, it sleeps again;
- ``bankruptcy.acceptance``: the 30 days run from the receiving court's receipt of the materials;
- enforcement is suspended from the decision to the outcome (解释 art. 511): no disposal (the
  disposal commands take no transferred case) and no payout (domain/funds.py). The perishable
  goods that 指导意见 art. 8 lets the court still sell are left out;
- ``bankruptcy.freeze_continuity``: the decision lifts no measure; renewals go on;
- ``bankruptcy.release_on_acceptance``: once the receiving court accepts, every measure still in
  force is lifted (企业破产法 art. 19, 解释 art. 513), through the registries that imposed it.
"""

from __future__ import annotations

from domain import commands as c
from domain import events as ev
from domain.control import under_measure
from domain.deadlines import DORMANT_REQUERY_YEARS, add_years
from domain.decision import Decision, not_future, open_of, reject, waived_at_closing
from domain.disposal import stop_disposal
from domain.editions import COURTS
from domain.errors import DomainError
from domain.roles import ANSWERERS, CASE_STAFF, DECIDERS, PRESIDENT, PRESIDING_JUDGE
from domain.spec import (
    ACTIVE_OR_SUSPENDED,
    OPEN,
    Applier,
    Appliers,
    Commands,
    CommandSpec,
    not_allowed_while,
)
from domain.state import BankruptcyTransfer, CaseState

NEXT_DECISIONS = {"approved": ("accepted", "rejected"), "accepted": ("declared_bankrupt",)}


def _under_old_rules(state: CaseState) -> bool:
    return state.edition < COURTS


def _no_transfer_yet(state: CaseState) -> DomainError | None:
    if state.status == "dormant" and _under_old_rules(state):
        return not_allowed_while(state.status, "propose_bankruptcy_transfer")
    if state.bankruptcy is None:
        return None
    if state.bankruptcy.state == "rejected":
        return reject(
            "bankruptcy.already_rejected",
            "受移送法院已裁定不予受理，本案不得再次移送",
            "the receiving court refused this case once; it cannot be transferred again",
        )
    return reject("bankruptcy.in_progress", "移送破产审查已在进行", "a transfer is under way")


def _company_respondents(state: CaseState) -> set[str]:
    return {p.party_id for p in state.respondents if p.kind == "company"}


def propose_bankruptcy_transfer(d: Decision, cmd: c.ProposeBankruptcyTransfer) -> None:
    if cmd.respondent_id not in _company_respondents(d.case):
        raise reject(
            "bankruptcy.not_company",
            "执转破的被执行人须为企业法人",
            "only a company respondent can be transferred to bankruptcy review",
        )
    # 民诉法解释 art. 511: an applicant, or the company respondent itself
    consenting = {p.party_id for p in d.case.applicants} | {cmd.respondent_id}
    if cmd.consenting_party_id not in consenting:
        raise reject(
            "bankruptcy.no_consent",
            "须有申请执行人或被执行人的书面同意",
            "the written consent of an applicant or the respondent is required",
        )
    d.emit(
        ev.BankruptcyTransferProposed(
            respondent_id=cmd.respondent_id,
            consenting_party_id=cmd.consenting_party_id,
            reason=cmd.reason,
        )
    )


def _proposed(state: CaseState) -> DomainError | None:
    if state.bankruptcy is None or state.bankruptcy.state != "proposed":
        return reject("bankruptcy.not_proposed", "尚未提出移送破产审查", "no transfer is proposed")
    return None


def _approvable(state: CaseState) -> DomainError | None:
    """Edition 1: a judge approves the proposal alone."""
    if not _under_old_rules(state):
        return reject(
            "bankruptcy.panel_required",
            "移送破产审查须经合议庭评议同意，并由院长签署移送决定",
            "a transfer needs a collegial panel's agreement and the president's signature",
        )
    return _proposed(state)


def _under_new_rules(state: CaseState) -> DomainError | None:
    if _under_old_rules(state):
        return reject(
            "bankruptcy.old_rules",
            "本案适用立案时的规则，由法官批准执转破",
            "this case keeps the rules it was filed under: a judge approves the transfer",
        )
    return None


def _proposed_under_new_rules(state: CaseState) -> DomainError | None:
    return _under_new_rules(state) or _proposed(state)


def _agreed(state: CaseState) -> DomainError | None:
    if (refusal := _under_new_rules(state)) is not None:
        return refusal
    if state.bankruptcy is None or state.bankruptcy.state != "agreed":
        return reject(
            "bankruptcy.not_agreed",
            "合议庭尚未评议同意移送",
            "no collegial panel has agreed to the transfer",
        )
    return None


def _awaiting_materials(state: CaseState) -> DomainError | None:
    """A transferred case (its status) whose materials the receiving court has not yet got."""
    if (refusal := _under_new_rules(state)) is not None:
        return refusal
    received_on = state.bankruptcy.materials_received_on if state.bankruptcy else None
    if received_on is not None:
        return reject(
            "bankruptcy.materials_already_received",
            f"受移送法院已于 {received_on} 收到材料",
            f"the receiving court received the materials on {received_on}",
        )
    return None


def agree_bankruptcy_transfer(d: Decision, cmd: c.AgreeBankruptcyTransfer) -> None:
    """``bankruptcy.transfer.decision``: 经合议庭评议同意 (指导意见 arts. 5-6)."""
    if cmd.panel.members[0] != d.actor.user_id:
        raise reject(
            "bankruptcy.not_presiding",
            "合议庭的评议意见由审判长登记（审判长列第一位）",
            "the panel's agreement is recorded by its presiding judge (listed first)",
        )
    d.emit(ev.BankruptcyTransferAgreed(panel=list(cmd.panel.members), on=d.today))


def decide_transfer(
    d: Decision, cmd: c.ApproveBankruptcyTransfer | c.SignBankruptcyTransfer
) -> None:
    """The transfer decision: a judge's approval (edition 1), the president's signature after
    the panel agreed (edition 2, ``bankruptcy.transfer.decision``: 由执行法院院长签署移送决定).
    Enforcement against the respondent is suspended (解释 art. 511), disposal stops, the
    measures stay (``bankruptcy.freeze_continuity``), the decision is served
    (``bankruptcy.serve_decision``)."""
    d.emit(ev.BankruptcyTransferApproved(receiving_court_code=cmd.receiving_court_code, on=d.today))
    stop_disposal(d, "移送破产审查 / transferred to bankruptcy review")
    # a 终本 case is searched again every six months: not while the receiving court examines it
    d.waive(list(open_of(d.case, "dormant.requery")), "移送破产审查 / transferred")
    # 移送决定 is served on the parties like the notice; record_service meets its deadline.
    d.emit(
        ev.NoticeIssued(
            documents=[
                ev.IssuedDocument(
                    document_id=f"ZP-{party.party_id}",
                    kind="bankruptcy_transfer_decision",
                    party_id=party.party_id,
                    issued_on=d.today,
                    method="electronic",
                )
                for party in (*d.case.applicants, *d.case.respondents)
            ]
        )
    )
    d.open_by_rule("bankruptcy.serve_decision", "case", d.today)
    if _under_old_rules(d.case):  # edition 2: from the receipt of the materials
        d.open_by_rule("bankruptcy.acceptance", "case", d.today)


def record_bankruptcy_materials_received(
    d: Decision, cmd: c.RecordBankruptcyMaterialsReceived
) -> None:
    """``bankruptcy.acceptance``: 自收到执行案件相关材料之日起三十日内 (解释 art. 512)."""
    transfer = d.case.bankruptcy
    assert transfer is not None and transfer.approved_on is not None  # `requires`
    not_future(d, cmd.received_on, "收到材料日期", "date of receipt")
    if cmd.received_on < transfer.approved_on:
        raise reject(
            "bankruptcy.received_before_decision",
            f"收到材料日期早于移送决定日期（{transfer.approved_on}）",
            f"the materials cannot arrive before the transfer decision ({transfer.approved_on})",
        )
    d.emit(ev.BankruptcyMaterialsReceived(received_on=cmd.received_on))
    d.open_by_rule("bankruptcy.acceptance", "case", cmd.received_on)


def _materials_in_hand(state: CaseState) -> DomainError | None:
    """Edition 2: the receiving court rules on the materials it received (解释 art. 512)."""
    transfer = state.bankruptcy
    if _under_old_rules(state) or (transfer and transfer.materials_received_on is not None):
        return None
    return reject(
        "bankruptcy.materials_not_received",
        "受移送法院尚未收到执行案件材料",
        "the receiving court has not received the case materials",
    )


def _ruling_fits(d: Decision, cmd: c.RecordBankruptcyDecision) -> None:
    transfer = d.case.bankruptcy
    if transfer is None or cmd.decision not in NEXT_DECISIONS.get(transfer.state, ()):
        raise reject(
            "bankruptcy.unexpected_decision",
            "该裁定与移送破产审查的进程不符",
            f"a {cmd.decision} decision does not fit the transfer's state",
        )
    not_future(d, cmd.decided_on, "裁定日期", "decision date")
    received_on = transfer.materials_received_on
    if received_on is not None and cmd.decided_on < received_on:
        raise reject(
            "bankruptcy.ruled_before_receipt",
            f"裁定日期早于收到材料日期（{received_on}）",
            f"the ruling cannot precede the receipt of the materials ({received_on})",
        )


def record_bankruptcy_decision(d: Decision, cmd: c.RecordBankruptcyDecision) -> None:
    _ruling_fits(d, cmd)
    d.emit(ev.BankruptcyDecided(decision=cmd.decision, decided_on=cmd.decided_on))
    d.meet("bankruptcy.acceptance")
    if cmd.decision == "declared_bankrupt":
        _terminate(d)
    elif _under_old_rules(d.case):
        return
    elif cmd.decision == "accepted":
        _release_on_acceptance(d)
    elif d.case.status == "dormant":  # rejected: the 终本 case sleeps again
        _requery_again(d)


def _release_on_acceptance(d: Decision) -> None:
    """``bankruptcy.release_on_acceptance``: 裁定受理破产案件的，执行法院应当解除对被执行人财产
    的保全措施 (解释 art. 513; 企业破产法 art. 19). Each release goes to the registry or bank
    that carries the measure, as an officer's release does (domain/effects.py)."""
    for asset in list(d.case.assets.values()):
        if under_measure(asset):
            d.emit(
                ev.AssetReleased(
                    asset_id=asset.asset_id,
                    reason="受理破产申请，解除保全措施 / bankruptcy accepted: measures lifted",
                )
            )
            d.meet("freeze.expiry", asset.asset_id)


def _requery_again(d: Decision) -> None:
    """A 终本 case whose transfer was refused is searched again every six months, within the
    five years from its 终本 (the search the decision stopped, ``dormant.requery``)."""
    terminated_on = d.case.terminated_on
    assert terminated_on is not None
    if d.today < add_years(terminated_on, DORMANT_REQUERY_YEARS):
        d.open_by_rule("dormant.requery", "case", d.today)


def _terminate(d: Decision) -> None:
    """``bankruptcy.declared``: enforcement against the respondent ends."""
    # The property passes to the administrator (管理人): the court's measures are lifted.
    for asset in list(d.case.assets.values()):
        if asset.disposition == "open":
            d.emit(
                ev.AssetReleased(
                    asset_id=asset.asset_id,
                    reason="宣告破产，移交管理人 / handed to the bankruptcy administrator",
                )
            )
    d.emit(
        ev.CaseClosed(
            outcome="bankruptcy",
            on=d.today,
            reason="被执行人被宣告破产 / the respondent was declared bankrupt",
        )
    )
    d.waive(waived_at_closing(d.case), "宣告破产 / bankrupt")


COMMANDS: Commands = (
    CommandSpec(
        c.ProposeBankruptcyTransfer,
        label_zh="提出执转破",
        statuses=OPEN,  # 终本 (dormant) only under edition 2: `_no_transfer_yet`
        roles=CASE_STAFF,
        decide=propose_bankruptcy_transfer,
        requires=_no_transfer_yet,
        offer_when=lambda s: bool(_company_respondents(s)),
    ),
    CommandSpec(
        c.ApproveBankruptcyTransfer,
        label_zh="批准执转破",
        statuses=ACTIVE_OR_SUSPENDED,
        roles=DECIDERS,
        decide=decide_transfer,
        requires=_approvable,
    ),
    CommandSpec(
        c.AgreeBankruptcyTransfer,
        label_zh="合议庭评议同意执转破",
        statuses=OPEN,
        roles=PRESIDING_JUDGE,
        decide=agree_bankruptcy_transfer,
        requires=_proposed_under_new_rules,
    ),
    CommandSpec(
        c.SignBankruptcyTransfer,
        label_zh="院长签署移送破产审查决定",
        statuses=OPEN,
        roles=PRESIDENT,
        decide=decide_transfer,
        requires=_agreed,
    ),
    CommandSpec(
        c.RecordBankruptcyMaterialsReceived,
        label_zh="登记受移送法院收到材料",
        statuses=frozenset({"transferred"}),
        roles=CASE_STAFF | ANSWERERS,
        decide=record_bankruptcy_materials_received,
        requires=_awaiting_materials,
    ),
    CommandSpec(
        c.RecordBankruptcyDecision,
        label_zh="登记破产审查结果",
        statuses=frozenset({"transferred"}),
        roles=CASE_STAFF | ANSWERERS,
        decide=record_bankruptcy_decision,
        requires=_materials_in_hand,
    ),
)


# -- how its events change the case -------------------------------------------------------------
def _transfer_proposed(s: CaseState, e: ev.BankruptcyTransferProposed) -> None:
    s.bankruptcy = BankruptcyTransfer(
        respondent_id=e.respondent_id, consenting_party_id=e.consenting_party_id
    )


def _transfer_agreed(s: CaseState, e: ev.BankruptcyTransferAgreed) -> None:
    assert s.bankruptcy is not None
    s.bankruptcy.state, s.bankruptcy.panel, s.bankruptcy.agreed_on = "agreed", e.panel, e.on


def _transfer_approved(s: CaseState, e: ev.BankruptcyTransferApproved) -> None:
    assert s.bankruptcy is not None
    s.bankruptcy.state = "approved"
    s.bankruptcy.receiving_court_code, s.bankruptcy.approved_on = e.receiving_court_code, e.on
    s.status = "transferred"


def _materials_received(s: CaseState, e: ev.BankruptcyMaterialsReceived) -> None:
    assert s.bankruptcy is not None
    s.bankruptcy.materials_received_on = e.received_on


def _decided(s: CaseState, e: ev.BankruptcyDecided) -> None:
    assert s.bankruptcy is not None
    s.bankruptcy.state, s.bankruptcy.decided_on = e.decision, e.decided_on
    if e.decision == "rejected":  # back to where the transfer found the case (终本: edition 2)
        if s.terminated_on is not None:
            s.status = "dormant"
        else:
            s.status = "suspended" if s.suspended_on is not None else "active"


APPLIERS: Appliers = (
    Applier(ev.BankruptcyTransferProposed, _transfer_proposed),
    Applier(ev.BankruptcyTransferAgreed, _transfer_agreed),
    Applier(ev.BankruptcyTransferApproved, _transfer_approved),
    Applier(ev.BankruptcyMaterialsReceived, _materials_received),
    Applier(ev.BankruptcyDecided, _decided),
)
