"""Activities: where the engine touches the world (court systems, notifications)."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from activities.adapters import (
    JsonlLog,
    ManualCourtSystems,
    ManualTreasury,
    NotificationLog,
    SimulatedCourtSystems,
    SimulatedTreasury,
)
from activities.court_systems import CourtSystemActivities, deliver_simulated_answer

if TYPE_CHECKING:
    from workers.config import Settings


def court_system_activities(settings: "Settings") -> CourtSystemActivities:
    tasks = JsonlLog(settings.data_dir / "officer-tasks.jsonl")
    notifier = NotificationLog(JsonlLog(settings.data_dir / "notifications.jsonl"))
    if settings.adapters == "manual":
        return CourtSystemActivities(ManualCourtSystems(tasks), notifier, ManualTreasury(tasks))
    treasury = SimulatedTreasury(JsonlLog(settings.data_dir / "treasury-ledger.jsonl"))
    return CourtSystemActivities(
        SimulatedCourtSystems(settings.simulator_task_queue), notifier, treasury
    )


def build_activities(settings: "Settings") -> list[Callable[..., Any]]:
    from store.activity import StoreActivities
    from store.db import shared_database

    acts = court_system_activities(settings)
    record = StoreActivities(shared_database(settings))  # one pool per worker process
    return [acts.dispatch_request, acts.send_notification, acts.pay_out, record.append_case_events]


def build_simulator_activities(settings: "Settings") -> list[Callable[..., Any]]:
    return [deliver_simulated_answer]
