"""The record activity: `append_case_events`, on the worker process's pool (store/db.py)."""

from __future__ import annotations

from typing import Any

from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.contracts import APPEND_ACTIVITY, AppendReceipt, CaseEventBatch
from runtime.logging import get_logger
from store.db import Database
from store.event_store import DivergentDuplicate, StoreError, append

log = get_logger("zhixing.store")


class RecordActivities:
    def __init__(self, database: Database) -> None:
        self.database = database

    @activity.defn(name=APPEND_ACTIVITY)
    async def append_case_events(self, batch: CaseEventBatch) -> AppendReceipt:
        """Append one case's new events (idempotent); PostgreSQL down → the activity retries."""
        pool = await self.database.pool()
        try:
            async with pool.acquire() as conn:
                result = await append(conn, batch.case_id, batch.events)
        except StoreError as error:
            details: dict[str, Any] = {
                "code": error.code,
                "case_id": batch.case_id,
                "message": str(error),
            }
            if isinstance(error, DivergentDuplicate):
                details["seqs"] = error.seqs
            # An alert: the record and the workflow disagree; the append stops here.
            log.error(
                "case record append refused",
                alert=True,
                case_number=batch.case_id,
                code=error.code,
                first_seq=batch.events[0].seq if batch.events else None,
                error=str(error),
            )
            raise ApplicationError(
                str(error), details, type=error.code, non_retryable=True
            ) from None
        if result.duplicates:
            log.info(
                "case events already recorded (retry)",
                case_number=batch.case_id,
                duplicates=result.duplicates,
            )
        return AppendReceipt(
            case_id=result.case_id,
            inserted=result.inserted,
            duplicates=result.duplicates,
            last_seq=result.last_seq,
        )
