"""What the case workflow hands to the store activity. Pure pydantic: the workflow imports it."""

from pydantic import BaseModel, ConfigDict

from domain import events as ev

APPEND_ACTIVITY = "append_case_events"
# ApplicationError types the append raises that no retry can cure.
NON_RETRYABLE = ("store.divergent_duplicate", "store.seq_gap", "store.bad_batch")
MAX_BATCH = 200  # events per append (keeps the activity payload far below Temporal's limits)


class CaseEventBatch(BaseModel):
    """Events (contiguous seq) of one case, to append to `case_events`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    case_id: str  # the case number as filed (canonical form)
    events: list[ev.Event]


class AppendReceipt(BaseModel):
    case_id: str
    inserted: int
    duplicates: int
    last_seq: int
