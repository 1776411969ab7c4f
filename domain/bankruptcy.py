"""执转破: moving a company respondent's case into bankruptcy review.

Sources: 《民诉法解释》 arts. 511–514;
《关于执行案件移送破产审查若干问题的指导意见》 (法发〔2017〕2号).
"""

from __future__ import annotations

from domain import commands as c
from domain import events as ev
from domain.decision import Decision, not_future, reject, waived_at_closing
from domain.disposal import stop_disposal
from domain.errors import DomainError
from domain.roles import ANSWERERS, CASE_STAFF, DECIDERS
from domain.spec import ACTIVE_OR_SUSPENDED, Applier, Appliers, Commands, CommandSpec
from domain.state import BankruptcyTransfer, CaseState

NEXT_DECISIONS = {"approved": ("accepted", "rejected"), "accepted": ("declared_bankrupt",)}


def _no_transfer_yet(state: CaseState) -> DomainError | None:
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


def approve_bankruptcy_transfer(d: Decision, cmd: c.ApproveBankruptcyTransfer) -> None:
    d.emit(ev.BankruptcyTransferApproved(receiving_court_code=cmd.receiving_court_code, on=d.today))
    stop_disposal(d, "移送破产审查 / transferred to bankruptcy review")
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
    for rule_id in ("bankruptcy.serve_decision", "bankruptcy.acceptance"):
        d.open_by_rule(rule_id, "case", d.today)


def record_bankruptcy_decision(d: Decision, cmd: c.RecordBankruptcyDecision) -> None:
    transfer = d.case.bankruptcy
    if transfer is None or cmd.decision not in NEXT_DECISIONS.get(transfer.state, ()):
        raise reject(
            "bankruptcy.unexpected_decision",
            "该裁定与移送破产审查的进程不符",
            f"a {cmd.decision} decision does not fit the transfer's state",
        )
    not_future(d, cmd.decided_on, "裁定日期", "decision date")
    d.emit(ev.BankruptcyDecided(decision=cmd.decision, decided_on=cmd.decided_on))
    d.meet("bankruptcy.acceptance")
    if cmd.decision != "declared_bankrupt":
        return
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
        statuses=ACTIVE_OR_SUSPENDED,
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
        decide=approve_bankruptcy_transfer,
        requires=_proposed,
    ),
    CommandSpec(
        c.RecordBankruptcyDecision,
        label_zh="登记破产审查结果",
        statuses=frozenset({"transferred"}),
        roles=CASE_STAFF | ANSWERERS,
        decide=record_bankruptcy_decision,
    ),
)


# -- how its events change the case -------------------------------------------------------------
def _transfer_proposed(s: CaseState, e: ev.BankruptcyTransferProposed) -> None:
    s.bankruptcy = BankruptcyTransfer(
        respondent_id=e.respondent_id, consenting_party_id=e.consenting_party_id
    )


def _transfer_approved(s: CaseState, e: ev.BankruptcyTransferApproved) -> None:
    assert s.bankruptcy is not None
    s.bankruptcy.state = "approved"
    s.bankruptcy.receiving_court_code, s.bankruptcy.approved_on = e.receiving_court_code, e.on
    s.status = "transferred"


def _decided(s: CaseState, e: ev.BankruptcyDecided) -> None:
    assert s.bankruptcy is not None
    s.bankruptcy.state, s.bankruptcy.decided_on = e.decision, e.decided_on
    if e.decision == "rejected":  # back to where the transfer found the case
        s.status = "suspended" if s.suspended_on is not None else "active"


APPLIERS: Appliers = (
    Applier(ev.BankruptcyTransferProposed, _transfer_proposed),
    Applier(ev.BankruptcyTransferApproved, _transfer_approved),
    Applier(ev.BankruptcyDecided, _decided),
)
