"""What the case workflow hands to its activities, and what comes back.

Pure pydantic models and names: the workflow imports them, so nothing here may touch I/O. The
effects themselves (requests, notices, payout orders) are the domain's (`domain.effects`).
"""

from typing import Literal

from pydantic import BaseModel, ConfigDict

from domain import events as ev
from domain.effects import Effect

# (effect, events not yet recorded) -> PayoutReceipt | WritReceipt | None
CARRY_OUT_ACTIVITY = "carry_out"
APPEND_ACTIVITY = "append_case_events"  # (CaseEventBatch) -> AppendReceipt
# ApplicationError types the append raises that no retry can cure.
NON_RETRYABLE = ("store.divergent_duplicate", "store.seq_gap", "store.bad_batch")
MAX_BATCH = 200  # events per append (keeps the activity payload far below Temporal's limits)


class DispatchReceipt(BaseModel):
    mode: Literal["simulated", "manual"]
    reference: str  # the simulator run or the officer's task that now carries the request


class PayoutReceipt(BaseModel):
    paid: bool  # False in manual mode: the officer records the payout when the bank confirms
    reference: str


class WritReceipt(BaseModel):
    """A document rendered and kept in the record (store/writs.py): its fingerprint."""

    writ_key: str
    sha256: str
    size_bytes: int


EffectReceipt = PayoutReceipt | WritReceipt | None


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


__all__ = ["Effect"]
