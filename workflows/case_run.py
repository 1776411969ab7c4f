"""What a case carries across continue-as-new: one serializable object.

Imported by the case workflow through the sandbox's pass-through (workers.worker
PASSTHROUGH_MODULES): pure, and kept out of the workflow module because the sandbox re-imports
that module for every workflow run it starts, and a pydantic model there is built again each
time (docs/PERFORMANCE.md).
"""

from pydantic import BaseModel, ConfigDict

from domain import events as ev
from domain.commands import FileCase
from domain.effects import Effect


class CaseRun(BaseModel):
    """Everything a case carries across continue-as-new."""

    model_config = ConfigDict(extra="forbid")

    filing: FileCase
    events: list[ev.Event] = []
    answered: dict[str, int] = {}  # request_id -> last_seq once it was applied
    asked: dict[str, str] = {}  # request_id -> the digest of what it asked (Envelope.digest)
    outbox: list[Effect] = []  # asked, not yet done
    history_limit: int | None = None  # continue as new past this history length (tests lower it)
    recorded_seq: int = 0  # events up to this seq are in the case record (case_events)
