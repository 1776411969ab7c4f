"""What a case carries across continue-as-new: one serializable object, compact.

A run carries the case's state, not its story: the folded ``CaseState``, the events the court's
record does not hold yet, the effects not yet carried out, and the most recent requests'
answers. Every event since filing is in the record (PostgreSQL ``case_events``), so what a run
carries does not grow with the case's length.

Imported by the case workflow through the sandbox's pass-through (workers.worker
PASSTHROUGH_MODULES): pure, and kept out of the workflow module because the sandbox re-imports
that module for every workflow run it starts, and a pydantic model there is built again each
time (docs/PERFORMANCE.md).
"""

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, PrivateAttr, model_validator

from domain import events as ev
from domain.commands import FileCase
from domain.effects import Effect
from domain.state import CaseState

REQUEST_MEMORY = 1000
"""Requests whose answers a case remembers (the most recent): a request sent again within them is
answered as before and changes nothing, in whichever run it arrives. About 150 bytes each."""


class RunLimits(BaseModel):
    """When a run continues as new at the latest, whatever the server suggests. Temporal ends a
    run at 51,200 events or 50 MB of history, refuses updates past 2,000 and signals past 10,000
    (dev server and Cloud defaults); the server suggests continuing at about 4,096 events or 4
    MB, the time-skipping test server never. The margins leave a hand-over (at most one effect
    attempt, EFFECT_TIMEOUT) room for the commands that keep arriving. Tests lower them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    history_events: int = 10_000
    history_bytes: int = 10 * 1024 * 1024
    updates: int = 1_000  # accepted by this run
    signals: int = 5_000  # received by this run


class Answered(BaseModel):
    """A request the case applied: what it asked (``Envelope.digest``) and the events it added."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    digest: str
    first_seq: int
    last_seq: int


class Pending(BaseModel):
    """An effect asked and not yet carried out, with the event that asked (its cause: the record
    holds the cause before the effect goes out)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    cause_seq: int
    effect: Effect


class CaseRun(BaseModel):
    """Everything a case carries across continue-as-new."""

    model_config = ConfigDict(extra="forbid")

    filing: FileCase
    state: CaseState | None = None  # the case as its events left it; None before filing
    events: list[ev.Event] = []  # carried: those the record may not hold yet (> recorded_seq)
    recorded_seq: int = 0  # events up to this seq are in the case record (case_events)
    requests: dict[str, Answered] = {}  # request_id -> its answer, oldest first
    outbox: list[Pending] = []  # asked, not yet done
    limits: RunLimits = RunLimits()
    # The events this run holds, from the carried ones on, each as its JSON: about a sixth of
    # its weight as objects (the filing's and the notice's seven: 3.5 KiB against 22.3 KiB), and
    # a run holds every event it added until it continues as new. Read back by `held`.
    _held: list[bytes] = PrivateAttr(default_factory=list)
    _first_seq: int = PrivateAttr(default=1)

    def model_post_init(self, context: Any, /) -> None:
        """The carried events become the first held ones; `events` stays empty while the run
        lives (`carry` fills it to continue as new)."""
        self._first_seq = self.events[0].seq if self.events else self.recorded_seq + 1
        self._held = [ev.EVENT_ADAPTER.dump_json(e) for e in self.events]
        self.events = []

    @model_validator(mode="before")
    @classmethod
    def _from_earlier_form(cls, data: Any) -> Any:
        """A run continued by the engine before issue 18 carried every event since filing and
        its answers as two maps (``answered``: the last seq, ``asked``: the digest), and its
        limit on history events as ``history_limit``. It continued with an empty outbox; its
        state is folded from the events when the run starts."""
        if not isinstance(data, dict) or not {"answered", "asked", "history_limit"} & data.keys():
            return data
        data = dict(data)
        answered, asked = data.pop("answered", {}), data.pop("asked", {})
        data["requests"] = {
            request_id: Answered(digest=asked[request_id], first_seq=seq, last_seq=seq)
            for request_id, seq in answered.items()
            if request_id in asked
        }
        events = data.get("events") or []
        last_seq = events[-1]["seq"] if events and isinstance(events[-1], dict) else 0
        data["outbox"] = [{"cause_seq": last_seq, "effect": e} for e in data.get("outbox", [])]
        history_limit = data.pop("history_limit", None)
        if history_limit is not None:
            data["limits"] = RunLimits(history_events=history_limit)
        return data

    def remember(self, request_id: str, answer: Answered) -> None:
        """Keep `answer`, forgetting the oldest beyond REQUEST_MEMORY."""
        self.requests[request_id] = answer
        while len(self.requests) > REQUEST_MEMORY:
            del self.requests[next(iter(self.requests))]

    def hold(self, events: Sequence[ev.Event]) -> None:
        """Hold the events the case just added (numbered on from the last held)."""
        self._held.extend(ev.EVENT_ADAPTER.dump_json(e) for e in events)

    @property
    def first_held_seq(self) -> int:
        """The seq of the oldest event this run holds (past the last one when it holds none)."""
        return self._first_seq

    @property
    def last_held_seq(self) -> int:
        """The seq of the newest event this run holds (first_held_seq - 1 when it holds none)."""
        return self._first_seq + len(self._held) - 1

    def held(self, after: int, upto: int) -> list[ev.Event]:
        """The events after seq `after` up to seq `upto` that this run holds."""
        base = self._first_seq - 1  # _held[i] is the event of seq base + i + 1
        return [
            ev.EVENT_ADAPTER.validate_json(e)
            for e in self._held[max(after - base, 0) : max(upto - base, 0)]
        ]

    def carry(self, upto: int) -> "CaseRun":
        """This run's form for the next: the events the record does not hold yet, up to
        `upto`, carried in `events`."""
        self.events = self.held(self.recorded_seq, upto)
        return self
