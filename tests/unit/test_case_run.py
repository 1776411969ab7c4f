"""What a run holds (workflows/case_run.py): the events it added, as JSON, read back as the same
events; what it carries to the next run, the ones the record does not hold yet."""

from datetime import UTC, date, datetime

from domain import events as ev
from domain.commands import Actor, Envelope, IssueNotice
from domain.decide import decide, decide_filing
from tests.samples import file_case
from workflows.case_run import CaseRun

FILED = file_case("(2026)京0105执77号", date(2026, 3, 2))
OFFICER = Actor(user_id="u-officer-1", role="officer", court_code="京0105")


def _story() -> tuple[CaseRun, list[ev.Event]]:
    """A new run that held the filing's events, then the notice's."""
    filing = decide_filing(FILED, datetime(2026, 3, 2, 1, tzinfo=UTC))
    assert filing.state is not None
    notice = decide(
        filing.state,
        Envelope(request_id="r-1", actor=OFFICER, command=IssueNotice()),
        datetime(2026, 3, 3, 1, tzinfo=UTC),
    )
    run = CaseRun(filing=FILED)
    run.hold(filing.events)
    run.hold(notice.events)
    return run, [*filing.events, *notice.events]


def test_a_run_reads_back_the_events_it_holds() -> None:
    run, events = _story()
    last = events[-1].seq
    assert (run.first_held_seq, run.last_held_seq) == (1, last) and last == len(events)
    assert run.held(0, last) == events
    assert run.held(2, 4) == events[2:4]
    assert run.held(last, last + 5) == [] and run.held(-3, 0) == []
    assert run.events == []  # the carried form stays empty while the run lives


def test_a_run_carries_what_the_record_lacks_and_the_next_holds_it() -> None:
    run, events = _story()
    run.recorded_seq = 3
    carried = CaseRun.model_validate_json(run.carry(events[-1].seq).model_dump_json())
    assert carried.recorded_seq == 3 and carried.events == []
    assert carried.first_held_seq == 4 and carried.last_held_seq == events[-1].seq
    assert carried.held(0, events[-1].seq) == events[3:]


def test_a_run_that_carried_nothing_holds_from_past_the_record() -> None:
    run = CaseRun(filing=FILED, recorded_seq=9)
    assert (run.first_held_seq, run.last_held_seq) == (10, 9)
    assert run.held(0, 20) == []
