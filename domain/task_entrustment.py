"""事项委托: a case asks another court to do one thing for it (委托执行规定 arts. 2 ¶2, 4 ¶2;
DOMAIN-2 `entrust.task`): serve a document, freeze, seal or seize an asset in its district, or
look for property there. It is not docketed as a case at the helping court, which "actively
assists".

The helping court's officers see the open tasks addressed to their court (store/queries.py
``tasks_for``, the web page 协助事项) and answer them with ``answer_entrusted_task``: done, with
what a local action would have recorded, or refused with a reason. A done answer leaves in the
requesting case the very events the local action leaves (``document_served``; ``freeze_confirmed``
and the freeze's expiry deadline; ``asset_found``), so everything downstream (service deadlines,
renewals, valuation, disposal) follows as if the court had done it itself; the events carry the
helping court's officer as their actor (全程留痕).

The answer's deadline is counted in working days from the request; no national figure was found
(`entrust.task.deadline` ✘: "10 working days" is from memory), so the requesting officer sets it
(10 by default) and the page says it is not a national rule. Late, the deadline escalates on the
requesting court's ladder.
"""

from __future__ import annotations

from domain import commands as c
from domain import events as ev
from domain import investigation, service
from domain.calendar import local_date
from domain.control import request_control, take_effect
from domain.decision import Decision, calendar, reject
from domain.roles import CASE_STAFF
from domain.spec import LIVE, OPEN, Applier, Appliers, Commands, CommandSpec
from domain.state import CaseState, EntrustedTask

RULE = "entrust.task"


def open_tasks(state: CaseState) -> list[EntrustedTask]:
    return [t for t in state.entrusted_tasks.values() if t.state == "open"]


def entrust_task(d: Decision, cmd: c.EntrustTask) -> None:
    case = d.case
    if cmd.helping_court_code == case.court_code:
        raise reject(
            "task.own_court",
            "事项委托须委托其他法院办理",
            "a task is entrusted to another court, not to the case's own",
        )
    if cmd.task_id in case.entrusted_tasks:
        raise reject(
            "task.duplicate", f"委托事项 {cmd.task_id} 已存在", f"task {cmd.task_id} exists"
        )
    subject: str | None = None
    if cmd.kind == "service":
        subject = _unserved_document(case, cmd.document_id)
    elif cmd.kind == "freeze":
        if cmd.asset_id is None or cmd.measure is None or cmd.period_days is None:
            raise reject(
                "task.freeze_terms",
                "委托控制财产须写明财产、措施和期限",
                "a freeze task names the asset, the measure and the period",
            )
        request_control(
            d, cmd.asset_id, cmd.measure, cmd.period_days, cmd.amount_fen, cmd.helping_court_code
        )
        subject = cmd.asset_id
    d.emit(
        ev.TaskEntrusted(
            task_id=cmd.task_id,
            helping_court_code=cmd.helping_court_code,
            kind=cmd.kind,
            subject=subject,
            instructions=cmd.instructions,
        )
    )
    d.open_deadline(RULE, cmd.task_id, calendar().working_days_after(d.today, cmd.working_days))


def _unserved_document(state: CaseState, document_id: str | None) -> str:
    doc = state.documents.get(document_id or "")
    if doc is None or doc.served_on is not None:
        raise reject(
            "task.document",
            f"文书 {document_id} 不存在或已送达",
            f"document {document_id} is unknown or already served",
        )
    if any(t.kind == "service" and t.subject == doc.document_id for t in open_tasks(state)):
        raise reject(
            "task.duplicate",
            f"文书 {doc.document_id} 已委托送达",
            f"document {doc.document_id} is already entrusted for service",
        )
    return doc.document_id


def answer_entrusted_task(d: Decision, cmd: c.AnswerEntrustedTask) -> None:
    task = d.case.entrusted_tasks.get(cmd.task_id)
    if task is None or task.state != "open":
        raise reject(
            "task.not_open",
            f"委托事项 {cmd.task_id} 不存在或已答复",
            f"task {cmd.task_id} is unknown or already answered",
        )
    if d.actor.court_code != task.helping_court_code:
        raise reject(
            "task.not_yours",
            f"委托事项 {cmd.task_id} 由 {task.helping_court_code} 办理",
            f"task {cmd.task_id} is for {task.helping_court_code}",
        )
    d.emit(ev.TaskAnswered(task_id=task.task_id, outcome=cmd.outcome, note=cmd.note))
    if cmd.outcome == "done":
        _done(d, task, cmd)
    d.meet(RULE, task.task_id)


def _done(d: Decision, task: EntrustedTask, cmd: c.AnswerEntrustedTask) -> None:
    """What the helping court did, as the local action records it."""
    if task.kind == "investigation":
        for finding in cmd.findings:
            investigation.found(d, finding)
        return
    if cmd.done_on is None:
        raise reject("task.done_on", "须填写办理完成的日期", "the answer needs the day it was done")
    if task.kind == "service":
        if cmd.method is None:
            raise reject("task.method", "须填写送达方式", "the answer needs the service method")
        assert task.subject is not None
        service.record_service(
            d, c.RecordService(document_id=task.subject, served_on=cmd.done_on, method=cmd.method)
        )
    else:
        assert task.subject is not None
        take_effect(
            d,
            c.ConfirmFreeze(
                asset_id=task.subject, effective_on=cmd.done_on, frozen_fen=cmd.frozen_fen
            ),
        )


COMMANDS: Commands = (
    CommandSpec(
        c.EntrustTask,
        label_zh="事项委托（委托其他法院办理）",
        statuses=OPEN,
        roles=CASE_STAFF,
        decide=entrust_task,
    ),
    CommandSpec(
        c.AnswerEntrustedTask,
        label_zh="答复委托事项",
        statuses=LIVE,
        roles=CASE_STAFF,
        decide=answer_entrusted_task,
        offer_when=lambda s: bool(open_tasks(s)),
        from_helping_court=True,
    ),
)


# -- how its events change the case -------------------------------------------------------------
def _entrusted(s: CaseState, e: ev.TaskEntrusted) -> None:
    s.entrusted_tasks[e.task_id] = EntrustedTask(
        task_id=e.task_id,
        helping_court_code=e.helping_court_code,
        kind=e.kind,
        subject=e.subject,
        instructions=e.instructions,
        entrusted_on=local_date(e.occurred_at),
    )


def _answered(s: CaseState, e: ev.TaskAnswered) -> None:
    task = s.entrusted_tasks[e.task_id]
    task.state, task.answered_on, task.note = e.outcome, local_date(e.occurred_at), e.note
    if e.outcome == "refused" and task.kind == "freeze" and task.subject is not None:
        asset = s.assets[task.subject]
        control = asset.control
        if control is not None and control.state == "requested" and control.entrusted_to:
            asset.control = None  # never carried out: nothing to release


APPLIERS: Appliers = (Applier(ev.TaskEntrusted, _entrusted), Applier(ev.TaskAnswered, _answered))
