"""Activities: where the engine touches the world (court systems, notifications)."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from activities.adapters import (
    JsonlLog,
    ManualCourtSystems,
    ManualTreasury,
    NotificationLog,
    Notifier,
    OutboxNotifier,
    SimulatedCourtSystems,
    SimulatedTreasury,
)
from activities.court_systems import CourtSystemActivities, deliver_simulated_answer

if TYPE_CHECKING:
    from store.db import Database
    from workers.config import Settings


def notification_log(settings: "Settings") -> NotificationLog:
    return NotificationLog(JsonlLog(settings.data_dir / "notifications.jsonl", "notification_key"))


def court_system_activities(
    settings: "Settings", database: "Database | None" = None
) -> CourtSystemActivities:
    """With the case record's `database`, notices go through its outbox (store/outbox.py) and
    the activities append the events a case sends along (store/activity.py)."""
    tasks = JsonlLog(settings.data_dir / "officer-tasks.jsonl", "request_key")
    notifier: Notifier = notification_log(settings)
    recorder = None
    if database is not None:
        from store.activity import StoreActivities
        from store.outbox import NotificationOutbox

        notifier = OutboxNotifier(NotificationOutbox(database), notifier)
        recorder = StoreActivities(database).append_case_events
    if settings.adapters == "manual":
        return CourtSystemActivities(
            ManualCourtSystems(tasks), notifier, ManualTreasury(tasks), recorder
        )
    treasury = SimulatedTreasury(
        JsonlLog(settings.data_dir / "treasury-ledger.jsonl", "idempotency_key")
    )
    return CourtSystemActivities(
        SimulatedCourtSystems(settings.simulator_task_queue), notifier, treasury, recorder
    )


def build_activities(settings: "Settings") -> list[Callable[..., Any]]:
    from store.activity import StoreActivities
    from store.db import shared_database

    database = shared_database(settings)  # one pool per worker process
    acts = court_system_activities(settings, database)
    record = StoreActivities(database)
    return [
        acts.carry_out,
        acts.dispatch_request,
        acts.send_notification,
        acts.pay_out,
        record.append_case_events,
    ]


def build_simulator_activities(settings: "Settings") -> list[Callable[..., Any]]:
    return [deliver_simulated_answer]
