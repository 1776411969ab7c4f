"""What a case answers (public field names, DOMAIN.md): the ``snapshot`` query the whole case,
the ``execute`` update the decision on one command (``CommandAnswer``), the ``events`` query one
page of its events (``EventsPage``)."""

from datetime import date, datetime

from pydantic import BaseModel

from domain import events as ev
from domain.commands import Basis, Party
from domain.distribution import host_court
from domain.objections import RELEASE, hold_reason_zh
from domain.registry import offered
from domain.state import (
    Asset,
    BankruptcyTransfer,
    CaseState,
    Deadline,
    Distribution,
    Document,
    Entrustment,
    Escalation,
    ExcludedPeriod,
    FastTrack,
    JoinedCreditor,
    Lead,
    Measure,
    MissingRespondent,
    Objection,
    Obstruction,
    Petition,
    PropertyReport,
    Search,
    Settlement,
    Supervision,
    TerminationFile,
    TerminationReview,
)


class Amounts(BaseModel):
    due_fen: int
    collected_fen: int
    paid_out_fen: int
    held_fen: int
    outstanding_fen: int
    escrowed_fen: int = 0  # 提存: collected = paid out + held + escrowed


class Seal(BaseModel):
    """A control measure of ours as the registry ranks it: queued (轮候) behind another court's
    and at which place, and who hosts the distribution of what the property brings."""

    asset_id: str
    measure: str
    state: str
    queued: bool
    position: int | None  # seals ahead of ours (0 once ours took effect after a queue)
    prior_court_code: str | None
    host_court_code: str  # 首先查封法院 (distribution.host)
    effective_on: date | None
    expires_on: date | None


class TimeLimit(BaseModel):
    due_on: date | None
    paused_days: int
    extensions: int
    paused_on: date | None = None  # standing still since (the periods that do not count)
    excluded_periods: list[ExcludedPeriod] = []  # audits, asset clearings, stays (edition 2)


class Parties(BaseModel):
    applicants: list[Party]
    respondents: list[Party]


class ObjectionView(Objection):
    """An objection (执行异议) as the snapshot shows it: with its deadlines (to register, rule,
    apply for 复议 or sue, decide the 复议, release the asset) and, for a third party's, why its
    asset, still in the case, may not be disposed of now (None: it may, or it was released)."""

    deadlines: list[Deadline] = []
    blocks_disposal_zh: str | None = None


class CaseSnapshot(BaseModel):
    case_number: str
    current_case_number: str  # the 执恢 number once enforcement resumed after 终本
    court_code: str
    court_chain: list[str]  # the court and those above it, as recorded at filing
    status: str
    stage: str
    filed_on: date
    basis: Basis
    officer_id: str
    judge_id: str | None
    parties: Parties
    amounts: Amounts
    documents: list[Document]
    property_reports: list[PropertyReport]
    measures: list[Measure]
    searches: list[Search]
    assets: list[Asset]
    leads: list[Lead]
    deadlines: list[Deadline]
    next_deadline_at: datetime | None
    escalation_level: int  # the highest level among open deadlines
    escalations: list[Escalation]
    distributions: list[Distribution]  # 案款分配方案 and their payouts
    settlement: Settlement | None  # 执行和解
    bankruptcy: BankruptcyTransfer | None  # 执转破
    entrusted_to: Entrustment | None = None  # 委托执行: 委托给 (court, its case number)
    entrusted_from: Entrustment | None = None  # 委托执行: 受托自 (court, its case number)
    supervisions: list[Supervision]  # 督办
    supervised: bool  # an open 督办 (search attribute ZhixingSupervised)
    petitions: list[Petition]  # 涉执信访
    open_petitions: int
    objections: list[ObjectionView]  # 执行异议 (domain/objections.py)
    time_limit: TimeLimit
    fast_track: FastTrack | None  # 简案快执: on its court's fast track, with the target date
    terminated_on: date | None
    missing: list[MissingRespondent]  # 下落不明的被执行人 (终本规定 art. 1 (5))
    obstructions: list[Obstruction]  # 妨害执行 and its sanctions
    termination_file: TerminationFile  # the applicant heard, sign-off, panel, president (终本)
    termination_reviews: list[TerminationReview]  # 终本案件评查 by a court above
    outcome: str | None
    allowed_commands: list[str]  # offered by the registry (domain/registry.py)
    last_seq: int
    # The case record (PostgreSQL) as the workflow knows it when queried (the `snapshot` query;
    # an update's answer leaves them None). The workflow sets them, not the rules.
    recorded_seq: int | None = None  # events up to here are in case_events
    record_blocked: str | None = None  # the record's refusal code while it refuses the case
    seals: list[Seal] = []  # 查封／冻结／扣押, queued (轮候) or not (domain/control.py)
    joined: list[JoinedCreditor] = []  # 参与分配 (domain/distribution.py)


def snapshot(state: CaseState) -> CaseSnapshot:
    open_deadlines = state.open_deadlines()
    time_limit = next(
        (d for d in reversed(state.deadlines.values()) if d.rule == "case.time_limit"), None
    )
    return CaseSnapshot(
        case_number=state.case_number,
        current_case_number=state.current_case_number,
        court_code=state.court_code,
        court_chain=list(state.chain),
        status=state.status,
        stage=state.stage,
        filed_on=state.filed_on,
        basis=state.basis,
        officer_id=state.officer_id,
        judge_id=state.judge_id,
        parties=Parties(applicants=state.applicants, respondents=state.respondents),
        amounts=Amounts(
            due_fen=state.due_fen,
            collected_fen=state.collected_fen,
            paid_out_fen=state.paid_out_fen,
            held_fen=state.held_fen,
            outstanding_fen=state.outstanding_fen,
            escrowed_fen=state.escrowed_fen,
        ),
        documents=list(state.documents.values()),
        property_reports=state.property_reports,
        measures=state.measures,
        searches=list(state.searches.values()),
        assets=list(state.assets.values()),
        leads=list(state.leads.values()),
        deadlines=list(state.deadlines.values()),
        next_deadline_at=min((d.due_at for d in open_deadlines), default=None),
        escalation_level=max((d.escalation_level for d in open_deadlines), default=0),
        escalations=state.escalations,
        distributions=list(state.distributions.values()),
        settlement=state.settlement,
        bankruptcy=state.bankruptcy,
        entrusted_to=state.entrusted_to,
        entrusted_from=state.entrusted_from,
        supervisions=list(state.supervisions.values()),
        supervised=bool(state.open_supervisions()),
        petitions=list(state.petitions.values()),
        open_petitions=len(state.open_petitions()),
        objections=[objection_view(state, o) for o in state.objections.values()],
        time_limit=TimeLimit(
            due_on=time_limit.due_on if time_limit else None,
            paused_days=state.paused_days,
            extensions=state.time_limit_extensions,
            paused_on=state.time_limit_paused_on,
            excluded_periods=list(state.excluded_periods.values()),
        ),
        fast_track=state.fast_track,
        terminated_on=state.terminated_on,
        missing=list(state.missing.values()),
        obstructions=list(state.obstructions.values()),
        termination_file=state.termination_file,
        termination_reviews=state.termination_reviews,
        outcome=state.outcome,
        allowed_commands=offered(state),
        last_seq=state.last_seq,
        seals=seals(state),
        joined=list(state.joined.values()),
    )


def seals(state: CaseState) -> list[Seal]:
    return [
        Seal(
            asset_id=a.asset_id,
            measure=a.control.measure,
            state=a.control.state,
            queued=a.control.queued,
            position=a.control.queue_position,
            prior_court_code=a.control.prior_court_code,
            host_court_code=host_court(state, a),
            effective_on=a.control.effective_on,
            expires_on=a.control.expires_on,
        )
        for a in state.assets.values()
        if a.control is not None
    ]


def objection_view(state: CaseState, o: Objection) -> ObjectionView:
    own = [
        d
        for d in state.deadlines.values()
        if d.subject == o.objection_id or (d.rule == RELEASE and d.subject == o.asset_id)
    ]
    asset = state.assets.get(o.asset_id or "")
    held = o.holds_asset and asset is not None and asset.disposition == "open"
    return ObjectionView(
        **o.model_dump(), deadlines=own, blocks_disposal_zh=hold_reason_zh(o) if held else None
    )


class CommandAnswer(BaseModel):
    """What the ``execute`` update answers: the decision on one command, whose size does not grow
    with the case (the whole case is the ``snapshot`` query's). A request sent again gets the
    same seqs; its events while the run that holds them lasts, afterwards none (they are in the
    case record, ``case_events``, under those seqs)."""

    case_number: str
    request_id: str
    first_seq: int  # the first event this request added (last_seq + 1 when it added none)
    last_seq: int  # the last event it added
    events: list[ev.Event]  # the events it added, first_seq .. last_seq
    repeated: bool = False  # answered before: it changed nothing now
    status: str
    stage: str
    allowed_commands: list[str]  # as the snapshot's, after this command


class EventsPage(BaseModel):
    """One page of the ``events`` query: the events after ``after`` (at most ``limit``), oldest
    first, among those the case's current run holds. A run holds the events it added and those
    not yet in the case record; older ones are read from the record (``case_events``)."""

    case_number: str
    events: list[ev.Event]
    first_held_seq: int  # the oldest event the run holds (1 in a case's first run)
    last_seq: int  # the case's last event: a page ending before it has a next one
