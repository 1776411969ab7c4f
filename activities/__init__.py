"""Activities: where the engine touches the world (court systems, notifications)."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from activities.adapters import (
    JsonlLog,
    ManualCourtSystems,
    NotificationLog,
    SimulatedCourtSystems,
)
from activities.court_systems import CourtSystemActivities, deliver_simulated_answer

if TYPE_CHECKING:
    from workers.config import Settings


def court_system_activities(settings: "Settings") -> CourtSystemActivities:
    systems = (
        ManualCourtSystems(JsonlLog(settings.data_dir / "officer-tasks.jsonl"))
        if settings.adapters == "manual"
        else SimulatedCourtSystems(settings.simulator_task_queue)
    )
    notifier = NotificationLog(JsonlLog(settings.data_dir / "notifications.jsonl"))
    return CourtSystemActivities(systems, notifier)


def build_activities(settings: "Settings") -> list[Callable[..., Any]]:
    acts = court_system_activities(settings)
    return [acts.dispatch_request, acts.send_notification]


def build_simulator_activities(settings: "Settings") -> list[Callable[..., Any]]:
    return [deliver_simulated_answer]
