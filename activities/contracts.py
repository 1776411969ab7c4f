"""What the case workflow hands to the outside world, and what comes back.

Pure pydantic models: the workflow imports them, so nothing here may touch I/O.
"""

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

RequestKind = Literal[
    "serve_documents",  # 电子送达平台
    "search_assets",  # 网络查控
    "apply_control",  # 网络查控: freeze, renew, release
    "request_valuation",  # 询价评估平台
    "publish_auction",  # 网络司法拍卖平台
    "cancel_auction",
]


class ExternalRequest(BaseModel):
    """A request to a court system: e-service (送达平台), network search and control (网络查控)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: RequestKind
    request_key: str  # idempotency key: "<case number>#<seq of the event that asked>"
    workflow_id: str  # where the answer goes (signal ``submit``)
    case_number: str
    court_code: str
    requested_on: date
    payload: dict[str, Any]


class DispatchReceipt(BaseModel):
    mode: Literal["simulated", "manual"]
    reference: str  # the simulator run or the officer's task that now carries the request


class PayoutOrder(BaseModel):
    """An order to the treasury (案款管理系统) to pay one line of a distribution plan."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    idempotency_key: str  # "<case number>#<payout id>": a retried or replayed order pays once
    case_number: str
    court_code: str
    payout_id: str
    claimant_id: str
    amount_fen: int


class PayoutReceipt(BaseModel):
    paid: bool  # False in manual mode: the officer records the payout when the bank confirms
    reference: str


class Notification(BaseModel):
    """A message to a person or office: officer, bureau head, a higher court, an applicant."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    notification_key: str  # idempotency key: "<case number>#<seq>"
    case_number: str
    court_code: str  # the court whose people are told
    recipient_role: str
    subject: str
    body: str


OutboxItem = ExternalRequest | Notification | PayoutOrder
CARRY_OUT_ACTIVITY = "carry_out"  # (item, events not yet recorded) -> PayoutReceipt | None
