"""The areas of the rules, each a module with its ``COMMANDS`` (what it decides: domain/spec.py)
and its ``APPLIERS`` (how its events change the case). The registry and the fold gather them
from here, so an area added to this list is known to both."""

from domain import (
    bankruptcy,
    control,
    deadline_watch,
    disposal,
    dormant,
    entrustment,
    fast_track,
    filing,
    funds,
    investigation,
    measures,
    procedure,
    service,
    supervision,
    task_entrustment,
    valuation,
    writs,
)

AREAS = (
    filing,
    deadline_watch,
    service,
    measures,
    investigation,
    control,
    procedure,
    dormant,
    valuation,
    disposal,
    funds,
    bankruptcy,
    supervision,
    fast_track,
    task_entrustment,
    entrustment,
    writs,
)
