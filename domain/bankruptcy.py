"""执转破: moving a company respondent's case into bankruptcy review.

Sources: 《民诉法解释》 arts. 511–514;
《关于执行案件移送破产审查若干问题的指导意见》 (法发〔2017〕2号).
"""

from domain import commands as c
from domain import events as ev
from domain.case import CaseState
from domain.deadlines import RULES
from domain.disposal import stop_disposal
from domain.recording import Handler, Recorder, calendar, meet, not_future, reject


def propose_bankruptcy_transfer(
    state: CaseState, cmd: c.ProposeBankruptcyTransfer, r: Recorder
) -> None:
    if state.bankruptcy is not None:
        if state.bankruptcy.state == "rejected":
            raise reject(
                "bankruptcy.already_rejected",
                "受移送法院已裁定不予受理，本案不得再次移送",
                "the receiving court refused this case once; it cannot be transferred again",
            )
        raise reject("bankruptcy.in_progress", "移送破产审查已在进行", "a transfer is under way")
    company = {p.party_id for p in state.respondents if p.kind == "company"}
    if cmd.respondent_id not in company:
        raise reject(
            "bankruptcy.not_company",
            "执转破的被执行人须为企业法人",
            "only a company respondent can be transferred to bankruptcy review",
        )
    # 民诉法解释 art. 511: an applicant, or the company respondent itself
    consenting = {p.party_id for p in state.applicants} | {cmd.respondent_id}
    if cmd.consenting_party_id not in consenting:
        raise reject(
            "bankruptcy.no_consent",
            "须有申请执行人或被执行人的书面同意",
            "the written consent of an applicant or the respondent is required",
        )
    r.emit(
        ev.BankruptcyTransferProposed,
        respondent_id=cmd.respondent_id,
        consenting_party_id=cmd.consenting_party_id,
        reason=cmd.reason,
    )


def approve_bankruptcy_transfer(
    state: CaseState, cmd: c.ApproveBankruptcyTransfer, r: Recorder
) -> None:
    if state.bankruptcy is None or state.bankruptcy.state != "proposed":
        raise reject("bankruptcy.not_proposed", "尚未提出移送破产审查", "no transfer is proposed")
    r.emit(ev.BankruptcyTransferApproved, receiving_court_code=cmd.receiving_court_code, on=r.today)
    stop_disposal(state, r, "移送破产审查 / transferred to bankruptcy review")
    # 移送决定 is served on the parties like the notice; record_service meets its deadline.
    r.emit(
        ev.NoticeIssued,
        documents=[
            ev.Document(
                document_id=f"ZP-{party.party_id}",
                kind="bankruptcy_transfer_decision",
                party_id=party.party_id,
                issued_on=r.today,
                method="electronic",
            )
            for party in (*state.applicants, *state.respondents)
        ],
    )
    for rule_id in ("bankruptcy.serve_decision", "bankruptcy.acceptance"):
        r.open_deadline(rule_id, "case", RULES[rule_id].due(calendar(), r.today))


def record_bankruptcy_decision(
    state: CaseState, cmd: c.RecordBankruptcyDecision, r: Recorder
) -> None:
    b = state.bankruptcy
    expected = {"approved": ("accepted", "rejected"), "accepted": ("declared_bankrupt",)}
    if b is None or cmd.decision not in expected.get(b.state, ()):
        raise reject(
            "bankruptcy.unexpected_decision",
            "该裁定与移送破产审查的进程不符",
            f"a {cmd.decision} decision does not fit the transfer's state",
        )
    not_future(r, cmd.decided_on, "裁定日期", "decision date")
    r.emit(ev.BankruptcyDecided, decision=cmd.decision, decided_on=cmd.decided_on)
    meet(state, r, "bankruptcy.acceptance")
    if cmd.decision == "declared_bankrupt":
        # The property passes to the administrator (管理人): the court's measures are lifted.
        for asset in state.assets.values():
            if asset.disposition == "open":
                r.emit(
                    ev.AssetReleased,
                    asset_id=asset.asset_id,
                    reason="宣告破产，移交管理人 / handed to the bankruptcy administrator",
                )
        r.emit(
            ev.CaseClosed,
            outcome="bankruptcy",
            on=r.today,
            reason="被执行人被宣告破产 / the respondent was declared bankrupt",
        )
        for d in state.open_deadlines():
            if d.rule != "bankruptcy.acceptance":
                r.emit(ev.DeadlineWaived, deadline_id=d.deadline_id, reason="宣告破产 / bankrupt")


HANDLERS: dict[str, Handler] = {
    "propose_bankruptcy_transfer": propose_bankruptcy_transfer,
    "approve_bankruptcy_transfer": approve_bankruptcy_transfer,
    "record_bankruptcy_decision": record_bankruptcy_decision,
}
