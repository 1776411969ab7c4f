"""The case contract's names (DESIGN.md "Contract"), in one place and free of I/O: the
workflow, the activities and every client use these, so the workflow type, the message names and
the id scheme cannot drift apart."""

from domain.commands import normalize_case_number

WORKFLOW_TYPE = "EnforcementCase"
UPDATE_EXECUTE = "execute"
SIGNAL_SUBMIT = "submit"
QUERY_SNAPSHOT = "snapshot"
QUERY_EVENTS = "events"  # (after: int = 0, limit: int = EVENTS_PAGE) -> EventsPage
EVENTS_PAGE = 500  # events per page of the events query when the caller names no limit
EVENTS_PAGE_MAX = 2000  # a larger limit is cut to this (a query answer stays far below 4 MB)


def case_workflow_id(case_number: str) -> str:
    """`case/<case number>`, the number as filed in its canonical form (ASCII parentheses)."""
    return f"case/{normalize_case_number(case_number)}"
