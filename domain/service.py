"""送达: the enforcement notice (执行通知书) with the property report order (报告财产令) to every
respondent, the service of documents, and the respondent's property report (报告财产).

Sources: 《民诉法解释》 art. 480; 《关于民事执行中财产调查若干问题的规定》 arts. 2-5.
"""

from __future__ import annotations

from domain import commands as c
from domain import events as ev
from domain.decision import Decision, not_future, reject, respondent
from domain.errors import DomainError
from domain.roles import ANSWERERS, CASE_STAFF
from domain.spec import ACTIVE, ACTIVE_OR_SUSPENDED, Applier, Appliers, Commands, CommandSpec
from domain.state import CaseState, Document, PropertyReport

NOTICE_DOCUMENTS = (("TZ", "enforcement_notice"), ("BG", "property_report_order"))


def notice_issued(state: CaseState) -> bool:
    return any(d.kind == "enforcement_notice" for d in state.documents.values())


def _notice_not_yet_issued(state: CaseState) -> DomainError | None:
    if notice_issued(state):
        return reject(
            "notice.already_issued",
            "执行通知书和报告财产令已经发出",
            "the enforcement notice and property report order were already issued",
        )
    return None


def issue_notice(d: Decision, cmd: c.IssueNotice) -> None:
    documents = [
        ev.IssuedDocument(
            document_id=f"{prefix}-{party.party_id}",
            kind=kind,
            party_id=party.party_id,
            issued_on=d.today,
            method=cmd.method,
        )
        for party in d.case.respondents
        for prefix, kind in NOTICE_DOCUMENTS
    ]
    d.emit(ev.NoticeIssued(documents=documents))
    d.meet("notice.issue")


def _unserved(state: CaseState) -> list[Document]:
    return [doc for doc in state.documents.values() if doc.served_on is None]


def record_service(d: Decision, cmd: c.RecordService) -> None:
    doc = d.case.documents.get(cmd.document_id)
    if doc is None:
        raise reject(
            "service.unknown_document",
            f"文书 {cmd.document_id} 不存在",
            f"no document {cmd.document_id}",
        )
    if doc.served_on is not None:
        raise reject(
            "service.already_served",
            f"文书 {cmd.document_id} 已于 {doc.served_on} 送达",
            f"document {cmd.document_id} was served on {doc.served_on}",
        )
    not_future(d, cmd.served_on, "送达日期", "service date")
    if cmd.served_on < doc.issued_on:
        raise reject(
            "service.before_issue",
            "送达日期早于发出日期",
            "the service date is before the document was issued",
        )
    d.emit(
        ev.DocumentServed(document_id=doc.document_id, served_on=cmd.served_on, method=cmd.method)
    )
    if doc.kind == "bankruptcy_transfer_decision" and not any(
        other.kind == doc.kind for other in _unserved(d.case)
    ):
        d.meet("bankruptcy.serve_decision")


def report_order_issued(state: CaseState, party_id: str) -> bool:
    return f"BG-{party_id}" in state.documents


def record_property_report(d: Decision, cmd: c.RecordPropertyReport) -> None:
    respondent(d.case, cmd.party_id)
    if not report_order_issued(d.case, cmd.party_id):
        raise reject(
            "report.no_order",
            "尚未向该被执行人发出报告财产令",
            "no property report order was issued to this respondent",
        )
    not_future(d, cmd.reported_on, "报告日期", "report date")
    d.emit(
        ev.PropertyReported(party_id=cmd.party_id, reported_on=cmd.reported_on, summary=cmd.summary)
    )


COMMANDS: Commands = (
    CommandSpec(
        c.IssueNotice,
        label_zh="发出执行通知书及报告财产令",
        statuses=ACTIVE,
        roles=CASE_STAFF,
        decide=issue_notice,
        requires=_notice_not_yet_issued,
    ),
    CommandSpec(
        c.RecordService,
        label_zh="登记送达",
        statuses=frozenset({"active", "suspended", "transferred"}),
        roles=CASE_STAFF | ANSWERERS,
        decide=record_service,
        offer_when=lambda s: bool(_unserved(s)),
    ),
    CommandSpec(
        c.RecordPropertyReport,
        label_zh="登记财产报告",
        statuses=ACTIVE_OR_SUSPENDED,
        roles=CASE_STAFF,
        decide=record_property_report,
        offer_when=lambda s: any(report_order_issued(s, p.party_id) for p in s.respondents),
    ),
)


# -- how its events change the case -------------------------------------------------------------
def _notice_issued(s: CaseState, e: ev.NoticeIssued) -> None:
    for doc in e.documents:
        s.documents[doc.document_id] = Document.model_validate(doc.model_dump())


def _served(s: CaseState, e: ev.DocumentServed) -> None:
    doc = s.documents[e.document_id]
    doc.served_on, doc.method = e.served_on, e.method


def _property_reported(s: CaseState, e: ev.PropertyReported) -> None:
    s.property_reports.append(
        PropertyReport(party_id=e.party_id, reported_on=e.reported_on, summary=e.summary)
    )


APPLIERS: Appliers = (
    Applier(ev.NoticeIssued, _notice_issued),
    Applier(ev.DocumentServed, _served),
    Applier(ev.PropertyReported, _property_reported),
)
