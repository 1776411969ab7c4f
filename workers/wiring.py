"""Which adapters a worker uses (`ZHIXING_ADAPTERS`), and the activities built on them.

Activities touch the world; this module chooses the world: the simulated court systems or the
officer's task log (manual), the notification log behind the PostgreSQL outbox, the treasury,
and the case record's pool (one per process, store/db.py).
"""

from collections.abc import Callable
from typing import Any

from activities.adapters import (
    JsonlLog,
    ManualCourtSystems,
    ManualFilingDesk,
    ManualTreasury,
    NotificationLog,
    Notifier,
    OutboxNotifier,
    SimulatedCourtSystems,
    SimulatedFilingDesk,
    SimulatedTreasury,
)
from activities.court_systems import CourtSystemActivities, deliver_simulated_answer
from activities.record import RecordActivities
from activities.writs import WritOffice
from runtime.settings import Settings
from store.db import Database, shared_database
from store.outbox import NotificationOutbox


def notification_log(settings: Settings) -> NotificationLog:
    return NotificationLog(JsonlLog(settings.data_dir / "notifications.jsonl", "notification_key"))


def court_system_activities(
    settings: Settings, database: Database | None = None
) -> CourtSystemActivities:
    """With the case record's `database`, notices go through its outbox (store/outbox.py) and
    `carry_out` appends the events a case sends along (activities/record.py)."""
    tasks = JsonlLog(settings.data_dir / "officer-tasks.jsonl", "request_key")
    notifier: Notifier = notification_log(settings)
    recorder = None
    writ_office = None
    if database is not None:
        notifier = OutboxNotifier(NotificationOutbox(database), notifier)
        recorder = RecordActivities(database).append_case_events
        writ_office = WritOffice(database)
    if settings.adapters == "manual":
        return CourtSystemActivities(
            ManualCourtSystems(tasks),
            notifier,
            ManualTreasury(tasks),
            recorder,
            ManualFilingDesk(tasks),
            writ_office,
        )
    treasury = SimulatedTreasury(
        JsonlLog(settings.data_dir / "treasury-ledger.jsonl", "idempotency_key")
    )
    desk = SimulatedFilingDesk(
        JsonlLog(settings.data_dir / "filing-desk.jsonl", "letter_key"), settings.task_queue
    )
    return CourtSystemActivities(
        SimulatedCourtSystems(settings.simulator_task_queue),
        notifier,
        treasury,
        recorder,
        desk,
        writ_office,
    )


def case_activities(settings: Settings) -> list[Callable[..., Any]]:
    """The case task queue's activities: carry out an effect, append to the record."""
    database = shared_database(settings)  # one pool per worker process
    return [
        court_system_activities(settings, database).carry_out,
        RecordActivities(database).append_case_events,
    ]


def simulator_activities(settings: Settings) -> list[Callable[..., Any]]:
    return [deliver_simulated_answer]
