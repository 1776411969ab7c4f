"""立案: a case is filed, and the deadlines that start with it open.

Filing is the workflow's start input (``file_case``), not a command of the registry: it comes from
the filing desk (立案庭) with no actor of its own.
"""

from __future__ import annotations

from domain import commands as c
from domain import entrustment
from domain import events as ev
from domain.courts import CourtRegistry, unknown_court
from domain.decision import Decision, reject
from domain.editions import CURRENT
from domain.spec import Applier, Appliers, Commands
from domain.state import CaseState, Entrustment

FILING_DESK = "docketing"  # 立案庭
OPENED_AT_FILING = ("case.time_limit", "notice.issue", "assets.search", "assets.investigation")


def file_case(d: Decision, command: c.FileCase) -> None:
    if command.filed_on > d.today:
        raise reject(
            "filing.future_date",
            f"立案日期 {command.filed_on} 晚于今天 {d.today}",
            f"filing date {command.filed_on} is after today {d.today}",
        )
    d.emit(ev.CaseFiled(**command.model_dump(exclude={"type"})))
    for rule_id in OPENED_AT_FILING:
        d.open_by_rule(rule_id, "case", command.filed_on)
    entrustment.docketed(d, command)


def under_current_rules(
    command: c.FileCase, courts: CourtRegistry, fast_track: c.FastTrackRule | None = None
) -> c.FileCase:
    """The filing as a new case is started: under the current edition of the rules, with its
    court chain from the registry (refused for a court the registry does not hold) and its
    court's 繁简分流 rule (``fast_track``; None: the court has none). The web API, the CLI and
    the demo file through here; the workflow takes what it is given."""
    if command.court_code not in courts:
        raise unknown_court(command.court_code)
    chain = courts.chain(command.court_code)
    return command.model_copy(
        update={"edition": CURRENT, "court_chain": chain, "fast_track": fast_track}
    )


def filing_desk(command: c.FileCase) -> c.Actor:
    return c.Actor(user_id=FILING_DESK, role="integration", court_code=command.court_code)


def new_case(e: ev.CaseFiled) -> CaseState:
    return CaseState(
        case_number=e.case_number,
        court_code=e.court_code,
        edition=e.edition,
        court_chain=e.court_chain,
        fast_track_rule=None if e.fast_track is None else e.fast_track.model_copy(),
        filed_on=e.filed_on,
        basis=e.basis,
        applicants=e.applicants,
        respondents=e.respondents,
        principal_fen=e.principal_fen,
        other_fen=e.other_fen,
        officer_id=e.officer_id,
        judge_id=e.judge_id,
        entrusted_from=None
        if e.entrusted_from is None
        else Entrustment(
            court_code=e.entrusted_from.court_code,
            case_number=e.entrusted_from.case_number,
            letter_on=e.entrusted_from.letter_on,
            handed_over=list(e.entrusted_from.handed_over),
            docketed_on=e.filed_on,
        ),
        last_seq=e.seq,
    )


def _filed_twice(s: CaseState, e: ev.CaseFiled) -> None:
    raise ValueError("case_filed twice")


COMMANDS: Commands = ()  # none of its own


# case_filed makes the case (domain/fold.py); folded into a case that exists, it is an error
APPLIERS: Appliers = (Applier(ev.CaseFiled, _filed_twice),)
